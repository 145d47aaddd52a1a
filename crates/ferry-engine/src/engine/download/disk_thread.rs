//! The disk threads: the disk work downloads wait on, in batches. Many
//! small files finishing together would each pay a journal commit for their
//! own `fdatasync` and several trips to a blocking pool; here whatever is
//! asked for while a batch runs is done together. The writing thread writes
//! small bodies whole; the syncing thread then makes every file written
//! meanwhile durable with one `syncfs` per file system (unless much data of
//! any program waits to be written: then one `fdatasync` per file) and
//! publishes the small files under their names. The next batch is written
//! while one syncs, so the disk is never idle while a sync waits.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use tokio::sync::oneshot;

use super::part_file::{
    create_nameless, is_owned_by, open_fresh, publish, publish_nameless, remove_owner_tag,
    set_owner_tag,
};
use crate::model::TransferId;

/// A body that arrived whole, to be stored as a finished file.
#[derive(Debug)]
pub(crate) struct WholeBody {
    pub part_path: PathBuf,
    pub final_path: PathBuf,
    pub owner: TransferId,
    pub bytes: Vec<u8>,
    /// The state may not know `final_path` yet: write nothing unless the
    /// `.part` file can carry the owner's tag.
    pub require_tag: bool,
    /// A `.part` file an earlier attempt left may be there, to remove once
    /// the body is published; when false, nothing is looked up, and a
    /// `.part` file found there is not written over.
    pub part_may_exist: bool,
}

/// Why a whole body was not stored.
#[derive(Debug)]
pub(crate) enum StoreFailure {
    /// The file system keeps no tag and the tag was required; the body
    /// comes back for a retry that does not require it (the empty `.part`
    /// file is left for that retry).
    Untagged { body: Box<WholeBody> },
    /// Nothing of the body is left on disk.
    Io { path: PathBuf, error: io::Error },
}

enum Job {
    Sync {
        file: Arc<File>,
        reply: oneshot::Sender<io::Result<()>>,
    },
    Store {
        body: WholeBody,
        reply: StoreReply,
    },
}

/// A whole body on disk, waiting for the batch's sync.
enum Written {
    /// In a file without a name (`O_TMPFILE`): a crash leaves nothing.
    Nameless(File),
    /// In its `.part` file (where the file system cannot make nameless
    /// files).
    Part(File),
}

impl Written {
    fn file(&self) -> &File {
        match self {
            Written::Nameless(file) | Written::Part(file) => file,
        }
    }
}

/// Whether small bodies are written to files without a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NamelessFiles {
    WhereSupported,
    /// Always `.part` files (what file systems without `O_TMPFILE` get).
    #[cfg_attr(not(test), allow(dead_code))]
    Never,
}

/// Cheap to clone; every clone feeds the same threads, which end when the
/// last clone is dropped.
#[derive(Clone, Debug)]
pub(crate) struct DiskThread {
    jobs: mpsc::Sender<Job>,
}

impl DiskThread {
    pub fn start() -> io::Result<Self> {
        Self::start_with(NamelessFiles::WhereSupported)
    }

    fn start_with(nameless: NamelessFiles) -> io::Result<Self> {
        let (jobs, receiver) = mpsc::channel();
        let (to_sync, written) = mpsc::channel();
        std::thread::Builder::new()
            .name("ferry-sync".to_owned())
            .spawn(move || sync_batches(&written))?;
        std::thread::Builder::new()
            .name("ferry-disk".to_owned())
            .spawn(move || write_batches(&receiver, &to_sync, nameless))?;
        Ok(DiskThread { jobs })
    }

    /// Returns once `file`'s data is durable.
    pub async fn sync(&self, file: Arc<File>) -> io::Result<()> {
        let (reply, answer) = oneshot::channel();
        let job = Job::Sync {
            file: Arc::clone(&file),
            reply,
        };
        if self.jobs.send(job).is_err() {
            // The thread is gone (it panicked): sync here.
            return tokio::task::spawn_blocking(move || file.sync_data())
                .await
                .map_err(io::Error::other)?;
        }
        answer
            .await
            .map_err(|_| io::Error::other("the disk thread stopped"))?
    }

    /// Writes `body` to its `.part` file, makes it durable and moves it to
    /// its final name (or a numbered one if that was taken meanwhile).
    /// Returns the final path.
    pub async fn store(&self, body: WholeBody) -> Result<PathBuf, StoreFailure> {
        let part_path = body.part_path.clone();
        let stopped = || StoreFailure::Io {
            path: part_path.clone(),
            error: io::Error::other("the disk thread stopped"),
        };
        let (reply, answer) = oneshot::channel();
        if self.jobs.send(Job::Store { body, reply }).is_err() {
            return Err(stopped());
        }
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }
}

/// Where the answer to a store goes.
type StoreReply = oneshot::Sender<Result<PathBuf, StoreFailure>>;

