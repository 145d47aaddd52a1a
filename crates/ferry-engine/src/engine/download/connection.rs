//! The connections of one download attempt. Each connection takes a share of
//! the file from the [`SegmentPlan`], asks for it where its protocol lets
//! it start (an HTTP range request checked like a single download: status,
//! Content-Range start, end and total, validator; FTP's REST after the
//! validator was checked), and writes the bytes at their offset in the
//! shared `.part` file. When its share is done it goes on into the next one if
//! nobody has bytes of it yet (the plan decides), else it takes another
//! (half of the largest one left). A response that shows the file changed
//! stops every connection: the download starts over, never mixing two
//! versions.

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt};
use tokio::sync::{Notify, OwnedSemaphorePermit};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::engine::EngineConfig;
use crate::engine::net::HostShare;
use crate::engine::net::request::{
    Ask, AttemptFailure, Requester, response_info, status_failure, validator_of,
};
use crate::engine::rate::Limits;
use crate::model::{ByteRange, RangeSet, ResponseInfo, TransferError, TransferSpec, Validator};

use super::live::LiveFile;
use super::part_file::{PartFile, ShareWriter};
use super::resume::{RangeAsk, Verdict, judge, response_facts};
use super::segments::{ActiveSegment, SegmentId, SegmentPlan};
use super::speed_floor::SpeedFloor;

/// After this many bytes handed to the kernel since the last sync, a sync is
/// due whatever the time (so a crash loses little even on fast links).
pub(super) const CHECKPOINT_BYTES: u64 = 64 * 1024 * 1024;

/// A share's bytes as they arrive, whatever the protocol; an error is its
/// cause in words.
pub(super) type ShareBody = Pin<Box<dyn Stream<Item = Result<Bytes, String>> + Send>>;

/// An HTTP response's body as a [`ShareBody`].
pub(super) fn http_body(response: reqwest::Response) -> ShareBody {
    Box::pin(
        response
            .bytes_stream()
            .map_err(|error| crate::engine::net::error_chain(&error)),
    )
}

/// Where the connections of a run fetch their shares.
pub(super) enum ShareSource {
    /// Range requests, with the transfer's cookies.
    Http {
        client: crate::engine::net::HttpClient,
        cookies: crate::engine::net::cookies::CookieJar,
    },
    /// REST and RETR on a connection of its own per share.
    Ftp(super::ftp::FtpSource),
}

/// What every connection of one attempt shares.
pub(super) struct Run {
    /// What stays the same for the whole attempt.
    pub fixed: RunParts,
    /// Woken when enough bytes were written that a sync is due.
    pub sync_wanted: Notify,
    /// Connections of this attempt running now.
    open_connections: AtomicUsize,
    state: Mutex<RunState>,
}

struct RunState {
    plan: SegmentPlan,
    /// Bytes handed to the kernel (readable, not yet necessarily durable).
    written: RangeSet,
    written_since_sync: u64,
    /// Why every connection stopped to start over, if one found the file
    /// changed.
    restart: Option<String>,
    /// The server answered a range request with the whole file.
    ranges_refused: bool,
}

/// How a connection ended.
#[derive(Debug)]
pub(super) enum ConnectionEnd {
    /// No share is left that is worth a connection.
    NothingLeft,
    Stopped,
    /// The body of unknown length ended at `end`: the file is whole.
    BodyEnded {
        end: u64,
    },
    Failed(AttemptFailure),
    Recoverable {
        status_code: u16,
        info: Box<ResponseInfo>,
    },
    /// A response that did not fit was thrown away unread.
    Discarded(String),
    /// It gave its slot to a download waiting for the host; what it had
    /// not fetched went back to the plan.
    Yielded,
}

/// How streaming one share ended.
enum ShareEnd {
    Finished,
    Stopped,
    BodyEnded {
        end: u64,
    },
    /// Stopped part way to give the host's slot to a waiting download.
    Yielded,
}

impl Run {
    pub fn new(fixed: RunParts, plan: SegmentPlan) -> Run {
        let written = plan.received().clone();
        fixed.live.set_readable(written.clone());
        Run {
            fixed,
            sync_wanted: Notify::new(),
            open_connections: AtomicUsize::new(0),
            state: Mutex::new(RunState {
                plan,
                written,
                written_since_sync: 0,
                restart: None,
                ranges_refused: false,
            }),
        }
    }

