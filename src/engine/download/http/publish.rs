//! The end of a download: the checksum, if one was asked for, and the
//! `.part` file moved to its final name without replacing a file.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::engine::download::part_file::publish;
use crate::engine::file_name::part_path;
use crate::engine::task::Outcome;
use crate::model::TransferError;

use super::HttpDownload;

impl HttpDownload {
    /// Checks the checksum and moves the `.part` file to its final name.
    pub(super) async fn finish(&mut self) -> Outcome {
        let Some(file_path) = self.file_path.clone() else {
            return Outcome::Failed(TransferError::Internal {
                what: "finished without a file".to_owned(),
            });
        };
        let length = self.total;
        let expected = self.job.spec.sha256.clone();
        // One trip to the blocking pool for the whole publication.
        tokio::task::spawn_blocking(move || publish_download(&file_path, length, expected))
            .await
            .unwrap_or_else(|error| {
                Outcome::Failed(TransferError::Internal {
                    what: error.to_string(),
                })
            })
    }
}

/// Publishes a finished `.part` file: cuts it to `length`, drops ferry's
/// tag, checks the SHA-256 if one was asked for (a mismatch deletes it) and
/// moves it to its final name.
pub(super) fn publish_download(
    file_path: &Path,
    length: Option<u64>,
    expected: Option<String>,
) -> Outcome {
    let part = part_path(file_path);
    if let Err(error) = prepare_for_publish(&part, length) {
        return Outcome::Failed(TransferError::CannotWrite {
            path: part,
            cause: error.to_string(),
        });
    }
    if let Some(expected) = expected {
        match sha256_of_file(&part) {
            Ok(actual) if actual.eq_ignore_ascii_case(&expected) => {}
            Ok(actual) => {
                let _ = std::fs::remove_file(&part);
                return Outcome::Failed(TransferError::ChecksumMismatch { expected, actual });
            }
            Err(error) => {
                return Outcome::Failed(TransferError::CannotRead {
                    path: part,
                    cause: error.to_string(),
                });
            }
        }
    }
    match publish(&part, file_path) {
        Ok(final_path) => Outcome::Completed { final_path },
        Err(error) => Outcome::Failed(TransferError::CannotPublish {
            path: part,
            cause: error.to_string(),
        }),
    }
}

/// Makes the `.part` file exactly `length` bytes long (a body of unknown
/// length may have ended before bytes an earlier attempt wrote past it) and
/// drops ferry's tag from it.
pub(super) fn prepare_for_publish(part: &Path, length: Option<u64>) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new().write(true).open(part)?;
    if let Some(length) = length
        && file.metadata()?.len() != length
    {
        file.set_len(length)?;
        file.sync_all()?;
    }
    crate::engine::download::part_file::remove_owner_tag(&file);
    Ok(())
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
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
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