/// What one wake-up of the writing thread wrote, for the syncing thread.
#[derive(Default)]
struct WrittenBatch {
    syncs: Vec<(Arc<File>, oneshot::Sender<io::Result<()>>)>,
    stores: Vec<(WholeBody, Written, StoreReply)>,
}

/// The writing thread: one batch per wake-up, until every sender is gone.
/// A store that could not be written is answered at once; the others go to
/// the syncing thread, so the next batch is written while this one syncs.
fn write_batches(
    receiver: &mpsc::Receiver<Job>,
    to_sync: &mpsc::Sender<WrittenBatch>,
    nameless: NamelessFiles,
) {
    while let Ok(first) = receiver.recv() {
        let mut batch = WrittenBatch::default();
        for job in std::iter::once(first).chain(receiver.try_iter()) {
            match job {
                Job::Sync { file, reply } => batch.syncs.push((file, reply)),
                Job::Store { body, reply } => match write_whole(&body, nameless) {
                    Ok(Some(written)) => batch.stores.push((body, written, reply)),
                    Ok(None) => {
                        let body = Box::new(body);
                        let _ = reply.send(Err(StoreFailure::Untagged { body }));
                    }
                    Err(failure) => {
                        let _ = reply.send(Err(failure));
                    }
                },
            }
        }
        if to_sync.send(batch).is_err() {
            // The syncing thread is gone (it panicked): the replies drop,
            // and every waiting download hears the disk thread stopped.
            return;
        }
    }
}

/// The syncing thread: every batch written meanwhile is made durable
/// together (a sync covers what was written before it started), then its
/// small files are published.
fn sync_batches(written: &mpsc::Receiver<WrittenBatch>) {
    while let Ok(first) = written.recv() {
        let mut batch = first;
        for more in written.try_iter() {
            batch.syncs.extend(more.syncs);
            batch.stores.extend(more.stores);
        }
        let WrittenBatch { syncs, stores } = batch;
        let files: Vec<(&File, Option<&Path>)> = syncs
            .iter()
            .map(|(file, _)| (file.as_ref(), None))
            .chain(
                stores
                    .iter()
                    .map(|(body, written, _)| (written.file(), body.final_path.parent())),
            )
            .collect();
        let mut synced = sync_together(&files).into_iter();
        for ((_, reply), result) in syncs.into_iter().zip(synced.by_ref()) {
            let _ = reply.send(result);
        }
        // Every file of the batch gets its name before any waiting download
        // hears of its own: answered one by one between links, each answer
        // woke a parked runtime thread for one file.
        let published: Vec<_> = stores
            .into_iter()
            .zip(synced)
            .map(|((body, written, reply), result)| (reply, publish_whole(&body, &written, result)))
            .collect();
        for (reply, result) in published {
            let _ = reply.send(result);
        }
    }
}

/// Writes the body into a file without a name, else into its `.part` file
/// tagged as the owner's; `None` when the tag was required and the file
/// system keeps none.
fn write_whole(body: &WholeBody, nameless: NamelessFiles) -> Result<Option<Written>, StoreFailure> {
    let folder = body.final_path.parent().unwrap_or(Path::new("."));
    if nameless == NamelessFiles::WhereSupported {
        match create_nameless(folder) {
            Ok(Some(file)) => {
                return file
                    .write_all_at(&body.bytes, 0)
                    .map(|()| Some(Written::Nameless(file)))
                    .map_err(|error| io_failure(&body.final_path, error));
            }
            Ok(None) => {}
            Err(error) => return Err(io_failure(&body.final_path, error)),
        }
    }
    // A `.part` file the transfer does not know of is someone else's.
    let file = open_fresh(&body.part_path, body.owner, !body.part_may_exist)
        .map_err(|error| io_failure(&body.part_path, error))?;
    if !set_owner_tag(&file, body.owner) && body.require_tag {
        return Ok(None);
    }
    if let Err(error) = file.write_all_at(&body.bytes, 0) {
        let _ = std::fs::remove_file(&body.part_path);
        return Err(io_failure(&body.part_path, error));
    }
    Ok(Some(Written::Part(file)))
}

/// After the sync: gives the file its name (dropping the `.part` file's
/// tag first).
fn publish_whole(
    body: &WholeBody,
    written: &Written,
    synced: io::Result<()>,
) -> Result<PathBuf, StoreFailure> {
    match written {
        Written::Nameless(file) => {
            let published = synced
                .and_then(|()| publish_nameless(file, &body.final_path))
                .map_err(|error| io_failure(&body.final_path, error))?;
            remove_leftover_part(body);
            Ok(published)
        }
        Written::Part(file) => synced
            .and_then(|()| {
                remove_owner_tag(file);
                publish(&body.part_path, file, &body.final_path)
            })
            .map_err(|error| {
                let _ = std::fs::remove_file(&body.part_path);
                io_failure(&body.part_path, error)
            }),
    }
}

