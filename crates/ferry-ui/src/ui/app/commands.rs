//! What the window does when asked: the toolbar's, menus' and shortcuts'
//! [`UiAction`]s, and the dialogs' outcomes, turned into engine commands in
//! this one place.

// The window's types and imports, as `mod.rs` has them.
use super::*;
use ferry_i18n::tr;

/// What a panel asks of the window; applied in [`FerryApp::apply`].
pub(in crate::ui) enum AppCommand {
    /// A command for the engine.
    Engine(Command),
    /// A toolbar or menu action on the selection.
    Action(UiAction),
    OpenDialog(Box<Dialog>),
    /// Open a file or a folder with the desktop's program for it.
    OpenPath(PathBuf),
}

impl FerryApp {
    pub(in crate::ui) fn send(&mut self, command: Command) {
        if let Err(error) = self.handle.send(command) {
            self.notice = Some(error.to_string());
        }
    }

    /// Remove: an unfinished download's partial file goes, stays, or the
    /// user is asked (the setting); anything else leaves the list at once
    /// (a completed file is never deleted).
    fn remove(&mut self, transfer_id: TransferId) {
        let Some(row) = self.rows.get(transfer_id) else {
            return;
        };
        let transfer = &row.transfer;
        let has_partial = !transfer.status.is_terminal() && !transfer.spec.is_upload();
        let choice = match self.settings.remove_unfinished {
            _ if !has_partial => RemoveUnfinished::DeletePartial,
            RemoveUnfinished::Ask => {
                let dialog = RemoveDialog::new(transfer_id, transfer.display_name());
                self.open_dialog(Dialog::Remove(dialog));
                return;
            }
            choice => choice,
        };
        self.send_removal(transfer_id, choice);
    }

    fn send_removal(&mut self, transfer_id: TransferId, choice: RemoveUnfinished) {
        self.send(match choice {
            RemoveUnfinished::KeepPartial => Command::RemoveKeepingPartial(transfer_id),
            RemoveUnfinished::DeletePartial | RemoveUnfinished::Ask => Command::Remove(transfer_id),
        });
        if self.selected == Some(transfer_id) {
            self.selected = None;
        }
    }

    pub(in crate::ui) fn run_action(&mut self, ctx: &egui::Context, action: UiAction) {
        if !self.is_enabled(action) {
            return;
        }
        let selected = self.selected;
        match (action, selected) {
            (UiAction::AddDownload, _) => {
                let clipboard = self.desktop.clipboard.text();
                self.open_dialog(Dialog::Add(AddDialog::new(
                    clipboard,
                    self.download_folder(),
                )));
            }
            (UiAction::AddUpload, _) => {
                let dialog = UploadDialog::new(Vec::new(), self.download_folder());
                self.open_dialog(Dialog::Upload(dialog));
            }
            (UiAction::ShowMonitor, _) => {
                if let Some(state_dir) = &self.state_dir
                    && let Err(error) = crate::desktop::launch_window(state_dir, &["--monitor"])
                {
                    self.notice =
                        Some(tr!("notice-cannot-open-monitor", error = error.to_string()));
                }
            }
            (UiAction::Settings, _) => {
                self.open_dialog(Dialog::Settings(Box::new(SettingsDialog::new(
                    self.settings.clone(),
                    self.desktop.autostart.is_enabled(),
                ))));
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
                self.open_dialog(Dialog::WhenDone(WhenDoneDialog::new(
                    WhenDoneTarget::Transfers(members),
                    &WhenDone::default(),
                )));
            }
            (UiAction::Remove, Some(transfer_id)) => self.remove(transfer_id),
            (UiAction::OpenFile, Some(transfer_id)) => {
                if let Some(path) = self
                    .rows
                    .get(transfer_id)
                    .and_then(|row| row.transfer.file_path.clone())
                {
                    self.desktop.opener.open(&path);
                }
            }
            (UiAction::OpenWhileDownloading, Some(transfer_id)) => {
                self.send(Command::SetRandomAccess {
                    transfer_id,
                    random_access: true,
                });
                let url = self.state_dir.as_deref().and_then(|state_dir| {
                    let place = crate::service::stream_place(state_dir)?;
                    Some(place.url_of(&self.rows.get(transfer_id)?.transfer))
                });
                match url {
                    Some(url) => self.desktop.opener.open(std::path::Path::new(&url)),
                    None => self.set_notice(tr!("notice-no-streams")),
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
                    self.notice = Some(tr!("notice-url-copied"));
                }
            }
            (UiAction::SetUrl, Some(transfer_id)) => {
                if let Some(row) = self.rows.get(transfer_id) {
                    let dialog = SetUrlDialog::new(transfer_id, row.transfer.spec.url.as_str());
                    self.open_dialog(Dialog::SetUrl(dialog));
                }
            }
            (UiAction::Credentials, Some(transfer_id)) => {
                if let Some(row) = self.rows.get(transfer_id) {
                    let host = row.transfer.spec.url.host_str().unwrap_or_default();
                    let dialog = CredentialsDialog::new(transfer_id, host);
                    self.open_dialog(Dialog::Credentials(dialog));
                }
            }
            (_, None) => {}
        }
    }

