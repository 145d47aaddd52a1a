//! Segmented downloads, the pure part: which byte ranges each connection
//! fetches. The missing bytes are first cut into one equal share per planned
//! connection (so connections limited to the same rate end together); a
//! connection takes the next such share nobody fetches yet, else half of the
//! largest part still being fetched (work stealing), so the last seconds are
//! not spent on one slow connection. No I/O here; the property tests
//! check that bytes are covered exactly once whatever the order of events.

use crate::model::{ByteRange, RangeSet};

/// Identifies one connection's share of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(pub u32);

/// A share being fetched: bytes `[start, next)` arrived, `[next, end)` remain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActiveSegment {
    pub segment_id: SegmentId,
    pub start: u64,
    pub next: u64,
    pub end: u64,
}

impl ActiveSegment {
    pub fn remaining(&self) -> u64 {
        self.end - self.next
    }
}

/// Who fetches what, for one file of known size.
#[derive(Clone, Debug)]
pub struct SegmentPlan {
    total: u64,
    /// Smallest share worth a connection of its own.
    min_segment: u64,
    /// Largest share cut from a hole nobody fetches: the missing bytes
    /// divided by the connections planned.
    first_share: u64,
    received: RangeSet,
    active: Vec<ActiveSegment>,
    next_segment_id: u32,
}

impl SegmentPlan {
    /// A plan for a file of `total` bytes of which `received` are on disk,
    /// to be fetched by about `connections` connections.
    pub fn new(total: u64, received: &[ByteRange], min_segment: u64, connections: u64) -> Self {
        let received = RangeSet::from_ranges(received);
        let missing = total.saturating_sub(received.len());
        let min_segment = min_segment.max(1);
        SegmentPlan {
            total,
            min_segment,
            first_share: missing.div_ceil(connections.max(1)).max(min_segment),
            received,
            active: Vec::new(),
            next_segment_id: 0,
        }
    }

    pub fn received(&self) -> &RangeSet {
        &self.received
    }

    pub fn active(&self) -> &[ActiveSegment] {
        &self.active
    }

    pub fn is_complete(&self) -> bool {
        self.received.contains(ByteRange {
            start: 0,
            end: self.total,
        })
    }

    /// A share for one more connection: the start of the first hole nobody
    /// fetches (at most one planned share of it, unless what would be left
    /// is too small for a connection), else the upper half of the largest
    /// remaining share (if it is worth splitting). The share that was split
    /// now ends where the new one starts.
    pub fn assign(&mut self) -> Option<ActiveSegment> {
        if let Some(hole) = self.unassigned_holes().into_iter().next() {
            let end = self.share_of(hole);
            return Some(self.start_segment(hole.start, end));
        }
        let min_segment = self.min_segment;
        let largest = self
            .active
            .iter_mut()
            .filter(|segment| segment.remaining() >= 2 * min_segment)
            .max_by_key(|segment| segment.remaining())?;
        let middle = largest.next + largest.remaining() / 2;
        let end = largest.end;
        largest.end = middle;
        Some(self.start_segment(middle, end))
    }

    /// Where a share taken from the start of `hole` ends: one planned share
    /// on, unless what would be left is too small for a connection.
    fn share_of(&self, hole: ByteRange) -> u64 {
        let cut = hole.start.saturating_add(self.first_share);
        if cut.saturating_add(self.min_segment) < hole.end {
            cut
        } else {
            hole.end
        }
    }

    fn start_segment(&mut self, start: u64, end: u64) -> ActiveSegment {
        let segment = ActiveSegment {
            segment_id: SegmentId(self.next_segment_id),
            start,
            next: start,
            end,
        };
        self.next_segment_id += 1;
        self.active.push(segment);
        segment
    }

    /// Parts of the file neither on disk nor being fetched.
    fn unassigned_holes(&self) -> Vec<ByteRange> {
        let mut covered = self.received.clone();
        for segment in &self.active {
            covered.insert(ByteRange {
                start: segment.next,
                end: segment.end,
            });
        }
        covered.gaps(self.total)
    }

    /// `bytes` more arrived for `segment_id`, in order. Returns how many of
    /// them belong to the share (bytes past its end, after a split, are not
    /// to be written) and whether the share is finished.
    ///
    /// A share that reaches its end takes over the share right after it
    /// while that one has no bytes yet (its connection still waits for an
    /// answer): every response runs to the end of the file, so this one can
    /// go on instead of being dropped, and the share is fetched even if the
    /// other connection's request is refused or fails.
    pub fn record(&mut self, segment_id: SegmentId, bytes: u64) -> (u64, bool) {
        let Some(mut index) = self
            .active
            .iter()
            .position(|segment| segment.segment_id == segment_id)
        else {
            return (0, true);
        };
        let mut accepted = 0;
        loop {
            let segment = &mut self.active[index];
            let taken = (bytes - accepted).min(segment.remaining());
            self.received.insert(ByteRange {
                start: segment.next,
                end: segment.next + taken,
            });
            segment.next += taken;
            accepted += taken;
            if segment.remaining() > 0 {
                return (accepted, false);
            }
            match self.take_over_next(index) {
                Some(moved_to) => index = moved_to,
                None => {
                    self.active.remove(index);
                    return (accepted, true);
                }
            }
        }
    }

