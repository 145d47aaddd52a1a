//! Who may start: the transfers that want a slot, the queue they are
//! picked from, the network and power conditions, and the schedule's
//! reading. Its invariants, kept here so no caller has to remember them:
//! wanting a transfer makes the queue stale and the policy due (it may be
//! held); a change of conditions or schedule makes the policy due; a
//! transfer is picked only while it is wanted.

use std::collections::HashSet;

use tokio::sync::watch;

use crate::engine::scheduler::{Candidate, ReadyQueue};
use crate::model::{ScheduleNow, SystemConditions, TransferId, TransferSet};

pub(super) struct Admission {
    /// Transfers that should run when a slot and the conditions allow.
    wanted: TransferSet,
    /// Who starts next when a slot frees.
    ready: ReadyQueue,
    /// The network and the power supply, from the policy watchers.
    conditions: watch::Receiver<SystemConditions>,
    /// The watchers still report (a closed channel is not polled again).
    conditions_open: bool,
    /// Conditions, switches or wanted transfers changed since the policy
    /// was last applied.
    policy_due: bool,
    /// What the schedule said at its last reading.
    schedule_now: ScheduleNow,
}

impl Admission {
    pub fn new(
        wanted: TransferSet,
        conditions: watch::Receiver<SystemConditions>,
        schedule_now: ScheduleNow,
    ) -> Self {
        Admission {
            wanted,
            ready: ReadyQueue::default(),
            conditions,
            conditions_open: true,
            policy_due: true,
            schedule_now,
        }
    }

    /// `transfer_id` should run as soon as a slot and the conditions allow.
    pub fn want(&mut self, transfer_id: TransferId) {
        self.wanted.insert(transfer_id);
        self.ready.mark_stale();
        self.policy_due = true;
    }

    /// `transfer_id` no longer waits for a slot (paused, ended, removed).
    pub fn unwant(&mut self, transfer_id: TransferId) {
        self.wanted.remove(&transfer_id);
    }

    pub fn is_wanted(&self, transfer_id: TransferId) -> bool {
        self.wanted.contains(&transfer_id)
    }

    pub fn is_nothing_wanted(&self) -> bool {
        self.wanted.is_empty()
    }

    pub fn wanted(&self) -> impl Iterator<Item = TransferId> + '_ {
        self.wanted.iter().copied()
    }

    /// What decides the order changed (a priority, a group, a transfer
    /// back to `Idle`): the queue is rebuilt at the next pick.
    pub fn order_changed(&mut self) {
        self.ready.mark_stale();
    }

    /// The switches changed: the policy is applied again.
    pub fn policy_changed(&mut self) {
        self.policy_due = true;
    }

    /// Whether the policy is due, and from now on not.
    pub fn take_policy_due(&mut self) -> bool {
        std::mem::take(&mut self.policy_due)
    }

    pub fn schedule_now(&self) -> &ScheduleNow {
        &self.schedule_now
    }

    /// Records a new reading of the schedule; false when it is the same.
    pub fn set_schedule_now(&mut self, now: ScheduleNow) -> bool {
        if now == self.schedule_now {
            return false;
        }
        self.schedule_now = now;
        self.policy_due = true;
        true
    }

    pub fn conditions(&self) -> watch::Ref<'_, SystemConditions> {
        self.conditions.borrow()
    }

    pub fn is_offline(&self) -> bool {
        self.conditions.borrow().network.connectivity.is_offline()
    }

    /// Waits up to `wait` for the first reading of the conditions; false
    /// when it is late.
    pub async fn wait_for_first_conditions(&mut self, wait: std::time::Duration) -> bool {
        let known =
            tokio::time::timeout(wait, self.conditions.wait_for(SystemConditions::is_known))
                .await
                .is_ok();
        self.conditions.mark_unchanged();
        known
    }

    /// Waits until the conditions change; never returns once the
    /// watchers are gone.
    pub async fn conditions_changed(&mut self) {
        if self.conditions_open && self.conditions.changed().await.is_ok() {
            return;
        }
        self.conditions_open = false;
        std::future::pending::<()>().await;
    }

    /// The conditions as they changed; the policy is due.
    pub fn take_conditions(&mut self) -> SystemConditions {
        self.policy_due = true;
        self.conditions.borrow_and_update().clone()
    }

    /// Up to `free_slots` wanted transfers to start now, best first, one
    /// per serialized group not in `busy_groups`. `can_start` says whether
    /// a transfer could start (not running, `Idle`); `candidates` lists
    /// the wanted ones that can, when the queue must be rebuilt.
    pub fn pick(
        &mut self,
        free_slots: usize,
        busy_groups: &HashSet<String>,
        can_start: impl Fn(TransferId) -> bool,
        candidates: impl FnOnce(&dyn Fn(TransferId) -> bool) -> Vec<Candidate>,
    ) -> Vec<TransferId> {
        let wanted = &self.wanted;
        let is_ready =
            |transfer_id: TransferId| wanted.contains(&transfer_id) && can_start(transfer_id);
        if self.ready.is_stale() {
            self.ready.refill(candidates(&is_ready));
        }
        self.ready.pick(free_slots, busy_groups, is_ready)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Priority;

    fn admission() -> Admission {
        let (_sender, conditions) = watch::channel(SystemConditions::default());
        let mut admission =
            Admission::new(TransferSet::default(), conditions, ScheduleNow::default());
        assert!(admission.take_policy_due(), "the policy is due at start");
        admission
    }

    fn candidates(
        ids: &[TransferId],
    ) -> impl FnOnce(&dyn Fn(TransferId) -> bool) -> Vec<Candidate> {
        let ids = ids.to_vec();
        move |is_ready| {
            ids.iter()
                .enumerate()
                .filter(|(_, id)| is_ready(**id))
                .map(|(arrival, id)| Candidate {
                    transfer_id: *id,
                    priority: Priority::Default,
                    arrival,
                    is_current: false,
                    serialized_group: None,
                })
                .collect()
        }
    }

    #[test]
    fn wanting_makes_the_policy_due_and_only_wanted_transfers_are_picked() {
        let mut admission = admission();
        let (a, b, c) = (TransferId(1), TransferId(2), TransferId(3));
        admission.want(a);
        admission.want(b);
        assert!(admission.take_policy_due());
        assert!(!admission.take_policy_due());
        admission.unwant(b);
        let busy = HashSet::new();
        let picked = admission.pick(5, &busy, |_| true, candidates(&[a, b, c]));
        assert_eq!(picked, vec![a]);

        // A transfer wanted after the queue was built is picked (wanting
        // made the queue stale); `a` runs now.
        admission.want(c);
        let picked = admission.pick(5, &busy, |id| id != a, candidates(&[a, b, c]));
        assert_eq!(picked, vec![c]);
    }

    #[test]
    fn a_new_schedule_reading_makes_the_policy_due_once() {
        let mut admission = admission();
        assert!(!admission.set_schedule_now(ScheduleNow::default()));
        assert!(!admission.take_policy_due());
        let outside = ScheduleNow {
            is_outside_hours: true,
            ..ScheduleNow::default()
        };
        assert!(admission.set_schedule_now(outside));
        assert!(admission.take_policy_due());
    }
}
