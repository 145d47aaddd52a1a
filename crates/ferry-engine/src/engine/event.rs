//! What the engine reports (engine -> caller).

use serde::{Deserialize, Serialize};

use crate::model::{
    ByteRange, CompletionGroup, PrefetchEntry, Progress, ResponseInfo, Settings, Status,
    SystemConditions, Transfer, TransferError, TransferGroup, TransferId,
};

/// A notification from the engine. The snapshot in
/// [`crate::engine::EngineHandle`] is the truth; events say what changed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// A transfer was created. Transfers loaded at start are in the snapshot.
    Added(Box<Transfer>),
    /// What was asked of a transfer changed (URL, headers, priority, cost
    /// policy, speed limit): the whole transfer as it is now.
    TransferChanged(Box<Transfer>),
    /// A transfer moved to another status; `error` says why for Error and
    /// paused statuses.
    StatusChanged {
        transfer_id: TransferId,
        status: Status,
        error: Option<TransferError>,
    },
    /// Progress of several transfers, batched a few times a second.
    Progress(Vec<(TransferId, Progress)>),
    /// A new response arrived (first response, restart, new URL).
    ResponseReceived {
        transfer_id: TransferId,
        info: Box<ResponseInfo>,
    },
    /// More of the file is durable on disk (Windows'
    /// `DownloadOperation.RangesDownloaded`): the ranges added since the
    /// last such event, and whether the download started over since then
    /// (earlier ranges are gone).
    RangesDownloaded {
        transfer_id: TransferId,
        added: Vec<ByteRange>,
        restarted: bool,
    },
    /// A transfer was removed from the list.
    Removed(TransferId),
    /// The settings changed.
    SettingsChanged(Box<Settings>),
    /// A group was created or changed (all groups, in creation order).
    GroupsChanged(Vec<TransferGroup>),
    /// A completion group was created, changed, fired or removed (all of
    /// them, in creation order).
    CompletionGroupsChanged(Vec<CompletionGroup>),
    /// The prefetch list changed: an entry was added, refreshed or
    /// removed (all of them, in the order they were added).
    PrefetchChanged(Vec<PrefetchEntry>),
    /// The network or the power supply changed (as the engine sees it).
    ConditionsChanged(Box<SystemConditions>),
    /// A command could not be carried out.
    CommandFailed {
        transfer_id: Option<TransferId>,
        error: String,
    },
    /// Events were dropped because the receiver was slow; re-read the
    /// snapshot.
    Lagged,
}