    /// Gives the share at `index` what comes right after its end: the
    /// unstarted share that begins there, else (as [`assign`](Self::assign)
    /// would cut it) the hole nobody fetches that begins there. Returns
    /// where the share at `index` is now, or `None` when nothing was taken.
    fn take_over_next(&mut self, index: usize) -> Option<usize> {
        let end = self.active[index].end;
        if let Some(next) = self
            .active
            .iter()
            .position(|other| other.start == end && other.next == end && other.end > end)
        {
            self.active[index].end = self.active[next].end;
            self.active.remove(next);
            return Some(if next < index { index - 1 } else { index });
        }
        let hole = self
            .unassigned_holes()
            .into_iter()
            .find(|hole| hole.start == end)?;
        self.active[index].end = self.share_of(hole);
        Some(index)
    }

    /// The connection for `segment_id` stopped early (error, pause, a server
    /// that refused the range): what it did not fetch goes back to the share
    /// it was split from when that one is still running and ends right there
    /// (every response runs to the end of the file, so it can go on), else
    /// it becomes a hole for the next assignment.
    pub fn abandon(&mut self, segment_id: SegmentId) {
        let Some(position) = self
            .active
            .iter()
            .position(|segment| segment.segment_id == segment_id)
        else {
            return;
        };
        let abandoned = self.active.remove(position);
        if let Some(left) = self
            .active
            .iter_mut()
            .find(|segment| segment.end == abandoned.next)
        {
            left.end = abandoned.end;
        }
    }

