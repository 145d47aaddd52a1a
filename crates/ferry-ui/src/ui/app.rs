//! The window's state and its two halves: [`FerryApp::logic`] (drain engine
//! events within a time budget, shortcuts, drops, closing) and
//! [`FerryApp::ui`] (draw). The UI never blocks on the engine: commands go out
//! with `try_send`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};

use super::action::UiAction;
use super::add_dialog::{AddDialog, AddDialogOutcome};
use super::credentials_dialog::{CredentialsDialog, CredentialsOutcome};
use super::groups_panel::{self, GroupFilter, NewGroupForm};
use super::rows::RowTable;
use super::screenshot::ScreenshotPlan;
use super::set_url_dialog::{SetUrlDialog, SetUrlOutcome};
use super::settings_dialog::{SettingsDialog, SettingsOutcome};
use super::upload_dialog::{UploadDialog, UploadDialogOutcome};
use super::when_done_dialog::{WhenDoneDialog, WhenDoneOutcome, WhenDoneTarget};
use super::{details_panel, status_bar, transfer_table};
use crate::desktop::DesktopServices;
use crate::engine::{Command, EngineHandle, Event};
use crate::model::{
    CompletionGroup, Settings, Status, SystemConditions, Theme, TransferGroup, TransferId,
    TransferSpec, WhenDone,
};
use crate::service::{RemoteEngine, WindowRequest};

/// Longest time `logic` spends applying engine events in one frame.
const EVENT_BUDGET: Duration = Duration::from_millis(4);

/// What the window is built from.
pub struct AppParts {
    pub handle: EngineHandle,
    pub events: mpsc::Receiver<Event>,
    /// The window's connection to the service (dropped when it closes; the
    /// transfers go on in the service).
    pub connection: Option<RemoteEngine>,
    /// What other clients ask of this window (links opened with ferry,
    /// the monitor's "show this transfer").
    pub window_requests: Option<mpsc::Receiver<WindowRequest>>,
    /// The state folder, for the monitor this window opens (none in tests).
    pub state_dir: Option<PathBuf>,
    /// Whether a tray host shows the service's icon (said once when not).
    pub tray_shown: Option<watch::Receiver<Option<bool>>>,
    pub desktop: DesktopServices,
    /// Where downloads go when the settings name no folder.
    pub fallback_download_folder: PathBuf,
}

pub struct FerryApp {
    pub(super) handle: EngineHandle,
    events: mpsc::Receiver<Event>,
    connection: Option<RemoteEngine>,
    window_requests: Option<mpsc::Receiver<WindowRequest>>,
    state_dir: Option<PathBuf>,
    tray_shown: Option<watch::Receiver<Option<bool>>>,
    /// The missing tray host was mentioned already.
    is_tray_absence_told: bool,
    /// The user quit ferry (from the tray, `ferry quit`): the window closes.
    is_close_requested: bool,
    pub(super) desktop: DesktopServices,
    pub(super) rows: RowTable,
    pub(super) filter: GroupFilter,
    pub(super) selected: Option<TransferId>,
    /// Transfers picked with Ctrl+click besides the selected one, for
    /// "When these finish…".
    pub(super) marked: Vec<TransferId>,
    pub(super) settings: Settings,
    /// The network and the power supply as the engine sees them.
    pub(super) conditions: SystemConditions,
    /// Named groups, in creation order.
    pub(super) groups: Vec<TransferGroup>,
    /// Completion groups, waiting or fired.
    pub(super) completion_groups: Vec<CompletionGroup>,
    /// What is typed into the groups panel's "New group".
    pub(super) new_group: NewGroupForm,
    fallback_download_folder: PathBuf,
    add_dialog: Option<AddDialog>,
    upload_dialog: Option<UploadDialog>,
    set_url_dialog: Option<SetUrlDialog>,
    credentials_dialog: Option<CredentialsDialog>,
    settings_dialog: Option<SettingsDialog>,
    pub(super) when_done_dialog: Option<WhenDoneDialog>,
    /// The last thing the person should know (a refused command, added files).
    pub(super) notice: Option<String>,
    applied_theme: Option<Theme>,
    started: Instant,
    screenshot: Option<ScreenshotPlan>,
}

