//! What a person can do to transfers, with the label and tooltip shown for
//! each, so the toolbar, the context menu, shortcuts and tests agree.

use crate::model::{Status, Transfer};
use ferry_i18n::tr;

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

    pub fn text_and_tooltip(self) -> (String, String) {
        match self {
            UiAction::AddDownload => (tr!("action-add-download"), tr!("action-add-download-tip")),
            UiAction::AddUpload => (tr!("action-add-upload"), tr!("action-add-upload-tip")),
            UiAction::Pause => (tr!("action-pause"), tr!("action-pause-tip")),
            UiAction::Resume => (tr!("action-resume"), tr!("action-resume-tip")),
            UiAction::Cancel => (tr!("action-cancel"), tr!("action-cancel-tip")),
            UiAction::Remove => (tr!("action-remove"), tr!("action-remove-tip")),
            UiAction::OpenFile => (tr!("action-open-file"), tr!("action-open-file-tip")),
            UiAction::OpenWhileDownloading => (
                tr!("action-open-while-downloading"),
                tr!("action-open-while-downloading-tip"),
            ),
            UiAction::OpenFolder => (tr!("action-open-folder"), tr!("action-open-folder-tip")),
            UiAction::CopyUrl => (tr!("action-copy-url"), tr!("action-copy-url-tip")),
            UiAction::SetUrl => (tr!("action-set-url"), tr!("action-set-url-tip")),
            UiAction::Credentials => (tr!("action-credentials"), tr!("action-credentials-tip")),
            UiAction::DownloadNext => {
                (tr!("action-download-next"), tr!("action-download-next-tip"))
            }
            UiAction::WhenDone => (tr!("action-when-done"), tr!("action-when-done-tip")),
            UiAction::Settings => (tr!("action-settings"), tr!("action-settings-tip")),
            UiAction::ShowMonitor => (tr!("action-monitor"), tr!("action-monitor-tip")),
        }
    }

    pub fn text(self) -> String {
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