/// Removes the `.part` file an earlier attempt of the same transfer may
/// have left (the machine died before it wrote anything that counts): the
/// file is finished without it. A `.part` file is this transfer's when the
/// state knows its path, or when it carries the transfer's tag.
fn remove_leftover_part(body: &WholeBody) {
    let part = &body.part_path;
    if body.part_may_exist && (!body.require_tag || is_owned_by(part, body.owner)) {
        let _ = std::fs::remove_file(part);
    }
}

fn io_failure(path: &Path, error: io::Error) -> StoreFailure {
    StoreFailure::Io {
        path: path.to_owned(),
        error,
    }
}

/// Above this much data waiting to be written on the whole machine, a
/// batch is synced file by file: `syncfs` waits for every dirty page of the
/// file system, other programs' too, which can hold a few small files for
/// as long as gigabytes of someone else's writes take.
const SYNCFS_MAX_DIRTY_BYTES: u64 = 64 * 1024 * 1024;

/// One file, or while much data waits to be written: `fdatasync` each.
/// Otherwise one `syncfs` per file system they are on. Files made in a
/// known folder are on that folder's file system, so only the first of
/// each folder is asked for its device.
fn sync_together(files: &[(&File, Option<&Path>)]) -> Vec<io::Result<()>> {
    let dirty = || {
        std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|meminfo| dirty_bytes(&meminfo))
    };
    if files.len() == 1 || !syncfs_is_cheap(dirty()) {
        return files.iter().map(|(file, _)| file.sync_data()).collect();
    }
    let mut device_of_folder: HashMap<&Path, u64> = HashMap::new();
    let mut by_device: HashMap<u64, io::Result<()>> = HashMap::new();
    files
        .iter()
        .map(|&(file, folder)| {
            let known = folder.and_then(|folder| device_of_folder.get(folder).copied());
            let device = match known {
                Some(device) => device,
                None => {
                    let device = file.metadata()?.dev();
                    if let Some(folder) = folder {
                        device_of_folder.insert(folder, device);
                    }
                    device
                }
            };
            match by_device
                .entry(device)
                .or_insert_with(|| rustix::fs::syncfs(file).map_err(io::Error::from))
            {
                Ok(()) => Ok(()),
                Err(error) => Err(io::Error::new(error.kind(), error.to_string())),
            }
        })
        .collect()
}

/// Whether one `syncfs` waits for little besides the batch: only when the
/// machine's unwritten data is known and small.
fn syncfs_is_cheap(dirty_bytes: Option<u64>) -> bool {
    dirty_bytes.is_some_and(|bytes| bytes <= SYNCFS_MAX_DIRTY_BYTES)
}

