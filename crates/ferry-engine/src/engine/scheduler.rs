//! The scheduler decides which transfers run; it never touches the network.

use std::collections::HashSet;

use crate::model::{Priority, TransferId};

/// A transfer that wants to run and is not running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub transfer_id: TransferId,
    pub priority: Priority,
    /// Position in arrival order (lower came first).
    pub arrival: usize,
    /// Made current in its group ("Download next"): goes first.
    pub is_current: bool,
    /// The serialized group it belongs to, if any: one member at a time.
    pub serialized_group: Option<String>,
}

/// The candidates in the order they start, kept between scheduling passes:
/// with a thousand queued transfers, sorting them again each time a slot
/// frees would cost more than the downloads. Whoever changes what may run
/// (a transfer added, resumed, re-prioritized, back to `Idle`, a group
/// changed) marks it stale; entries that stopped being ready meanwhile are
/// dropped as they come up.
#[derive(Debug)]
pub struct ReadyQueue {
    /// Best last, so picking pops from the end.
    order: Vec<Candidate>,
    is_stale: bool,
}

impl Default for ReadyQueue {
    fn default() -> Self {
        ReadyQueue {
            order: Vec::new(),
            is_stale: true,
        }
    }
}

impl ReadyQueue {
    pub fn mark_stale(&mut self) {
        self.is_stale = true;
    }

    pub fn is_stale(&self) -> bool {
        self.is_stale
    }

    /// Replaces the queue with `candidates`, ordered.
    pub fn refill(&mut self, mut candidates: Vec<Candidate>) {
        candidates.sort_by_key(|candidate| {
            std::cmp::Reverse((!candidate.is_current, candidate.priority, candidate.arrival))
        });
        self.order = candidates;
        self.is_stale = false;
    }

    /// Takes up to `free_slots` candidates in order, skipping (and keeping)
    /// members of serialized groups that already run one, and dropping those
    /// `is_ready` no longer accepts.
    pub fn pick(
        &mut self,
        mut free_slots: usize,
        busy_groups: &HashSet<String>,
        is_ready: impl Fn(TransferId) -> bool,
    ) -> Vec<TransferId> {
        // Groups given a member in this pass (the busy ones are not copied:
        // this runs each time a slot frees).
        let mut taken_now: HashSet<String> = HashSet::new();
        let mut kept = Vec::new();
        let mut picked = Vec::new();
        while free_slots > 0
            && let Some(candidate) = self.order.pop()
        {
            if !is_ready(candidate.transfer_id) {
                continue;
            }
            if let Some(group) = &candidate.serialized_group
                && (busy_groups.contains(group) || !taken_now.insert(group.clone()))
            {
                kept.push(candidate);
                continue;
            }
            picked.push(candidate.transfer_id);
            free_slots -= 1;
        }
        self.order.extend(kept.into_iter().rev());
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which candidates to start now: the members made current first, then High
    /// before Default before Low, then arrival order, until `limit` transfers
    /// run; a serialized group in `busy_groups` (or given a member here) gets
    /// no other.
    fn pick_to_start(
        candidates: Vec<Candidate>,
        running: usize,
        limit: usize,
        busy_groups: &HashSet<String>,
    ) -> Vec<TransferId> {
        let mut queue = ReadyQueue::default();
        queue.refill(candidates);
        queue.pick(limit.max(1).saturating_sub(running), busy_groups, |_| true)
    }

    fn candidate(number: u64, priority: Priority, arrival: usize) -> Candidate {
        Candidate {
            transfer_id: TransferId(number),
            priority,
            arrival,
            is_current: false,
            serialized_group: None,
        }
    }

    fn in_group(mut candidate: Candidate, group: &str) -> Candidate {
        candidate.serialized_group = Some(group.to_owned());
        candidate
    }

    #[test]
    fn high_priority_goes_first_then_arrival_order() {
        let picked = pick_to_start(
            vec![
                candidate(1, Priority::Low, 0),
                candidate(2, Priority::Default, 1),
                candidate(3, Priority::High, 2),
                candidate(4, Priority::Default, 3),
            ],
            1,
            3,
            &HashSet::new(),
        );
        assert_eq!(picked, vec![TransferId(3), TransferId(2)]);
    }

    #[test]
    fn nothing_starts_when_the_limit_is_reached() {
        let picked = pick_to_start(vec![candidate(1, Priority::High, 0)], 4, 4, &HashSet::new());
        assert!(picked.is_empty());
    }

    #[test]
    fn a_serialized_group_runs_one_member_by_priority() {
        let candidates = vec![
            in_group(candidate(1, Priority::Low, 0), "nightly"),
            in_group(candidate(2, Priority::High, 1), "nightly"),
            candidate(3, Priority::Low, 2),
        ];
        let picked = pick_to_start(candidates.clone(), 0, 4, &HashSet::new());
        assert_eq!(picked, vec![TransferId(2), TransferId(3)]);
        // With a member already running, the group gets no other.
        let busy = HashSet::from(["nightly".to_owned()]);
        assert_eq!(pick_to_start(candidates, 1, 4, &busy), vec![TransferId(3)]);
    }

    #[test]
    fn the_current_member_goes_before_higher_priorities() {
        let mut current = in_group(candidate(1, Priority::Low, 5), "nightly");
        current.is_current = true;
        let picked = pick_to_start(
            vec![
                in_group(candidate(2, Priority::High, 0), "nightly"),
                current,
            ],
            0,
            4,
            &HashSet::new(),
        );
        assert_eq!(picked, vec![TransferId(1)]);
    }

    #[test]
    fn the_queue_keeps_what_it_skipped_and_drops_what_is_no_longer_ready() {
        let mut queue = ReadyQueue::default();
        queue.refill(vec![
            in_group(candidate(1, Priority::High, 0), "nightly"),
            candidate(2, Priority::Default, 1),
            in_group(candidate(3, Priority::Default, 2), "nightly"),
            candidate(4, Priority::Low, 3),
        ]);
        let busy = HashSet::from(["nightly".to_owned()]);
        // The group is busy: its members wait, the others go in order.
        assert_eq!(queue.pick(1, &busy, |_| true), vec![TransferId(2)]);
        // Transfer 4 was paused meanwhile.
        assert_eq!(
            queue.pick(4, &busy, |transfer_id| transfer_id != TransferId(4)),
            Vec::<TransferId>::new()
        );
        // Once the group is free, its members come back in their order.
        assert_eq!(
            queue.pick(4, &HashSet::new(), |_| true),
            vec![TransferId(1)]
        );
        assert_eq!(
            queue.pick(4, &HashSet::new(), |_| true),
            vec![TransferId(3)]
        );
        assert!(!queue.is_stale());
    }
}
