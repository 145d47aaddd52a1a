//! "Save as…" and "Choose folder…" through the desktop's file dialog. rfd
//! talks to the XDG desktop portal (or zenity); the dialog runs on its own
//! thread so the window never blocks.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// The answer to a dialog, arriving later.
pub struct PendingPick(mpsc::Receiver<Option<PathBuf>>);

impl PendingPick {
    /// A pick that is already answered (fakes).
    pub fn ready(answer: Option<PathBuf>) -> Self {
        let (sender, receiver) = mpsc::sync_channel(1);
        // The receiver is alive right here.
        let _ = sender.send(answer);
        PendingPick(receiver)
    }

    /// `Some(answer)` once the person closed the dialog.
    pub fn poll(&self) -> Option<Option<PathBuf>> {
        match self.0.try_recv() {
            Ok(answer) => Some(answer),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => Some(None),
        }
    }
}

/// Asks the person for paths.
pub trait FilePicker {
    /// A file to save to, starting in `folder` with `file_name`.
    fn save_file(&self, folder: &Path, file_name: &str) -> PendingPick;
    /// A folder.
    fn pick_folder(&self, folder: &Path) -> PendingPick;
}

/// The desktop's dialog (XDG portal, else zenity; nothing if neither).
pub struct PortalFilePicker;

fn on_dialog_thread(ask: impl FnOnce() -> Option<PathBuf> + Send + 'static) -> PendingPick {
    let (sender, receiver) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("ferry-file-dialog".to_owned())
        .spawn(move || {
            let _ = sender.send(ask());
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot open the file dialog");
    }
    PendingPick(receiver)
}

impl FilePicker for PortalFilePicker {
    fn save_file(&self, folder: &Path, file_name: &str) -> PendingPick {
        let dialog = rfd::FileDialog::new()
            .set_directory(folder)
            .set_file_name(file_name);
        on_dialog_thread(move || dialog.save_file())
    }

    fn pick_folder(&self, folder: &Path) -> PendingPick {
        let dialog = rfd::FileDialog::new().set_directory(folder);
        on_dialog_thread(move || dialog.pick_folder())
    }
}

/// Answers every dialog with "canceled".
pub(super) struct NoFilePicker;

impl FilePicker for NoFilePicker {
    fn save_file(&self, _folder: &Path, _file_name: &str) -> PendingPick {
        PendingPick::ready(None)
    }

    fn pick_folder(&self, _folder: &Path) -> PendingPick {
        PendingPick::ready(None)
    }
}
