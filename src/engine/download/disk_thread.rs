//! The disk thread: one thread that does the disk work downloads wait on, in
//! batches. Many small files finishing together would each pay a journal
//! commit for their own `fdatasync` and several trips to a blocking pool;
//! here whatever is asked for while a batch runs is done together: small
//! bodies are written whole, then one `syncfs` per file system makes every
//! file of the batch durable in one commit, then the small files are
//! published under their names. One wake-up of this thread serves the batch.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use tokio::sync::oneshot;

use super::part_file::{publish, remove_owner_tag, set_owner_tag};
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
        reply: oneshot::Sender<Result<PathBuf, StoreFailure>>,
    },
}

/// Cheap to clone; every clone feeds the same thread, which ends when the
/// last clone is dropped.
#[derive(Clone, Debug)]
pub(crate) struct DiskThread {
    jobs: mpsc::Sender<Job>,
}

impl DiskThread {
    pub fn start() -> io::Result<Self> {
        let (jobs, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("ferry-disk".to_owned())
            .spawn(move || serve(&receiver))?;
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

/// The thread: one batch per wake-up, until every sender is gone. A store
/// that could not be written is answered at once; the others wait for the
/// batch's sync.
fn serve(receiver: &mpsc::Receiver<Job>) {
    while let Ok(first) = receiver.recv() {
        let mut syncs = Vec::new();
        let mut stores = Vec::new();
        for job in std::iter::once(first).chain(receiver.try_iter()) {
            match job {
                Job::Sync { file, reply } => syncs.push((file, reply)),
                Job::Store { body, reply } => match write_whole(&body) {
                    Ok(Some(file)) => stores.push((body, file, reply)),
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
        let files: Vec<&File> = syncs
            .iter()
            .map(|(file, _)| file.as_ref())
            .chain(stores.iter().map(|(_, file, _)| file))
            .collect();
        let mut synced = sync_together(&files).into_iter();
        for ((_, reply), result) in syncs.into_iter().zip(synced.by_ref()) {
            let _ = reply.send(result);
        }
        for ((body, file, reply), result) in stores.into_iter().zip(synced) {
            let _ = reply.send(publish_whole(&body, &file, result));
        }
    }
}

/// Creates the `.part` file (tagged as the owner's) and writes the body;
/// `None` when the tag was required and the file system keeps none.
fn write_whole(body: &WholeBody) -> Result<Option<File>, StoreFailure> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&body.part_path)
        .map_err(|error| io_failure(&body.part_path, error))?;
    if !set_owner_tag(&file, body.owner) && body.require_tag {
        return Ok(None);
    }
    if let Err(error) = file.write_all_at(&body.bytes, 0) {
        let _ = std::fs::remove_file(&body.part_path);
        return Err(io_failure(&body.part_path, error));
    }
    Ok(Some(file))
}

/// After the sync: drops the tag and moves the file to its name.
fn publish_whole(
    body: &WholeBody,
    file: &File,
    synced: io::Result<()>,
) -> Result<PathBuf, StoreFailure> {
    let published = synced.and_then(|()| {
        remove_owner_tag(file);
        publish(&body.part_path, &body.final_path)
    });
    published.map_err(|error| {
        let _ = std::fs::remove_file(&body.part_path);
        io_failure(&body.part_path, error)
    })
}

fn io_failure(path: &Path, error: io::Error) -> StoreFailure {
    StoreFailure::Io {
        path: path.to_owned(),
        error,
    }
}

/// One file: `fdatasync`. Several: one `syncfs` per file system they are on.
fn sync_together(files: &[&File]) -> Vec<io::Result<()>> {
    if let [only] = files {
        return vec![only.sync_data()];
    }
    let mut by_device: HashMap<u64, io::Result<()>> = HashMap::new();
    files
        .iter()
        .map(|file| {
            let device = match file.metadata() {
                Ok(metadata) => metadata.dev(),
                Err(error) => return Err(error),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn body(folder: &Path, name: &str, bytes: &[u8]) -> WholeBody {
        WholeBody {
            part_path: folder.join(format!("{name}.part")),
            final_path: folder.join(name),
            owner: TransferId::new_random(),
            bytes: bytes.to_vec(),
            require_tag: false,
        }
    }

    #[tokio::test]
    async fn stored_bodies_are_published_whole_and_never_replace_a_file() {
        let folder = tempfile::tempdir().expect("tempdir");
        std::fs::write(folder.path().join("taken.bin"), b"someone else's").expect("write");
        let disk = DiskThread::start().expect("start");
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
