//! The window's dialogs behind one shape: at most one is open
//! ([`Dialog`]), each frame it says whether it is still open, was
//! canceled or is done with a [`DialogResult`] ([`DialogStep`]), and the
//! app applies the result in one place (`app/commands.rs`). A dialog never
//! talks to the engine itself.

use std::path::{Path, PathBuf};

use url::Url;

use super::add_dialog::AddDialog;
use super::credentials_dialog::CredentialsDialog;
use super::links_dialog::LinksDialog;
use super::remove_dialog::RemoveDialog;
use super::set_url_dialog::SetUrlDialog;
use super::settings_dialog::SettingsDialog;
use super::upload_dialog::UploadDialog;
use super::when_done_dialog::{WhenDoneDialog, WhenDoneTarget};
use crate::desktop::FilePicker;
use crate::model::{
    Credentials, RemoveUnfinished, SettingChange, TransferId, TransferSpec, WhenDone,
};

/// The open dialog.
pub enum Dialog {
    Add(AddDialog),
    Upload(UploadDialog),
    SetUrl(SetUrlDialog),
    Credentials(CredentialsDialog),
    WhenDone(WhenDoneDialog),
    Settings(Box<SettingsDialog>),
    Links(LinksDialog),
    Remove(RemoveDialog),
}

/// What a dialog says after a frame.
pub enum DialogStep {
    Open,
    Canceled,
    Done(DialogResult),
}

/// What a dialog decided.
pub enum DialogResult {
    /// Add a download (started, or waiting paused).
    Add {
        spec: Box<TransferSpec>,
        start: bool,
    },
    /// Several transfers, started: one upload per file, one for a whole
    /// form, or the links picked from a page.
    AddAll(Vec<TransferSpec>),
    SetUrl {
        transfer_id: TransferId,
        url: Url,
    },
    /// Credentials given for a transfer, which then resumes.
    Credentials {
        transfer_id: TransferId,
        credentials: Credentials,
    },
    WhenDone {
        target: WhenDoneTarget,
        when_done: WhenDone,
    },
    /// The settings the user changed (only those: another writer, such as
    /// `ferry limit`, may have changed others meanwhile), and whether the
    /// service starts with the session.
    Settings {
        changes: Vec<SettingChange>,
        start_with_session: bool,
    },
    /// Remove an unfinished download, its partial file deleted or kept;
    /// `remember` keeps the choice for next time.
    Remove {
        transfer_id: TransferId,
        choice: RemoveUnfinished,
        remember: bool,
    },
}

/// What dialogs may use of the desktop and the window.
pub struct DialogContext<'a> {
    pub file_picker: &'a dyn FilePicker,
    /// Where downloads go when the settings name no folder.
    pub fallback_download_folder: &'a Path,
}

/// A dialog's window: fixed size (`width` wide when given), closable;
/// `body` draws it and says what was decided. Closed with its × is
/// [`DialogStep::Canceled`].
pub fn dialog_window(
    ctx: &egui::Context,
    title: impl Into<egui::WidgetText>,
    width: Option<f32>,
    body: impl FnOnce(&mut egui::Ui) -> DialogStep,
) -> DialogStep {
    let mut is_open = true;
    let mut window = egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .open(&mut is_open);
    if let Some(width) = width {
        window = window.default_width(width);
    }
    let step = window
        .show(ctx, body)
        .and_then(|shown| shown.inner)
        .unwrap_or(DialogStep::Open);
    // Escape closes a dialog as its × does.
    let is_escaped =
        ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    if !is_open || is_escaped {
        return DialogStep::Canceled;
    }
    step
}

impl Dialog {
    /// Draws the dialog for this frame.
    pub fn show(&mut self, ctx: &egui::Context, context: &DialogContext<'_>) -> DialogStep {
        match self {
            Dialog::Add(dialog) => dialog.show(ctx, context.file_picker),
            Dialog::Upload(dialog) => dialog.show(ctx, context.file_picker),
            Dialog::SetUrl(dialog) => dialog.show(ctx),
            Dialog::Credentials(dialog) => dialog.show(ctx),
            Dialog::WhenDone(dialog) => dialog.show(ctx),
            Dialog::Settings(dialog) => {
                dialog.show(ctx, context.file_picker, context.fallback_download_folder)
            }
            Dialog::Links(dialog) => dialog.show(ctx),
            Dialog::Remove(dialog) => dialog.show(ctx),
        }
    }

    /// Adds dropped files to an open upload dialog; false when this is
    /// another dialog.
    pub fn add_files(&mut self, files: &mut Vec<PathBuf>) -> bool {
        match self {
            Dialog::Upload(dialog) => {
                dialog.files.append(files);
                true
            }
            _ => false,
        }
    }
}