impl FerryApp {
    pub fn new(parts: AppParts) -> Self {
        let mut rows = RowTable::default();
        rows.replace_all(parts.handle.snapshot());
        let settings = parts.handle.settings();
        let conditions = parts.handle.conditions();
        let groups = parts.handle.groups();
        let completion_groups = parts.handle.completion_groups();
        FerryApp {
            handle: parts.handle,
            events: parts.events,
            connection: parts.connection,
            window_requests: parts.window_requests,
            state_dir: parts.state_dir,
            tray_shown: parts.tray_shown,
            is_tray_absence_told: false,
            is_close_requested: false,
            desktop: parts.desktop,
            rows,
            filter: GroupFilter::All,
            selected: None,
            marked: Vec::new(),
            settings,
            conditions,
            groups,
            completion_groups,
            new_group: NewGroupForm::default(),
            fallback_download_folder: parts.fallback_download_folder,
            add_dialog: None,
            upload_dialog: None,
            set_url_dialog: None,
            credentials_dialog: None,
            settings_dialog: None,
            when_done_dialog: None,
            notice: None,
            applied_theme: None,
            started: Instant::now(),
            screenshot: None,
        }
    }

    /// Shows a line in the status bar.
    pub fn set_notice(&mut self, notice: String) {
        self.notice = Some(notice);
    }

    /// Opens the add dialog on `url`, handed over by the desktop (a link
    /// opened with ferry): the user sees where it goes before anything
    /// starts. A text that is not a URL ferry downloads becomes a notice.
    pub fn offer_download(&mut self, url: &str) {
        match crate::engine::input::parse_download_url(url) {
            Ok(_) => {
                self.add_dialog =
                    Some(AddDialog::new(Some(url.to_owned()), self.download_folder()));
            }
            Err(error) => self.set_notice(format!("Not added: {error}")),
        }
    }

    /// Saves a screenshot to `path` after a few seconds, then closes; the
    /// first running transfer is selected so the details show.
    pub fn take_screenshot_and_close(&mut self, path: PathBuf) {
        self.screenshot = Some(ScreenshotPlan::new(path));
    }

    /// The transfers the table shows, in order (for tests).
    pub fn visible_transfer_ids(&self) -> Vec<TransferId> {
        self.visible_positions()
            .into_iter()
            .map(|position| self.rows.rows()[position].transfer.transfer_id())
            .collect()
    }

    /// Positions in `rows` of the transfers the group filter lets through.
    pub(super) fn visible_positions(&self) -> Vec<usize> {
        self.rows
            .rows()
            .iter()
            .enumerate()
            .filter(|(_, row)| self.filter.matches(&row.transfer))
            .map(|(position, _)| position)
            .collect()
    }

    pub fn select(&mut self, transfer_id: Option<TransferId>) {
        self.selected = transfer_id;
    }

    pub fn set_filter(&mut self, filter: GroupFilter) {
        self.filter = filter;
    }

    /// The row as the window last heard of it (for tests).
    pub fn shown_transfer(&self, transfer_id: TransferId) -> Option<crate::model::Transfer> {
        self.rows.get(transfer_id).map(|row| row.transfer.clone())
    }

