//! The actor's side of state.ron, with its invariants in one place: what
//! changed since the last save (`is_dirty`), whether a save is due
//! (`is_wanted`), who waits until a save is on disk (`acks`: they make it
//! due at once), the folders to sync before a save that calls files
//! complete, the composed text kept between saves, the saver (one save at
//! a time) and the budget of saves nobody waits for (about one a second).

use std::collections::HashSet;
use std::path::PathBuf;

use tokio::sync::oneshot;
use tokio::time::Instant;

use crate::model::{Settings, Transfer};
use crate::store::{SaveRequest, Saver, StateHead, StateStore, StateText, StoreError};

use super::save_budget::SaveBudget;
use crate::engine::table::TransferTable;

pub(super) struct Persistence {
    /// The state changed since the last save.
    is_dirty: bool,
    /// A save is due as soon as the saver is idle (and the budget allows,
    /// unless someone waits).
    is_wanted: bool,
    /// Told once the state they saw is on disk.
    acks: Vec<oneshot::Sender<()>>,
    /// Folders where files were published since the last save: synced
    /// before the state that calls them completed is written.
    folders_to_sync: HashSet<PathBuf>,
    /// The last saved text, reused for transfers that did not change.
    text: StateText,
    saver: Saver,
    budget: SaveBudget,
}

impl Persistence {
    /// Writes through `store`, continuing the journal `generation` of the
    /// state that was loaded.
    pub fn new(store: StateStore, generation: u64) -> Self {
        let mut text = StateText::default();
        text.continue_generation(generation);
        Persistence {
            is_dirty: false,
            is_wanted: false,
            acks: Vec::new(),
            folders_to_sync: HashSet::new(),
            text,
            saver: Saver::start(store),
            budget: SaveBudget::new(),
        }
    }

    /// The state changed: saved with the next save.
    pub fn mark_dirty(&mut self) {
        self.is_dirty = true;
    }

    /// `ack` is told once what the state holds now is on disk (a save is
    /// due at once).
    pub fn after_save(&mut self, ack: oneshot::Sender<()>) {
        self.acks.push(ack);
        self.is_wanted = true;
    }

    /// Syncs `folder` before the next save.
    pub fn sync_first(&mut self, folder: PathBuf) {
        self.folders_to_sync.insert(folder);
    }

    /// Makes `transfer`'s line now (a transfer that ended will not change
    /// again); true when it could be made.
    pub fn refresh(&mut self, transfer: &Transfer) -> bool {
        self.text.refresh(transfer).is_ok()
    }

    /// The periodic tick: a change makes a save due.
    pub fn tick(&mut self) {
        if self.is_dirty {
            self.is_wanted = true;
        }
    }

    /// When a held-back save may go; `None` when none waits for it.
    pub fn budget_deadline(&self) -> Option<Instant> {
        ((self.is_wanted || self.is_dirty) && !self.saver.is_busy()).then(|| self.budget.next_at())
    }

    /// The budget's deadline passed: the held-back save is due.
    pub fn budget_ready(&mut self) {
        self.is_wanted = true;
    }

    pub fn is_busy(&self) -> bool {
        self.saver.is_busy()
    }

    /// Whether a save should go now: due, the saver idle, and someone waits
    /// (or ferry stops) or the budget allows.
    pub fn is_save_due(&mut self, is_stopping: bool) -> bool {
        // Every ack made a save due when it came (`after_save`).
        let is_awaited = !self.acks.is_empty() || is_stopping;
        self.is_wanted && !self.saver.is_busy() && (is_awaited || self.budget.try_take())
    }

    /// Waits until the save in progress is on disk.
    pub async fn finished(&mut self) {
        let text = self.saver.finished().await;
        self.text.give_back(text);
    }

    /// Hands the state to the (idle) saver; everyone waiting is told once
    /// it is on disk. With `whole`, state.ron is written whole (at the
    /// end), else what changed may go to its journal.
    pub fn save(
        &mut self,
        table: &mut TransferTable,
        settings: &Settings,
        whole: bool,
    ) -> Result<(), StoreError> {
        self.is_wanted = false;
        let changed = table.take_changed();
        let composed = self.text.compose_save(
            table.iter(),
            &changed,
            StateHead {
                settings,
                groups: table.groups(),
                completion_groups: table.completion_groups(),
                prefetch: table.prefetch(),
            },
            whole,
        );
        match composed {
            Ok(composed) => {
                self.is_dirty = false;
                self.saver.save(SaveRequest {
                    composed,
                    acks: std::mem::take(&mut self.acks),
                    folders_to_sync: std::mem::take(&mut self.folders_to_sync),
                });
                Ok(())
            }
            Err(error) => {
                // Serialize everything again next time (whole).
                let generation = self.text.generation();
                self.text = StateText::default();
                self.text.continue_generation(generation);
                Err(error)
            }
        }
    }

    /// Ends the saver once the save in progress is done.
    pub async fn stop(&mut self) {
        self.saver.stop().await;
    }
}
