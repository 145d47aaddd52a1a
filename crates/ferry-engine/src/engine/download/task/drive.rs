//! The connections of one attempt: opened as the host's slots allow (and
//! where a reader waits), run until none is left, while what they wrote is
//! synced and reported as durable.

use std::sync::Arc;

use tokio::sync::OwnedSemaphorePermit;
use tokio::task::JoinSet;

use crate::engine::download::connection::{
    ConnectionEnd, Run, ShareBody, run_connection, write_failure,
};
use crate::engine::download::part_file::PendingSync;
use crate::engine::download::segments::ActiveSegment;
use crate::engine::net::request::AttemptFailure;
use crate::engine::task::TaskReport;
use crate::model::{RangeSet, TransferError};

use super::{AttemptEnd, DownloadTask, PROGRESS_INTERVAL};

/// The connections of an attempt, and what the attempt waits for.
pub(super) struct Connections {
    tasks: JoinSet<ConnectionEnd>,
    /// Connections still to open when host slots allow.
    still_wanted: usize,
    /// The end to report if no connection completes the file.
    last_trouble: Option<ConnectionEnd>,
    body_end: Option<u64>,
}

impl Connections {
    pub(super) fn note_end(&mut self, joined: Result<ConnectionEnd, tokio::task::JoinError>) {
        let end = joined.unwrap_or_else(|error| {
            ConnectionEnd::Failed(AttemptFailure::internal(format!(
                "in a connection: {error}"
            )))
        });
        match end {
            ConnectionEnd::NothingLeft | ConnectionEnd::Stopped => {}
            // Opened again once the host has a free slot.
            ConnectionEnd::Yielded => self.still_wanted += 1,
            ConnectionEnd::BodyEnded { end } => self.body_end = Some(end),
            trouble => {
                tracing::debug!(?trouble, "a connection ended early");
                self.last_trouble = Some(trouble);
            }
        }
    }
}

