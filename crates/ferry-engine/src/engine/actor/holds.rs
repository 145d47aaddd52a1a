//! Which wanted transfers run: free slots, serialized groups, and what the
//! network, the power supply and the schedule allow (policy holds).

use std::collections::HashSet;

use crate::engine::policy::cost::{Circumstances, Hold, TransferNeeds, hold};
use crate::engine::scheduler::Candidate;
use crate::model::{
    GroupBehavior, ScheduleNow, Settings, Status, TimeWindow, Transfer, TransferError,
    TransferGroup, TransferId,
};

use super::{Actor, StopReason};

impl Actor {
    pub(super) fn simultaneous_limit(&self) -> usize {
        self.config
            .max_simultaneous_transfers
            .unwrap_or(self.settings.max_simultaneous_transfers)
    }

    /// Running tasks that count against the limit of simultaneous transfers.
    pub(super) fn slots_in_use(&self) -> usize {
        self.running.values().filter(|task| task.holds_slot).count()
    }

    /// `transfer_id` should run as soon as a slot and the conditions allow.
    pub(super) fn want(&mut self, transfer_id: TransferId) {
        self.admission.want(transfer_id);
    }

    /// Reads the schedule against the wall clock; a new window changes the
    /// global limit and the policy.
    pub(super) fn follow_schedule(&mut self) {
        let now = read_schedule(&self.settings);
        if !self.admission.set_schedule_now(now) {
            return;
        }
        tracing::info!(now = ?self.admission.schedule_now(), "the schedule changed");
        self.global_limit.set(global_download_limit(
            self.admission.schedule_now(),
            &self.settings,
        ));
    }

    /// The schedule's "only run between" window, when now is outside it.
    pub(super) fn outside_hours(&self) -> Option<TimeWindow> {
        self.admission
            .schedule_now()
            .is_outside_hours
            .then_some(self.settings.schedule.only_between)
            .flatten()
    }

    /// Where the policy holds `transfer`: `None` when it may run.
    pub(super) fn hold_for(&self, transfer: &Transfer) -> Option<Hold> {
        let conditions = self.admission.conditions();
        let circumstances = Circumstances {
            conditions: &conditions,
            switches: &self.settings.policy,
            outside_hours: self.outside_hours(),
        };
        hold(
            &circumstances,
            TransferNeeds {
                cost_policy: transfer.spec.cost_policy,
                unconstrained: transfer.spec.unconstrained,
            },
        )
    }

    /// Holds the wanted transfers the conditions do not allow (stopping the
    /// running ones, their bytes kept) and queues the held ones they allow
    /// again.
    pub(super) fn follow_conditions(&mut self) {
        if !self.admission.take_policy_due() {
            return;
        }
        let changes: Vec<(TransferId, Option<Hold>)> = {
            let table = self.table.read();
            self.admission
                .wanted()
                .filter_map(|transfer_id| table.get(transfer_id))
                .filter_map(|transfer| {
                    let hold = self.hold_for(transfer);
                    let is_held = transfer.status.is_held_by_policy();
                    let is_running = self.running.contains_key(&transfer.transfer_id());
                    let needs_change = match &hold {
                        Some(hold) => {
                            transfer.status != hold.status
                                || !matches!(&transfer.error, Some(TransferError::Held { reason }) if *reason == hold.reason)
                                || is_running
                        }
                        None => is_held,
                    };
                    needs_change.then_some((transfer.transfer_id(), hold))
                })
                .collect()
        };
        for (transfer_id, hold) in changes {
            match (hold, self.running.get_mut(&transfer_id)) {
                (Some(hold), Some(task)) => {
                    // A task finishing a cancel or pause keeps that reason.
                    if task.stop_reason.is_none() && task.holds_slot {
                        tracing::info!(%transfer_id, ?hold, "held by the network or power policy");
                        task.stop_reason = Some(StopReason::Hold);
                        task.cancel.cancel();
                    }
                }
                (hold, None) => self.show_hold(transfer_id, hold),
                (None, Some(_)) => self.set_status(transfer_id, Status::Idle, None),
            }
        }
    }

    /// Puts a transfer that is not running in the status the policy gives
    /// it: held, with the reason, or queued.
    pub(super) fn show_hold(&mut self, transfer_id: TransferId, hold: Option<Hold>) {
        match hold {
            Some(hold) => self.set_status(
                transfer_id,
                hold.status,
                Some(TransferError::Held {
                    reason: hold.reason,
                }),
            ),
            None => self.set_status(transfer_id, Status::Idle, None),
        }
    }

