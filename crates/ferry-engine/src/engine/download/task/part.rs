//! A download's `.part` file and final name: the file checked against what
//! was recorded before any byte counts (a file that is not ferry's is set
//! aside and the download starts over, saying why), opened or made, and
//! the final path chosen from the destination, Content-Disposition or the
//! URL, and reserved.

// The download's types and imports, as `mod.rs` has them.
use super::*;

impl DownloadTask {
    /// Makes the `.part` file and the recorded ranges agree: a missing or
    /// shorter file drops the ranges it does not hold. (Bytes written after
    /// the last checkpoint lie outside the ranges and are written again.)
    pub(super) async fn reconcile_part_file(&mut self) -> Result<(), TransferError> {
        let Some(file_path) = &self.file_path else {
            self.ranges = RangeSet::default();
            return Ok(());
        };
        let part = part_path(file_path);
        let owner = self.reporter.transfer_id;
        let expected = self.part_file;
        let found = {
            let part = part.clone();
            tokio::task::spawn_blocking(move || find_part(&part, owner, expected)).await
        };
        let length = match found {
            Ok(Ok(FoundPart::Missing)) => 0,
            Ok(Ok(FoundPart::Ours { length })) => length,
            Ok(Ok(FoundPart::Foreign(reason))) => {
                self.set_aside_foreign_part(reason).await;
                return Ok(());
            }
            Ok(Err(error)) => {
                return Err(TransferError::CannotRead {
                    path: part,
                    cause: error.to_string(),
                });
            }
            Err(error) => {
                return Err(TransferError::Internal {
                    what: error.to_string(),
                });
            }
        };
        let recorded_end = self.ranges.ranges().last().map_or(0, |range| range.end);
        if length < recorded_end {
            tracing::warn!(transfer_id = %self.reporter.transfer_id, length, recorded_end, "the .part file is shorter than recorded");
            self.ranges.truncate(length);
        }
        Ok(())
    }

    /// The `.part` file under the transfer's name is not the one ferry
    /// made: none of its bytes count, and the next open makes a new file in
    /// its place. The transfer says why while it starts over.
    pub(super) async fn set_aside_foreign_part(&mut self, reason: String) {
        self.forget_bytes_on_disk();
        self.tell_part_replaced(reason).await;
    }

    pub(super) async fn tell_part_replaced(&self, reason: String) {
        tracing::warn!(transfer_id = %self.reporter.transfer_id, %reason, "the .part file is not ferry's; starting over in a new file");
        self.reporter
            .send(TaskReport::Retrying {
                delay: Duration::ZERO,
                error: TransferError::PartFileReplaced { reason },
            })
            .await;
    }

    /// Opens the `.part` file (cut to nothing when no byte on disk counts);
    /// the flag says whether it carries the transfer's tag.
    pub(super) async fn open_part_file(
        &mut self,
        path: &Path,
    ) -> Result<(PartFile, bool), AttemptFailure> {
        let only_new = !std::mem::replace(&mut self.part_may_exist, true);
        let opened = PartFile::open(
            path,
            self.ranges.is_empty().then_some(0),
            self.reporter.transfer_id,
            only_new,
            self.part_file,
        )
        .await;
        let opened = match opened {
            Ok(opened) => opened,
            Err(error) => {
                if let Some(reason) = NotOurs::reason_in(&error) {
                    // Replaced since it was checked: the next attempt
                    // starts over in a new file.
                    let reason = reason.to_owned();
                    self.set_aside_foreign_part(reason.clone()).await;
                    return Err(AttemptFailure::retryable(TransferError::PartFileReplaced {
                        reason,
                    }));
                }
                return Err(AttemptFailure::fatal(TransferError::CannotWrite {
                    path: path.to_owned(),
                    cause: error.to_string(),
                }));
            }
        };
        if let Some(reason) = opened.replaced {
            // A fresh start anyway: nothing on disk counted.
            self.tell_part_replaced(reason).await;
        }
        if self.part_file != Some(opened.identity) {
            self.part_file = Some(opened.identity);
            self.reporter
                .send(TaskReport::PartFileMade {
                    identity: opened.identity,
                })
                .await;
        }
        Ok((opened.part, opened.is_tagged))
    }

    /// Where a file named `name` goes in `folder`: with downloads sorted
    /// by category, its category's subfolder (made if missing; a file of
    /// no category stays in `folder`).
    fn category_folder(
        &self,
        folder: &std::path::Path,
        name: &str,
        mime: Option<&str>,
    ) -> Result<PathBuf, AttemptFailure> {
        let Some(categories) = &self.job.categories else {
            return Ok(folder.to_owned());
        };
        let category = crate::model::category_of(categories, name, mime);
        if category == crate::model::OTHER_CATEGORY {
            return Ok(folder.to_owned());
        }
        let sorted = folder.join(category);
        std::fs::create_dir_all(&sorted).map_err(|error| {
            AttemptFailure::fatal(TransferError::CannotWrite {
                path: sorted.clone(),
                cause: error.to_string(),
            })
        })?;
        Ok(sorted)
    }

    /// The final path: known from an earlier attempt, else chosen now from
    /// the destination, Content-Disposition or the URL, and reserved.
    pub(super) fn file_path_for(
        &mut self,
        headers: &HeaderMap,
        final_url: &Url,
        check: NameCheck,
    ) -> Result<PathBuf, AttemptFailure> {
        let named = headers
            .get(header::CONTENT_DISPOSITION)
            .and_then(|value| name_from_content_disposition(value.as_bytes()));
        let mime = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        self.file_path_named(named, mime, final_url, check)
    }

    /// The final path: known from an earlier attempt, else chosen now from
    /// the destination, the name the server gave (`named`) or the URL, and
    /// reserved.
    pub(super) fn file_path_named(
        &mut self,
        named: Option<String>,
        mime: Option<&str>,
        final_url: &Url,
        check: NameCheck,
    ) -> Result<PathBuf, AttemptFailure> {
        if let Some(path) = &self.file_path {
            return Ok(path.clone());
        }
        let (folder, name) = match &self.job.spec.destination {
            Destination::File(path) => {
                let name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "download".to_owned());
                (self.job.spec.destination.folder().to_owned(), name)
            }
            Destination::Folder(folder) => {
                let name = named
                    .or_else(|| name_from_url(final_url))
                    .or_else(|| name_from_url(&self.job.spec.url))
                    .unwrap_or_else(|| "download".to_owned());
                (self.category_folder(folder, &name, mime)?, name)
            }
        };
        let reserved = self
            .job
            .reservations
            .reserve_free_name(&folder, &name, self.reporter.transfer_id, check)
            .map_err(|error| {
                AttemptFailure::fatal(TransferError::FileName {
                    cause: error.to_string(),
                })
            })?;
        self.part_may_exist = reserved.has_own_part;
        self.file_path = Some(reserved.path.clone());
        Ok(reserved.path)
    }
}
