//! "Save as…", "Choose folder…" and "Choose files…" through the desktop's
//! file dialog. rfd
//! talks to the XDG desktop portal (or zenity); the dialog runs on its own
//! thread so the window never blocks. A dialog that cannot be shown, or
//! does not answer for a while, is said so: the path can always be typed.

use ferry_i18n::tr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An answer with nothing in it sooner than this came from no dialog at
/// all: nobody closes a file dialog that fast.
const TOO_SOON_TO_BE_A_PERSON: Duration = Duration::from_millis(400);
/// After this long without an answer the dialog may never have appeared
/// (a portal without a backend): the window says the path can be typed.
const SLOW_DIALOG: Duration = Duration::from_secs(8);

/// Where a dialog stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickState {
    /// No answer yet; `is_slow` once it took long enough that the dialog
    /// may not have appeared.
    Waiting { is_slow: bool },
    /// What the person chose: one path, or several for "Choose files…".
    Picked(Vec<PathBuf>),
    /// The person closed the dialog without a choice.
    Canceled,
    /// No dialog could be shown (no XDG desktop portal, no zenity).
    Unavailable,
}

/// The answer to a dialog, arriving later.
pub struct PendingPick {
    answer: mpsc::Receiver<Option<Vec<PathBuf>>>,
    /// When the dialog was asked for; `None` for an answer given at once
    /// on purpose (a stand-in picker's).
    asked_at: Option<Instant>,
}

impl PendingPick {
    /// A pick that is already answered (stand-in pickers).
    pub fn ready(answer: Option<Vec<PathBuf>>) -> Self {
        let (sender, receiver) = mpsc::sync_channel(1);
        // The receiver is alive right here.
        let _ = sender.send(answer.filter(|paths| !paths.is_empty()));
        PendingPick {
            answer: receiver,
            asked_at: None,
        }
    }

    /// A pick no dialog can answer.
    pub fn unavailable() -> Self {
        let (_, receiver) = mpsc::sync_channel(1);
        PendingPick {
            answer: receiver,
            asked_at: None,
        }
    }

    /// Where the dialog stands now; an answer is given once.
    pub fn state(&self) -> PickState {
        match self.answer.try_recv() {
            Ok(Some(paths)) => PickState::Picked(paths),
            Ok(None) => match self.asked_at {
                Some(asked_at) if asked_at.elapsed() < TOO_SOON_TO_BE_A_PERSON => {
                    PickState::Unavailable
                }
                _ => PickState::Canceled,
            },
            Err(mpsc::TryRecvError::Empty) => PickState::Waiting {
                is_slow: self
                    .asked_at
                    .is_some_and(|asked_at| asked_at.elapsed() >= SLOW_DIALOG),
            },
            Err(mpsc::TryRecvError::Disconnected) => PickState::Unavailable,
        }
    }
}

/// A dialog's outstanding pick: what it is for (`K`), the answer to come,
/// and what to tell the person meanwhile. Each dialog that picks paths
/// polls one.
pub struct PickSlot<K> {
    pending: Option<(K, PendingPick)>,
    notice: Option<String>,
}

impl<K> Default for PickSlot<K> {
    fn default() -> Self {
        PickSlot {
            pending: None,
            notice: None,
        }
    }
}

impl<K> PickSlot<K> {
    /// Waits for `pending`, which is for `purpose` (replacing any other).
    pub fn start(&mut self, purpose: K, pending: PendingPick) {
        self.pending = Some((purpose, pending));
        self.notice = None;
    }

    /// The purpose and the chosen paths once the person chose; keeps the
    /// notice current. A cancel ends the wait with nothing.
    pub fn poll(&mut self) -> Option<(K, Vec<PathBuf>)> {
        let state = self.pending.as_ref()?.1.state();
        self.notice = pick_notice(&state);
        if matches!(state, PickState::Waiting { .. }) {
            return None;
        }
        let (purpose, _) = self.pending.take()?;
        match state {
            PickState::Picked(paths) => Some((purpose, paths)),
            _ => None,
        }
    }