    /// Whether this connection gives its slot back now: another download
    /// waits for the host, and this attempt keeps at least one connection
    /// (the one that says yes is no longer counted as open).
    fn should_yield(&self) -> bool {
        self.fixed.host.is_waited_for()
            && self
                .open_connections
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |open| {
                    (open > 1).then(|| open - 1)
                })
                .is_ok()
    }

    fn state(&self) -> MutexGuard<'_, RunState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn assign(&self) -> Option<ActiveSegment> {
        let mut state = self.state();
        if state.restart.is_some() {
            return None;
        }
        state.plan.assign()
    }

    /// A share starting where a reader waits, if that byte is neither on
    /// disk nor about to arrive.
    pub fn assign_at(&self, position: u64) -> Option<ActiveSegment> {
        let mut state = self.state();
        if state.restart.is_some() || state.ranges_refused {
            return None;
        }
        state.plan.assign_at(position)
    }

    /// Returns the rest of a share nobody fetches any more.
    pub fn abandon(&self, segment_id: SegmentId) {
        self.state().plan.abandon(segment_id);
    }

    /// Bytes received (in memory or on disk).
    pub fn bytes_received(&self) -> u64 {
        self.state().plan.received().len()
    }

    pub fn is_complete(&self) -> bool {
        self.state().plan.is_complete()
    }

    /// Whether more connections could help: shares left to take.
    pub fn has_work_for_more(&self) -> bool {
        let state = self.state();
        !state.ranges_refused && state.restart.is_none() && !state.plan.is_complete()
    }

    pub fn restart_reason(&self) -> Option<String> {
        self.state().restart.clone()
    }

    pub fn ranges_refused(&self) -> bool {
        self.state().ranges_refused
    }

    /// What was handed to the kernel so far; syncing now makes it durable.
    pub fn written_for_sync(&self) -> RangeSet {
        let mut state = self.state();
        state.written_since_sync = 0;
        state.written.clone()
    }

    fn record(&self, segment_id: SegmentId, bytes: u64) -> (u64, bool) {
        self.state().plan.record(segment_id, bytes)
    }

    fn mark_written(&self, range: Option<ByteRange>) {
        let Some(range) = range else {
            return;
        };
        let sync_is_due = {
            let mut state = self.state();
            state.written.insert(range);
            state.written_since_sync += range.len();
            self.fixed.live.set_readable(state.written.clone());
            state.written_since_sync >= CHECKPOINT_BYTES
        };
        if sync_is_due {
            self.sync_wanted.notify_one();
        }
    }

    /// Stops every connection so the download starts over from zero.
    fn restart(&self, reason: String) {
        self.state().restart.get_or_insert(reason);
        self.fixed.stop.cancel();
    }

    /// Asks for `share` where its protocol lets it start.
    async fn request_share(&self, share: &ActiveSegment) -> Result<ShareBody, ConnectionEnd> {
        match &self.fixed.source {
            ShareSource::Http { client, cookies } => {
                let requester = Requester {
                    client,
                    cookies,
                    spec: &self.fixed.spec,
                    config: &self.fixed.config,
                    cancel: &self.fixed.stop,
                };
                self.request_http_share(&requester, share)
                    .await
                    .map(http_body)
            }
            ShareSource::Ftp(source) => {
                let opened = tokio::select! {
                    () = self.fixed.stop.cancelled() => return Err(ConnectionEnd::Stopped),
                    opened = source.open_share(share.next, self.fixed.validator.as_ref()) => opened,
                };
                match opened {
                    Ok(body) => Ok(body),
                    Err(super::ftp::ShareRefused::Changed(reason)) => {
                        self.restart(reason);
                        Err(ConnectionEnd::Stopped)
                    }
                    Err(super::ftp::ShareRefused::Failed(failure))
                        if super::ftp::is_too_many_connections(&failure) =>
                    {
                        // The connections already open take its share.
                        tracing::info!("the FTP server takes no more connections (421)");
                        self.state().ranges_refused = true;
                        Err(ConnectionEnd::NothingLeft)
                    }
                    Err(super::ftp::ShareRefused::Failed(failure)) => {
                        Err(ConnectionEnd::Failed(failure))
                    }
                }
            }
        }
    }

    /// Asks for `share` with a range request and checks the answer.
    async fn request_http_share(
        &self,
        requester: &Requester<'_>,
        share: &ActiveSegment,
    ) -> Result<reqwest::Response, ConnectionEnd> {
        let ask = Ask {
            range_start: Some(share.next),
            validator: self.fixed.validator.as_ref(),
            ..Ask::default()
        };
        let (response, final_url) = match requester.send(ask).await {
            Ok(Some(sent)) => sent,
            Ok(None) => return Err(ConnectionEnd::Stopped),
            Err(failure) => return Err(ConnectionEnd::Failed(failure)),
        };
        let status_code = response.status().as_u16();
        let headers = response.headers();
        if self.fixed.spec.recoverable_statuses.contains(&status_code) {
            return Err(ConnectionEnd::Recoverable {
                status_code,
                info: Box::new(response_info(&final_url, status_code, headers)),
            });
        }
        if !(200..300).contains(&status_code) {
            return Err(ConnectionEnd::Failed(status_failure(status_code, headers)));
        }
        let facts = response_facts(status_code, headers);
        let range_ask = RangeAsk {
            range_start: Some(share.next),
            validator: self.fixed.validator.as_ref(),
            expected_total: self.fixed.total,
        };
        match judge(&range_ask, &facts) {
            Verdict::Append { .. } => Ok(response),
            Verdict::StartOver => {
                let same_version = validator_of(facts.etag, facts.last_modified)
                    == self.fixed.validator
                    && response.content_length() == self.fixed.total;
                if same_version {
                    // The same file, but this server sends it whole: go on
                    // with the connections that already have their bytes.
                    tracing::info!(url = %final_url, "the server ignores range requests on more connections");
                    self.state().ranges_refused = true;
                    Err(ConnectionEnd::NothingLeft)
                } else {
                    self.restart(
                        "the file changed on the server (a range request got the whole, different file)"
                            .to_owned(),
                    );
                    Err(ConnectionEnd::Stopped)
                }
            }
            Verdict::Changed(reason) => {
                self.restart(reason);
                Err(ConnectionEnd::Stopped)
            }
            Verdict::Reject(reason) => Err(ConnectionEnd::Discarded(reason)),
            Verdict::Broken(reason) => Err(ConnectionEnd::Failed(AttemptFailure::fatal(
                TransferError::ResponseRejected { reason },
            ))),
            Verdict::Fresh => Err(ConnectionEnd::Discarded(
                "a whole response to a range request".to_owned(),
            )),
        }
    }

    /// Streams the response for `share` into the `.part` file until the
    /// share is done (it may shrink meanwhile: another connection took its
    /// upper half).
    async fn stream_share(
        &self,
        share: ActiveSegment,
        mut body: ShareBody,
    ) -> Result<ShareEnd, AttemptFailure> {
        let mut writer = self.fixed.part.writer(share.next);
        let stall_timeout = self.fixed.config.stall_timeout;
        // Buffered bytes reach the kernel at least this often, so the next
        // checkpoint covers them on a slow link too.
        let flush_interval = self.fixed.config.checkpoint_interval;
        let mut floor = SpeedFloor::new(&self.fixed.config);
        let mut stall_deadline = Instant::now() + stall_timeout;
        loop {
            // One timer for both: the stall and, while bytes wait in the
            // buffer, the flush (a timer is set only when no chunk is ready,
            // so a fast link pays for none).
            let flush_due = writer
                .has_buffered_bytes()
                .then(|| writer.buffered_since() + flush_interval)
                .filter(|due| *due < stall_deadline);
            let next = tokio::select! {
                biased;
                () = self.fixed.stop.cancelled() => {
                    self.flush(&mut writer).await?;
                    return Ok(ShareEnd::Stopped);
                }
                next = tokio::time::timeout_at(flush_due.unwrap_or(stall_deadline), body.next()) => next,
            };
            let chunk = match next {
                Err(_elapsed) if flush_due.is_some() => {
                    self.flush(&mut writer).await?;
                    continue;
                }
                Err(_elapsed) => {
                    self.flush(&mut writer).await?;
                    return Err(stalled(stall_timeout));
                }
                Ok(None) => break,
                Ok(Some(Err(error))) => {
                    self.flush(&mut writer).await?;
                    return Err(broke_at(writer.position(), error));
                }
                Ok(Some(Ok(chunk))) => chunk,
            };
            if let Err(too_slow) = floor.record(chunk.len() as u64) {
                self.flush(&mut writer).await?;
                return Err(too_slow);
            }
            // Wait for the speed limit before the bytes count as received;
            // a stop meanwhile leaves them unwritten, to be fetched again.
            let waiting_since = Instant::now();
            tokio::select! {
                biased;
                () = self.fixed.stop.cancelled() => {
                    self.flush(&mut writer).await?;
                    return Ok(ShareEnd::Stopped);
                }
                () = self.fixed.limits.consume(chunk.len()) => {}
            }
            floor.excuse(waiting_since.elapsed());
            stall_deadline = Instant::now() + stall_timeout;
            let (accepted, finished) = self.record(share.segment_id, chunk.len() as u64);
            if accepted > 0 {
                let flushed = writer
                    .write(&chunk[..accepted as usize])
                    .await
                    .map_err(|error| write_failure(self.fixed.part.path(), &error))?;
                self.mark_written(flushed);
            }
            if finished {
                self.flush(&mut writer).await?;
                return Ok(ShareEnd::Finished);
            }
            if self.should_yield() {
                self.flush(&mut writer).await?;
                return Ok(ShareEnd::Yielded);
            }
        }
        self.flush(&mut writer).await?;
        match self.fixed.total {
            None => Ok(ShareEnd::BodyEnded {
                end: writer.position(),
            }),
            Some(total) => Err(closed_at(writer.position(), total)),
        }
    }

    async fn flush(&self, writer: &mut ShareWriter) -> Result<(), AttemptFailure> {
        let flushed = writer
            .flush()
            .await
            .map_err(|error| write_failure(self.fixed.part.path(), &error))?;
        self.mark_written(flushed);
        Ok(())
    }
}