impl DownloadTask {
    /// Runs the connections until none is left, making what they write
    /// durable as it goes; then says how the attempt ended.
    pub(super) async fn drive(
        &mut self,
        run: Arc<Run>,
        first_share: ActiveSegment,
        body: ShareBody,
        host_slot: OwnedSemaphorePermit,
        wanted_connections: usize,
    ) -> Result<AttemptEnd, AttemptFailure> {
        let received_before = run.bytes_received();
        let mut connections = Connections {
            tasks: JoinSet::new(),
            still_wanted: wanted_connections.saturating_sub(1),
            last_trouble: None,
            body_end: None,
        };
        connections.tasks.spawn(run_connection(
            Arc::clone(&run),
            Some(first_share),
            Some(body),
            host_slot,
        ));
        self.open_more_connections(&run, &mut connections);
        let mut wanted_position = self.job.live.wanted();
        if self.job.spec.random_access {
            // A reader that waits already (it came before this attempt,
            // a stream that turned random access on) is served first.
            let waiting = *wanted_position.borrow_and_update();
            self.serve_reader(&run, &mut connections, waiting);
            if let Some(total) = self.total {
                // Formats keep their index at the end (zip directory, some
                // videos' index): fetch the tail early.
                let tail = total.saturating_sub(self.job.config.min_share_bytes);
                self.serve_reader(&run, &mut connections, Some(tail));
            }
        }
        let mut progress_tick = tokio::time::interval(PROGRESS_INTERVAL);
        let mut sync_tick = tokio::time::interval(self.job.config.checkpoint_interval);
        sync_tick.reset();
        let mut pending_sync: Option<(PendingSync, RangeSet)> = None;
        let mut last_reported = u64::MAX;
        loop {
            tokio::select! {
                biased;
                joined = connections.tasks.join_next() => match joined {
                    None => break,
                    Some(joined) => connections.note_end(joined),
                },
                synced = async { (&mut pending_sync.as_mut().expect("guarded by the condition").0).await },
                    if pending_sync.is_some() =>
                {
                    let (_, ranges) = pending_sync.take().expect("guarded by the condition");
                    synced.map_err(|error| write_failure(run.fixed.part.path(), &error))?;
                    self.checkpoint(ranges).await;
                }
                () = run.sync_wanted.notified(), if pending_sync.is_none() => {
                    // What was written before the sync starts is what it
                    // makes durable: the ranges are read first.
                    let written = run.written_for_sync();
                    pending_sync = Some((run.fixed.part.start_sync(), written));
                    sync_tick.reset();
                }
                _ = sync_tick.tick(), if pending_sync.is_none() => {
                    let written = run.written_for_sync();
                    if written != self.ranges {
                        pending_sync = Some((run.fixed.part.start_sync(), written));
                    }
                }
                changed = wanted_position.changed(), if self.job.spec.random_access => {
                    if changed.is_ok() {
                        let position = *wanted_position.borrow_and_update();
                        self.serve_reader(&run, &mut connections, position);
                    }
                }
                _ = progress_tick.tick() => {
                    let bytes_received = run.bytes_received();
                    if bytes_received != last_reported {
                        last_reported = bytes_received;
                        self.reporter.send(TaskReport::Progress { bytes_received }).await;
                    }
                    self.open_more_connections(&run, &mut connections);
                }
            }
        }
        // Every connection ended and flushed: make all of it durable.
        if run.restart_reason().is_none() && (connections.body_end.is_some() || run.is_complete()) {
            self.reporter.send(TaskReport::BodyComplete).await;
        }
        if let Some((pending, _)) = pending_sync.take() {
            pending
                .await
                .map_err(|error| write_failure(run.fixed.part.path(), &error))?;
        }
        let written = run.written_for_sync();
        self.job
            .disk
            .sync(run.fixed.part.file())
            .await
            .map_err(|error| write_failure(run.fixed.part.path(), &error))?;
        self.checkpoint(written).await;
        self.bytes_fetched += run.bytes_received().saturating_sub(received_before);
        if run.ranges_refused() {
            self.ranges_refused = true;
        }
        if let Some(reason) = run.restart_reason() {
            return Ok(AttemptEnd::Discarded(reason));
        }
        if self.cancel.is_cancelled() {
            return Ok(AttemptEnd::Stopped);
        }
        if let Some(end) = connections.body_end {
            self.total = Some(end);
            return Ok(AttemptEnd::BodyComplete);
        }
        if run.is_complete() {
            return Ok(AttemptEnd::BodyComplete);
        }
        match connections.last_trouble {
            Some(ConnectionEnd::Failed(failure)) => Err(failure),
            Some(ConnectionEnd::Recoverable { status_code, info }) => {
                self.report_recoverable(*info).await;
                Ok(AttemptEnd::Recoverable(status_code))
            }
            Some(ConnectionEnd::Discarded(reason)) => {
                Err(AttemptFailure::retryable(TransferError::ResponseRejected {
                    reason,
                }))
            }
            _ => Err(AttemptFailure::retryable(TransferError::BytesMissing {
                missing: self.total.unwrap_or(0).saturating_sub(run.bytes_received()),
            })),
        }
    }

    /// Opens the connections still wanted, as far as the host's slots allow.
    pub(super) fn open_more_connections(&self, run: &Arc<Run>, connections: &mut Connections) {
        while connections.still_wanted > 0 && run.has_work_for_more() {
            let Some(host_slot) = self.job.host_slots.try_acquire(&self.job.spec.url) else {
                return;
            };
            connections.still_wanted -= 1;
            connections
                .tasks
                .spawn(run_connection(Arc::clone(run), None, None, host_slot));
        }
    }

    /// A reader waits at `position`: unless those bytes are on disk or about
    /// to arrive, one more connection starts right there.
    pub(super) fn serve_reader(
        &self,
        run: &Arc<Run>,
        connections: &mut Connections,
        position: Option<u64>,
    ) {
        let Some(position) = position else {
            return;
        };
        let Some(share) = run.assign_at(position) else {
            return;
        };
        let Some(host_slot) = self.job.host_slots.try_acquire(&self.job.spec.url) else {
            // Polite first: the reader waits for the connections running.
            run.abandon(share.segment_id);
            return;
        };
        tracing::debug!(transfer_id = %self.reporter.transfer_id, position, "a reader waits; fetching there first");
        connections.tasks.spawn(run_connection(
            Arc::clone(run),
            Some(share),
            None,
            host_slot,
        ));
    }

    /// Records `ranges` as durable and tells the engine.
    pub(super) async fn checkpoint(&mut self, ranges: RangeSet) {
        self.ranges = ranges.clone();
        self.reporter
            .send(TaskReport::Checkpoint {
                ranges: ranges.ranges().to_vec(),
            })
            .await;
    }
}