    /// What to tell the person about the dialog, if anything.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }
}

/// What a dialog says about the file dialog it is waiting for or could not
/// show; `None` while there is nothing to say.
pub fn pick_notice(state: &PickState) -> Option<String> {
    match state {
        PickState::Waiting { is_slow: true } => Some(tr!("file-dialog-waiting")),
        PickState::Unavailable => Some(tr!("file-dialog-unavailable")),
        _ => None,
    }
}

/// Asks the person for paths.
pub trait FilePicker {
    /// A file to save to, starting in `folder` with `file_name`.
    fn save_file(&self, folder: &Path, file_name: &str) -> PendingPick;
    /// A folder.
    fn pick_folder(&self, folder: &Path) -> PendingPick;
    /// One or more files to send, starting in `folder`.
    fn pick_files(&self, folder: &Path) -> PendingPick;
}

/// The desktop's dialog (XDG portal, else zenity; nothing if neither).
pub struct PortalFilePicker;

fn on_dialog_thread(ask: impl FnOnce() -> Option<Vec<PathBuf>> + Send + 'static) -> PendingPick {
    let (sender, receiver) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("ferry-file-dialog".to_owned())
        .spawn(move || {
            let _ = sender.send(ask());
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot open the file dialog");
    }
    PendingPick {
        answer: receiver,
        asked_at: Some(Instant::now()),
    }
}

impl FilePicker for PortalFilePicker {
    fn save_file(&self, folder: &Path, file_name: &str) -> PendingPick {
        let dialog = rfd::FileDialog::new()
            .set_directory(folder)
            .set_file_name(file_name);
        on_dialog_thread(move || dialog.save_file().map(|path| vec![path]))
    }

    fn pick_folder(&self, folder: &Path) -> PendingPick {
        let dialog = rfd::FileDialog::new().set_directory(folder);
        on_dialog_thread(move || dialog.pick_folder().map(|path| vec![path]))
    }

    fn pick_files(&self, folder: &Path) -> PendingPick {
        let dialog = rfd::FileDialog::new()
            .set_directory(folder)
            .set_title(tr!("file-dialog-upload-title"));
        on_dialog_thread(move || dialog.pick_files())
    }
}

/// No desktop dialogs: every pick is unavailable.
pub(super) struct NoFilePicker;

impl FilePicker for NoFilePicker {
    fn save_file(&self, _folder: &Path, _file_name: &str) -> PendingPick {
        PendingPick::unavailable()
    }

    fn pick_folder(&self, _folder: &Path) -> PendingPick {
        PendingPick::unavailable()
    }

    fn pick_files(&self, _folder: &Path) -> PendingPick {
        PendingPick::unavailable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(at: Instant, answer: Option<Option<Vec<PathBuf>>>) -> PendingPick {
        let (sender, receiver) = mpsc::sync_channel(1);
        if let Some(answer) = answer {
            let _ = sender.send(answer);
        }
        std::mem::forget(sender);
        PendingPick {
            answer: receiver,
            asked_at: Some(at),
        }
    }

    #[test]
    fn an_empty_answer_at_once_means_no_dialog_and_a_late_one_a_cancel() {
        let now = Instant::now();
        assert_eq!(asked(now, Some(None)).state(), PickState::Unavailable);
        let earlier = now - Duration::from_secs(2);
        assert_eq!(asked(earlier, Some(None)).state(), PickState::Canceled);
        assert_eq!(
            asked(earlier, Some(Some(vec!["/tmp/x".into()]))).state(),
            PickState::Picked(vec!["/tmp/x".into()])
        );
        assert_eq!(
            asked(now, None).state(),
            PickState::Waiting { is_slow: false }
        );
        let long_ago = now - SLOW_DIALOG - Duration::from_secs(1);
        let slow = asked(long_ago, None).state();
        assert_eq!(slow, PickState::Waiting { is_slow: true });
        assert!(pick_notice(&slow).is_some());
        assert_eq!(PendingPick::unavailable().state(), PickState::Unavailable);
        assert_eq!(PendingPick::ready(None).state(), PickState::Canceled);
    }
}
