//! The speed of all transfers together over the last minutes, sampled
//! once a second: kept in the table, so a window that opens (again) draws
//! the minutes before it (the service's welcome carries them).

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::model::{TransferId, TransferMap};

/// How often the speed is sampled.
pub(super) const SAMPLE_EVERY: Duration = Duration::from_secs(1);
/// Samples kept: five minutes.
pub(crate) const SAMPLES_KEPT: usize = 300;

#[derive(Debug, Default)]
pub(super) struct SpeedLog {
    /// Each running transfer's bytes moved at the last sample.
    last: TransferMap<u64>,
    last_at: Option<Instant>,
}

impl SpeedLog {
    /// The speed since the last sample, `[unix seconds, bytes per second]`,
    /// when a second has passed; `moved` is every running transfer's bytes
    /// moved now (one that started or ended since counts from what it
    /// moved between two samples only).
    pub fn sample(
        &mut self,
        now: Instant,
        moved: impl Iterator<Item = (TransferId, u64)>,
    ) -> Option<[f64; 2]> {
        if self
            .last_at
            .is_some_and(|last_at| now.duration_since(last_at) < SAMPLE_EVERY)
        {
            return None;
        }
        let moved: TransferMap<u64> = moved.collect();
        let delta: u64 = moved
            .iter()
            .filter_map(|(transfer_id, bytes)| {
                Some(bytes.saturating_sub(*self.last.get(transfer_id)?))
            })
            .sum();
        let elapsed = self.last_at.map(|last_at| now.duration_since(last_at));
        self.last = moved;
        self.last_at = Some(now);
        let elapsed = elapsed?.as_secs_f64();
        let unix_secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        Some([unix_secs, delta as f64 / elapsed])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_a_second_from_the_bytes_moved_between_them() {
        let mut log = SpeedLog::default();
        let start = Instant::now();
        let (a, b) = (TransferId(1), TransferId(2));
        assert_eq!(
            log.sample(start, [(a, 0)].into_iter()),
            None,
            "no speed yet"
        );
        assert_eq!(
            log.sample(start + Duration::from_millis(500), [(a, 500)].into_iter()),
            None,
            "not a second yet"
        );
        let [_, speed] = log
            .sample(
                start + Duration::from_secs(1),
                [(a, 1_000), (b, 9_999)].into_iter(),
            )
            .expect("a sample");
        // b started between the samples: only what it moves from now counts.
        assert!((speed - 1_000.0).abs() < 1e-6, "{speed}");
        let [_, speed] = log
            .sample(start + Duration::from_secs(2), [(b, 10_999)].into_iter())
            .expect("a sample");
        assert!((speed - 1_000.0).abs() < 1e-6, "a ended: {speed}");
    }
}
