//! Paths promised to transfers, so two downloads in one folder never pick the
//! same name (and a new one never takes over an unknown `.part`).

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::filename::{numbered_name, part_path};
use super::part_file::is_owned_by;
use crate::model::TransferId;

/// The set of final paths owned by unfinished transfers.
#[derive(Clone, Debug, Default)]
pub(crate) struct PathReservations(Arc<Mutex<HashSet<PathBuf>>>);

impl PathReservations {
    /// Claims `path` for a transfer that already owns it (loaded from state).
    pub fn reserve(&self, path: &Path) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_owned());
    }

    pub fn release(&self, path: &Path) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(path);
    }

    /// Picks `NAME.ext`, else `NAME (1).ext`, … in `folder` such that the
    /// file does not exist, its `.part` does not exist (or is tagged as
    /// `owner`'s own, left by a crash before its path was saved), and no
    /// other transfer claimed it.
    pub fn reserve_free_name(
        &self,
        folder: &Path,
        name: &str,
        owner: TransferId,
    ) -> io::Result<PathBuf> {
        let mut reserved = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        for number in 0..10_000 {
            let candidate = folder.join(numbered_name(name, number));
            let part = part_path(&candidate);
            let taken = reserved.contains(&candidate)
                || candidate.symlink_metadata().is_ok()
                || (part.symlink_metadata().is_ok() && !is_owned_by(&part, owner));
            if !taken {
                reserved.insert(candidate.clone());
                return Ok(candidate);
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("no free name like {name:?} in {}", folder.display()),
        ))
    }
}
