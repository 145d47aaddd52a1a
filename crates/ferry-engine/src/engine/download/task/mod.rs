//! One download, HTTP(S) or FTP: the first request decides the file (size,
//! validator, name) and whether more connections may help; then the
//! connections of [`super::connection`] fetch their shares into the `.part`
//! file while this task makes the written ranges durable, reports progress,
//! retries what can be retried, and finally publishes the file under its
//! final name. Only the first request of an attempt is the protocol's own
//! (`attempt`: HTTP here, FTP in `ftp.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::engine::file_name::{name_from_content_disposition, name_from_url, part_path};
use crate::engine::net::request::{
    Ask, AttemptFailure, Requester, response_info, status_failure, validator_of,
};
use crate::engine::net::retry::backoff_delay;
use crate::engine::protocol::Protocol;
use crate::engine::task::{Outcome, Reporter, TaskReport};
use crate::model::{ByteRange, Destination, RangeSet, ResponseInfo, TransferError, Validator};

use super::DownloadJob;
use super::connection::{Run, RunParts, ShareSource, http_body};
use super::part_file::{FoundPart, NotOurs, PartFile, find_part};
use super::reservations::NameCheck;
use super::resume::{RangeAsk, Verdict, judge, response_facts};
use super::segments::SegmentPlan;

mod drive;
mod ftp;
mod part;
mod publish;
mod small_body;

use publish::sha256_of;

/// How often progress is reported to the engine (and more connections are
/// added when host slots became free).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);
/// Responses thrown away in a row (bad ranges, 416) before giving up.
const MAX_DISCARDS_IN_A_ROW: u32 = 3;
/// Bodies up to this size are read into memory and stored whole by the disk
/// thread: for them the trips to the disk cost more than the bytes.
const SMALL_BODY_BYTES: u64 = 64 * 1024;
/// Automatic connection count: one more connection per this many bytes left.
const BYTES_PER_AUTOMATIC_CONNECTION: u64 = 8 * 1024 * 1024;
/// The most one transfer may fetch, in copies of its size (plus
/// [`FETCH_SLACK_BYTES`]), before it fails: a server that breaks off every
/// response and ignores ranges would otherwise be downloaded forever.
const FETCH_BUDGET_COPIES: u64 = 4;
const FETCH_SLACK_BYTES: u64 = 1024 * 1024;
/// New bytes on disk an attempt must bring to reset the retry count.
const PROGRESS_BYTES: u64 = 64 * 1024;

/// Runs the download until it completes, fails for good, pauses on a
/// recoverable status, or is cancelled.
pub(crate) async fn run(
    job: DownloadJob,
    reporter: Reporter,
    cancel: CancellationToken,
) -> Outcome {
    let protocol = Protocol::of(&job.spec.url);
    let mut download = DownloadTask {
        ranges: RangeSet::from_ranges(&job.ranges),
        // A validator the protocol cannot check (another protocol's, the
        // URL since changed) is none: the bytes kept are not resumed.
        validator: job
            .validator
            .clone()
            .filter(|validator| match (protocol, validator) {
                (Some(Protocol::Ftp), Validator::SizeAndModified { .. }) => true,
                (Some(Protocol::Ftp), _) => false,
                (_, validator) => validator.as_if_range().is_some(),
            }),
        protocol,
        total: job.total,
        file_path: job.file_path.clone(),
        part_file: job.part_file,
        part_may_exist: job.file_path.is_some(),
        restart_pending: false,
        most_on_disk: 0,
        bytes_fetched: 0,
        ranges_refused: false,
        job,
        reporter,
        cancel,
    };
    download.run().await
}

struct DownloadTask {
    job: DownloadJob,
    /// The URL's protocol, which asks the first request of an attempt.
    protocol: Option<Protocol>,
    reporter: Reporter,
    cancel: CancellationToken,
    /// Ranges of the `.part` file that are this version's and durable.
    ranges: RangeSet,
    validator: Option<Validator>,
    total: Option<u64>,
    file_path: Option<PathBuf>,
    /// Which file the `.part` file ferry made is, once made.
    part_file: Option<crate::model::PartFileId>,
    /// A `.part` file of this transfer may be on disk: the path comes from
    /// an earlier attempt or run, or its name was chosen with the
    /// transfer's own `.part` file already there.
    part_may_exist: bool,
    /// The next accepted response replaces bytes that were on disk.
    restart_pending: bool,
    /// The most bytes of this version ever durable on disk in this run:
    /// an attempt made progress only if it went beyond (new bytes, not the
    /// same ones fetched again).
    most_on_disk: u64,
    /// Body bytes received by every attempt of this run, for the budget.
    bytes_fetched: u64,
    /// The server sent the whole file to a range request on another
    /// connection: one connection from now on.
    ranges_refused: bool,
}

