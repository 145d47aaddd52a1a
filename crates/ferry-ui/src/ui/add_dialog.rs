//! "Add download…": URL (pre-filled from the clipboard, or from a download
//! the browser handed over, with its name), folder and name with "Save
//! as…", start paused, custom headers. Invalid input is shown inline and
//! Add stays disabled.

use ferry_i18n::tr;
use std::path::{Path, PathBuf};

use super::dialog::{DialogResult, DialogStep, dialog_window};
use super::policy_form::PolicyForm;
use crate::desktop::{FilePicker, PickSlot};
use crate::engine::file_name::{name_from_url, sanitize_file_name};
use crate::engine::input::parse_download_url;
use crate::model::{BrowserDownload, Destination, TransferSpec};

/// What a file dialog was opened for.
enum Pick {
    SaveAs,
    Folder,
}

pub struct AddDialog {
    pub url_text: String,
    pub folder: PathBuf,
    /// Empty: the name comes from the server or the URL.
    pub file_name: String,
    pub start_paused: bool,
    /// An ftp:// URL over explicit TLS (AUTH TLS), as `--ftp-ssl`.
    pub ftp_tls: bool,
    /// The SHA-256 the file must have (as published beside it); empty
    /// for none.
    pub sha256_text: String,
    /// Group, priority, metered networks, battery, headers.
    pub options: PolicyForm,
    /// The browser's download this dialog asks about: its referrer, user
    /// agent and cookies go with the transfer while the URL stays its own.
    from_browser: Option<Box<BrowserDownload>>,
    pick: PickSlot<Pick>,
}

impl AddDialog {
    /// A dialog pre-filled with `clipboard` when it holds a URL.
    pub fn new(clipboard: Option<String>, folder: PathBuf) -> Self {
        let url_text = clipboard
            .map(|text| text.trim().to_owned())
            .filter(|text| parse_download_url(text).is_ok())
            .unwrap_or_default();
        AddDialog {
            url_text,
            folder,
            file_name: String::new(),
            start_paused: false,
            ftp_tls: false,
            sha256_text: String::new(),
            options: PolicyForm::default(),
            from_browser: None,
            pick: PickSlot::default(),
        }
    }

    /// A dialog asking about a download the browser handed over.
    pub fn from_browser(download: BrowserDownload, folder: PathBuf) -> Self {
        AddDialog {
            url_text: download.url.to_string(),
            file_name: download.file_name.clone().unwrap_or_default(),
            from_browser: Some(Box::new(download)),
            ..AddDialog::new(None, folder)
        }
    }

    /// The download this dialog describes, or what is wrong with it.
    pub fn validate(&self) -> Result<TransferSpec, String> {
        if self.url_text.trim().is_empty() {
            return Err(tr!("add-enter-url"));
        }
        let url = parse_download_url(&self.url_text).map_err(|error| error.to_string())?;
        if !self.folder.is_dir() {
            return Err(tr!(
                "add-no-such-folder",
                folder = self.folder.display().to_string()
            ));
        }
        let destination = if self.file_name.trim().is_empty() {
            Destination::Folder(self.folder.clone())
        } else {
            let safe = sanitize_file_name(self.file_name.trim())
                .filter(|safe| safe == self.file_name.trim())
                .ok_or_else(|| tr!("add-unusable-name", name = self.file_name.trim()))?;
            Destination::File(self.folder.join(safe))
        };
        let is_ftp = url.scheme() == "ftp";
        let mut spec = TransferSpec::download(url, destination);
        spec.ftp_tls = is_ftp && self.ftp_tls;
        let sha256 = self.sha256_text.trim().replace([' ', ':'], "");
        if !sha256.is_empty() {
            if !crate::engine::input::is_sha256_hex(&sha256) {
                return Err(tr!("add-sha256-shape"));
            }
            spec.sha256 = Some(sha256.to_ascii_lowercase());
        }
        if let Some(download) = &self.from_browser
            && download.url == spec.url
        {
            download.apply_to(&mut spec);
        }
        self.options.apply_to(&mut spec)?;
        Ok(spec)
    }

