//! The one writer of state.ron and its journal while the engine runs: one
//! save at a time on the blocking pool, the folders of published files
//! synced first.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{mpsc, oneshot};

use super::{Composed, StateStore};

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

/// What to write, who waits for it, and folders to sync before it.
pub struct SaveRequest {
    pub composed: Composed,
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
            let journal = Arc::new(Mutex::new(None));
            while let Some(request) = receiver.recv().await {
                let SaveRequest {
                    composed,
                    acks,
                    folders_to_sync,
                } = request;
                let store = Arc::clone(&store);
                let journal = Arc::clone(&journal);
                let written = tokio::task::spawn_blocking(move || {
                    for folder in &folders_to_sync {
                        sync_folder(folder);
                    }
                    let mut journal = journal.lock().unwrap_or_else(PoisonError::into_inner);
                    (store.save_composed(&composed, &mut journal), composed)
                })
                .await;
                let text = match written {
                    Ok((result, composed)) => {
                        if let Err(error) = result {
                            tracing::error!(%error, "cannot save the state");
                        }
                        match composed {
                            Composed::Whole { text, .. } => text,
                            Composed::Journal(_) => String::new(),
                        }
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
    /// written (empty for a journal save), for the next save to reuse.
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
