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

pub mod multipart;
pub(crate) mod put;
pub(crate) mod tus;

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::model::{ResumableUpload, TransferError, TransferSpec};

use super::EngineConfig;
use super::net::HostSlots;
use super::net::cookies::CookieJar;
use super::net::request::AttemptFailure;
use super::net::retry::backoff_delay;
use super::rate::Limits;
use super::task::{Outcome, Reporter, TaskReport};

/// Everything an upload task needs, copied from the transfer when it starts.
pub(crate) struct UploadJob {
    pub spec: TransferSpec,
    pub config: Arc<EngineConfig>,
    pub client: crate::engine::net::HttpClient,
    /// The cookies given with the transfer, for every request it makes.
    pub cookies: CookieJar,
    pub host_slots: HostSlots,
    /// The speed limits its bytes obey.
    pub limits: Limits,
    /// Bytes an earlier attempt or run sent: the next one starts over.
    pub sent_before: u64,
    /// A resumable upload's place on the server, from an earlier run.
    pub resumable: Option<ResumableUpload>,
}

/// What the upload sends; a task without it fails (a bug).
pub(crate) fn source_of(job: &UploadJob) -> Result<crate::model::UploadSource, Outcome> {
    job.spec.upload_source().cloned().ok_or_else(|| {
        Outcome::Failed(TransferError::Internal {
            what: "an upload task without a file".to_owned(),
        })
    })
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
            .upload_source()
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

/// Sends an upload request, reporting `already_sent` plus what went out of
/// its body (`sent`, of `length` bytes) as it goes; a body that stops
/// moving for the stall timeout, or an answer later than the response
/// timeout, fails the attempt.
pub(crate) async fn send_watching(
    job: &UploadJob,
    reporter: &Reporter,
    request: reqwest::Request,
    sent: &std::sync::atomic::AtomicU64,
    length: u64,
    already_sent: u64,
) -> Result<reqwest::Response, AttemptFailure> {
    use std::sync::atomic::Ordering;
    let url = request.url().clone();
    let send = job.client.http().execute(request);
    tokio::pin!(send);
    let mut tick = tokio::time::interval(put::PROGRESS_INTERVAL);
    let mut last_reported = 0;
    let mut moved_at = tokio::time::Instant::now();
    loop {
        tokio::select! {
            biased;
            answered = &mut send => {
                let response = answered
                    .map_err(|error| super::net::request::request_failure(&error, &url, &job.client))?;
                return match super::net::request::proxy_refusal(&job.client, &url, &response) {
                    Some(refusal) => Err(refusal),
                    None => Ok(response),
                };
            }
            _ = tick.tick() => {
                let body_sent = sent.load(Ordering::Relaxed);
                if body_sent != last_reported {
                    last_reported = body_sent;
                    moved_at = tokio::time::Instant::now();
                    reporter
                        .send(TaskReport::Sent { bytes_sent: already_sent + body_sent })
                        .await;
                    continue;
                }
                let is_answer_awaited = body_sent >= length;
                let allowed = if is_answer_awaited {
                    job.config.response_timeout
                } else {
                    job.config.stall_timeout
                };
                if moved_at.elapsed() >= allowed {
                    return Err(AttemptFailure::retryable(if is_answer_awaited {
                        TransferError::NoResponse {
                            url: url.to_string(),
                            timeout_secs: allowed.as_secs(),
                        }
                    } else {
                        TransferError::Stalled {
                            secs: allowed.as_secs(),
                        }
                    }));
                }
            }
        }
    }
}
