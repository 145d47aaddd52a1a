//! Uploads: one local file sent as the body of a PUT or POST ([`put`]),
//! or as a resumable upload ([`tus`]). An upload task speaks the download tasks' [`TaskReport`]s
//! (`UploadStarted`, `Sent`, `ResponseOnly`, `Done`) and obeys the same
//! scheduler, policies and per-host connection cap; its bytes draw from the
//! global upload limit and the transfer's own limit.
//!
//! An interrupted PUT or POST starts over from the first byte (with
//! `has_restarted`): they have no way to continue. A resumable upload asks
//! the server where it stands and continues from there.
//!
//! [`TaskReport`]: super::download::TaskReport

pub(crate) mod multipart;
pub(crate) mod put;
pub(crate) mod tus;

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::model::{ResumableUpload, TransferError, TransferSpec};

use super::EngineConfig;
use super::net::HostSlots;
use super::net::request::AttemptFailure;
use super::net::retry::backoff_delay;
use super::rate::Limits;
use super::task::{Outcome, Reporter, TaskReport};

/// Everything an upload task needs, copied from the transfer when it starts.
pub(crate) struct UploadJob {
    pub spec: TransferSpec,
    pub config: Arc<EngineConfig>,
    pub client: reqwest::Client,
    pub host_slots: HostSlots,
    /// The speed limits its bytes obey.
    pub limits: Limits,
    /// Bytes an earlier attempt or run sent: the next one starts over.
    pub sent_before: u64,
    /// A resumable upload's place on the server, from an earlier run.
    pub resumable: Option<ResumableUpload>,
}

/// One way of sending a file, attempt after attempt.
pub(crate) trait Attempt {
    /// Sends the file once; `restarted` when an earlier attempt failed.
    fn attempt(
        &mut self,
        restarted: bool,
    ) -> impl Future<Output = Result<Outcome, AttemptFailure>> + Send;
}

/// Runs `upload`'s attempts until one gives an outcome, retrying what can
/// be retried with backoff.
pub(crate) async fn run_attempts(
    job: &UploadJob,
    reporter: &Reporter,
    cancel: &CancellationToken,
    mut restarted: bool,
    upload: &mut impl Attempt,
) -> Outcome {
    let mut retry_index = 0;
    loop {
        if cancel.is_cancelled() {
            return Outcome::Stopped;
        }
        let failure = match upload.attempt(restarted).await {
            Ok(outcome) => return outcome,
            // Whatever an attempt cut by a stop says, it stopped.
            Err(_) if cancel.is_cancelled() => return Outcome::Stopped,
            Err(failure) => failure,
        };
        // A POST is not sent twice by ferry on its own (the server may
        // have acted on the first): what another method would retry
        // fails it, saying so.
        let is_post = job
            .spec
            .upload
            .as_ref()
            .is_some_and(|upload| upload.method.is_post());
        if failure.is_retryable && is_post {
            return Outcome::Failed(TransferError::PostNotRepeated {
                cause: Box::new(failure.error),
            });
        }
        if !failure.is_retryable || retry_index >= job.config.max_retries {
            return Outcome::Failed(failure.error);
        }
        let delay = backoff_delay(
            retry_index,
            failure.retry_after,
            job.config.retry_base_delay,
            job.config.retry_max_delay,
        );
        retry_index += 1;
        restarted = true;
        reporter
            .send(TaskReport::Retrying {
                delay,
                error: failure.error,
            })
            .await;
        tokio::select! {
            () = cancel.cancelled() => return Outcome::Stopped,
            () = tokio::time::sleep(delay) => {}
        }
    }
}
