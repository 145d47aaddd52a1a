//! What the window does when asked: the toolbar's, menus' and shortcuts'
//! [`UiAction`]s, and the dialogs' outcomes, turned into engine commands in
//! this one place.

// The window's types and imports, as `mod.rs` has them.
use super::*;

impl FerryApp {
    pub(in crate::ui) fn send(&mut self, command: Command) {
        if let Err(error) = self.handle.send(command) {
            self.notice = Some(error.to_string());
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

    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
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
}