    /// [`Self::show_hold`] with the policy as it stands now.
    pub(super) fn show_hold_now(&mut self, transfer_id: TransferId) {
        let hold = self
            .table
            .read()
            .get(transfer_id)
            .and_then(|transfer| self.hold_for(transfer));
        self.show_hold(transfer_id, hold);
    }

    /// Starts what the scheduler picks.
    pub(super) fn schedule(&mut self) {
        self.follow_conditions();
        self.yield_to_current_members();
        let limit = self.simultaneous_limit();
        let in_use = self.slots_in_use();
        if in_use >= limit || self.admission.is_nothing_wanted() {
            // No free slot, or nothing waits for one.
            return;
        }
        let table = self.table.read();
        let group_of = |transfer: &Transfer| {
            transfer
                .spec
                .group
                .as_deref()
                .and_then(|name| table.group(name))
        };
        let serialized_name = |group: Option<&TransferGroup>| {
            group
                .filter(|group| group.behavior == GroupBehavior::Serialized)
                .map(|group| group.name.clone())
        };
        // A member still publishing counts too: one at a time means one
        // Running member at a time.
        let busy_groups: HashSet<String> = self
            .running
            .keys()
            .filter_map(|transfer_id| table.get(*transfer_id))
            .filter_map(|transfer| serialized_name(group_of(transfer)))
            .collect();
        let running = &self.running;
        let can_start = |transfer_id: TransferId| {
            !running.contains_key(&transfer_id)
                && table
                    .get(transfer_id)
                    .is_some_and(|transfer| transfer.status == Status::Idle)
        };
        let candidates = |is_ready: &dyn Fn(TransferId) -> bool| -> Vec<Candidate> {
            table
                .iter()
                .enumerate()
                .filter(|(_, transfer)| is_ready(transfer.transfer_id()))
                .map(|(arrival, transfer)| {
                    let group = group_of(transfer);
                    Candidate {
                        transfer_id: transfer.transfer_id(),
                        priority: transfer.spec.priority,
                        arrival,
                        is_current: group
                            .is_some_and(|group| group.current == Some(transfer.transfer_id())),
                        serialized_group: serialized_name(group),
                    }
                })
                .collect()
        };
        let to_start = self
            .admission
            .pick(limit - in_use, &busy_groups, can_start, candidates);
        drop(table);
        for transfer_id in to_start {
            self.start_task(transfer_id);
        }
    }

    /// In a serialized group whose current member waits, the member running
    /// instead stops and queues again (its bytes kept), giving it the turn.
    pub(super) fn yield_to_current_members(&mut self) {
        let yielding: Vec<TransferId> = {
            let table = self.table.read();
            let waiting_current: HashSet<(&str, TransferId)> = table
                .groups()
                .iter()
                .filter(|group| group.behavior == GroupBehavior::Serialized)
                .filter_map(|group| group.current.map(|current| (group.name.as_str(), current)))
                .filter(|(_, current)| {
                    self.admission.is_wanted(*current) && !self.running.contains_key(current)
                })
                .collect();
            if waiting_current.is_empty() {
                return;
            }
            self.running
                .iter()
                .filter(|(_, task)| task.holds_slot && task.stop_reason.is_none())
                .filter_map(|(transfer_id, _)| {
                    let group = table.get(*transfer_id)?.spec.group.as_deref()?;
                    waiting_current
                        .iter()
                        .any(|(name, current)| *name == group && current != transfer_id)
                        .then_some(*transfer_id)
                })
                .collect()
        };
        for transfer_id in yielding {
            if let Some(task) = self.running.get_mut(&transfer_id) {
                tracing::info!(%transfer_id, "yields its group's turn to the current member");
                task.stop_reason = Some(StopReason::Yield);
                task.cancel.cancel();
            }
        }
    }

    pub(super) fn is_offline(&self) -> bool {
        self.admission.is_offline()
    }
}

/// The schedule at this moment of local time (UTC when the time zone is
/// unknown).
pub(super) fn read_schedule(settings: &Settings) -> ScheduleNow {
    if settings.schedule.is_empty() {
        // The same at every moment; finding the local time zone would read
        // the time zone database (milliseconds at each start) for nothing.
        return settings.schedule.at(0, 0);
    }
    let now = jiff::Zoned::now();
    let weekday = now.weekday().to_monday_zero_offset() as u8;
    let minute = now.hour() as u16 * 60 + now.minute() as u16;
    settings.schedule.at(weekday, minute)
}

/// The global limit now: the schedule's window, else the setting.
pub(super) fn global_download_limit(
    schedule_now: &ScheduleNow,
    settings: &Settings,
) -> Option<u64> {
    schedule_now
        .download_limit
        .unwrap_or(settings.download_limit)
}