/// The fixed parts of a [`Run`].
pub(super) struct RunParts {
    pub source: ShareSource,
    pub spec: TransferSpec,
    pub config: Arc<EngineConfig>,
    /// The validator every response must carry (the version on disk).
    pub validator: Option<Validator>,
    /// The file's size; `None` for a body of unknown length (one connection).
    pub total: Option<u64>,
    pub part: PartFile,
    /// Cancelled to stop every connection (pause, cancel, restart).
    pub stop: CancellationToken,
    /// Tells readers what they can read now.
    pub live: Arc<LiveFile>,
    /// The speed limits to obey.
    pub limits: Limits,
    /// The host's slots: a download waiting for one gets one from here.
    pub host: Arc<HostShare>,
}

/// One connection: fetches `share` (with `body` when the request was
/// already made: the attempt's first), then takes shares until none is left.
/// The host slot is held until it ends.
pub(super) async fn run_connection(
    run: Arc<Run>,
    share: Option<ActiveSegment>,
    body: Option<ShareBody>,
    host_slot: OwnedSemaphorePermit,
) -> ConnectionEnd {
    run.open_connections.fetch_add(1, Ordering::Relaxed);
    let end = run_shares(&run, share, body).await;
    // A connection that yielded was uncounted when it chose to.
    if !matches!(end, ConnectionEnd::Yielded) {
        run.open_connections.fetch_sub(1, Ordering::Relaxed);
    }
    drop(host_slot);
    end
}