/// The bytes waiting to be written or being written (`Dirty` and
/// `Writeback` of `/proc/meminfo`); `None` if the text does not say.
fn dirty_bytes(meminfo: &str) -> Option<u64> {
    let kib = |name: &str| -> Option<u64> {
        let line = meminfo
            .lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))?;
        line.trim().strip_suffix("kB")?.trim().parse().ok()
    };
    Some((kib("Dirty")? + kib("Writeback")?) * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn much_unwritten_data_on_the_machine_means_a_sync_per_file() {
        let meminfo = "MemTotal:       24684136 kB\nDirty:           2416648 kB\n\
                       Writeback:          1024 kB\nWritebackTmp:          7 kB\n";
        let dirty = dirty_bytes(meminfo);
        assert_eq!(dirty, Some((2_416_648 + 1024) * 1024));
        assert!(!syncfs_is_cheap(dirty));
        let quiet = "Dirty:               156 kB\nWriteback:             0 kB\n";
        assert!(syncfs_is_cheap(dirty_bytes(quiet)));
        // Not knowing is not taken for quiet.
        assert_eq!(dirty_bytes("MemTotal: 1 kB\n"), None);
        assert!(!syncfs_is_cheap(None));
    }

    fn body(folder: &Path, name: &str, bytes: &[u8]) -> WholeBody {
        WholeBody {
            part_path: folder.join(format!("{name}.part")),
            final_path: folder.join(name),
            owner: TransferId::new_random(),
            bytes: bytes.to_vec(),
            require_tag: false,
            part_may_exist: true,
        }
    }

    #[tokio::test]
    async fn stored_bodies_are_published_whole_and_never_replace_a_file() {
        stores_publish_whole_and_replace_nothing(NamelessFiles::WhereSupported).await;
    }

    #[tokio::test]
    async fn through_part_files_too_stored_bodies_are_published_whole() {
        stores_publish_whole_and_replace_nothing(NamelessFiles::Never).await;
    }

    async fn stores_publish_whole_and_replace_nothing(nameless: NamelessFiles) {
        let folder = tempfile::tempdir().expect("tempdir");
        std::fs::write(folder.path().join("taken.bin"), b"someone else's").expect("write");
        let disk = DiskThread::start_with(nameless).expect("start");
        let stores = (0..20).map(|index| {
            let name = if index == 0 {
                "taken.bin".to_owned()
            } else {
                format!("file{index}.bin")
            };
            let disk = disk.clone();
            let body = body(folder.path(), &name, format!("body {index}").as_bytes());
            tokio::spawn(async move { disk.store(body).await })
        });
        let mut published = Vec::new();
        for store in stores.collect::<Vec<_>>() {
            published.push(store.await.expect("join").expect("stored"));
        }
        // The taken name was left alone; the body went to a numbered name.
        assert_eq!(
            std::fs::read(folder.path().join("taken.bin")).expect("read"),
            b"someone else's"
        );
        assert_eq!(published[0], folder.path().join("taken (1).bin"));
        for (index, path) in published.iter().enumerate() {
            assert_eq!(
                std::fs::read(path).expect("read"),
                format!("body {index}").as_bytes()
            );
        }
        let parts = std::fs::read_dir(folder.path())
            .expect("list")
            .filter(|entry| {
                entry
                    .as_ref()
                    .is_ok_and(|entry| entry.path().extension().is_some_and(|ext| ext == "part"))
            })
            .count();
        assert_eq!(parts, 0, "no .part file is left behind");
    }

    #[test]
    fn a_body_written_but_not_published_leaves_nothing() {
        let folder = tempfile::tempdir().expect("tempdir");
        let body = body(folder.path(), "file.bin", b"bytes");
        let written = write_whole(&body, NamelessFiles::WhereSupported)
            .expect("write")
            .expect("no tag needed");
        assert!(
            matches!(written, Written::Nameless(_)),
            "this machine's file systems make files without a name"
        );
        // As if the process died before the sync and the publication.
        drop(written);
        assert_eq!(std::fs::read_dir(folder.path()).expect("list").count(), 0);
    }

    #[tokio::test]
    async fn a_part_file_left_by_the_same_transfer_goes_when_its_body_is_stored() {
        let folder = tempfile::tempdir().expect("tempdir");
        let disk = DiskThread::start().expect("start");
        let mut leftover = body(folder.path(), "mine.bin", b"whole");
        std::fs::write(&leftover.part_path, b"half").expect("write");
        // Its path was saved: the `.part` file is the transfer's.
        let published = disk.store(leftover).await.expect("stored");
        assert_eq!(std::fs::read(published).expect("read"), b"whole");
        assert!(!folder.path().join("mine.bin.part").exists());

        // A path not saved yet: only a `.part` file with the transfer's tag
        // is its own; another one stays.
        leftover = body(folder.path(), "other.bin", b"whole");
        leftover.require_tag = true;
        std::fs::write(&leftover.part_path, b"not ours").expect("write");
        disk.store(leftover).await.expect("stored");
        assert_eq!(
            std::fs::read(folder.path().join("other.bin.part")).expect("read"),
            b"not ours"
        );

        // The name was chosen with no `.part` file there: none is looked for.
        leftover = body(folder.path(), "third.bin", b"whole");
        leftover.part_may_exist = false;
        std::fs::write(&leftover.part_path, b"appeared later").expect("write");
        disk.store(leftover).await.expect("stored");
        assert!(folder.path().join("third.bin.part").exists());
    }

    #[tokio::test]
    async fn through_part_files_a_part_file_not_known_is_not_written_over() {
        let folder = tempfile::tempdir().expect("tempdir");
        let disk = DiskThread::start_with(NamelessFiles::Never).expect("start");
        let mut stranger = body(folder.path(), "x.bin", b"mine");
        stranger.part_may_exist = false;
        std::fs::write(&stranger.part_path, b"someone's part").expect("write");
        let failure = disk.store(stranger).await.expect_err("not ours to write");
        assert!(matches!(failure, StoreFailure::Io { .. }));
        assert_eq!(
            std::fs::read(folder.path().join("x.bin.part")).expect("read"),
            b"someone's part"
        );
        assert!(!folder.path().join("x.bin").exists());
    }

    #[tokio::test]
    async fn a_body_that_cannot_be_written_leaves_nothing() {
        let folder = tempfile::tempdir().expect("tempdir");
        let disk = DiskThread::start().expect("start");
        let missing = folder.path().join("no such folder");
        let failure = disk
            .store(body(&missing, "file.bin", b"bytes"))
            .await
            .expect_err("a missing folder cannot take the file");
        assert!(matches!(failure, StoreFailure::Io { .. }));
        assert!(!missing.exists());
        assert_eq!(std::fs::read_dir(folder.path()).expect("list").count(), 0);
    }
}