/// How an attempt that did not fail ended.
enum AttemptEnd {
    /// Every byte arrived.
    BodyComplete,
    Stopped,
    Recoverable(u16),
    /// The response did not fit the bytes on disk and was thrown away.
    Discarded(String),
    /// A small body was stored and published whole (or refused by its
    /// checksum); the download ends so.
    Finished(Outcome),
}

impl DownloadTask {
    async fn run(&mut self) -> Outcome {
        if let Some(outcome) = self.already_published().await {
            return outcome;
        }
        if let Err(error) = self.reconcile_part_file().await {
            return Outcome::Failed(error);
        }
        if self.is_whole() {
            // Every byte was already durable (stopped before the rename).
            return self.finish().await;
        }
        let mut retry_index = 0;
        let mut discards_in_a_row = 0;
        loop {
            if self.cancel.is_cancelled() {
                return Outcome::Stopped;
            }
            match self.attempt().await {
                Ok(AttemptEnd::BodyComplete) => return self.finish().await,
                Ok(AttemptEnd::Finished(outcome)) => return outcome,
                Ok(AttemptEnd::Stopped) => return Outcome::Stopped,
                Ok(AttemptEnd::Recoverable(status_code)) => {
                    return Outcome::PausedRecoverable { status_code };
                }
                Ok(AttemptEnd::Discarded(reason)) => {
                    discards_in_a_row += 1;
                    if discards_in_a_row > MAX_DISCARDS_IN_A_ROW {
                        return Outcome::Failed(TransferError::ResponsesDoNotFit { reason });
                    }
                    if let Some(error) = self.over_fetch_budget() {
                        return Outcome::Failed(error);
                    }
                    tracing::warn!(transfer_id = %self.reporter.transfer_id, %reason, "discarded a response; starting over from zero");
                    self.forget_bytes_on_disk();
                    // Another version: its bytes are new.
                    self.most_on_disk = 0;
                }
                Err(failure) => {
                    if self.made_progress() {
                        retry_index = 0;
                        discards_in_a_row = 0;
                    }
                    if failure.is_retryable
                        && let Some(error) = self.over_fetch_budget()
                    {
                        return Outcome::Failed(error);
                    }
                    if !failure.is_retryable || retry_index >= self.job.config.max_retries {
                        return Outcome::Failed(failure.error);
                    }
                    let delay = backoff_delay(
                        retry_index,
                        failure.retry_after,
                        self.job.config.retry_base_delay,
                        self.job.config.retry_max_delay,
                    );
                    retry_index += 1;
                    self.reporter
                        .send(TaskReport::Retrying {
                            delay,
                            error: failure.error,
                        })
                        .await;
                    tokio::select! {
                        () = self.cancel.cancelled() => return Outcome::Stopped,
                        () = tokio::time::sleep(delay) => {}
                    }
                }
            }
        }
    }

    /// True when at least [`PROGRESS_BYTES`] more are durable than ever
    /// before in this run (and records the new mark): bytes fetched again,
    /// or a trickle, do not reset the retry count.
    fn made_progress(&mut self) -> bool {
        let on_disk = self.ranges.len();
        let is_progress = on_disk >= self.most_on_disk.saturating_add(PROGRESS_BYTES);
        self.most_on_disk = self.most_on_disk.max(on_disk);
        is_progress
    }

    /// The error to fail with once the attempts fetched more than
    /// [`FETCH_BUDGET_COPIES`] copies of the file.
    fn over_fetch_budget(&self) -> Option<TransferError> {
        let total = self.total?;
        let budget = total
            .saturating_mul(FETCH_BUDGET_COPIES)
            .saturating_add(FETCH_SLACK_BYTES);
        (self.bytes_fetched > budget).then_some(TransferError::FetchedTooMuch {
            fetched: self.bytes_fetched,
            total,
        })
    }

    /// True when every byte of a file of known size is durable.
    fn is_whole(&self) -> bool {
        self.total.is_some_and(|total| {
            total > 0
                && self.ranges.contains(ByteRange {
                    start: 0,
                    end: total,
                })
        })
    }

    /// A crash between publishing the file and saving `Completed` leaves the
    /// final file in place, no `.part`, and every byte recorded as durable:
    /// that transfer is complete, not to be downloaded again.
    async fn already_published(&self) -> Option<Outcome> {
        let file_path = self.file_path.as_ref()?;
        let total = self.total?;
        if !self.is_whole() {
            return None;
        }
        if tokio::fs::symlink_metadata(part_path(file_path))
            .await
            .is_ok()
        {
            return None;
        }
        let metadata = tokio::fs::metadata(file_path).await.ok()?;
        if !metadata.is_file() || metadata.len() != total {
            return None;
        }
        if let Some(expected) = &self.job.spec.sha256 {
            let actual = sha256_of(file_path).await?;
            if !actual.eq_ignore_ascii_case(expected) {
                return None;
            }
        }
        Some(Outcome::Completed {
            final_path: file_path.clone(),
        })
    }

