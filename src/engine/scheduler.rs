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

/// Which candidates to start now: the members made current first, then High
/// before Default before Low, then arrival order, until `limit` transfers
/// run; a serialized group in `busy_groups` (or given a member here) gets
/// no other.
pub fn pick_to_start(
    mut candidates: Vec<Candidate>,
    running: usize,
    limit: usize,
    busy_groups: &HashSet<String>,
) -> Vec<TransferId> {
    let mut free_slots = limit.max(1).saturating_sub(running);
    candidates
        .sort_by_key(|candidate| (!candidate.is_current, candidate.priority, candidate.arrival));
    let mut taken_groups: HashSet<&str> = busy_groups.iter().map(String::as_str).collect();
    let mut picked = Vec::new();
    for candidate in &candidates {
        if free_slots == 0 {
            break;
        }
        if let Some(group) = &candidate.serialized_group
            && !taken_groups.insert(group.as_str())
        {
            continue;
        }
        picked.push(candidate.transfer_id);
        free_slots -= 1;
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
