//! The actor's side of the prefetch list: adding and removing entries,
//! and deciding when one refreshes. One refresh runs at a time, only in an
//! engine that keeps the list (the service, the window; not a `ferry get`),
//! and only while the policy allows it (`policy::cost::prefetch_hold`):
//! otherwise each entry says why it waits.

use std::collections::HashSet;
use std::path::PathBuf;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::engine::policy::cost::{Circumstances, prefetch_hold};
use crate::engine::prefetch::{PrefetchJob, PrefetchRefreshed, refresh};
use crate::engine::{Command, EngineError, Event};
use crate::model::{
    MIN_PREFETCH_EVERY_SECS, PrefetchEntry, PrefetchId, PrefetchKind, unix_now_secs,
};

use super::Actor;

/// The folder under the state folder where copies are kept, one folder
/// per entry.
pub const PREFETCH_FOLDER: &str = "prefetched";

pub(super) struct Prefetcher {
    /// Where each entry's folder is.
    folder: PathBuf,
    /// This engine refreshes the list (the service, the window).
    is_keeper: bool,
    /// The refresh running, and how to stop it.
    running: Option<(PrefetchId, CancellationToken)>,
    /// Entries the user asked to refresh without waiting for their interval.
    asked: HashSet<PrefetchId>,
    sender: mpsc::Sender<PrefetchRefreshed>,
    pub results: mpsc::Receiver<PrefetchRefreshed>,
}

impl Prefetcher {
    pub fn new(state_folder: &std::path::Path, is_keeper: bool) -> Self {
        let (sender, results) = mpsc::channel(4);
        Prefetcher {
            folder: state_folder.join(PREFETCH_FOLDER),
            is_keeper,
            running: None,
            asked: HashSet::new(),
            sender,
            results,
        }
    }

    fn entry_folder(&self, id: PrefetchId) -> PathBuf {
        self.folder.join(id.to_string())
    }

    /// Stops the running refresh (the engine stops).
    pub fn stop(&mut self) {
        if let Some((_, cancel)) = self.running.take() {
            cancel.cancel();
        }
    }
}

impl Actor {
    pub(super) fn handle_prefetch_command(&mut self, command: Command) -> Result<(), EngineError> {
        match command {
            Command::AddPrefetch {
                url,
                kind,
                every_secs,
            } => self.add_prefetch(url, kind, every_secs)?,
            Command::RemovePrefetch(id) => self.remove_prefetch(id)?,
            Command::RefreshPrefetch(id) => {
                let table = self.table.read();
                let ids: Vec<PrefetchId> = match id {
                    Some(id) if table.prefetch().iter().any(|entry| entry.id == id) => vec![id],
                    Some(id) => return Err(EngineError::UnknownPrefetch(id)),
                    None => table.prefetch().iter().map(|entry| entry.id).collect(),
                };
                drop(table);
                self.prefetcher.asked.extend(ids);
            }
            _ => return Err(EngineError::Service("not a prefetch command".to_owned())),
        }
        Ok(())
    }

    fn add_prefetch(
        &mut self,
        url: Url,
        kind: PrefetchKind,
        every_secs: u64,
    ) -> Result<(), EngineError> {
        crate::engine::input::parse_prefetch_url(url.as_str())?;
        if every_secs < MIN_PREFETCH_EVERY_SECS {
            return Err(EngineError::Service(format!(
                "a prefetch entry refreshes at most once a minute, not every {every_secs} s"
            )));
        }
        let mut table = self.table.write();
        if let Some(other) = table.prefetch().iter().find(|entry| entry.url == url) {
            return Err(EngineError::DuplicatePrefetch {
                url,
                other: other.id,
            });
        }
        let id = PrefetchId(
            table
                .prefetch()
                .iter()
                .map(|entry| entry.id.0)
                .max()
                .unwrap_or(0)
                + 1,
        );
        table
            .prefetch_mut()
            .push(PrefetchEntry::new(id, url, kind, every_secs));
        drop(table);
        self.prefetch_changed();
        Ok(())
    }

    fn remove_prefetch(&mut self, id: PrefetchId) -> Result<(), EngineError> {
        {
            let mut table = self.table.write();
            let entries = table.prefetch_mut();
            let before = entries.len();
            entries.retain(|entry| entry.id != id);
            if entries.len() == before {
                return Err(EngineError::UnknownPrefetch(id));
            }
        }
        if self
            .prefetcher
            .running
            .as_ref()
            .is_some_and(|(running, _)| *running == id)
        {
            self.prefetcher.stop();
        }
        self.prefetcher.asked.remove(&id);
        self.forget_copies(id);
        self.prefetch_changed();
        Ok(())
    }

