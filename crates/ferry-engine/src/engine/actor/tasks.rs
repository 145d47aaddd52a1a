//! The download and upload tasks: starting one with what it needs, applying
//! what it reports, and what happens when it ends.

use std::path::Path;
use std::sync::Arc;

use futures_util::FutureExt;
use tokio_util::sync::CancellationToken;

use crate::engine::Event;
use crate::engine::download::{self, DownloadJob};
use crate::engine::net::cookies::CookieJar;
use crate::engine::protocol::{Protocol, TaskKind};
use crate::engine::rate::{Limits, RateLimit};
use crate::engine::task::{Outcome, Reporter, TaskReport};
use crate::engine::upload::{self, UploadJob};
use crate::model::{ByteRange, RangeSet, Status, Transfer, TransferError, TransferId};

use super::{Actor, FINISHING_PER_SLOT, RunningTask, StopReason};

impl Actor {
    pub(super) fn start_task(&mut self, transfer_id: TransferId) {
        let Some(transfer) = self.table.read().get(transfer_id).cloned() else {
            return;
        };
        if transfer.spec.is_missing_secrets() {
            // Without them the server would refuse it part way (401): it
            // waits, paused, until they are given again.
            self.admission.unwant(transfer_id);
            self.admission.order_changed();
            self.set_status(
                transfer_id,
                Status::PausedByApplication,
                Some(TransferError::SecretsMissing),
            );
            return;
        }
        let limit = RateLimit::new(transfer.spec.max_bytes_per_second);
        let cancel = CancellationToken::new();
        let reporter = Reporter {
            transfer_id,
            sender: self.reports_sender.clone(),
        };
        let global_limit = if transfer.spec.is_upload() {
            &self.global_upload_limit
        } else {
            &self.global_limit
        };
        let limits = Limits {
            global: Arc::clone(global_limit),
            transfer: Arc::clone(&limit),
        };
        let Some(kind) = TaskKind::of(&transfer.spec) else {
            // Only a state file edited by hand holds such a URL: `Add` and
            // `SetUrl` refuse it.
            let error = TransferError::Other(format!(
                "ferry does not speak {:?} (it downloads {})",
                transfer.spec.url.scheme(),
                Protocol::SCHEMES_IN_WORDS
            ));
            self.set_status(transfer_id, Status::Error, Some(error));
            return;
        };
        let client = match self.clients.for_spec(&transfer.spec) {
            Ok(client) => client,
            Err(error) => {
                let error = TransferError::Proxy {
                    cause: error.to_string(),
                };
                self.set_status(transfer_id, Status::Error, Some(error));
                return;
            }
        };
        // The transfer's cookies, shared by every request its task makes.
        let cookies = CookieJar::of(&transfer.spec);
        match kind {
            TaskKind::Upload | TaskKind::ResumableUpload => {
                let job = UploadJob {
                    limits,
                    sent_before: transfer.progress.bytes_sent,
                    resumable: transfer.resumable,
                    spec: transfer.spec,
                    config: Arc::clone(&self.config),
                    client: client.clone(),
                    cookies,
                    host_slots: self.host_slots.clone(),
                };
                if kind == TaskKind::ResumableUpload {
                    spawn_task(
                        upload::tus::run(job, reporter.clone(), cancel.clone()),
                        reporter,
                    );
                } else {
                    spawn_task(
                        upload::put::run(job, reporter.clone(), cancel.clone()),
                        reporter,
                    );
                }
            }
            TaskKind::Download(protocol) => {
                let live = self.live.get_or_create(&transfer);
                // Sorted by category: downloads into the download folder
                // (one into a folder named for it stays there).
                let categories = (self.settings.sort_into_category_folders
                    && matches!(&transfer.spec.destination,
                        crate::model::Destination::Folder(folder)
                            if *folder == self.settings.download_folder_or_default()))
                .then(|| Arc::new(self.settings.categories.clone()));
                let job = DownloadJob {
                    limits,
                    connections: transfer.spec.connections,
                    spec: transfer.spec,
                    validator: transfer.validator,
                    ranges: transfer.ranges,
                    total: transfer.progress.total_bytes_to_receive,
                    file_path: transfer.file_path,
                    part_file: transfer.part_file,
                    automatic_connections_up_to: self.settings.connections_per_download,
                    config: Arc::clone(&self.config),
                    client: client.clone(),
                    ftp_tls: self.clients.tls_for_ftp(),
                    ftp_over_tls: self.settings.ftp_over_tls,
                    categories,
                    cookies,
                    reservations: self.reservations.clone(),
                    host_slots: self.host_slots.clone(),
                    disk: self.disk.clone(),
                    live,
                };
                // Each protocol's task: the same job, reports and outcome.
                // One task for every protocol: it asks the job's URL.
                match protocol {
                    Protocol::Http | Protocol::Ftp => spawn_task(
                        download::task::run(job, reporter.clone(), cancel.clone()),
                        reporter,
                    ),
                }
            }
        }
        self.running.insert(
            transfer_id,
            RunningTask {
                cancel,
                limit,
                stop_reason: None,
                holds_slot: true,
            },
        );
        self.set_status(transfer_id, Status::Running, None);
    }

