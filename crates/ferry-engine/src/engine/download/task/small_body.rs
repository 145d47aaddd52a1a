//! Small bodies (up to 64 KiB): read into memory and handed whole to the
//! disk thread, which writes, syncs and names them with the other files
//! finishing at the same time. Nothing is on disk until every byte arrived.

use std::path::PathBuf;

use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, oneshot};

use crate::engine::download::connection::{broke_at, closed_at, stalled, write_failure};
use crate::engine::download::disk_thread::{StoreFailure, WholeBody};
use crate::engine::download::speed_floor::SpeedFloor;
use crate::engine::file_name::part_path;
use crate::engine::net::request::AttemptFailure;
use crate::engine::task::{Outcome, TaskReport};
use crate::model::{ByteRange, ResponseInfo, TransferError};

use super::{AttemptEnd, DownloadTask, PROGRESS_INTERVAL};

impl DownloadTask {
    /// Reads a small body into memory and has the disk thread write, sync
    /// and publish it in one trip, shared with the other files finishing at
    /// the same time. Nothing is on disk until every byte arrived, so a
    /// broken or stopped attempt leaves nothing behind.
    pub(super) async fn fetch_small(
        &mut self,
        response: reqwest::Response,
        host_slot: OwnedSemaphorePermit,
        info: ResponseInfo,
        file_path: PathBuf,
        path_is_new: bool,
        total: u64,
    ) -> Result<AttemptEnd, AttemptFailure> {
        self.job
            .live
            .update(|availability| availability.total = Some(total));
        // No wait for a save: nothing is written before the body is whole,
        // and then only to a tagged file while the path may be unsaved.
        self.announce_response(info, file_path.clone(), false).await;
        let Some(bytes) = self.read_small_body(response, total).await? else {
            return Ok(AttemptEnd::Stopped);
        };
        drop(host_slot);
        if let Some(expected) = &self.job.spec.sha256 {
            let actual = hex::encode(Sha256::digest(&bytes));
            if !actual.eq_ignore_ascii_case(expected) {
                return Ok(AttemptEnd::Finished(Outcome::Failed(
                    // A small body is not worth keeping aside.
                    TransferError::ChecksumMismatch {
                        expected: expected.clone(),
                        actual,
                        kept: None,
                    },
                )));
            }
        }
        self.reporter.send(TaskReport::BodyComplete).await;
        let body = WholeBody {
            part_path: part_path(&file_path),
            final_path: file_path,
            owner: self.reporter.transfer_id,
            bytes,
            // A path the engine may not have saved yet needs the tag.
            require_tag: path_is_new,
            part_may_exist: self.part_may_exist,
        };
        let mut stored = self.job.disk.store(body).await;
        if let Err(StoreFailure::Untagged { body }) = stored {
            // No tags on this file system: the path is saved first.
            let (ack, saved) = oneshot::channel();
            self.reporter.send(TaskReport::SaveRequested { ack }).await;
            // An error means the engine is gone; the task is cancelled then.
            let _ = saved.await;
            stored = self
                .job
                .disk
                .store(WholeBody {
                    require_tag: false,
                    // The refused store left its empty `.part` file.
                    part_may_exist: true,
                    ..*body
                })
                .await;
        }
        let final_path = match stored {
            Ok(final_path) => final_path,
            Err(StoreFailure::Io { path, error }) => return Err(write_failure(&path, &error)),
            Err(StoreFailure::Untagged { .. }) => {
                return Err(AttemptFailure::internal(
                    "a file was refused for want of a tag it did not need",
                ));
            }
        };
        self.reporter
            .send(TaskReport::Checkpoint {
                ranges: vec![ByteRange {
                    start: 0,
                    end: total,
                }],
            })
            .await;
        Ok(AttemptEnd::Finished(Outcome::Completed { final_path }))
    }

    /// The whole body of a small response; `None` when stopped first.
    pub(super) async fn read_small_body(
        &self,
        mut response: reqwest::Response,
        total: u64,
    ) -> Result<Option<Vec<u8>>, AttemptFailure> {
        let mut bytes = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
        let stall_timeout = self.job.config.stall_timeout;
        let mut floor = SpeedFloor::new(&self.job.config);
        let mut reported_at = tokio::time::Instant::now();
        loop {
            let next = tokio::select! {
                biased;
                () = self.cancel.cancelled() => return Ok(None),
                next = tokio::time::timeout(stall_timeout, response.chunk()) => next,
            };
            let chunk = match next {
                Err(_elapsed) => return Err(stalled(stall_timeout)),
                Ok(Err(error)) => {
                    let cause = crate::engine::net::error_chain(&error);
                    return Err(broke_at(bytes.len() as u64, cause));
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => chunk,
            };
            floor.record(chunk.len() as u64)?;
            let waiting_since = tokio::time::Instant::now();
            tokio::select! {
                biased;
                () = self.cancel.cancelled() => return Ok(None),
                () = self.job.limits.consume(chunk.len()) => {}
            }
            floor.excuse(waiting_since.elapsed());
            bytes.extend_from_slice(&chunk);
            if reported_at.elapsed() >= PROGRESS_INTERVAL {
                reported_at = tokio::time::Instant::now();
                let bytes_received = bytes.len() as u64;
                self.reporter
                    .send(TaskReport::Progress { bytes_received })
                    .await;
            }
        }
        if bytes.len() as u64 != total {
            return Err(closed_at(bytes.len() as u64, total));
        }
        Ok(Some(bytes))
    }
}
