//! The window's logic, apart from drawing: engine events within a time
//! budget, the theme, shortcuts, dropped files, what other clients ask of
//! this window, the missing tray said once. Called before every frame.

// The window's types and imports, as `mod.rs` has them.
use super::*;
use ferry_i18n::tr;

impl FerryApp {
    /// Everything that is not drawing: engine events, shortcuts, drops,
    /// closing. Called before every frame.
    pub fn logic(&mut self, ctx: &egui::Context) {
        if !self.is_ready_told
            && let Some(connection) = &self.connection
        {
            // Drawing now: a window that could not open never takes a
            // download the browser handed over while it started.
            connection.window_ready();
            self.is_ready_told = true;
        }
        self.drain_events();
        let now_secs = self.now_secs();
        self.rows.sample_speeds(now_secs);
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
        self.watch_clipboard(ctx);
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
            let opens_settings = std::mem::take(&mut plan.opens_settings);
            plan.tick(ctx);
            if opens_settings {
                self.run_action(ctx, UiAction::Settings);
            }
        }
    }

    /// Where no tray host shows the service's icon, the status bar says so
    /// once: ferry runs on in the background without it.
    pub(super) fn tell_a_missing_tray_once(&mut self) {
        if self.is_tray_absence_told {
            return;
        }
        let Some(tray_shown) = &mut self.tray_shown else {
            return;
        };
        if *tray_shown.borrow_and_update() == Some(false) {
            self.is_tray_absence_told = true;
            self.notice = Some(tr!("notice-no-tray"));
        }
    }

    /// What another client asks: a link opened with ferry waits in the add
    /// dialog; a transfer the monitor names is selected. The window comes
    /// to the front.
    pub(super) fn handle_window_requests(&mut self, ctx: &egui::Context) {
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

    /// With the setting on, a link to a file newly copied anywhere opens
    /// the add dialog (once per link; not over another dialog: it waits).
    fn watch_clipboard(&mut self, ctx: &egui::Context) {
        if !self.settings.watch_clipboard {
            self.clipboard_watch.stop();
            return;
        }
        ctx.request_repaint_after(super::super::clipboard_watch::CHECK_EVERY);
        if self.any_dialog_open() {
            return;
        }
        let now = std::time::Instant::now();
        if let Some(url) = self
            .clipboard_watch
            .check(self.desktop.clipboard.as_mut(), now)
        {
            self.offer_download(url.as_str());
            self.set_notice(tr!("notice-copied", url = url.as_str()));
        }
    }

    /// Carries out one request of another client.
    pub fn take_window_request(&mut self, request: &WindowRequest) {
        match request {
            WindowRequest::Close => self.is_close_requested = true,
            WindowRequest::AddUrl(url) => self.offer_download(url),
            WindowRequest::PickLinks(links) => {
                let dialog = LinksDialog::new((**links).clone(), self.download_folder());
                self.open_dialog(Dialog::Links(dialog));
            }
            WindowRequest::AddFromBrowser(download) => {
                let dialog = AddDialog::from_browser((**download).clone(), self.download_folder());
                self.open_dialog(Dialog::Add(dialog));
            }
            WindowRequest::ShowTransfer(transfer_id) => {
                if self.rows.get(*transfer_id).is_some() {
                    self.filter = GroupFilter::All;
                    self.selected = Some(*transfer_id);
                }
            }
        }
    }

    pub(super) fn drain_events(&mut self) {
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
                Event::SettingsChanged(settings) => {
                    self.settings = (**settings).clone();
                    // The window speaks a new language from this frame on.
                    ferry_i18n::select_choice(self.settings.language);
                }
                Event::ConditionsChanged(conditions) => self.conditions = (**conditions).clone(),
                Event::GroupsChanged(groups) => self.groups = groups.clone(),
                Event::CompletionGroupsChanged(groups) => {
                    self.completion_groups = groups.clone();
                }
                Event::PrefetchChanged(entries) => self.prefetch = entries.clone(),
                Event::CommandFailed { error, .. } => self.notice = Some(error.clone()),
                Event::StatusChanged { transfer_id, .. } => needs_refresh.push(*transfer_id),
                _ => {}
            }
            if !self.rows.apply(event, now_secs) {
                self.rows.replace_all(self.handle.snapshot());
                self.groups = self.handle.groups();
                self.completion_groups = self.handle.completion_groups();
                self.prefetch = self.handle.prefetch();
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

    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
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
            let dialog = AddDialog::new(Some(text), self.download_folder());
            self.open_dialog(Dialog::Add(dialog));
        }
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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
            let mut to_upload = to_upload;
            let added_to_open = self
                .dialog
                .as_mut()
                .is_some_and(|dialog| dialog.add_files(&mut to_upload));
            if !added_to_open {
                let dialog = UploadDialog::new(to_upload, self.download_folder());
                self.open_dialog(Dialog::Upload(dialog));
            }
        }
        if added > 0 || !refused.is_empty() {
            self.notice = Some(match refused.first() {
                None => tr!("notice-added", count = added),
                Some(first) => tr!(
                    "notice-added-skipped",
                    count = added,
                    skipped = refused.len(),
                    first = first.to_string()
                ),
            });
        }
    }
}
