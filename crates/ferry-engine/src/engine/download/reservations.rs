//! Paths promised to transfers, so two downloads in one folder never pick the
//! same name (and a new one never takes over an unknown `.part`).
//!
//! Whether a name is taken on disk is looked up name by name, except for
//! small files (written without a name, then linked under one, which never
//! replaces a file) chosen in a burst in one folder (a list of a thousand
//! small files): the folder is read once and its listing answers for the
//! next [`LISTING_LIFETIME`]. Two lookups of names that do not exist yet, per
//! file, in a folder growing as the files land, were an eighth of the
//! engine's time, and each waited on the links publishing other files.
//! Ferry's own files are in the listing too: a name stays claimed until its
//! file is published, and a published file's name goes into the listing. A
//! name the listing missed costs no file: publishing takes the next free
//! name, and a `.part` file that was not known is never written over.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::engine::file_name::{numbered_name, part_path};
use crate::model::TransferId;

use super::part_file::is_owned_by;

/// How long a folder's listing stands in for looking names up, and how soon
/// a second name chosen in a folder makes it worth reading the folder.
const LISTING_LIFETIME: Duration = Duration::from_millis(500);

/// How many names [`PathReservations::reserve_free_name`] tries.
const MAX_NUMBER: u32 = 10_000;

/// How [`PathReservations::reserve_free_name`] learns what a folder holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameCheck {
    /// A recent listing of the folder will do, when names are chosen there
    /// in a burst: for a small file, stored whole and linked under its name.
    ListingWillDo,
    /// Each candidate is looked up on disk.
    OnDisk,
}

/// A name [`PathReservations::reserve_free_name`] chose.
#[derive(Debug)]
pub(crate) struct ReservedName {
    pub path: PathBuf,
    /// Its `.part` file exists and is tagged as the transfer's own.
    pub has_own_part: bool,
}

/// The set of final paths owned by unfinished transfers.
#[derive(Clone, Debug, Default)]
pub(crate) struct PathReservations(Arc<Mutex<Claims>>);

#[derive(Debug)]
struct Claims {
    paths: foldhash::HashSet<PathBuf>,
    folders: foldhash::HashMap<PathBuf, FolderNames>,
    listing_lifetime: Duration,
}

impl Default for Claims {
    fn default() -> Self {
        Claims {
            paths: foldhash::HashSet::default(),
            folders: foldhash::HashMap::default(),
            listing_lifetime: LISTING_LIFETIME,
        }
    }
}

/// What is known of the names in a folder where a name was chosen lately.
#[derive(Debug)]
enum FolderNames {
    /// A name was looked up on disk at this instant.
    LookedUp(Instant),
    /// The folder's entries as read at `read_at`, and the files ferry
    /// published there since.
    Listed {
        read_at: Instant,
        names: foldhash::HashSet<OsString>,
    },
}

impl FolderNames {
    fn since(&self) -> Instant {
        match self {
            FolderNames::LookedUp(at) | FolderNames::Listed { read_at: at, .. } => *at,
        }
    }
}

impl PathReservations {
    /// Reservations whose folder listings last `lifetime` (tests hold them
    /// steady whatever the machine's speed).
    #[cfg(test)]
    fn with_listing_lifetime(lifetime: Duration) -> Self {
        let claims = Claims {
            listing_lifetime: lifetime,
            ..Claims::default()
        };
        PathReservations(Arc::new(Mutex::new(claims)))
    }

    /// Claims `path` for a transfer that already owns it (loaded from state).
    pub fn reserve(&self, path: &Path) {
        self.lock().paths.insert(path.to_owned());
    }

    pub fn release(&self, path: &Path) {
        self.lock().paths.remove(path);
    }

    /// Releases `path`, whose file is now on disk under that name.
    pub fn published(&self, path: &Path) {
        let mut claims = self.lock();
        claims.paths.remove(path);
        if let (Some(folder), Some(name)) = (path.parent(), path.file_name())
            && let Some(FolderNames::Listed { names, .. }) = claims.folders.get_mut(folder)
        {
            names.insert(name.to_owned());
        }
    }

    fn is_claimed(&self, path: &Path) -> bool {
        self.lock().paths.contains(path)
    }