/// [`run_connection`]'s shares, one after the other.
async fn run_shares(
    run: &Arc<Run>,
    mut share: Option<ActiveSegment>,
    mut body: Option<ShareBody>,
) -> ConnectionEnd {
    loop {
        let Some(share) = share.take().or_else(|| run.assign()) else {
            return ConnectionEnd::NothingLeft;
        };
        tracing::debug!(
            from = share.next,
            to = share.end,
            "a connection takes a share"
        );
        let body = match body.take() {
            Some(body) => body,
            None => match run.request_share(&share).await {
                Ok(body) => body,
                Err(end) => {
                    run.abandon(share.segment_id);
                    return end;
                }
            },
        };
        match run.stream_share(share, body).await {
            Ok(ShareEnd::Finished) => {
                // The share's response may have been dropped before its end
                // (ranges are open-ended): hyper closes that connection in
                // its own task, which this turn lets run before the slot's
                // next request opens another.
                tokio::task::yield_now().await;
            }
            Ok(ShareEnd::BodyEnded { end }) => return ConnectionEnd::BodyEnded { end },
            Ok(ShareEnd::Stopped) => {
                run.abandon(share.segment_id);
                return ConnectionEnd::Stopped;
            }
            Ok(ShareEnd::Yielded) => {
                tracing::debug!("a connection gives its slot to a download waiting for the host");
                run.abandon(share.segment_id);
                return ConnectionEnd::Yielded;
            }
            Err(failure) => {
                run.abandon(share.segment_id);
                return ConnectionEnd::Failed(failure);
            }
        }
    }
}

/// No byte came for `stall_timeout`.
pub(super) fn stalled(stall_timeout: std::time::Duration) -> AttemptFailure {
    AttemptFailure::retryable(TransferError::Stalled {
        secs: stall_timeout.as_secs(),
    })
}

/// Reading the body failed after `position` bytes, for `cause`.
pub(super) fn broke_at(position: u64, cause: String) -> AttemptFailure {
    AttemptFailure::retryable(TransferError::BrokeAt { position, cause })
}

/// The body ended at `position`, short of `total`.
pub(super) fn closed_at(position: u64, total: u64) -> AttemptFailure {
    AttemptFailure::retryable(TransferError::ClosedAt { position, total })
}

pub(super) fn write_failure(path: &std::path::Path, error: &std::io::Error) -> AttemptFailure {
    AttemptFailure::fatal(TransferError::CannotWrite {
        path: path.to_owned(),
        cause: error.to_string(),
    })
}