    /// A share that starts at `position`, for a reader waiting there: the
    /// hole around it from `position` on, or the part of a running share
    /// past `position` when the share's connection is more than
    /// `min_segment` away from it. `None` when the byte is on disk or about
    /// to arrive.
    pub fn assign_at(&mut self, position: u64) -> Option<ActiveSegment> {
        if position >= self.total
            || self.received.contains(ByteRange {
                start: position,
                end: position + 1,
            })
        {
            return None;
        }
        if let Some(hole) = self
            .unassigned_holes()
            .into_iter()
            .find(|hole| hole.start <= position && position < hole.end)
        {
            return Some(self.start_segment(position, hole.end));
        }
        let min_segment = self.min_segment;
        let running = self
            .active
            .iter_mut()
            .find(|segment| segment.next <= position && position < segment.end)?;
        if position - running.next < min_segment {
            return None;
        }
        let end = running.end;
        running.end = position;
        Some(self.start_segment(position, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn range(start: u64, end: u64) -> ByteRange {
        ByteRange { start, end }
    }

    #[test]
    fn a_resumed_plan_fetches_only_the_holes() {
        let mut plan = SegmentPlan::new(100, &[range(0, 40), range(60, 70)], 10, 1);
        let first = plan.assign().expect("a hole");
        assert_eq!((first.start, first.end), (40, 60));
        let second = plan.assign().expect("a hole");
        assert_eq!((second.start, second.end), (70, 100));
    }

    #[test]
    fn a_free_connection_steals_half_of_the_largest_share() {
        let mut plan = SegmentPlan::new(1000, &[], 10, 1);
        let whole = plan.assign().expect("first");
        assert_eq!((whole.start, whole.end), (0, 1000));
        plan.record(whole.segment_id, 200);
        let stolen = plan.assign().expect("steal");
        assert_eq!((stolen.start, stolen.end), (600, 1000));
        // Once the thief has bytes, the first connection must stop at 600.
        assert_eq!(plan.record(stolen.segment_id, 1), (1, false));
        let (accepted, finished) = plan.record(whole.segment_id, 500);
        assert_eq!((accepted, finished), (400, true));
    }

    #[test]
    fn a_finished_share_takes_over_the_next_share_while_it_has_no_bytes() {
        let mut plan = SegmentPlan::new(1000, &[], 10, 2);
        let first = plan.assign().expect("first");
        let second = plan.assign().expect("second");
        assert_eq!((first.end, second.start), (500, 500));
        // The second connection still waits for its answer: the first goes
        // on past its end, and one call may cross the border.
        assert_eq!(plan.record(first.segment_id, 600), (600, false));
        assert_eq!(plan.active().len(), 1);
        assert_eq!((plan.active()[0].next, plan.active()[0].end), (600, 1000));
        // The second connection's late answer has nothing left to write.
        assert_eq!(plan.record(second.segment_id, 10), (0, true));
        assert_eq!(plan.record(first.segment_id, 400), (400, true));
        assert!(plan.is_complete());
    }

    #[test]
    fn a_finished_share_goes_on_into_the_hole_after_it_one_share_at_a_time() {
        // Four connections planned, but only one ever started (the server
        // refused the others' ranges): it fetches the file to the end.
        let mut plan = SegmentPlan::new(1000, &[], 10, 4);
        let only = plan.assign().expect("first");
        assert_eq!(only.end, 250);
        assert_eq!(plan.record(only.segment_id, 300), (300, false));
        assert_eq!(plan.active()[0].end, 500);
        assert_eq!(plan.record(only.segment_id, 700), (700, true));
        assert!(plan.is_complete());
        // It never jumps over bytes already on disk.
        let mut plan = SegmentPlan::new(1000, &[range(500, 600)], 10, 1);
        let first = plan.assign().expect("first");
        assert_eq!(plan.record(first.segment_id, 550), (500, true));
        assert!(plan.active().is_empty());
    }

    #[test]
    fn a_share_that_has_bytes_is_not_taken_over() {
        let mut plan = SegmentPlan::new(1000, &[], 10, 2);
        let first = plan.assign().expect("first");
        let second = plan.assign().expect("second");
        assert_eq!(plan.record(second.segment_id, 1), (1, false));
        assert_eq!(plan.record(first.segment_id, 600), (500, true));
        assert_eq!(
            plan.active(),
            &[ActiveSegment {
                next: 501,
                ..second
            }]
        );
    }

    #[test]
    fn planned_connections_get_equal_shares() {
        let mut plan = SegmentPlan::new(64, &[range(0, 4)], 2, 4);
        let shares: Vec<(u64, u64)> = (0..5)
            .map_while(|_| plan.assign())
            .map(|share| (share.start, share.end))
            .collect();
        // 60 bytes missing, 4 connections: 15 each; the fifth steals.
        assert_eq!(&shares[..4], &[(4, 19), (19, 34), (34, 49), (49, 64)]);
        assert_eq!(shares[4], (56, 64));
        // A remainder too small for a connection stays with the last share.
        let mut plan = SegmentPlan::new(31, &[], 2, 2);
        let first = plan.assign().expect("first");
        let second = plan.assign().expect("second");
        assert_eq!((first.end, second.start, second.end), (16, 16, 31));
    }

    #[derive(Clone, Debug)]
    enum Step {
        Assign,
        Receive {
            pick: usize,
            bytes: u64,
        },
        Abandon {
            pick: usize,
        },
        /// A reader waits at this position (modulo the size).
        AssignAt {
            position: u64,
        },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            2 => Just(Step::Assign),
            5 => (any::<usize>(), 1_u64..400).prop_map(|(pick, bytes)| Step::Receive { pick, bytes }),
            1 => any::<usize>().prop_map(|pick| Step::Abandon { pick }),
            1 => any::<u64>().prop_map(|position| Step::AssignAt { position }),
        ]
    }

    proptest! {
        // Any interleaving of assignments, splits, progress, completions and
        // abandoned connections covers [0, total) exactly once.
        #[test]
        fn every_byte_is_fetched_exactly_once(
            total in 1_u64..5_000,
            already in proptest::collection::vec((0_u64..5_000, 0_u64..500), 0..4),
            steps in proptest::collection::vec(step(), 0..200),
            connections in 1_u64..10,
        ) {
            let received: Vec<ByteRange> = already
                .iter()
                .map(|(start, length)| range((*start).min(total), (start + length).min(total)))
                .collect();
            let mut plan = SegmentPlan::new(total, &received, 16, connections);
            let mut written = vec![0_u8; total as usize];
            for range in RangeSet::from_ranges(&received).ranges() {
                for byte in range.start..range.end {
                    written[byte as usize] += 1;
                }
            }
            let mut apply = |plan: &mut SegmentPlan, step: &Step| match *step {
                Step::Assign => { plan.assign(); }
                Step::AssignAt { position } => {
                    if let Some(share) = plan.assign_at(position % total) {
                        assert_eq!(share.start, position % total);
                    }
                }
                Step::Receive { pick, bytes } => {
                    if plan.active().is_empty() { return; }
                    let segment = plan.active()[pick % plan.active().len()];
                    let (accepted, _) = plan.record(segment.segment_id, bytes);
                    for byte in segment.next..segment.next + accepted {
                        written[byte as usize] += 1;
                    }
                }
                Step::Abandon { pick } => {
                    if plan.active().is_empty() { return; }
                    let segment = plan.active()[pick % plan.active().len()];
                    plan.abandon(segment.segment_id);
                }
            };
            for step in &steps {
                apply(&mut plan, step);
                // Active shares never overlap each other or what is on disk.
                let active = plan.active().to_vec();
                for (index, first) in active.iter().enumerate() {
                    prop_assert!(!plan.received().ranges().iter().any(|done| done.start < first.end && first.next < done.end));
                    for second in &active[index + 1..] {
                        prop_assert!(first.end <= second.next || second.end <= first.next);
                    }
                }
            }
            // Finish: keep assigning and fetching until complete.
            let mut rounds = 0;
            while !plan.is_complete() {
                rounds += 1;
                prop_assert!(rounds < 100_000, "the plan does not converge");
                if plan.active().is_empty() {
                    prop_assert!(plan.assign().is_some());
                }
                let segment = plan.active()[0];
                apply(&mut plan, &Step::Receive { pick: 0, bytes: 97 });
                let _ = segment;
            }
            prop_assert!(written.iter().all(|count| *count == 1), "a byte was fetched twice or never");
        }
    }
}