    /// Deletes an entry's folder, off the actor's thread.
    fn forget_copies(&self, id: PrefetchId) {
        let folder = self.prefetcher.entry_folder(id);
        tokio::task::spawn_blocking(move || match std::fs::remove_dir_all(&folder) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                tracing::warn!(%error, folder = %folder.display(), "cannot delete prefetched copies");
            }
            _ => {}
        });
    }

    /// The list changed: saved, and told to whoever listens.
    fn prefetch_changed(&mut self) {
        self.persistence.mark_dirty();
        self.emit_if_heard(|actor| Event::PrefetchChanged(actor.table.read().prefetch().to_vec()));
    }

    /// Starts the refresh of the first entry due (or asked for) when
    /// nothing refreshes and the policy allows; else notes why they wait.
    pub(super) fn start_due_prefetch(&mut self) {
        if !self.prefetcher.is_keeper
            || self.prefetcher.running.is_some()
            || self.shutting_down
            || self.table.read().prefetch().is_empty()
        {
            return;
        }
        let waiting = self.prefetch_hold();
        // Looked at every turn: the table is written only when the reason
        // changed (readers such as the window's snapshot are not held up).
        let changed_waiting = self
            .table
            .read()
            .prefetch()
            .iter()
            .any(|entry| entry.waiting != waiting);
        if changed_waiting {
            for entry in self.table.write().prefetch_mut() {
                entry.waiting.clone_from(&waiting);
            }
            self.prefetch_changed();
        }
        if waiting.is_some() {
            return;
        }
        let now = unix_now_secs();
        let due = self
            .table
            .read()
            .prefetch()
            .iter()
            .find(|entry| self.prefetcher.asked.contains(&entry.id) || entry.is_due(now))
            .cloned();
        let Some(mut entry) = due else {
            return;
        };
        // The way to the network is the settings' (an entry has no proxy
        // of its own).
        let client = match self.clients.of_settings() {
            Ok(client) => client,
            Err(error) => {
                tracing::warn!(%error, "cannot refresh the prefetch list");
                return;
            }
        };
        self.prefetcher.asked.remove(&entry.id);
        if let Some(stored) = self.table.write().prefetch_entry_mut(entry.id) {
            stored.attempted_unix_secs = Some(now);
            stored.is_refreshing = true;
        }
        self.prefetch_changed();
        entry.attempted_unix_secs = Some(now);
        let cancel = CancellationToken::new();
        let job = PrefetchJob {
            folder: self.prefetcher.entry_folder(entry.id),
            entry,
            client,
            config: self.config.clone(),
            cancel: cancel.clone(),
        };
        let id = job.entry.id;
        tracing::info!(%id, url = %job.entry.url, "refreshing a prefetch entry");
        self.prefetcher.running = Some((id, cancel));
        let results = self.prefetcher.sender.clone();
        tokio::spawn(async move {
            if let Some(refreshed) = refresh(job).await {
                let _ = results.send(refreshed).await;
            }
        });
    }

    /// A refresh ended: its copies replace the entry's (unless the entry
    /// was removed meanwhile: then its folder goes again).
    pub(super) fn apply_prefetch(&mut self, refreshed: PrefetchRefreshed) {
        let id = refreshed.entry.id;
        if self
            .prefetcher
            .running
            .as_ref()
            .is_some_and(|(running, _)| *running == id)
        {
            self.prefetcher.running = None;
        }
        let found = {
            let mut table = self.table.write();
            match table.prefetch_entry_mut(id) {
                Some(entry) => {
                    entry.copy = refreshed.entry.copy;
                    entry.members = refreshed.entry.members;
                    entry.is_refreshing = false;
                    true
                }
                None => false,
            }
        };
        if found {
            self.prefetch_changed();
        } else {
            self.forget_copies(id);
        }
    }

    /// Why refreshes wait now, or `None`.
    fn prefetch_hold(&self) -> Option<String> {
        let conditions = self.admission.conditions();
        prefetch_hold(&Circumstances {
            conditions: &conditions,
            switches: &self.settings.policy,
            outside_hours: self.outside_hours(),
        })
    }
}