    pub(super) async fn apply_report(&mut self, transfer_id: TransferId, report: TaskReport) {
        // A path chosen or a transfer ended changes which files and URLs are
        // taken.
        self.conflicts = None;
        match report {
            TaskReport::Response {
                info,
                validator,
                total,
                file_path,
                restarted,
                durable_ack,
            } => {
                // Copied for the event only when someone reads events.
                let (response, info) = if self.is_heard() {
                    ((*info).clone(), Some(info))
                } else {
                    (*info, None)
                };
                self.with_existing(transfer_id, |transfer| {
                    let changed = transfer.response.as_ref().is_some_and(|previous| {
                        previous.actual_url != response.actual_url
                            || transfer.validator != validator
                    });
                    if restarted {
                        transfer.ranges.clear();
                        transfer.restarts += 1;
                        transfer.progress.has_restarted = true;
                        transfer.progress.bytes_received = 0;
                    }
                    transfer.progress.has_response_changed = restarted || changed;
                    transfer.progress.total_bytes_to_receive = total;
                    transfer.validator = validator;
                    transfer.file_path = Some(file_path);
                    transfer.response = Some(response);
                });
                if restarted {
                    self.restarted_since_ranges.insert(transfer_id);
                    if let Some(live) = self.live.get(transfer_id) {
                        live.update(|availability| availability.restarts += 1);
                    }
                }
                if let Some(info) = info {
                    self.emit(Event::ResponseReceived { transfer_id, info });
                }
                // Saved once the reports waiting now are applied, so many
                // new downloads share one write.
                if let Some(ack) = durable_ack {
                    self.persistence.after_save(ack);
                }
            }
            TaskReport::PartFileMade { identity } => {
                self.with_existing(transfer_id, |transfer| {
                    transfer.part_file = Some(identity);
                });
            }
            TaskReport::Progress { bytes_received } => {
                self.progress_only(transfer_id, |transfer| {
                    transfer.progress.bytes_received = bytes_received;
                });
            }
            TaskReport::Checkpoint { ranges } => self.ranges_durable(transfer_id, ranges),
            TaskReport::BodyComplete => {
                let finishing = self.running.len() - self.slots_in_use();
                if finishing < FINISHING_PER_SLOT * self.simultaneous_limit()
                    && let Some(task) = self.running.get_mut(&transfer_id)
                {
                    task.holds_slot = false;
                }
            }
            TaskReport::SaveRequested { ack } => self.persistence.after_save(ack),
            TaskReport::WaitingForHost { host } => {
                if !self.running.contains_key(&transfer_id) {
                    return;
                }
                match host {
                    Some(host) => {
                        let waits = TransferError::Held {
                            reason: ferry_i18n::tr!("hold-waiting-for-host", host = host.as_str()),
                        };
                        self.set_status(transfer_id, Status::Running, Some(waits));
                    }
                    None => {
                        let is_waiting =
                            self.table.read().get(transfer_id).is_some_and(|transfer| {
                                matches!(transfer.error, Some(TransferError::Held { .. }))
                            });
                        if is_waiting {
                            self.set_status(transfer_id, Status::Running, None);
                        }
                    }
                }
            }
            TaskReport::Retrying { delay, error } => {
                tracing::info!(%transfer_id, delay_ms = delay.as_millis(), %error, "retrying");
                let retrying = TransferError::Retrying {
                    cause: Box::new(error),
                    delay_secs: delay.as_secs_f32().ceil() as u64,
                };
                if self.running.contains_key(&transfer_id) {
                    self.set_status(transfer_id, Status::Running, Some(retrying));
                }
            }
            TaskReport::UploadStarted {
                total,
                restarted,
                resumed_at,
            } => {
                self.with_existing(transfer_id, |transfer| {
                    if restarted {
                        transfer.restarts += 1;
                        transfer.progress.has_restarted = true;
                    }
                    transfer.progress.total_bytes_to_send = Some(total);
                    transfer.progress.bytes_sent = resumed_at;
                });
            }
            TaskReport::ResumableCreated {
                upload,
                durable_ack,
            } => {
                self.with_existing(transfer_id, |transfer| {
                    transfer.resumable = Some(*upload);
                });
                self.persistence.mark_dirty();
                self.persistence.after_save(durable_ack);
            }
            TaskReport::ResumableOffset { offset } => {
                self.with_existing(transfer_id, |transfer| {
                    if let Some(resumable) = &mut transfer.resumable {
                        resumable.offset = offset;
                    }
                });
            }
            TaskReport::Sent { bytes_sent } => {
                self.progress_only(transfer_id, |transfer| {
                    transfer.progress.bytes_sent = bytes_sent;
                });
            }
            TaskReport::ResponseOnly { info } => {
                self.with_existing(transfer_id, |transfer| {
                    transfer.response = Some(*info.clone());
                });
                self.emit(Event::ResponseReceived { transfer_id, info });
            }
            TaskReport::Done(outcome) => self.task_ended(transfer_id, outcome),
        }
    }

