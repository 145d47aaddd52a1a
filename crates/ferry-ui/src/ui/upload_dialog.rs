//! "Add upload…": files picked with the desktop's file dialog (several at
//! once) or dropped on the window, the URL, how to send them (PUT, POST,
//! one multipart form, or resumable), a form's fields, and the transfer
//! options. Invalid input is shown inline and Upload stays disabled.

use ferry_i18n::tr;
use std::path::{Path, PathBuf};

use super::dialog::{DialogResult, DialogStep, dialog_window};
use super::policy_form::PolicyForm;
use crate::desktop::{FilePicker, PickSlot};
use crate::engine::input::parse_upload_url;
use crate::model::{ContentPart, TransferSpec, UploadMethod};

pub struct UploadDialog {
    pub files: Vec<PathBuf>,
    pub url_text: String,
    pub method: UploadMethod,
    /// A form's text fields, one `NAME=VALUE` per line.
    pub fields_text: String,
    /// The field name of a form's files.
    pub file_field: String,
    pub options: PolicyForm,
    /// A path typed or pasted, added with Enter or "Add file".
    pub typed_path: String,
    /// Why the typed path was not added.
    typed_problem: Option<String>,
    /// Where "Choose files…" starts.
    folder: PathBuf,
    pick: PickSlot<()>,
}

impl UploadDialog {
    /// A dialog for `files` (dropped, or none yet).
    pub fn new(files: Vec<PathBuf>, folder: PathBuf) -> Self {
        UploadDialog {
            files,
            url_text: String::new(),
            method: UploadMethod::Put,
            fields_text: String::new(),
            file_field: "file".to_owned(),
            options: PolicyForm::default(),
            typed_path: String::new(),
            typed_problem: None,
            folder,
            pick: PickSlot::default(),
        }
    }