    /// Seconds since the window opened (the time axis of speeds and plots).
    pub(super) fn now_secs(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    pub fn download_folder(&self) -> PathBuf {
        self.settings
            .download_folder
            .clone()
            .unwrap_or_else(|| self.fallback_download_folder.clone())
    }

    /// Everything that is not drawing: engine events, shortcuts, drops,
    /// closing. Called before every frame.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.drain_events();
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                Theme::FollowSystem => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.applied_theme = Some(self.settings.theme);
        }
        self.handle_shortcuts(ctx);
        self.handle_dropped_files(ctx);
        self.handle_window_requests(ctx);
        self.tell_a_missing_tray_once();
        if let Some(plan) = &mut self.screenshot {
            if self.selected.is_none() {
                self.selected = self
                    .rows
                    .rows()
                    .iter()
                    .find(|row| row.transfer.status == Status::Running)
                    .map(|row| row.transfer.transfer_id());
            }
            plan.tick(ctx);
        }
    }

    /// Where no tray host shows the service's icon, the status bar says so
    /// once: ferry runs on in the background without it.
    fn tell_a_missing_tray_once(&mut self) {
        if self.is_tray_absence_told {
            return;
        }
        let Some(tray_shown) = &mut self.tray_shown else {
            return;
        };
        if *tray_shown.borrow_and_update() == Some(false) {
            self.is_tray_absence_told = true;
            self.notice = Some(
                "No tray here (on GNOME, the AppIndicator extension adds one): ferry keeps running in the background without an icon".to_owned(),
            );
        }
    }

    /// What another client asks: a link opened with ferry waits in the add
    /// dialog; a transfer the monitor names is selected. The window comes
    /// to the front.
    fn handle_window_requests(&mut self, ctx: &egui::Context) {
        let Some(requests) = &mut self.window_requests else {
            return;
        };
        let mut taken = Vec::new();
        while let Ok(request) = requests.try_recv() {
            taken.push(request);
        }
        for request in &taken {
            self.take_window_request(request);
        }
        if self.is_close_requested {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if !taken.is_empty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
        }
    }

    /// Carries out one request of another client.
    pub fn take_window_request(&mut self, request: &WindowRequest) {
        match request {
            WindowRequest::Close => self.is_close_requested = true,
            WindowRequest::AddUrl(url) => self.offer_download(url),
            WindowRequest::ShowTransfer(transfer_id) => {
                if self.rows.get(*transfer_id).is_some() {
                    self.filter = GroupFilter::All;
                    self.selected = Some(*transfer_id);
                }
            }
        }
    }

    fn drain_events(&mut self) {
        let deadline = Instant::now() + EVENT_BUDGET;
        let now_secs = self.now_secs();
        let mut needs_refresh = Vec::new();
        let mut any_event = false;
        while Instant::now() < deadline {
            let Ok(event) = self.events.try_recv() else {
                break;
            };
            any_event = true;
            match &event {
                Event::SettingsChanged(settings) => self.settings = (**settings).clone(),
                Event::ConditionsChanged(conditions) => self.conditions = (**conditions).clone(),
                Event::GroupsChanged(groups) => self.groups = groups.clone(),
                Event::CompletionGroupsChanged(groups) => {
                    self.completion_groups = groups.clone();
                }
                Event::CommandFailed { error, .. } => self.notice = Some(error.clone()),
                Event::StatusChanged { transfer_id, .. } => needs_refresh.push(*transfer_id),
                _ => {}
            }
            if !self.rows.apply(event, now_secs) {
                self.rows.replace_all(self.handle.snapshot());
                self.groups = self.handle.groups();
                self.completion_groups = self.handle.completion_groups();
            }
        }
        // A status change also moved paths and ranges; take them from the
        // snapshot, and keep the selected one's bytes on disk current.
        if any_event {
            needs_refresh.extend(self.selected);
        }
        for transfer_id in needs_refresh {
            if let Some(transfer) = self.handle.transfer(transfer_id) {
                self.rows.refresh(transfer);
            }
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.any_dialog_open() {
            return;
        }
        let is_typing = ctx.memory(|memory| memory.focused().is_some());
        let (new_download, new_upload, delete, space, pasted) = ctx.input_mut(|input| {
            let pasted = input.events.iter().find_map(|event| match event {
                egui::Event::Paste(text) => Some(text.clone()),
                _ => None,
            });
            (
                input.consume_key(egui::Modifiers::COMMAND, egui::Key::N),
                input.consume_key(egui::Modifiers::COMMAND, egui::Key::U),
                !is_typing && input.consume_key(egui::Modifiers::NONE, egui::Key::Delete),
                !is_typing && input.consume_key(egui::Modifiers::NONE, egui::Key::Space),
                pasted,
            )
        });
        if new_download {
            self.run_action(ctx, UiAction::AddDownload);
        }
        if new_upload {
            self.run_action(ctx, UiAction::AddUpload);
        }
        if delete {
            self.run_action(ctx, UiAction::Remove);
        }
        if space && let Some(status) = self.selected_status() {
            let action = if status == Status::Running || status == Status::Idle {
                UiAction::Pause
            } else {
                UiAction::Resume
            };
            self.run_action(ctx, action);
        }
        if let Some(text) = pasted.filter(|_| !is_typing) {
            self.add_dialog = Some(AddDialog::new(Some(text), self.download_folder()));
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() {
            return;
        }
        // A list of URLs (a .txt of nothing but URLs, or a dropped link)
        // is downloaded; any other file is offered for upload.
        let mut urls = Vec::new();
        let mut refused = Vec::new();
        let mut to_upload = Vec::new();
        for path in dropped {
            let is_list = path.extension().is_some_and(|extension| extension == "txt");
            let lines: Vec<String> = if is_list {
                std::fs::read_to_string(&path)
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty() && !line.starts_with('#'))
                    .map(str::to_owned)
                    .collect()
            } else if path.is_file() {
                Vec::new()
            } else {
                // A dropped link may hold just the URL.
                vec![path.to_string_lossy().into_owned()]
            };
            let parsed: Vec<_> = lines
                .iter()
                .map(|line| crate::engine::input::parse_download_url(line))
                .collect();
            let is_url_list = !parsed.is_empty() && (!is_list || parsed.iter().all(Result::is_ok));
            if !is_url_list && path.is_file() {
                to_upload.push(path);
                continue;
            }
            for result in parsed {
                match result {
                    Ok(url) => urls.push(url),
                    Err(error) => refused.push(error.to_string()),
                }
            }
        }
        let added = urls.len();
        for url in urls {
            let spec = TransferSpec::download(
                url,
                crate::model::Destination::Folder(self.download_folder()),
            );
            self.send(Command::Add {
                spec: Box::new(spec),
                start: true,
            });
        }
        if !to_upload.is_empty() {
            match &mut self.upload_dialog {
                Some(dialog) => dialog.files.extend(to_upload),
                None => {
                    self.upload_dialog = Some(UploadDialog::new(to_upload, self.download_folder()));
                }
            }
        }
        if added > 0 || !refused.is_empty() {
            self.notice = Some(match refused.first() {
                None => format!("added {added} download(s)"),
                Some(first) => format!(
                    "added {added} download(s); skipped {}: {first}",
                    refused.len()
                ),
            });
        }
    }

    fn any_dialog_open(&self) -> bool {
        self.add_dialog.is_some()
            || self.upload_dialog.is_some()
            || self.when_done_dialog.is_some()
            || self.set_url_dialog.is_some()
            || self.credentials_dialog.is_some()
            || self.settings_dialog.is_some()
    }

    pub(super) fn selected_status(&self) -> Option<Status> {
        self.selected
            .and_then(|transfer_id| self.rows.get(transfer_id))
            .map(|row| row.transfer.status)
    }

    /// Whether `action` makes sense for the selection.
    pub(super) fn is_enabled(&self, action: UiAction) -> bool {
        if matches!(
            action,
            UiAction::AddDownload | UiAction::AddUpload | UiAction::Settings
        ) {
            return true;
        }
        if action == UiAction::ShowMonitor {
            return self.state_dir.is_some();
        }
        let Some(row) = self
            .selected
            .and_then(|transfer_id| self.rows.get(transfer_id))
        else {
            return false;
        };
        action.is_enabled_for(&row.transfer)
    }

    pub(super) fn send(&mut self, command: Command) {
        if let Err(error) = self.handle.send(command) {
            self.notice = Some(error.to_string());
        }
    }

    pub(super) fn run_action(&mut self, ctx: &egui::Context, action: UiAction) {
        if !self.is_enabled(action) {
            return;
        }
        let selected = self.selected;
        match (action, selected) {
            (UiAction::AddDownload, _) => {
                let clipboard = self.desktop.clipboard.text();
                self.add_dialog = Some(AddDialog::new(clipboard, self.download_folder()));
            }
            (UiAction::AddUpload, _) => {
                self.upload_dialog = Some(UploadDialog::new(Vec::new(), self.download_folder()));
            }
            (UiAction::ShowMonitor, _) => {
                if let Some(state_dir) = &self.state_dir
                    && let Err(error) = crate::desktop::launch_window(state_dir, &["--monitor"])
                {
                    self.notice = Some(format!("cannot open the monitor: {error}"));
                }
            }
            (UiAction::Settings, _) => {
                self.settings_dialog = Some(SettingsDialog::new(
                    self.settings.clone(),
                    self.desktop.autostart.is_enabled(),
                ));
            }
            (UiAction::Pause, Some(transfer_id)) => self.send(Command::Pause(transfer_id)),
            (UiAction::Resume, Some(transfer_id)) => self.send(Command::Resume(transfer_id)),
            (UiAction::Cancel, Some(transfer_id)) => self.send(Command::Cancel(transfer_id)),
            (UiAction::DownloadNext, Some(transfer_id)) => {
                self.send(Command::MakeCurrent(transfer_id));
            }
            (UiAction::WhenDone, Some(transfer_id)) => {
                let mut members = vec![transfer_id];
                members.extend(self.marked.iter().filter(|marked| **marked != transfer_id));
                self.when_done_dialog = Some(WhenDoneDialog::new(
                    WhenDoneTarget::Transfers(members),
                    &WhenDone::default(),
                ));
            }
            (UiAction::Remove, Some(transfer_id)) => {
                self.send(Command::Remove(transfer_id));
                self.selected = None;
            }
            (UiAction::OpenFile, Some(transfer_id)) => {
                if let Some(path) = self
                    .rows
                    .get(transfer_id)
                    .and_then(|row| row.transfer.file_path.clone())
                {
                    self.desktop.opener.open(&path);
                }
            }
            (UiAction::OpenFolder, Some(transfer_id)) => {
                if let Some(row) = self.rows.get(transfer_id) {
                    let folder = row
                        .transfer
                        .file_path
                        .as_ref()
                        .and_then(|path| path.parent().map(PathBuf::from))
                        .unwrap_or_else(|| row.transfer.spec.destination.folder().to_owned());
                    self.desktop.opener.open(&folder);
                }
            }
            (UiAction::CopyUrl, Some(transfer_id)) => {
                if let Some(row) = self.rows.get(transfer_id) {
                    ctx.copy_text(row.transfer.spec.url.to_string());
                    self.notice = Some("URL copied".to_owned());
                }
            }
            (UiAction::SetUrl, Some(transfer_id)) => {
                if let Some(row) = self.rows.get(transfer_id) {
                    self.set_url_dialog = Some(SetUrlDialog::new(
                        transfer_id,
                        row.transfer.spec.url.as_str(),
                    ));
                }
            }
            (UiAction::Credentials, Some(transfer_id)) => {
                if let Some(row) = self.rows.get(transfer_id) {
                    let host = row.transfer.spec.url.host_str().unwrap_or_default();
                    self.credentials_dialog = Some(CredentialsDialog::new(transfer_id, host));
                }
            }
            (_, None) => {}
        }
    }

    /// Draws the window.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::status_bar_ui(self, ui));
        egui::Panel::left("groups")
            .default_size(170.0)
            .show(ui, |ui| groups_panel::groups_panel_ui(self, ui));
        if self.selected.is_some() {
            egui::Panel::bottom("details")
                .default_size(230.0)
                .resizable(true)
                .show(ui, |ui| details_panel::details_panel_ui(self, ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(action) = transfer_table::transfer_table_ui(self, ui) {
                self.run_action(&ctx, action);
            }
        });
        self.dialogs_ui(&ctx);
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        ui.horizontal(|ui| {
            let mut clicked = None;
            for action in [UiAction::AddDownload, UiAction::AddUpload] {
                let (text, tooltip) = action.text_and_tooltip();
                if ui.button(text).on_hover_text(tooltip).clicked() {
                    clicked = Some(action);
                }
            }
            ui.separator();
            for action in UiAction::ON_TRANSFER
                .into_iter()
                .filter(|action| action.is_in_toolbar())
            {
                clicked = self.toolbar_button_ui(ui, action).or(clicked);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                for action in [UiAction::Settings, UiAction::ShowMonitor] {
                    clicked = self.toolbar_button_ui(ui, action).or(clicked);
                }
            });
            if let Some(action) = clicked {
                self.run_action(&ctx, action);
            }
        });
    }

    /// One toolbar button, enabled as the action allows; the action when
    /// clicked.
    fn toolbar_button_ui(&self, ui: &mut egui::Ui, action: UiAction) -> Option<UiAction> {
        let (text, tooltip) = action.text_and_tooltip();
        ui.add_enabled(self.is_enabled(action), egui::Button::new(text))
            .on_hover_text(tooltip)
            .clicked()
            .then_some(action)
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = &mut self.add_dialog {
            match dialog.show(ctx, self.desktop.file_picker.as_ref()) {
                AddDialogOutcome::Open => {}
                AddDialogOutcome::Canceled => self.add_dialog = None,
                AddDialogOutcome::Add { spec, start } => {
                    self.add_dialog = None;
                    self.send(Command::Add { spec, start });
                }
            }
        }
        if let Some(dialog) = &mut self.upload_dialog {
            match dialog.show(ctx, self.desktop.file_picker.as_ref()) {
                UploadDialogOutcome::Open => {}
                UploadDialogOutcome::Canceled => self.upload_dialog = None,
                UploadDialogOutcome::Upload(specs) => {
                    self.upload_dialog = None;
                    for spec in specs {
                        self.send(Command::Add {
                            spec: Box::new(spec),
                            start: true,
                        });
                    }
                }
            }
        }
        if let Some(dialog) = &mut self.set_url_dialog {
            match dialog.show(ctx) {
                SetUrlOutcome::Open => {}
                SetUrlOutcome::Canceled => self.set_url_dialog = None,
                SetUrlOutcome::Set { transfer_id, url } => {
                    self.set_url_dialog = None;
                    self.send(Command::SetUrl { transfer_id, url });
                }
            }
        }
        if let Some(dialog) = &mut self.credentials_dialog {
            match dialog.show(ctx) {
                CredentialsOutcome::Open => {}
                CredentialsOutcome::Canceled => self.credentials_dialog = None,
                CredentialsOutcome::Give {
                    transfer_id,
                    credentials,
                } => {
                    self.credentials_dialog = None;
                    self.send(Command::SetCredentials {
                        transfer_id,
                        credentials: Some(credentials),
                    });
                    self.send(Command::Resume(transfer_id));
                }
            }
        }
        if let Some(dialog) = &mut self.when_done_dialog {
            match dialog.show(ctx) {
                WhenDoneOutcome::Open => {}
                WhenDoneOutcome::Canceled => self.when_done_dialog = None,
                WhenDoneOutcome::Set { target, when_done } => {
                    self.when_done_dialog = None;
                    self.set_when_done(target, when_done);
                }
            }
        }
        if let Some(dialog) = &mut self.settings_dialog {
            match dialog.show(
                ctx,
                self.desktop.file_picker.as_ref(),
                &self.fallback_download_folder,
            ) {
                SettingsOutcome::Open => {}
                SettingsOutcome::Canceled => self.settings_dialog = None,
                SettingsOutcome::Save {
                    changes,
                    start_with_session,
                } => {
                    self.settings_dialog = None;
                    for change in changes.clone() {
                        change.apply(&mut self.settings);
                    }
                    if !changes.is_empty() {
                        self.send(Command::ChangeSettings(changes));
                    }
                    if start_with_session != self.desktop.autostart.is_enabled()
                        && let Err(error) = self.desktop.autostart.set_enabled(start_with_session)
                    {
                        self.notice =
                            Some(format!("cannot change \"Start with my session\": {error}"));
                    }
                }
            }
        }
    }

    /// Sends what "When these finish…" chose: a completion group over the
    /// transfers (named after the first), or a named group's when-done.
    fn set_when_done(&mut self, target: WhenDoneTarget, when_done: WhenDone) {
        match target {
            WhenDoneTarget::Group(name) => self.send(Command::SetGroupWhenDone { name, when_done }),
            WhenDoneTarget::Transfers(members) => {
                let first = members
                    .first()
                    .and_then(|transfer_id| self.rows.get(*transfer_id))
                    .map(|row| row.transfer.display_name())
                    .unwrap_or_default();
                let name = match members.len() {
                    0 | 1 => first,
                    count => format!("{first} and {} more", count - 1),
                };
                let group = CompletionGroup {
                    members,
                    enabled: true,
                    ..CompletionGroup::new(name, when_done)
                };
                self.marked.clear();
                self.send(Command::CreateCompletionGroup(Box::new(group)));
            }
        }
    }

    /// Leaves the service; the transfers go on there.
    pub fn disconnect(&mut self) {
        drop(self.connection.take());
    }
}

impl eframe::App for FerryApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        FerryApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        FerryApp::ui(self, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.disconnect();
    }
}
