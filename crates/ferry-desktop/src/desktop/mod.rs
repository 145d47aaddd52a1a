//! The desktop around ferry: file dialogs (XDG portal through rfd), opening
//! files and folders, the clipboard, starting with the session, launching
//! the window, notifications, the tray icon, and the browser hand-off's
//! framing and manifests. Each sits behind a small trait so the window can
//! be tested without a desktop.

mod autostart;
pub mod browser;
mod clipboard;
mod file_dialog;
mod keyring;
mod launch;
mod notify;
mod open;
pub mod tray;

pub use autostart::{Autostart, NoAutostart, XdgAutostart};
pub use clipboard::{Clipboard, SystemClipboard};
pub use file_dialog::{
    FilePicker, PendingPick, PickSlot, PickState, PortalFilePicker, pick_notice,
};
pub use keyring::Keyring;
pub use launch::{launch_window, reap_in_background, sibling_program};
pub use notify::DesktopNotifier;
pub use open::{Opener, XdgOpener};

pub use crate::model::default_download_folder;

/// The desktop services the window uses.
pub struct DesktopServices {
    pub file_picker: Box<dyn FilePicker>,
    pub clipboard: Box<dyn Clipboard>,
    pub opener: Box<dyn Opener>,
    pub autostart: Box<dyn Autostart>,
    /// Whether a keyring (Secret Service) answers, where given secrets
    /// are kept; why not, in words.
    pub keyring_answers: fn() -> Result<(), String>,
}

impl DesktopServices {
    /// The real desktop.
    pub fn system() -> Self {
        DesktopServices {
            file_picker: Box::new(PortalFilePicker),
            clipboard: Box::new(SystemClipboard::new()),
            opener: Box::new(XdgOpener),
            autostart: Box::new(XdgAutostart::new(sibling_program("ferry"))),
            keyring_answers: Keyring::answers,
        }
    }

    /// No desktop: pickers return nothing, the clipboard is empty, opening
    /// does nothing, a keyring is taken to answer (tests, benchmarks).
    pub fn inert() -> Self {
        DesktopServices {
            file_picker: Box::new(file_dialog::NoFilePicker),
            clipboard: Box::new(clipboard::NoClipboard),
            opener: Box::new(open::NoOpener),
            autostart: Box::new(NoAutostart),
            keyring_answers: || Ok(()),
        }
    }
}

/// The desktop an engine tells when transfers end: notifications whose
/// click shows the transfer in the window of `state_dir`'s service.
pub fn engine_desktop(state_dir: &std::path::Path) -> crate::engine::completion::DesktopLink {
    let state_dir = state_dir.to_owned();
    let show_transfer = std::sync::Arc::new(move |transfer_id: crate::model::TransferId| {
        if let Err(error) = launch_window(&state_dir, &["--show", &transfer_id.to_string()]) {
            tracing::warn!(%error, "cannot open the window at the transfer");
        }
    });
    crate::engine::completion::DesktopLink(Some(std::sync::Arc::new(DesktopNotifier::new(
        show_transfer,
    ))))
}
