//! Group commit for the syncs downloads wait on. Many small files finishing
//! together would each pay a journal commit for their own `fdatasync`; here
//! the syncs asked for while one runs are done together by one `syncfs` per
//! file system, which makes every file's data durable in one commit.

use std::collections::HashMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

/// Requests that wait while a batch runs.
const QUEUE_CAPACITY: usize = 1024;

type SyncRequest = (Arc<File>, oneshot::Sender<io::Result<()>>);

/// Cheap to clone; every clone feeds the same batcher task.
#[derive(Clone, Debug)]
pub(crate) struct SyncBatcher {
    requests: mpsc::Sender<SyncRequest>,
}

impl SyncBatcher {
    /// Starts the batcher task on the current runtime.
    pub fn start() -> Self {
        let (requests, mut receiver) = mpsc::channel::<SyncRequest>(QUEUE_CAPACITY);
        tokio::spawn(async move {
            while let Some(first) = receiver.recv().await {
                let mut batch = vec![first];
                while let Ok(next) = receiver.try_recv() {
                    batch.push(next);
                }
                let files: Vec<Arc<File>> =
                    batch.iter().map(|(file, _)| Arc::clone(file)).collect();
                let results = tokio::task::spawn_blocking(move || sync_together(&files))
                    .await
                    .unwrap_or_else(|error| {
                        let words = format!("the sync task failed: {error}");
                        batch
                            .iter()
                            .map(|_| Err(io::Error::other(words.clone())))
                            .collect()
                    });
                for ((_, reply), result) in batch.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
        });
        SyncBatcher { requests }
    }

    /// Returns once `file`'s data is durable.
    pub async fn sync(&self, file: Arc<File>) -> io::Result<()> {
        let (reply, answer) = oneshot::channel();
        if self
            .requests
            .send((Arc::clone(&file), reply))
            .await
            .is_err()
        {
            // The batcher is gone (engine stopping): sync alone.
            return tokio::task::spawn_blocking(move || file.sync_data())
                .await
                .map_err(io::Error::other)?;
        }
        answer
            .await
            .map_err(|_| io::Error::other("the sync batcher stopped"))?
    }
}

/// One file: `fdatasync`. Several: one `syncfs` per file system they are on.
fn sync_together(files: &[Arc<File>]) -> Vec<io::Result<()>> {
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
                .or_insert_with(|| rustix::fs::syncfs(file.as_ref()).map_err(io::Error::from))
            {
                Ok(()) => Ok(()),
                Err(error) => Err(io::Error::new(error.kind(), error.to_string())),
            }
        })
        .collect()
}
