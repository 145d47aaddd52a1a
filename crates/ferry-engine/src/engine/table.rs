//! The transfer table: every transfer the engine knows, in arrival order,
//! and the named groups they belong to; shared read-only with callers as the
//! snapshot.

use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::model::{
    CompletionGroup, CompletionGroupId, PrefetchEntry, PrefetchId, Transfer, TransferGroup,
    TransferId, TransferMap, TransferSet,
};

/// Transfers by id, keeping arrival order.
#[derive(Debug, Default)]
pub struct TransferTable {
    order: Vec<TransferId>,
    /// Boxed: a transfer is over a kilobyte, and growing the map would
    /// move every one of them (a thousand added at once moved megabytes).
    by_id: TransferMap<Box<Transfer>>,
    /// Transfers inserted or borrowed mutably since the last save.
    changed: TransferSet,
    /// Named groups, in creation order.
    groups: Vec<TransferGroup>,
    /// Completion groups, waiting or fired, in creation order.
    completion_groups: Vec<CompletionGroup>,
    /// The prefetch list, in the order entries were added.
    prefetch: Vec<PrefetchEntry>,
    /// All transfers' speed over the last minutes, `[unix seconds,
    /// bytes per second]`, a sample a second.
    speed_history: std::collections::VecDeque<[f64; 2]>,
}

impl TransferTable {
    /// A table of these transfers (in this order) and groups.
    pub fn from_parts(transfers: Vec<Transfer>, groups: Vec<TransferGroup>) -> Self {
        let mut table = TransferTable {
            groups,
            ..TransferTable::default()
        };
        for transfer in transfers {
            table.insert(transfer);
        }
        table
    }

    /// Replaces every group.
    pub fn set_groups(&mut self, groups: Vec<TransferGroup>) {
        self.groups = groups;
    }

    /// Replaces every completion group.
    pub fn set_completion_groups(&mut self, completion_groups: Vec<CompletionGroup>) {
        self.completion_groups = completion_groups;
    }

    pub fn completion_groups(&self) -> &[CompletionGroup] {
        &self.completion_groups
    }

    pub fn completion_groups_mut(&mut self) -> &mut Vec<CompletionGroup> {
        &mut self.completion_groups
    }

    pub fn completion_group_mut(&mut self, id: CompletionGroupId) -> Option<&mut CompletionGroup> {
        self.completion_groups
            .iter_mut()
            .find(|group| group.id == id)
    }

    /// Adds a speed sample, forgetting the oldest beyond five minutes.
    pub fn push_speed_sample(&mut self, sample: [f64; 2]) {
        self.speed_history.push_back(sample);
        while self.speed_history.len() > super::actor::SPEED_SAMPLES_KEPT {
            self.speed_history.pop_front();
        }
    }

    /// Replaces the speed history (a mirror of the service's).
    pub fn set_speed_history(&mut self, history: Vec<[f64; 2]>) {
        self.speed_history = history.into();
    }

    pub fn speed_history(&self) -> Vec<[f64; 2]> {
        self.speed_history.iter().copied().collect()
    }

    /// Replaces the prefetch list.
    pub fn set_prefetch(&mut self, prefetch: Vec<PrefetchEntry>) {
        self.prefetch = prefetch;
    }

    pub fn prefetch(&self) -> &[PrefetchEntry] {
        &self.prefetch
    }

    pub fn prefetch_mut(&mut self) -> &mut Vec<PrefetchEntry> {
        &mut self.prefetch
    }

    pub fn prefetch_entry_mut(&mut self, id: PrefetchId) -> Option<&mut PrefetchEntry> {
        self.prefetch.iter_mut().find(|entry| entry.id == id)
    }

    pub fn insert(&mut self, transfer: Transfer) {
        let transfer_id = transfer.transfer_id();
        self.changed.insert(transfer_id);
        if self.by_id.insert(transfer_id, Box::new(transfer)).is_none() {
            self.order.push(transfer_id);
        }
    }

    pub fn remove(&mut self, transfer_id: TransferId) -> Option<Transfer> {
        let removed = self.by_id.remove(&transfer_id)?;
        self.order.retain(|other| *other != transfer_id);
        Some(*removed)
    }

    pub fn get(&self, transfer_id: TransferId) -> Option<&Transfer> {
        self.by_id.get(&transfer_id).map(|transfer| &**transfer)
    }

    /// A transfer to change; it counts as changed for the next save.
    pub fn get_mut(&mut self, transfer_id: TransferId) -> Option<&mut Transfer> {
        let transfer = &mut **self.by_id.get_mut(&transfer_id)?;
        self.changed.insert(transfer_id);
        Some(transfer)
    }

    /// Counts `transfer_id` as saved as it is now (its line was made).
    pub fn mark_unchanged(&mut self, transfer_id: TransferId) {
        self.changed.remove(&transfer_id);
    }

    /// The transfers changed since the last call.
    pub fn take_changed(&mut self) -> TransferSet {
        std::mem::take(&mut self.changed)
    }

    pub fn groups(&self) -> &[TransferGroup] {
        &self.groups
    }

    pub fn group(&self, name: &str) -> Option<&TransferGroup> {
        self.groups.iter().find(|group| group.name == name)
    }

    pub fn group_mut(&mut self, name: &str) -> Option<&mut TransferGroup> {
        self.groups.iter_mut().find(|group| group.name == name)
    }

    /// Adds `group`, or replaces the one of the same name.
    pub fn put_group(&mut self, group: TransferGroup) {
        match self.group_mut(&group.name) {
            Some(existing) => *existing = group,
            None => self.groups.push(group),
        }
    }

    /// Removes the group named `name`; false if there is none.
    pub fn remove_group(&mut self, name: &str) -> bool {
        let before = self.groups.len();
        self.groups.retain(|group| group.name != name);
        self.groups.len() != before
    }

    /// Those of `transfer_ids` that exist and have not settled.
    pub fn unsettled(&self, transfer_ids: Vec<TransferId>) -> TransferSet {
        transfer_ids
            .into_iter()
            .filter(|transfer_id| {
                self.get(*transfer_id)
                    .is_some_and(|transfer| !transfer.status.is_settled())
            })
            .collect()
    }

    /// Every transfer in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = &Transfer> {
        self.order
            .iter()
            .filter_map(|transfer_id| self.get(*transfer_id))
    }
}

/// The settings behind a lock, readable by callers.
pub type SharedSettings = Arc<RwLock<crate::model::Settings>>;

/// The table behind a lock: the engine writes, callers read copies.
#[derive(Clone, Debug, Default)]
pub struct SharedTable(Arc<RwLock<TransferTable>>);

impl SharedTable {
    pub fn read(&self) -> RwLockReadGuard<'_, TransferTable> {
        // A panic while holding the lock leaves plain data; keep using it.
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, TransferTable> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }
}
