//! The scheduler decides which transfers run; it never touches the network.

use crate::model::{Priority, TransferId};

/// A transfer that wants to run and is not running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub transfer_id: TransferId,
    pub priority: Priority,
    /// Position in arrival order (lower came first).
    pub arrival: usize,
}

/// Which candidates to start now: High before Default before Low, then
/// arrival order, until `limit` transfers run.
pub fn pick_to_start(
    mut candidates: Vec<Candidate>,
    running: usize,
    limit: usize,
) -> Vec<TransferId> {
    let free_slots = limit.max(1).saturating_sub(running);
    candidates.sort_by_key(|candidate| (candidate.priority, candidate.arrival));
    candidates
        .into_iter()
        .take(free_slots)
        .map(|candidate| candidate.transfer_id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(number: u64, priority: Priority, arrival: usize) -> Candidate {
        Candidate {
            transfer_id: TransferId(number),
            priority,
            arrival,
        }
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
        );
        assert_eq!(picked, vec![TransferId(3), TransferId(2)]);
    }

    #[test]
    fn nothing_starts_when_the_limit_is_reached() {
        let picked = pick_to_start(vec![candidate(1, Priority::High, 0)], 4, 4);
        assert!(picked.is_empty());
    }
}