    fn lock(&self) -> MutexGuard<'_, Claims> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
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
        check: NameCheck,
    ) -> io::Result<ReservedName> {
        let listed = match check {
            NameCheck::ListingWillDo => self.reserve_from_listing(folder, name, owner),
            NameCheck::OnDisk => None,
        };
        match listed {
            Some(reserved) => reserved,
            None => self.reserve_by_lookups(folder, name, owner),
        }
    }

    /// Chooses the name from the folder's listing when names are being
    /// chosen there in a burst (reading the folder when its listing is
    /// missing or old); `None` to look names up on disk instead. The folder
    /// is read under the lock, so a file published meanwhile is either in
    /// what was read or added to the listing after.
    fn reserve_from_listing(
        &self,
        folder: &Path,
        name: &str,
        owner: TransferId,
    ) -> Option<io::Result<ReservedName>> {
        let now = Instant::now();
        let mut claims = self.lock();
        let Claims {
            paths,
            folders,
            listing_lifetime,
        } = &mut *claims;
        let is_fresh = |known: &FolderNames| now.duration_since(known.since()) < *listing_lifetime;
        match folders.get(folder).filter(|known| is_fresh(known)) {
            // The first name chosen here lately: looking it up costs less
            // than reading a folder that may hold thousands of files.
            None => {
                folders.retain(|_, known| is_fresh(known));
                folders.insert(folder.to_owned(), FolderNames::LookedUp(now));
                return None;
            }
            Some(FolderNames::LookedUp(_)) => {
                let names = read_names(folder).ok()?;
                folders.insert(
                    folder.to_owned(),
                    FolderNames::Listed {
                        read_at: now,
                        names,
                    },
                );
            }
            Some(FolderNames::Listed { .. }) => {}
        }
        let Some(FolderNames::Listed { names, .. }) = folders.get(folder) else {
            return None;
        };
        Some(choose_from_listing(paths, names, folder, name, owner))
    }

    /// Looks each candidate up on disk. The file system is asked outside
    /// the lock, so downloads choosing names at once do not wait on each
    /// other's lookups; the claim itself is checked again under the lock.
    fn reserve_by_lookups(
        &self,
        folder: &Path,
        name: &str,
        owner: TransferId,
    ) -> io::Result<ReservedName> {
        first_free(folder, name, |candidate_name| {
            let candidate = folder.join(candidate_name);
            if self.is_claimed(&candidate) || candidate.symlink_metadata().is_ok() {
                return None;
            }
            let part = part_path(&candidate);
            let has_own_part = part_claim(part.symlink_metadata().is_ok(), &part, owner)?;
            self.lock()
                .paths
                .insert(candidate.clone())
                .then_some(ReservedName {
                    path: candidate,
                    has_own_part,
                })
        })
    }
}

/// [`PathReservations::reserve_free_name`] with the folder's `names`.
fn choose_from_listing(
    claimed: &mut foldhash::HashSet<PathBuf>,
    names: &foldhash::HashSet<OsString>,
    folder: &Path,
    name: &str,
    owner: TransferId,
) -> io::Result<ReservedName> {
    first_free(folder, name, |candidate_name| {
        if names.contains(candidate_name) {
            return None;
        }
        let candidate = folder.join(candidate_name);
        if claimed.contains(&candidate) {
            return None;
        }
        let mut part_name = candidate_name.to_owned();
        part_name.push(".part");
        let has_own_part = part_claim(names.contains(&part_name), &part_path(&candidate), owner)?;
        claimed.insert(candidate.clone());
        Some(ReservedName {
            path: candidate,
            has_own_part,
        })
    })
}

/// The first of `NAME.ext`, `NAME (1).ext`, … that `take` claims.
fn first_free(
    folder: &Path,
    name: &str,
    mut take: impl FnMut(&OsStr) -> Option<ReservedName>,
) -> io::Result<ReservedName> {
    (0..MAX_NUMBER)
        .find_map(|number| take(OsStr::new(&numbered_name(name, number))))
        .ok_or_else(|| no_free_name(folder, name))
}

/// Whether `owner` may take a name whose `.part` file `part_exists`:
/// `Some(false)` when there is none, `Some(true)` when it is tagged as the
/// owner's own (left by a crash before its path was saved), `None` when it
/// is someone else's.
fn part_claim(part_exists: bool, part: &Path, owner: TransferId) -> Option<bool> {
    if !part_exists {
        return Some(false);
    }
    is_owned_by(part, owner).then_some(true)
}