    /// Applies what a panel asked for.
    pub(in crate::ui) fn apply(&mut self, ctx: &egui::Context, command: AppCommand) {
        match command {
            AppCommand::Engine(command) => self.send(command),
            AppCommand::Action(action) => self.run_action(ctx, action),
            AppCommand::OpenDialog(dialog) => self.open_dialog(*dialog),
            AppCommand::OpenPath(path) => self.desktop.opener.open(&path),
        }
    }

    /// Draws the open dialog and applies what it decided.
    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        let context = DialogContext {
            file_picker: self.desktop.file_picker.as_ref(),
            fallback_download_folder: &self.fallback_download_folder,
        };
        match dialog.show(ctx, &context) {
            DialogStep::Open => {}
            DialogStep::Canceled => self.dialog = None,
            DialogStep::Done(result) => {
                self.dialog = None;
                self.apply_dialog_result(result);
            }
        }
    }

    fn apply_dialog_result(&mut self, result: DialogResult) {
        match result {
            DialogResult::Add { spec, start } => {
                if spec.holds_secrets() {
                    self.tell_if_no_keyring();
                }
                self.send(Command::Add { spec, start });
            }
            DialogResult::AddAll(specs) => {
                for spec in specs {
                    self.send(Command::Add {
                        spec: Box::new(spec),
                        start: true,
                    });
                }
            }
            DialogResult::Remove {
                transfer_id,
                choice,
                remember,
            } => {
                if remember {
                    self.send(Command::ChangeSettings(vec![
                        SettingChange::RemoveUnfinished(choice),
                    ]));
                }
                self.send_removal(transfer_id, choice);
            }
            DialogResult::SetUrl { transfer_id, url } => {
                self.send(Command::SetUrl { transfer_id, url });
            }
            DialogResult::Credentials {
                transfer_id,
                credentials,
            } => {
                self.tell_if_no_keyring();
                self.send(Command::SetCredentials {
                    transfer_id,
                    credentials: Some(credentials),
                });
                self.send(Command::Resume(transfer_id));
            }
            DialogResult::WhenDone { target, when_done } => self.set_when_done(target, when_done),
            DialogResult::Settings {
                changes,
                start_with_session,
            } => {
                for change in changes.clone() {
                    change.apply(&mut self.settings);
                }
                if !changes.is_empty() {
                    self.send(Command::ChangeSettings(changes));
                }
                if start_with_session != self.desktop.autostart.is_enabled()
                    && let Err(error) = self.desktop.autostart.set_enabled(start_with_session)
                {
                    self.notice = Some(tr!(
                        "notice-cannot-change-autostart",
                        error = error.to_string()
                    ));
                }
            }
        }
    }

    /// Says once, in the status bar, that secrets given in the window stay
    /// in memory when no keyring answers.
    fn tell_if_no_keyring(&mut self) {
        if self.is_keyring_absence_told {
            return;
        }
        if let Err(reason) = (self.desktop.keyring_answers)() {
            self.is_keyring_absence_told = true;
            self.notice = Some(tr!("notice-no-keyring", reason = reason.to_string()));
        }
    }

    /// Sends what "When these finish…" chose: a completion group over the
    /// transfers (named after the first), or a named group's when-done.
    pub(super) fn set_when_done(&mut self, target: WhenDoneTarget, when_done: WhenDone) {
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
                    count => tr!("when-done-name", first = first, others = count - 1),
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
}
