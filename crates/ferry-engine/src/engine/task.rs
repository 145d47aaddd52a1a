//! What download and upload tasks tell the actor: [`TaskReport`]s over a
//! bounded channel, ending in one [`Outcome`]. A task never touches the
//! transfer table itself.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::model::{ByteRange, ResponseInfo, TransferError, TransferId, Validator};

/// What a task tells the engine.
#[derive(Debug)]
pub(crate) enum TaskReport {
    /// A response was accepted and its body is about to be written.
    Response {
        info: Box<ResponseInfo>,
        validator: Option<Validator>,
        total: Option<u64>,
        file_path: PathBuf,
        /// The bytes on disk were dropped and the download starts over.
        restarted: bool,
        /// For a restart or a new path: answered once the engine has saved
        /// it, so new bytes never sit under the old validator and no `.part`
        /// exists that the state does not know.
        durable_ack: Option<oneshot::Sender<()>>,
    },
    /// The download made its `.part` file: this is the file its bytes go
    /// to (a file found under that name later is not it).
    PartFileMade { identity: crate::model::PartFileId },
    /// The download waits for a connection to `host` (other downloads
    /// use all of them); `None` once it has one.
    WaitingForHost { host: Option<String> },
    /// Bytes received so far (not necessarily flushed).
    Progress { bytes_received: u64 },
    /// These byte ranges (all of them, not only new ones) are synced.
    Checkpoint { ranges: Vec<ByteRange> },
    /// Every byte arrived; only syncing and publishing are left (no
    /// network), so the transfer's slot can go to the next one.
    BodyComplete,
    /// Answered once the engine has saved what it was told so far.
    SaveRequested { ack: oneshot::Sender<()> },
    /// The attempt failed and the task will try again after `delay`.
    Retrying {
        delay: Duration,
        error: TransferError,
    },
    /// A response with no body to keep: a status the transfer treats as
    /// recoverable, or the answer to an upload.
    ResponseOnly { info: Box<ResponseInfo> },
    /// An upload (re)starts sending its file of `total` bytes from byte
    /// `resumed_at` (0 but for a resumable upload); `restarted` when the
    /// bytes sent before were lost.
    UploadStarted {
        total: u64,
        restarted: bool,
        resumed_at: u64,
    },
    /// A resumable upload was created on the server (a new one replaces
    /// the old): answered once the engine has saved it, so no byte goes to
    /// an upload the state does not know.
    ResumableCreated {
        upload: Box<crate::model::ResumableUpload>,
        durable_ack: oneshot::Sender<()>,
    },
    /// The server confirmed a resumable upload's bytes up to `offset`.
    ResumableOffset { offset: u64 },
    /// Bytes of an upload's file sent so far in this attempt.
    Sent { bytes_sent: u64 },
    /// The task ended.
    Done(Outcome),
}

/// How a download or upload task ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Every byte is in place under `final_path`.
    Completed { final_path: PathBuf },
    /// An upload's file was sent whole and the server accepted it.
    Uploaded,
    /// Failed for good.
    Failed(TransferError),
    /// Paused by a recoverable HTTP status.
    PausedRecoverable { status_code: u16 },
    /// Stopped because it was asked to (pause, cancel, shutdown).
    Stopped,
}

/// A task's line to the engine.
#[derive(Clone)]
pub(crate) struct Reporter {
    pub transfer_id: TransferId,
    pub sender: mpsc::Sender<(TransferId, TaskReport)>,
}

impl Reporter {
    pub async fn send(&self, report: TaskReport) {
        // A closed channel means the engine is gone; the task ends soon after.
        let _ = self.sender.send((self.transfer_id, report)).await;
    }
}
