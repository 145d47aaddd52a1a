//! The one writer of state.ron while the engine runs: one save at a time
//! on the blocking pool, the folders of published files synced first.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::StateStore;

/// One writer for state.ron: one save at a time on the blocking pool. The
/// actor composes the next text only when the saver is idle, so a burst of
/// changes costs one serialization and one write per save, not per change.
pub struct Saver {
    sender: Option<mpsc::Sender<SaveRequest>>,
    /// Told when a save is on disk, with the text written.
    done: mpsc::Receiver<String>,
    busy: bool,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// A text to write, who waits for it, and folders to sync before it.
pub struct SaveRequest {
    pub text: String,
    /// Told once the text is on disk.
    pub acks: Vec<oneshot::Sender<()>>,
    /// Folders where files were published: synced before the state that
    /// calls them completed is written.
    pub folders_to_sync: HashSet<PathBuf>,
}

impl Saver {
    pub fn start(store: StateStore) -> Saver {
        let (sender, mut receiver) = mpsc::channel::<SaveRequest>(1);
        let (done_sender, done) = mpsc::channel(1);
        let store = Arc::new(store);
        let task = tokio::spawn(async move {
            while let Some(request) = receiver.recv().await {
                let SaveRequest {
                    text,
                    acks,
                    folders_to_sync,
                } = request;
                let store = Arc::clone(&store);
                let written = tokio::task::spawn_blocking(move || {
                    for folder in &folders_to_sync {
                        sync_folder(folder);
                    }
                    (store.save_text(&text), text)
                })
                .await;
                let text = match written {
                    Ok((Ok(()), text)) => text,
                    Ok((Err(error), text)) => {
                        tracing::error!(%error, "cannot save the state");
                        text
                    }
                    Err(error) => {
                        tracing::error!(%error, "the save task failed");
                        String::new()
                    }
                };
                for ack in acks {
                    let _ = ack.send(());
                }
                let _ = done_sender.send(text).await;
            }
        });
        Saver {
            sender: Some(sender),
            done,
            busy: false,
            task: Some(task),
        }
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    /// Starts writing `request`; only called when the saver is idle.
    pub fn save(&mut self, request: SaveRequest) {
        if let Some(sender) = &self.sender
            && sender.try_send(request).is_ok()
        {
            self.busy = true;
        }
    }

    /// Waits until the save in progress is on disk; returns the text
    /// written, for the next save to reuse.
    pub async fn finished(&mut self) -> String {
        // `None`: the saver task is gone, so nothing is in progress either.
        let text = self.done.recv().await.unwrap_or_default();
        self.busy = false;
        text
    }

    /// Ends the saver task once the save in progress is done.
    pub async fn stop(&mut self) {
        self.sender = None;
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

fn sync_folder(folder: &Path) {
    if let Err(error) = std::fs::File::open(folder).and_then(|directory| directory.sync_all()) {
        tracing::warn!(folder = %folder.display(), %error, "cannot sync the folder");
    }
}
