//! The window's state and its parts, the way rerun's `app/` is: this file
//! holds the state and draws it ([`FerryApp::ui`]); `logic.rs` is
//! everything that is not drawing ([`FerryApp::logic`]: engine events
//! within a time budget, shortcuts, drops, window requests); `commands.rs`
//! applies what panels ask ([`AppCommand`]), actions and dialog results,
//! in one place.
//! The UI never blocks on the engine: commands go out with `try_send`.

use ferry_i18n::tr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};

use super::action::UiAction;
use super::add_dialog::AddDialog;
use super::clipboard_watch::ClipboardWatch;
use super::credentials_dialog::CredentialsDialog;
use super::dialog::{Dialog, DialogContext, DialogResult, DialogStep};
use super::groups_panel::{self, GroupFilter, NewGroupForm};
use super::links_dialog::LinksDialog;
use super::prefetch_view::{self, NewPrefetchForm};
use super::remove_dialog::RemoveDialog;
use super::rows::RowTable;
use super::screenshot::ScreenshotPlan;
use super::set_url_dialog::SetUrlDialog;
use super::settings_dialog::SettingsDialog;
use super::upload_dialog::UploadDialog;
use super::when_done_dialog::{WhenDoneDialog, WhenDoneTarget};
use super::{details_panel, status_bar, transfer_table};
use crate::desktop::DesktopServices;
use crate::engine::{Command, EngineHandle, Event};
use crate::model::{
    CompletionGroup, PrefetchEntry, RemoveUnfinished, SettingChange, Settings, Status,
    SystemConditions, Theme, TransferGroup, TransferId, TransferSpec, WhenDone,
};
use crate::service::{RemoteEngine, WindowRequest};

mod commands;
mod logic;

pub(in crate::ui) use commands::AppCommand;

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
    /// That no keyring answers was said already.
    is_keyring_absence_told: bool,
    /// The user quit ferry (from the tray, `ferry quit`): the window closes.
    is_close_requested: bool,
    /// The service was told this window draws (requests kept for the next
    /// window come now).
    is_ready_told: bool,
    /// The first frame's time was reported (`FERRY_FIRST_FRAME`).
    is_first_frame_told: bool,
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
    /// The prefetch list, in the order entries were added.
    pub(in crate::ui) prefetch: Vec<PrefetchEntry>,
    /// What is typed into the "Prefetched" view's form.
    pub(in crate::ui) new_prefetch: NewPrefetchForm,
    /// Links copied to the clipboard, offered once each (a setting).
    clipboard_watch: ClipboardWatch,
    fallback_download_folder: PathBuf,
    /// The open dialog, if any (one at a time).
    dialog: Option<Dialog>,
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
        // The minutes before the window opened, as the service measured them.
        let now_unix_secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        rows.total_history
            .seed(&parts.handle.speed_history(), now_unix_secs, 0.0);
        let settings = parts.handle.settings();
        ferry_i18n::select_choice(settings.language);
        let conditions = parts.handle.conditions();
        let groups = parts.handle.groups();
        let completion_groups = parts.handle.completion_groups();
        let prefetch = parts.handle.prefetch();
        FerryApp {
            handle: parts.handle,
            events: parts.events,
            connection: parts.connection,
            window_requests: parts.window_requests,
            state_dir: parts.state_dir,
            tray_shown: parts.tray_shown,
            is_tray_absence_told: false,
            is_keyring_absence_told: false,
            is_close_requested: false,
            is_ready_told: false,
            is_first_frame_told: false,
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
            prefetch,
            new_prefetch: NewPrefetchForm::default(),
            clipboard_watch: ClipboardWatch::default(),
            fallback_download_folder: parts.fallback_download_folder,
            dialog: None,
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
                let dialog = AddDialog::new(Some(url.to_owned()), self.download_folder());
                self.open_dialog(Dialog::Add(dialog));
            }
            Err(error) => self.set_notice(tr!("notice-not-added", error = error.to_string())),
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
            .filter(|(_, row)| {
                self.filter
                    .matches(&row.transfer, &self.settings.categories)
            })
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

    fn any_dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// Opens `dialog`, unless one is open already: what is typed there is
    /// not thrown away, the person is told to finish it first.
    pub(super) fn open_dialog(&mut self, dialog: Dialog) {
        if self.dialog.is_some() {
            self.notice = Some(tr!("notice-close-dialog-first"));
            return;
        }
        self.dialog = Some(dialog);
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

    /// Draws the window; what the panels ask for is applied after.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut asked: Vec<AppCommand> = Vec::new();
        egui::Panel::top("toolbar").show(ui, |ui| asked.extend(self.toolbar_ui(ui)));
        egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::status_bar_ui(self, ui));
        egui::Panel::left("groups")
            .default_size(170.0)
            .show(ui, |ui| {
                asked.extend(groups_panel::groups_panel_ui(self, ui))
            });
        let is_prefetch_shown = self.filter == GroupFilter::Prefetched;
        if self.selected.is_some() && !is_prefetch_shown {
            egui::Panel::bottom("details")
                .default_size(230.0)
                .resizable(true)
                .show(ui, |ui| details_panel::details_panel_ui(self, ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if is_prefetch_shown {
                asked.extend(prefetch_view::prefetch_view_ui(self, ui));
            } else {
                asked.extend(transfer_table::transfer_table_ui(self, ui));
            }
        });
        for command in asked {
            self.apply(&ctx, command);
        }
        self.dialog_ui(&ctx);
    }

    /// The toolbar; the action of the button clicked. Settings and Monitor
    /// sit at the right end when they fit there; in a narrow window or a
    /// longer language the buttons wrap onto a second row, never over
    /// each other.
    fn toolbar_ui(&mut self, ui: &mut egui::Ui) -> Option<AppCommand> {
        ui.horizontal_wrapped(|ui| {
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
            let at_the_end = [UiAction::Settings, UiAction::ShowMonitor];
            let needed: f32 = at_the_end
                .iter()
                .map(|action| button_width(ui, &action.text()))
                .sum::<f32>()
                + ui.spacing().item_spacing.x * 2.0;
            if ui.available_rect_before_wrap().width() >= needed {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    for action in at_the_end {
                        clicked = self.toolbar_button_ui(ui, action).or(clicked);
                    }
                });
            } else {
                for action in at_the_end.into_iter().rev() {
                    clicked = self.toolbar_button_ui(ui, action).or(clicked);
                }
            }
            clicked.map(AppCommand::Action)
        })
        .inner
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
        // bench/window_launch.sh: when the first frame with the table is
        // drawn (the wall clock, for the script), then close.
        if !self.is_first_frame_told && std::env::var_os("FERRY_FIRST_FRAME").is_some() {
            self.is_first_frame_told = true;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            eprintln!(
                "ferry-window: first frame at {} ms, {} transfers",
                now.as_millis(),
                self.rows.rows().len()
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.disconnect();
    }
}

/// How wide a button with `text` is drawn.
fn button_width(ui: &egui::Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let text_width = ui.fonts_mut(|fonts| {
        fonts
            .layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE)
            .size()
            .x
    });
    text_width + ui.spacing().button_padding.x * 2.0
}
