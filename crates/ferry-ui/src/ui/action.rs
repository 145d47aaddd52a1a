//! What a person can do to transfers, with the label and tooltip shown for
//! each, so the toolbar, the context menu, shortcuts and tests agree.

use crate::model::{Status, Transfer};

/// An action on the selected transfer (or the window).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiAction {
    AddDownload,
    AddUpload,
    Pause,
    Resume,
    Cancel,
    Remove,
    OpenFile,
    /// Play or read a download before it ends (the service streams it).
    OpenWhileDownloading,
    OpenFolder,
    CopyUrl,
    SetUrl,
    Credentials,
    DownloadNext,
    WhenDone,
    Settings,
    ShowMonitor,
}

impl UiAction {
    /// Actions on one transfer, in menu order.
    pub const ON_TRANSFER: [UiAction; 12] = [
        UiAction::Pause,
        UiAction::Resume,
        UiAction::Cancel,
        UiAction::Remove,
        UiAction::OpenFile,
        UiAction::OpenWhileDownloading,
        UiAction::OpenFolder,
        UiAction::CopyUrl,
        UiAction::SetUrl,
        UiAction::Credentials,
        UiAction::DownloadNext,
        UiAction::WhenDone,
    ];

    /// Whether the toolbar shows it (the rarer ones are in the row menu
    /// only).
    pub fn is_in_toolbar(self) -> bool {
        !matches!(
            self,
            UiAction::Credentials | UiAction::WhenDone | UiAction::OpenWhileDownloading
        )
    }

    pub fn text_and_tooltip(self) -> (&'static str, &'static str) {
        match self {
            UiAction::AddDownload => ("Add download…", "Download a URL (Ctrl+N)"),
            UiAction::AddUpload => (
                "Add upload…",
                "Send files: PUT, POST, a multipart form or a resumable upload (Ctrl+U; or drop files on the window)",
            ),
            UiAction::Pause => ("Pause", "Pause, keeping what was downloaded (Space)"),
            UiAction::Resume => ("Resume", "Continue where it stopped (Space)"),
            UiAction::Cancel => ("Cancel", "Stop and delete the partial file"),
            UiAction::Remove => (
                "Remove",
                "Remove from the list; a finished file stays (Delete)",
            ),
            UiAction::OpenFile => ("Open file", "Open the downloaded file"),
            UiAction::OpenWhileDownloading => (
                "Open while downloading",
                "Play or read it before it ends: your player gets it from ferry, and what it asks for comes first",
            ),
            UiAction::OpenFolder => ("Open folder", "Open the folder that holds the file"),
            UiAction::CopyUrl => ("Copy URL", "Copy the URL to the clipboard"),
            UiAction::SetUrl => ("Set URL…", "Give a fresh URL, e.g. after a link expired"),
            UiAction::Credentials => (
                "Credentials…",
                "Give the user name and password for the server (kept in memory only)",
            ),
            UiAction::DownloadNext => (
                "Download next",
                "Move it to the front of its group; in a one-at-a-time group the running one waits",
            ),
            UiAction::WhenDone => (
                "When these finish…",
                "Notify, open the folder or run a program once they all ended (Ctrl+click picks several)",
            ),
            UiAction::Settings => (
                "Settings…",
                "Folder, speed limit, network and battery, notifications, theme",
            ),
            UiAction::ShowMonitor => (
                "Monitor",
                "A small always-on-top window with the running transfers",
            ),
        }
    }

    pub fn text(self) -> &'static str {
        self.text_and_tooltip().0
    }

    /// Whether the action makes sense for `transfer`: the one rule the
    /// toolbar, the row menu and the shortcuts follow.
    pub fn is_enabled_for(self, transfer: &Transfer) -> bool {
        let status = transfer.status;
        match self {
            UiAction::Pause => matches!(status, Status::Running | Status::Idle),
            UiAction::Resume => status.is_paused() || status == Status::Error,
            UiAction::Cancel => !status.is_terminal(),
            UiAction::Remove | UiAction::CopyUrl | UiAction::OpenFolder => true,
            UiAction::OpenFile => status == Status::Completed && transfer.file_path.is_some(),
            UiAction::OpenWhileDownloading => !transfer.spec.is_upload() && !status.is_terminal(),
            UiAction::SetUrl | UiAction::Credentials => {
                !matches!(status, Status::Completed | Status::Canceled)
            }
            UiAction::DownloadNext => transfer.spec.group.is_some() && !status.is_terminal(),
            UiAction::WhenDone
            | UiAction::AddDownload
            | UiAction::AddUpload
            | UiAction::Settings
            | UiAction::ShowMonitor => true,
        }
    }
}