    fn forget_bytes_on_disk(&mut self) {
        if !self.ranges.is_empty() || self.validator.is_some() {
            self.restart_pending = true;
        }
        self.ranges = RangeSet::default();
        self.validator = None;
        self.total = None;
    }

    /// The first byte not on disk.
    fn first_missing_byte(&self) -> u64 {
        self.ranges.end_of_run_at(0)
    }

    async fn attempt(&mut self) -> Result<AttemptEnd, AttemptFailure> {
        match self.protocol {
            Some(Protocol::Ftp) => self.ftp_attempt().await,
            _ => self.http_attempt().await,
        }
    }

    /// The attempt's first connection slot on the host. While other
    /// downloads hold them all, the transfer says it waits for one (and
    /// they give one back soon: `HostShare::is_waited_for`). `None` when
    /// stopped.
    pub(super) async fn first_host_slot(&mut self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let url = self.job.spec.url.clone();
        if let Some(slot) = self.job.host_slots.try_acquire(&url) {
            return Some(slot);
        }
        let host = url.host_str().unwrap_or_default().to_owned();
        self.reporter
            .send(TaskReport::WaitingForHost { host: Some(host) })
            .await;
        let slot = tokio::select! {
            () = self.cancel.cancelled() => None,
            slot = self.job.host_slots.acquire(&url) => Some(slot),
        };
        self.reporter
            .send(TaskReport::WaitingForHost { host: None })
            .await;
        slot
    }

    async fn http_attempt(&mut self) -> Result<AttemptEnd, AttemptFailure> {
        if !self.ranges.is_empty() && self.validator.is_none() {
            // Without a validator a resume could splice two versions.
            self.forget_bytes_on_disk();
        }
        let range_start = (!self.ranges.is_empty()).then(|| self.first_missing_byte());
        let Some(host_slot) = self.first_host_slot().await else {
            return Ok(AttemptEnd::Stopped);
        };
        let requester = Requester {
            client: &self.job.client,
            cookies: &self.job.cookies,
            spec: &self.job.spec,
            config: &self.job.config,
            cancel: &self.cancel,
        };
        let ask = Ask {
            range_start,
            validator: self.validator.as_ref(),
            ..Ask::default()
        };
        let Some((response, final_url)) = requester.send(ask).await? else {
            return Ok(AttemptEnd::Stopped);
        };
        let status_code = response.status().as_u16();
        let headers = response.headers().clone();
        let info = response_info(&final_url, status_code, &headers);
        if self.job.spec.recoverable_statuses.contains(&status_code) {
            self.report_recoverable(info).await;
            return Ok(AttemptEnd::Recoverable(status_code));
        }
        if status_code == 416 && range_start.is_some() {
            return Ok(AttemptEnd::Discarded(
                "the server cannot serve the rest of the file (416)".to_owned(),
            ));
        }
        if !(200..300).contains(&status_code) {
            return Err(status_failure(status_code, &headers));
        }
        let facts = response_facts(status_code, &headers);
        let range_ask = RangeAsk {
            range_start,
            validator: self.validator.as_ref(),
            expected_total: self.total,
        };
        match judge(&range_ask, &facts) {
            Verdict::Append { total } => self.total = Some(total),
            Verdict::Fresh => {
                self.ranges = RangeSet::default();
                self.total = response.content_length();
                self.validator = validator_of(facts.etag, facts.last_modified);
            }
            Verdict::StartOver => {
                let promised_total = self.total;
                let validator = validator_of(facts.etag, facts.last_modified);
                let is_same_version = validator.is_some() && validator == self.validator;
                self.forget_bytes_on_disk();
                // A body of unknown length of the version on disk must
                // still be as long as that version.
                self.total = response
                    .content_length()
                    .or(promised_total.filter(|_| is_same_version));
                self.validator = validator;
            }
            Verdict::Broken(reason) => {
                return Err(AttemptFailure::fatal(TransferError::ResponseRejected {
                    reason,
                }));
            }
            Verdict::Changed(reason) => return Ok(AttemptEnd::Discarded(reason)),
            Verdict::Reject(reason) if range_start.is_some() => {
                return Ok(AttemptEnd::Discarded(reason));
            }
            Verdict::Reject(reason) => {
                return Err(AttemptFailure::retryable(TransferError::ResponseRejected {
                    reason,
                }));
            }
        }
        let path_is_new = self.file_path.is_none();
        let small_total = self.total.filter(|&total| {
            total <= SMALL_BODY_BYTES && self.ranges.is_empty() && !self.restart_pending
        });
        // A small body is linked under its name, which never replaces a
        // file: a recent listing of the folder may choose the name.
        let check = match small_total {
            Some(_) => NameCheck::ListingWillDo,
            None => NameCheck::OnDisk,
        };
        let file_path = self.file_path_for(&headers, &final_url, check)?;
        if let Some(total) = small_total {
            return self
                .fetch_small(response, host_slot, info, file_path, path_is_new, total)
                .await;
        }
        let wanted_connections = self.connection_count(&info);
        let part = self.accept_response(info, file_path, path_is_new).await?;
        let source = ShareSource::Http {
            client: self.job.client.clone(),
            cookies: self.job.cookies.clone(),
        };
        let run = self.new_run(source, part, wanted_connections);
        let Some(first_share) = run.assign() else {
            // Nothing to fetch (an empty file).
            return Ok(AttemptEnd::BodyComplete);
        };
        debug_assert_eq!(first_share.start, self.first_missing_byte());
        self.drive(
            run,
            first_share,
            http_body(response),
            host_slot,
            wanted_connections,
        )
        .await
    }