    pub fn show(&mut self, ctx: &egui::Context, picker: &dyn FilePicker) -> DialogStep {
        self.poll_pick();
        dialog_window(ctx, tr!("add-title"), Some(520.0), |ui| {
            self.form_ui(ui, picker)
        })
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, picker: &dyn FilePicker) -> DialogStep {
        let validation = self.validate();
        egui::Grid::new("add_download_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label(tr!("add-url"));
                let url_edit = ui.add(
                    egui::TextEdit::singleline(&mut self.url_text)
                        .hint_text("https://…")
                        .desired_width(400.0),
                );
                url_edit.labelled_by(label.id);
                ui.end_row();

                let label = ui.label(tr!("add-folder"));
                ui.horizontal(|ui| {
                    let mut folder_text = self.folder.display().to_string();
                    let edit =
                        ui.add(egui::TextEdit::singleline(&mut folder_text).desired_width(300.0));
                    if edit.labelled_by(label.id).changed() {
                        self.folder = PathBuf::from(folder_text);
                    }
                    if ui.button(tr!("add-choose-folder")).clicked() {
                        self.pick
                            .start(Pick::Folder, picker.pick_folder(&self.folder));
                    }
                });
                ui.end_row();

                let label = ui.label(tr!("add-name"));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.file_name)
                            .hint_text(tr!("add-name-hint"))
                            .desired_width(300.0),
                    )
                    .labelled_by(label.id);
                    if ui.button(tr!("add-save-as")).clicked() {
                        let suggested = self.suggested_name();
                        self.pick
                            .start(Pick::SaveAs, picker.save_file(&self.folder, &suggested));
                    }
                });
                ui.end_row();

                let label = ui.label(tr!("add-sha256"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.sha256_text)
                        .hint_text(tr!("add-sha256-hint"))
                        .desired_width(400.0),
                )
                .labelled_by(label.id)
                .on_hover_text(tr!("add-sha256-tip"));
                ui.end_row();

                if let Some(download) = &self.from_browser {
                    ui.label(tr!("add-from"));
                    ui.label(browser_words(download));
                    ui.end_row();
                }

                self.options.grid_rows_ui(ui, "add_download");
            });
        ui.checkbox(&mut self.start_paused, tr!("add-start-paused"));
        if self
            .url_text
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("ftp://")
        {
            ui.checkbox(&mut self.ftp_tls, tr!("add-ftp-tls"))
                .on_hover_text(tr!("add-ftp-tls-tip"));
        }
        self.options.extras_ui(ui, "add_download");
        ui.add_space(6.0);
        if let Some(notice) = self.pick.notice() {
            ui.label(notice);
        }
        if let Err(problem) = &validation {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        let mut outcome = DialogStep::Open;
        ui.horizontal(|ui| {
            let is_valid = validation.is_ok();
            let pressed_enter = is_valid && ui.input(|input| input.key_pressed(egui::Key::Enter));
            let add = ui.add_enabled(is_valid, egui::Button::new(tr!("add-add")));
            if (add.clicked() || pressed_enter)
                && let Ok(spec) = &validation
            {
                outcome = DialogStep::Done(DialogResult::Add {
                    spec: Box::new(spec.clone()),
                    start: !self.start_paused,
                });
            }
            if ui.button(tr!("dialog-cancel")).clicked() {
                outcome = DialogStep::Canceled;
            }
        });
        outcome
    }

    fn suggested_name(&self) -> String {
        if !self.file_name.trim().is_empty() {
            return self.file_name.trim().to_owned();
        }
        parse_download_url(&self.url_text)
            .ok()
            .and_then(|url| name_from_url(&url))
            .unwrap_or_else(|| "download".to_owned())
    }

    fn poll_pick(&mut self) {
        let Some((pick, paths)) = self.pick.poll() else {
            return;
        };
        let Some(path) = paths.into_iter().next() else {
            return;
        };
        match pick {
            Pick::Folder => self.folder = path,
            Pick::SaveAs => {
                if let Some(parent) = path.parent().filter(|parent| parent != &Path::new("")) {
                    self.folder = parent.to_owned();
                }
                if let Some(name) = path.file_name() {
                    self.file_name = name.to_string_lossy().into_owned();
                }
            }
        }
    }
}

/// "the browser: 4.2 MiB, with 2 cookies and the page as referrer".
fn browser_words(download: &BrowserDownload) -> String {
    let mut words = vec![tr!("browser-source")];
    if let Some(size) = download.size {
        words.push(super::format::bytes(size));
    }
    let mut with = Vec::new();
    match download.cookies.len() {
        0 => {}
        count => with.push(tr!("browser-cookies", count = count)),
    }
    if download.referrer.is_some() {
        with.push(tr!("browser-referrer"));
    }
    let text = words.join(", ");
    match with.as_slice() {
        [] => text,
        [what] => tr!("browser-with", source = text, what = what.as_str()),
        [first, second, ..] => tr!(
            "browser-with",
            source = text,
            what = tr!("list-and", first = first.as_str(), second = second.as_str())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog(url: &str) -> AddDialog {
        let mut dialog = AddDialog::new(None, std::env::temp_dir());
        dialog.url_text = url.to_owned();
        dialog
    }

    #[test]
    fn bad_urls_and_names_are_refused() {
        for url in ["file:///etc/passwd", "not a url", "", "javascript:alert(1)"] {
            assert!(dialog(url).validate().is_err(), "{url}");
        }
        let mut with_bad_name = dialog("http://127.0.0.1/a.bin");
        with_bad_name.file_name = "../escape.bin".to_owned();
        assert!(with_bad_name.validate().is_err());
        let mut with_bad_header = dialog("http://127.0.0.1/a.bin");
        with_bad_header
            .options
            .headers
            .push(("Bad Name".to_owned(), "x".to_owned()));
        assert!(with_bad_header.validate().is_err());
    }

    #[test]
    fn clipboard_prefills_only_urls() {
        let folder = std::env::temp_dir();
        assert_eq!(
            AddDialog::new(Some("hello".to_owned()), folder.clone()).url_text,
            ""
        );
        assert_eq!(
            AddDialog::new(Some(" https://127.0.0.1/x.iso ".to_owned()), folder).url_text,
            "https://127.0.0.1/x.iso"
        );
    }
}