fn read_names(folder: &Path) -> io::Result<foldhash::HashSet<OsString>> {
    std::fs::read_dir(folder)?
        .map(|entry| entry.map(|entry| entry.file_name()))
        .collect()
}

fn no_free_name(folder: &Path, name: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free name like {name:?} in {}", folder.display()),
    )
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use super::*;
    use crate::engine::download::part_file::set_owner_tag;

    fn choose(
        reservations: &PathReservations,
        folder: &Path,
        name: &str,
        owner: TransferId,
        check: NameCheck,
    ) -> ReservedName {
        reservations
            .reserve_free_name(folder, name, owner, check)
            .expect("a free name")
    }

    #[test]
    fn names_taken_on_disk_or_claimed_are_skipped() {
        let folder = tempfile::tempdir().expect("tempdir");
        let folder = folder.path();
        let reservations = PathReservations::default();
        let owner = TransferId::new_random();
        std::fs::write(folder.join("a.bin"), b"someone's file").expect("write");
        std::fs::write(folder.join("a (1).bin.part"), b"someone's part").expect("write");

        let first = choose(&reservations, folder, "a.bin", owner, NameCheck::OnDisk);
        assert_eq!(first.path, folder.join("a (2).bin"));
        assert!(!first.has_own_part);
        // Claimed but not on disk yet: another transfer goes on counting.
        let second = choose(
            &reservations,
            folder,
            "a.bin",
            TransferId::new_random(),
            NameCheck::OnDisk,
        );
        assert_eq!(second.path, folder.join("a (3).bin"));

        // Released: free again.
        reservations.release(&first.path);
        let again = choose(&reservations, folder, "a.bin", owner, NameCheck::OnDisk);
        assert_eq!(again.path, folder.join("a (2).bin"));
    }

    #[test]
    fn names_chosen_in_a_burst_come_from_the_folders_listing() {
        let folder = tempfile::tempdir().expect("tempdir");
        let folder = folder.path();
        let owner = TransferId::new_random();
        let reservations = PathReservations::with_listing_lifetime(Duration::from_secs(3600));
        std::fs::write(folder.join("a.bin"), b"someone's file").expect("write");
        std::fs::write(folder.join("a (1).bin.part"), b"someone's part").expect("write");
        let own = File::create(folder.join("mine.bin.part")).expect("create");
        assert!(set_owner_tag(&own, owner), "the test folder keeps tags");

        // The first name is looked up; the second reads the folder.
        let first = choose(
            &reservations,
            folder,
            "first.bin",
            owner,
            NameCheck::ListingWillDo,
        );
        assert_eq!(first.path, folder.join("first.bin"));
        let listed = choose(
            &reservations,
            folder,
            "a.bin",
            owner,
            NameCheck::ListingWillDo,
        );
        assert_eq!(listed.path, folder.join("a (2).bin"));
        assert!(!listed.has_own_part);
        let mine = choose(
            &reservations,
            folder,
            "mine.bin",
            owner,
            NameCheck::ListingWillDo,
        );
        assert_eq!(mine.path, folder.join("mine.bin"));
        assert!(mine.has_own_part);
        let others = choose(
            &reservations,
            folder,
            "mine.bin",
            TransferId::new_random(),
            NameCheck::ListingWillDo,
        );
        assert_eq!(
            others.path,
            folder.join("mine (1).bin"),
            "claimed, then untagged"
        );

        // A file ferry publishes after the folder was read is in the
        // listing: its name is not chosen again once released.
        std::fs::write(&listed.path, b"published").expect("write");
        reservations.published(&listed.path);
        let next = choose(
            &reservations,
            folder,
            "a.bin",
            owner,
            NameCheck::ListingWillDo,
        );
        assert_eq!(next.path, folder.join("a (3).bin"));
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
        let others = choose(
            &reservations,
            folder,
            "b.bin",
            TransferId::new_random(),
            NameCheck::OnDisk,
        );
        assert_eq!(others.path, folder.join("b (1).bin"));
        let own = choose(&reservations, folder, "b.bin", owner, NameCheck::OnDisk);
        assert_eq!(own.path, folder.join("b.bin"));
        assert!(own.has_own_part);
    }
}