    /// Records the ranges now durable and tells what was added.
    pub(super) fn ranges_durable(&mut self, transfer_id: TransferId, ranges: Vec<ByteRange>) {
        let mut added = Vec::new();
        self.with_existing(transfer_id, |transfer| {
            let durable = RangeSet::from_ranges(&ranges);
            added = durable.added_since(&RangeSet::from_ranges(&transfer.ranges));
            transfer.progress.bytes_received = transfer.progress.bytes_received.max(durable.len());
            transfer.ranges = ranges;
        });
        let restarted = self.restarted_since_ranges.contains(&transfer_id);
        if added.is_empty() && !restarted {
            return;
        }
        self.restarted_since_ranges.remove(&transfer_id);
        self.emit(Event::RangesDownloaded {
            transfer_id,
            added,
            restarted,
        });
    }

    /// Applies a count of bytes on their way: told to the listeners, saved
    /// with the next save for another reason only (a load counts what is on
    /// disk, not what was on its way), so a save comes when a checkpoint or
    /// a status asks for it, not behind a stream of counts.
    fn progress_only(&mut self, transfer_id: TransferId, change: impl FnOnce(&mut Transfer)) {
        if let Some(transfer) = self.table.write().get_mut(transfer_id) {
            change(transfer);
            self.progress_dirty.insert(transfer_id);
        }
    }

    /// Applies a change to a transfer that may have been removed meanwhile.
    pub(super) fn with_existing(
        &mut self,
        transfer_id: TransferId,
        change: impl FnOnce(&mut Transfer),
    ) {
        if let Some(transfer) = self.table.write().get_mut(transfer_id) {
            change(transfer);
            self.persistence.mark_dirty();
            self.progress_dirty.insert(transfer_id);
        }
    }