    /// How many connections this file deserves: what was asked for, or for
    /// automatic, one per 8 MiB left up to the setting; one when the server
    /// cannot serve ranges of this exact version.
    fn connection_count(&self, info: &ResponseInfo) -> usize {
        let Some(total) = self.total else {
            return 1;
        };
        if self.ranges_refused || !info.is_resumable || self.validator.is_none() {
            return 1;
        }
        let wanted = match self.job.connections {
            Some(connections) => u64::from(connections),
            None => {
                let left = total.saturating_sub(self.ranges.len());
                (left / BYTES_PER_AUTOMATIC_CONNECTION)
                    .clamp(1, u64::from(self.job.automatic_connections_up_to.max(1)))
            }
        };
        usize::try_from(wanted.max(1)).unwrap_or(1)
    }

    async fn report_recoverable(&self, info: ResponseInfo) {
        self.reporter
            .send(TaskReport::ResponseOnly {
                info: Box::new(info),
            })
            .await;
    }

    /// The connections' shared state for this attempt: the plan of what
    /// is left, fetched from `source` into `part`.
    fn new_run(&self, source: ShareSource, part: PartFile, wanted_connections: usize) -> Arc<Run> {
        let plan = SegmentPlan::new(
            self.total.unwrap_or(u64::MAX),
            self.ranges.ranges(),
            self.job.config.min_share_bytes,
            wanted_connections as u64,
        );
        Arc::new(Run::new(
            RunParts {
                source,
                spec: self.job.spec.clone(),
                config: Arc::clone(&self.job.config),
                validator: self.validator.clone(),
                total: self.total,
                part,
                stop: self.cancel.child_token(),
                live: Arc::clone(&self.job.live),
                limits: self.job.limits.clone(),
                host: self.job.host_slots.share_of(&self.job.spec.url),
            },
            plan,
        ))
    }

    /// Opens the `.part` file for the accepted response and tells the
    /// engine and readers about it. A restart must be saved before old
    /// bytes are cut. A new path need not wait: the `.part` file carries
    /// the transfer's id, so after a crash the transfer finds it again
    /// (without that tag, no byte is written before the path is saved).
    /// Only a save the task waits for is asked for: each one costs a
    /// write of the whole state.
    async fn accept_response(
        &mut self,
        info: ResponseInfo,
        file_path: PathBuf,
        path_is_new: bool,
    ) -> Result<PartFile, AttemptFailure> {
        let part_file_path = part_path(&file_path);
        let part = if self.restart_pending {
            self.announce_response(info, file_path, true).await;
            self.open_part_file(&part_file_path).await?.0
        } else {
            let (part, is_tagged) = self.open_part_file(&part_file_path).await?;
            self.announce_response(info, file_path, path_is_new && !is_tagged)
                .await;
            part
        };
        self.job.live.update(|availability| {
            availability.total = self.total;
            availability.part_path = Some(part_file_path.clone());
        });
        Ok(part)
    }

    /// Tells the engine about the accepted response; with `wait_until_saved`,
    /// returns only once the engine has saved it.
    async fn announce_response(
        &mut self,
        info: ResponseInfo,
        file_path: PathBuf,
        wait_until_saved: bool,
    ) {
        let restarted = std::mem::take(&mut self.restart_pending);
        let (ack_sender, ack_receiver) = if wait_until_saved {
            let (sender, receiver) = oneshot::channel();
            (Some(sender), Some(receiver))
        } else {
            (None, None)
        };
        self.reporter
            .send(TaskReport::Response {
                info: Box::new(info),
                validator: self.validator.clone(),
                total: self.total,
                file_path,
                restarted,
                durable_ack: ack_sender,
            })
            .await;
        if let Some(saved) = ack_receiver {
            // An error means the engine is gone; the task is cancelled then.
            let _ = saved.await;
        }
    }
}
