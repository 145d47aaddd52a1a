//! Sets of byte ranges: which parts of a file are on disk.

use super::ByteRange;

/// A set of disjoint, coalesced byte ranges (what is on disk).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeSet {
    ranges: Vec<ByteRange>,
}

impl RangeSet {
    pub fn from_ranges(ranges: &[ByteRange]) -> Self {
        let mut set = RangeSet::default();
        for range in ranges {
            set.insert(*range);
        }
        set
    }

    /// Adds `range`, merging it with neighbours it touches or overlaps.
    pub fn insert(&mut self, range: ByteRange) {
        if range.is_empty() {
            return;
        }
        let mut merged = range;
        self.ranges.retain(|existing| {
            let touches = existing.start <= merged.end && merged.start <= existing.end;
            if touches {
                merged.start = merged.start.min(existing.start);
                merged.end = merged.end.max(existing.end);
            }
            !touches
        });
        let position = self
            .ranges
            .partition_point(|existing| existing.start < merged.start);
        self.ranges.insert(position, merged);
    }

    pub fn ranges(&self) -> &[ByteRange] {
        &self.ranges
    }

    /// Bytes covered.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(|range| range.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// True when every byte of `range` is in the set.
    pub fn contains(&self, range: ByteRange) -> bool {
        range.is_empty()
            || self
                .ranges
                .iter()
                .any(|existing| existing.start <= range.start && range.end <= existing.end)
    }

    /// Forgets everything at or past `length` (a file found shorter than
    /// recorded).
    pub fn truncate(&mut self, length: u64) {
        self.ranges.retain_mut(|range| {
            range.end = range.end.min(length);
            !range.is_empty()
        });
    }

    /// The ranges of `self` that `earlier` did not have.
    pub fn added_since(&self, earlier: &RangeSet) -> Vec<ByteRange> {
        let mut added = Vec::new();
        for range in &self.ranges {
            let mut cursor = range.start;
            for old in &earlier.ranges {
                if old.end <= cursor || old.start >= range.end {
                    continue;
                }
                if old.start > cursor {
                    added.push(ByteRange {
                        start: cursor,
                        end: old.start,
                    });
                }
                cursor = cursor.max(old.end);
            }
            if cursor < range.end {
                added.push(ByteRange {
                    start: cursor,
                    end: range.end,
                });
            }
        }
        added
    }

    /// The end of the run of bytes that starts at `position`, or `position`
    /// itself when that byte is missing.
    pub fn end_of_run_at(&self, position: u64) -> u64 {
        self.ranges
            .iter()
            .find(|range| range.start <= position && position < range.end)
            .map_or(position, |range| range.end)
    }

    /// The parts of `[0, total)` not in the set, in order.
    pub fn gaps(&self, total: u64) -> Vec<ByteRange> {
        let mut gaps = Vec::new();
        let mut cursor = 0;
        for range in &self.ranges {
            if range.start > cursor {
                gaps.push(ByteRange {
                    start: cursor,
                    end: range.start.min(total),
                });
            }
            cursor = cursor.max(range.end);
        }
        if cursor < total {
            gaps.push(ByteRange {
                start: cursor,
                end: total,
            });
        }
        gaps.retain(|gap| !gap.is_empty());
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u64, end: u64) -> ByteRange {
        ByteRange { start, end }
    }

    #[test]
    fn range_sets_coalesce() {
        let mut set = RangeSet::default();
        set.insert(range(10, 20));
        set.insert(range(30, 40));
        set.insert(range(20, 30));
        assert_eq!(set.ranges(), &[range(10, 40)]);
        assert_eq!(set.gaps(50), vec![range(0, 10), range(40, 50)]);
        assert!(set.contains(range(12, 38)));
        assert!(!set.contains(range(5, 12)));
    }

    #[test]
    fn added_ranges_are_the_difference() {
        let old = RangeSet::from_ranges(&[range(10, 20), range(30, 40)]);
        let new = RangeSet::from_ranges(&[range(0, 50)]);
        assert_eq!(
            new.added_since(&old),
            vec![range(0, 10), range(20, 30), range(40, 50)]
        );
        assert!(old.added_since(&new).is_empty());
        let mut cut = new.clone();
        cut.truncate(25);
        assert_eq!(cut.ranges(), &[range(0, 25)]);
        assert_eq!(old.end_of_run_at(12), 20);
        assert_eq!(old.end_of_run_at(25), 25);
    }
}