    pub(super) fn task_ended(&mut self, transfer_id: TransferId, outcome: Outcome) {
        let stop_reason = self
            .running
            .remove(&transfer_id)
            .and_then(|task| task.stop_reason);
        let finished = matches!(outcome, Outcome::Completed { .. } | Outcome::Uploaded);
        if !finished {
            // It may queue again (a yield, a hold released at once).
            self.admission.order_changed();
        }
        match outcome {
            Outcome::Completed { .. } | Outcome::Uploaded => {
                // A finished transfer wins over a pause or cancel that came
                // late.
                self.admission.unwant(transfer_id);
                if let Outcome::Completed { final_path } = outcome {
                    self.file_published(transfer_id, &final_path);
                }
                if stop_reason == Some(StopReason::Remove) {
                    self.forget_transfer(transfer_id);
                } else {
                    self.set_status(transfer_id, Status::Completed, None);
                    self.forget_private_secrets(transfer_id);
                }
            }
            Outcome::Failed(error) => {
                // The network went away under it: wait for it, do not spend
                // the transfer's retries (a pause or cancel the user asked
                // for still wins).
                if self.is_offline()
                    && !matches!(
                        stop_reason,
                        Some(StopReason::Cancel | StopReason::Remove | StopReason::Pause)
                    )
                {
                    tracing::info!(%transfer_id, %error, "failed while offline; waits for the network");
                    self.show_hold_now(transfer_id);
                    return;
                }
                self.admission.unwant(transfer_id);
                tracing::warn!(%transfer_id, %error, "transfer failed");
                match stop_reason {
                    Some(reason @ (StopReason::Cancel | StopReason::Remove)) => {
                        self.finish_cancel(transfer_id, reason, Status::Canceled);
                    }
                    // Paused while it failed: it stays paused (pause set the
                    // status) and can be resumed.
                    Some(StopReason::Pause) => {}
                    _ => {
                        if let Some(live) = self.live.get(transfer_id) {
                            live.update(|availability| {
                                availability.ended = Some(error.to_string())
                            });
                        }
                        self.set_status(transfer_id, Status::Error, Some(error));
                    }
                }
            }
            Outcome::PausedRecoverable { status_code } => {
                self.admission.unwant(transfer_id);
                let error = TransferError::RecoverableStatus {
                    status: status_code,
                    transfer_id: transfer_id.to_string(),
                };
                self.set_status(
                    transfer_id,
                    Status::PausedRecoverableWebErrorStatus,
                    Some(error),
                );
            }
            Outcome::Stopped => match stop_reason {
                Some(reason @ (StopReason::Cancel | StopReason::Remove)) => {
                    self.finish_cancel(transfer_id, reason, Status::Canceled);
                }
                Some(StopReason::Pause) => {
                    self.set_status(transfer_id, Status::PausedByApplication, None);
                }
                Some(StopReason::Restart | StopReason::Yield) => {
                    self.set_status(transfer_id, Status::Idle, None);
                }
                // The conditions may have turned back meanwhile.
                Some(StopReason::Hold) => self.show_hold_now(transfer_id),
                Some(StopReason::Shutdown) | None => {
                    // Queued again: it continues at the next start.
                    self.set_status(transfer_id, Status::Idle, None);
                }
            },
        }
    }

    /// A download's file is whole under `final_path`: every byte is on disk,
    /// the name is no longer reserved, readers are told where it is.
    pub(super) fn file_published(&mut self, transfer_id: TransferId, final_path: &Path) {
        self.with_existing(transfer_id, |transfer| {
            let total = transfer.progress.total_bytes_to_receive.unwrap_or(0);
            transfer.file_path = Some(final_path.to_owned());
            transfer.ranges = vec![ByteRange {
                start: 0,
                end: total,
            }];
            transfer.progress.bytes_received = total;
        });
        self.reservations.published(final_path);
        if let Some(folder) = final_path.parent() {
            self.persistence.sync_first(folder.to_owned());
        }
        if let Some(live) = self.live.get(transfer_id) {
            live.update(|availability| availability.final_path = Some(final_path.to_owned()));
        }
        self.live.forget_if_unread(transfer_id);
    }
}

/// Runs a transfer's task; it always ends in a `Done` report, a panic in it
/// too.
pub(super) fn spawn_task(task: impl Future<Output = Outcome> + Send + 'static, reporter: Reporter) {
    // A download's future is kilobytes large: boxed once here, the spawned
    // task holds a pointer, and tokio's moves of the task (into its cell,
    // and its output over the future when done) copy a few words instead.
    let task = Box::pin(task);
    tokio::spawn(async move {
        let outcome = match std::panic::AssertUnwindSafe(task).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(panic) => {
                let words = panic
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Outcome::Failed(TransferError::Internal {
                    what: format!("in the transfer's task: {words}"),
                })
            }
        };
        reporter.send(TaskReport::Done(outcome)).await;
    });
}
