//! Downloads: the HTTP task and the pure rules it follows (file names, the
//! resume decision, redirects, retries). The task reports to the engine
//! through [`TaskReport`]s and never touches the transfer table itself;
//! upload tasks (`engine::upload`) speak the same [`TaskReport`]s.

mod connection;
mod disk_thread;
pub mod filename;
mod host_slots;
pub(crate) mod http;
pub mod live;
mod part_file;
pub mod redirect;
pub(crate) mod request;
mod reservations;
pub mod resume;
pub mod retry;
pub mod segments;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use super::EngineConfig;
use super::rate::Limits;
use crate::model::{ByteRange, ResponseInfo, TransferId, TransferSpec, Validator};
pub(crate) use disk_thread::DiskThread;
pub(crate) use host_slots::HostSlots;
use live::LiveFile;
pub(crate) use reservations::PathReservations;

/// Everything a download task needs, copied from the transfer when it starts.
pub(crate) struct DownloadJob {
    pub spec: TransferSpec,
    pub validator: Option<Validator>,
    /// Byte ranges of the `.part` file that are durable.
    pub ranges: Vec<ByteRange>,
    pub total: Option<u64>,
    pub file_path: Option<PathBuf>,
    /// Connections asked for; `None` for automatic.
    pub connections: Option<u32>,
    /// The most connections the automatic choice opens.
    pub automatic_connections_up_to: u32,
    pub config: Arc<EngineConfig>,
    pub client: reqwest::Client,
    pub reservations: PathReservations,
    pub host_slots: HostSlots,
    pub disk: DiskThread,
    pub live: Arc<LiveFile>,
    /// The speed limits its connections obey.
    pub limits: Limits,
}

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
    Retrying { delay: Duration, error: String },
    /// A response with no body to keep: a status the transfer treats as
    /// recoverable, or the answer to an upload.
    ResponseOnly { info: Box<ResponseInfo> },
    /// An upload (re)starts sending its file of `total` bytes from the
    /// first byte; `restarted` when bytes were sent before.
    UploadStarted { total: u64, restarted: bool },
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
    /// Failed for good; the words say why and what to do.
    Failed(String),
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

/// The error and its sources, joined: "error sending request: connection refused".
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut words = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !words.contains(&text) {
            words.push_str(": ");
            words.push_str(&text);
        }
        source = cause.source();
    }
    words
}