    /// The uploads this dialog describes, or what is wrong.
    pub fn validate(&self) -> Result<Vec<TransferSpec>, String> {
        if self.files.is_empty() {
            return Err(tr!("upload-choose-files-first"));
        }
        if let Some(missing) = self.files.iter().find(|file| !file.is_file()) {
            return Err(tr!(
                "upload-not-a-file",
                path = missing.display().to_string()
            ));
        }
        if self.url_text.trim().is_empty() {
            return Err(tr!("upload-enter-url"));
        }
        let url = parse_upload_url(&self.url_text).map_err(|error| error.to_string())?;
        let mut specs = match self.method {
            UploadMethod::Multipart => {
                if self.file_field.trim().is_empty() {
                    return Err(tr!("upload-give-field-name"));
                }
                let mut parts = Vec::new();
                for line in self
                    .fields_text
                    .lines()
                    .filter(|line| !line.trim().is_empty())
                {
                    let Some((name, value)) = line
                        .split_once('=')
                        .filter(|(name, _)| !name.trim().is_empty())
                    else {
                        return Err(tr!("upload-field-shape", line = line));
                    };
                    parts.push(ContentPart::text(name.trim(), value));
                }
                parts.extend(
                    self.files
                        .iter()
                        .map(|file| ContentPart::file(self.file_field.trim(), file.clone())),
                );
                vec![TransferSpec::multipart(url, parts)]
            }
            UploadMethod::Put if self.files.len() > 1 => {
                if !url.path().ends_with('/') {
                    return Err(tr!("upload-several-to-one-url"));
                }
                let mut specs = Vec::new();
                for file in &self.files {
                    let name = file
                        .file_name()
                        .map(|name| name.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let mut each = url.clone();
                    each.path_segments_mut()
                        .map_err(|()| tr!("upload-url-takes-no-name"))?
                        .pop_if_empty()
                        .push(&name);
                    specs.push(TransferSpec::upload(each, file.clone(), UploadMethod::Put));
                }
                specs
            }
            method => self
                .files
                .iter()
                .map(|file| TransferSpec::upload(url.clone(), file.clone(), method))
                .collect(),
        };
        for spec in &mut specs {
            self.options.apply_to(spec)?;
        }
        Ok(specs)
    }

    pub fn show(&mut self, ctx: &egui::Context, picker: &dyn FilePicker) -> DialogStep {
        if let Some(((), picked)) = self.pick.poll() {
            for file in picked {
                if !self.files.contains(&file) {
                    self.files.push(file);
                }
            }
        }
        dialog_window(ctx, tr!("upload-title"), Some(540.0), |ui| {
            self.form_ui(ui, picker)
        })
    }

    fn form_ui(&mut self, ui: &mut egui::Ui, picker: &dyn FilePicker) -> DialogStep {
        let validation = self.validate();
        self.files_ui(ui, picker);
        egui::Grid::new("add_upload_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label(tr!("add-url"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.url_text)
                        .hint_text("https://…")
                        .desired_width(400.0),
                )
                .labelled_by(label.id);
                ui.end_row();

                ui.label(tr!("upload-send-as"));
                ui.vertical(|ui| {
                    for (method, words) in [
                        (UploadMethod::Put, tr!("upload-method-put")),
                        (UploadMethod::Post, tr!("upload-method-post")),
                        (UploadMethod::Multipart, tr!("upload-method-multipart")),
                        (UploadMethod::Resumable, tr!("upload-method-resumable")),
                    ] {
                        ui.radio_value(&mut self.method, method, words);
                    }
                });
                ui.end_row();

                if self.method == UploadMethod::Multipart {
                    let label = ui.label(tr!("upload-fields"));
                    ui.add(
                        egui::TextEdit::multiline(&mut self.fields_text)
                            .hint_text(tr!("upload-fields-hint"))
                            .desired_rows(2)
                            .desired_width(400.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(tr!("upload-files-field"));
                    ui.add(egui::TextEdit::singleline(&mut self.file_field).desired_width(200.0))
                        .labelled_by(label.id);
                    ui.end_row();
                }
                self.options.grid_rows_ui(ui, "add_upload");
            });
        self.options.extras_ui(ui, "add_upload");
        ui.add_space(6.0);
        if let Some(notice) = self.pick.notice() {
            ui.label(notice);
        }
        if let Err(problem) = &validation {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        let mut outcome = DialogStep::Open;
        ui.horizontal(|ui| {
            let upload =
                ui.add_enabled(validation.is_ok(), egui::Button::new(tr!("upload-upload")));
            if upload.clicked()
                && let Ok(specs) = &validation
            {
                outcome = DialogStep::Done(DialogResult::AddAll(specs.clone()));
            }
            if ui.button(tr!("dialog-cancel")).clicked() {
                outcome = DialogStep::Canceled;
            }
        });
        outcome
    }

    /// The chosen files, each removable, and "Choose files…".
    fn files_ui(&mut self, ui: &mut egui::Ui, picker: &dyn FilePicker) {
        ui.horizontal(|ui| {
            ui.strong(tr!("upload-files", count = self.files.len()));
            if ui.button(tr!("upload-choose-files")).clicked() {
                let folder = self
                    .files
                    .last()
                    .and_then(|file| file.parent())
                    .unwrap_or(Path::new(&self.folder))
                    .to_owned();
                self.pick.start((), picker.pick_files(&folder));
            }
        });
        let mut removed = None;
        egui::ScrollArea::vertical()
            .max_height(120.0)
            .id_salt("upload_files")
            .show(ui, |ui| {
                for (position, file) in self.files.iter().enumerate() {
                    ui.horizontal(|ui| {
                        if ui
                            .small_button("×")
                            .on_hover_text(tr!("upload-leave-out"))
                            .clicked()
                        {
                            removed = Some(position);
                        }
                        ui.label(file.display().to_string());
                    });
                }
            });
        if let Some(position) = removed {
            self.files.remove(position);
        }
        self.typed_path_ui(ui);
    }

    /// A field for a file's path: typing or pasting one is quicker than
    /// any dialog, and the only way where none can be shown.
    fn typed_path_ui(&mut self, ui: &mut egui::Ui) {
        let mut add = false;
        ui.horizontal(|ui| {
            let label = ui.label(tr!("upload-path"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.typed_path)
                        .hint_text(tr!("upload-path-hint"))
                        .desired_width(320.0),
                )
                .labelled_by(label.id);
            add = field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            add |= ui
                .add_enabled(
                    !self.typed_path.trim().is_empty(),
                    egui::Button::new(tr!("upload-add-file")),
                )
                .clicked();
        });
        if add && !self.typed_path.trim().is_empty() {
            let path = expand_home(self.typed_path.trim());
            if path.is_file() {
                if !self.files.contains(&path) {
                    self.files.push(path);
                }
                self.typed_path.clear();
                self.typed_problem = None;
            } else {
                self.typed_problem =
                    Some(tr!("upload-not-a-file", path = path.display().to_string()));
            }
        }
        if let Some(problem) = &self.typed_problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
    }
}

/// `~/x` as the home folder's `x`; other paths as typed.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog_with(files: usize) -> (UploadDialog, tempfile::TempDir) {
        let folder = tempfile::tempdir().expect("dir");
        let paths = (0..files)
            .map(|index| {
                let path = folder.path().join(format!("f{index} x.txt"));
                std::fs::write(&path, b"x").expect("write");
                path
            })
            .collect();
        let dialog = UploadDialog::new(paths, folder.path().to_owned());
        (dialog, folder)
    }

    #[test]
    fn several_files_put_each_under_its_name_and_a_form_holds_them_all() {
        let (mut dialog, _folder) = dialog_with(2);
        dialog.url_text = "http://127.0.0.1/in".to_owned();
        assert!(dialog.validate().is_err(), "one URL for two PUTs");
        dialog.url_text = "http://127.0.0.1/in/".to_owned();
        let specs = dialog.validate().expect("two PUTs");
        let urls: Vec<&str> = specs.iter().map(|spec| spec.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "http://127.0.0.1/in/f0%20x.txt",
                "http://127.0.0.1/in/f1%20x.txt"
            ]
        );
        dialog.method = UploadMethod::Multipart;
        dialog.fields_text = "album=Summer\n\n".to_owned();
        let specs = dialog.validate().expect("a form");
        assert_eq!(specs.len(), 1);
        let parts = &specs[0].upload_source().expect("upload").parts;
        assert_eq!(parts.len(), 3);
        dialog.fields_text = "novalue".to_owned();
        assert!(dialog.validate().is_err());
        dialog.fields_text.clear();
        dialog.files.push("/nonexistent/file".into());
        assert!(dialog.validate().is_err());
    }
}
