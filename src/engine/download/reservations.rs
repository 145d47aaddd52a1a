//! Paths promised to transfers, so two downloads in one folder never pick the
//! same name (and a new one never takes over an unknown `.part`).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::filename::{numbered_name, part_path};
use super::part_file::is_owned_by;
use crate::model::TransferId;

/// A name [`PathReservations::reserve_free_name`] chose.
#[derive(Debug)]
pub(crate) struct ReservedName {
    pub path: PathBuf,
    /// Its `.part` file exists and is tagged as the transfer's own.
    pub has_own_part: bool,
}

/// The set of final paths owned by unfinished transfers.
#[derive(Clone, Debug, Default)]
pub(crate) struct PathReservations(Arc<Mutex<foldhash::HashSet<PathBuf>>>);

impl PathReservations {
    /// Claims `path` for a transfer that already owns it (loaded from state).
    pub fn reserve(&self, path: &Path) {
        self.lock().insert(path.to_owned());
    }

    pub fn release(&self, path: &Path) {
        self.lock().remove(path);
    }

    fn is_claimed(&self, path: &Path) -> bool {
        self.lock().contains(path)
    }

    fn lock(&self) -> MutexGuard<'_, foldhash::HashSet<PathBuf>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Picks `NAME.ext`, else `NAME (1).ext`, … in `folder` such that the
    /// file does not exist, its `.part` does not exist (or is tagged as
    /// `owner`'s own, left by a crash before its path was saved), and no
    /// other transfer claimed it. The file system is asked outside the lock,
    /// so downloads choosing names at once do not wait on each other's
    /// lookups; the claim itself is checked again under the lock.
    pub fn reserve_free_name(
        &self,
        folder: &Path,
        name: &str,
        owner: TransferId,
    ) -> io::Result<ReservedName> {
        for number in 0..10_000 {
            let candidate = folder.join(numbered_name(name, number));
            if self.is_claimed(&candidate) || candidate.symlink_metadata().is_ok() {
                continue;
            }
            let part = part_path(&candidate);
            let has_own_part = match part.symlink_metadata() {
                Ok(_) if is_owned_by(&part, owner) => true,
                Ok(_) => continue,
                Err(_) => false,
            };
            if self.lock().insert(candidate.clone()) {
                return Ok(ReservedName {
                    path: candidate,
                    has_own_part,
                });
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("no free name like {name:?} in {}", folder.display()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use super::*;
    use crate::engine::download::part_file::set_owner_tag;

    #[test]
    fn names_taken_on_disk_or_claimed_are_skipped() {
        let folder = tempfile::tempdir().expect("tempdir");
        let folder = folder.path();
        let reservations = PathReservations::default();
        let owner = TransferId::new_random();
        std::fs::write(folder.join("a.bin"), b"someone's file").expect("write");
        std::fs::write(folder.join("a (1).bin.part"), b"someone's part").expect("write");

        let first = reservations
            .reserve_free_name(folder, "a.bin", owner)
            .expect("a free name");
        assert_eq!(first.path, folder.join("a (2).bin"));
        assert!(!first.has_own_part);
        // Claimed but not on disk yet: another transfer goes on counting.
        let second = reservations
            .reserve_free_name(folder, "a.bin", TransferId::new_random())
            .expect("a free name");
        assert_eq!(second.path, folder.join("a (3).bin"));

        // Released: free again.
        reservations.release(&first.path);
        let again = reservations
            .reserve_free_name(folder, "a.bin", owner)
            .expect("a free name");
        assert_eq!(again.path, folder.join("a (2).bin"));
    }

    #[test]
    fn a_part_file_tagged_as_the_transfers_own_is_taken_back() {
        let folder = tempfile::tempdir().expect("tempdir");
        let folder = folder.path();
        let owner = TransferId::new_random();
        let part = File::create(folder.join("b.bin.part")).expect("create");
        assert!(
            set_owner_tag(&part, owner),
            "the test folder's file system keeps extended attributes"
        );
        let reservations = PathReservations::default();
        let others = reservations
            .reserve_free_name(folder, "b.bin", TransferId::new_random())
            .expect("a free name");
        assert_eq!(others.path, folder.join("b (1).bin"));
        let own = reservations
            .reserve_free_name(folder, "b.bin", owner)
            .expect("a free name");
        assert_eq!(own.path, folder.join("b.bin"));
        assert!(own.has_own_part);
    }
}
