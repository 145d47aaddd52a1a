//! The end of a download: the checksum, if one was asked for, and the
//! `.part` file moved to its final name without replacing a file.

use std::fs::File;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::engine::download::part_file::{NotOurs, open_to_publish, publish, remove_owner_tag};
use crate::engine::file_name::part_path;
use crate::engine::task::Outcome;
use crate::model::{PartFileId, TransferError, TransferId};

use super::DownloadTask;

impl DownloadTask {
    /// Checks the checksum and moves the `.part` file to its final name.
    pub(super) async fn finish(&mut self) -> Outcome {
        let Some(file_path) = self.file_path.clone() else {
            return Outcome::Failed(TransferError::Internal {
                what: "finished without a file".to_owned(),
            });
        };
        let part = PartToPublish {
            owner: self.reporter.transfer_id,
            expected: self.part_file,
            length: self.total,
            sha256: self.job.spec.sha256.clone(),
        };
        // One trip to the blocking pool for the whole publication.
        tokio::task::spawn_blocking(move || part.publish(&file_path))
            .await
            .unwrap_or_else(|error| {
                Outcome::Failed(TransferError::Internal {
                    what: error.to_string(),
                })
            })
    }
}

/// A finished `.part` file and what it must be to be published.
struct PartToPublish {
    owner: TransferId,
    /// The file ferry made, if recorded.
    expected: Option<PartFileId>,
    length: Option<u64>,
    /// The SHA-256 asked for, if any.
    sha256: Option<String>,
}

impl PartToPublish {
    /// Opens the `.part` file of `file_path` (only the one ferry made),
    /// cuts it to its length, drops ferry's tag, checks the SHA-256 if one
    /// was asked for (a mismatch keeps it as `NAME.corrupt`) and moves it to
    /// its final name.
    fn publish(self, file_path: &Path) -> Outcome {
        let part = part_path(file_path);
        let cannot_write = |error: std::io::Error| {
            Outcome::Failed(match NotOurs::reason_in(&error) {
                Some(reason) => TransferError::PartFileReplaced {
                    reason: reason.to_owned(),
                },
                None => TransferError::CannotWrite {
                    path: part.clone(),
                    cause: error.to_string(),
                },
            })
        };
        let file = match open_to_publish(&part, self.owner, self.expected)
            .and_then(|file| prepare_for_publish(file, self.length))
        {
            Ok(file) => file,
            Err(error) => return cannot_write(error),
        };
        if let Some(expected) = self.sha256 {
            match sha256_of_reader(&file) {
                Ok(actual) if actual.eq_ignore_ascii_case(&expected) => {}
                Ok(actual) => {
                    // Kept aside under a name no one takes for the file
                    // (a 4 GB download is not thrown away unasked).
                    let mut corrupt = file_path.as_os_str().to_owned();
                    corrupt.push(".corrupt");
                    let kept = match publish(&part, &file, Path::new(&corrupt)) {
                        Ok(kept) => Some(kept),
                        Err(error) => {
                            tracing::warn!(%error, "cannot keep the file that failed its checksum");
                            let _ = std::fs::remove_file(&part);
                            None
                        }
                    };
                    return Outcome::Failed(TransferError::ChecksumMismatch {
                        expected,
                        actual,
                        kept,
                    });
                }
                Err(error) => {
                    return Outcome::Failed(TransferError::CannotRead {
                        path: part,
                        cause: error.to_string(),
                    });
                }
            }
        }
        match publish(&part, &file, file_path) {
            Ok(final_path) => Outcome::Completed { final_path },
            Err(error) if NotOurs::reason_in(&error).is_some() => cannot_write(error),
            Err(error) => Outcome::Failed(TransferError::CannotPublish {
                path: part,
                cause: error.to_string(),
            }),
        }
    }
}

/// Makes the open `.part` file exactly `length` bytes long (a body of
/// unknown length may have ended before bytes an earlier attempt wrote past
/// it) and drops ferry's tag from it.
fn prepare_for_publish(file: File, length: Option<u64>) -> std::io::Result<File> {
    if let Some(length) = length
        && file.metadata()?.len() != length
    {
        file.set_len(length)?;
        file.sync_all()?;
    }
    remove_owner_tag(&file);
    Ok(file)
}

/// The SHA-256 of a file, hex, computed on the blocking pool; `None` when
/// it cannot be read.
pub(super) async fn sha256_of(path: &Path) -> Option<String> {
    let owned_path = path.to_owned();
    tokio::task::spawn_blocking(move || sha256_of_file(&owned_path))
        .await
        .ok()?
        .ok()
}

pub(super) fn sha256_of_file(path: &Path) -> std::io::Result<String> {
    sha256_of_reader(&File::open(path)?)
}

/// The SHA-256 of an open file from its first byte, hex.
fn sha256_of_reader(file: &File) -> std::io::Result<String> {
    use std::io::{Read, Seek};
    let mut file = file;
    file.rewind()?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0_u8; 1024 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex::encode(hasher.finalize()))
}
