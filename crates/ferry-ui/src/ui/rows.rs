//! The window's copy of the transfer list, kept current from engine events
//! (never by re-reading the whole snapshot each frame), with measured speeds.

use std::collections::VecDeque;

use crate::engine::Event;
use crate::model::RangeSet;
use crate::model::{Status, Transfer, TransferId, TransferMap};

/// Seconds of samples the speed is averaged over.
const SPEED_WINDOW_SECS: f64 = 3.0;
/// The plots get a point this often (not one per report: reports come in
/// bursts, and a point a millisecond after another drew spikes and walls).
const HISTORY_STEP_SECS: f64 = 0.5;
/// Points kept for a plot (five minutes).
const HISTORY_POINTS: usize = 600;

/// Measures a transfer's speed from (time, bytes) samples.
#[derive(Debug, Default)]
pub struct SpeedMeter {
    samples: VecDeque<(f64, u64)>,
    /// (seconds since the window opened, bytes per second) for the plot.
    pub history: SpeedHistory,
}

impl SpeedMeter {
    pub fn record(&mut self, now_secs: f64, bytes: u64) {
        if let Some(&(_, last_bytes)) = self.samples.back()
            && bytes < last_bytes
        {
            // The transfer started over.
            self.samples.clear();
        }
        self.samples.push_back((now_secs, bytes));
        // One sample from before the window stays, to read the bytes at
        // its start.
        while self
            .samples
            .get(1)
            .is_some_and(|(at, _)| now_secs - at > SPEED_WINDOW_SECS)
        {
            self.samples.pop_front();
        }
    }

    /// Bytes per second over the last few seconds: what moved between the
    /// window's start and now, so the speed falls in a straight line to 0
    /// once bytes stop coming (no cliff, no spike from two reports close
    /// together).
    pub fn bytes_per_sec(&self, now_secs: f64) -> f64 {
        let Some(&(first_at, _)) = self.samples.front() else {
            return 0.0;
        };
        let window_start = (now_secs - SPEED_WINDOW_SECS).max(first_at);
        let span = (now_secs - window_start).max(0.5);
        let moved = self
            .bytes_at(now_secs)
            .saturating_sub(self.bytes_at(window_start));
        moved as f64 / span
    }

    /// The bytes moved by `at`, between the samples around it.
    fn bytes_at(&self, at: f64) -> u64 {
        let mut before = None;
        for &(sample_at, bytes) in &self.samples {
            if sample_at >= at {
                return match before {
                    Some((before_at, before_bytes)) if sample_at > before_at => {
                        let share = (at - before_at) / (sample_at - before_at);
                        before_bytes + ((bytes - before_bytes) as f64 * share) as u64
                    }
                    _ => bytes,
                };
            }
            before = Some((sample_at, bytes));
        }
        before.map_or(0, |(_, bytes)| bytes)
    }

    /// The transfer stopped: its speed is 0 from now on.
    pub fn clear(&mut self) {
        self.samples.clear();
    }
}

/// A plot's points: at most one every [`HISTORY_STEP_SECS`], five minutes.
#[derive(Debug, Default)]
pub struct SpeedHistory {
    points: VecDeque<[f64; 2]>,
}

impl SpeedHistory {
    /// Adds the speed at `now_secs` when a step has passed since the last
    /// point. After a gap with no frame (nothing moved, nothing was
    /// drawn), the speed had fallen to 0 one window after the last point:
    /// the plot says so instead of a line across the gap.
    pub fn sample(&mut self, now_secs: f64, bytes_per_sec: f64) {
        if let Some(&[last_at, last_speed]) = self.points.back() {
            if now_secs - last_at < HISTORY_STEP_SECS {
                return;
            }
            if now_secs - last_at > SPEED_WINDOW_SECS + HISTORY_STEP_SECS && last_speed > 0.0 {
                self.points.push_back([last_at + SPEED_WINDOW_SECS, 0.0]);
                self.points.push_back([now_secs - HISTORY_STEP_SECS, 0.0]);
            }
        } else if bytes_per_sec == 0.0 {
            return;
        }
        self.points.push_back([now_secs, bytes_per_sec]);
        while self.points.len() > HISTORY_POINTS {
            self.points.pop_front();
        }
    }

    pub fn points(&self) -> impl Iterator<Item = &[f64; 2]> {
        self.points.iter()
    }

    /// Starts from what the service measured before the window opened:
    /// `[unix seconds, bytes per second]`, placed on the window's clock
    /// (`now_secs` is now, earlier samples are negative).
    pub fn seed(&mut self, samples: &[[f64; 2]], now_unix_secs: f64, now_secs: f64) {
        self.points = samples
            .iter()
            .map(|[unix_secs, speed]| [now_secs - (now_unix_secs - unix_secs), *speed])
            .collect();
        while self.points.len() > HISTORY_POINTS {
            self.points.pop_front();
        }
    }
}

/// One row of the table.
#[derive(Debug)]
pub struct TransferRow {
    pub transfer: Transfer,
    pub speed: SpeedMeter,
}

impl TransferRow {
    /// Seconds left at the current speed, if it can be told.
    pub fn eta_secs(&self, now_secs: f64) -> Option<f64> {
        let total = self.transfer.bytes_to_move()?;
        let speed = self.speed.bytes_per_sec(now_secs);
        if self.transfer.status != Status::Running || speed < 1.0 {
            return None;
        }
        Some(total.saturating_sub(self.transfer.bytes_moved()) as f64 / speed)
    }
}

/// Every transfer, in arrival order, with an index by id.
#[derive(Debug, Default)]
pub struct RowTable {
    rows: Vec<TransferRow>,
    index: TransferMap<usize>,
    /// All transfers' speed together, for the total plot.
    pub total_history: SpeedHistory,
}

impl RowTable {
    /// Adds a point to the plots that move (each transfer's and the total).
    pub fn sample_speeds(&mut self, now_secs: f64) {
        let mut total = 0.0;
        for row in &mut self.rows {
            let speed = row.speed.bytes_per_sec(now_secs);
            total += speed;
            if speed > 0.0
                || row
                    .speed
                    .history
                    .points
                    .back()
                    .is_some_and(|[_, last]| *last > 0.0)
            {
                row.speed.history.sample(now_secs, speed);
            }
        }
        self.total_history.sample(now_secs, total);
    }

    pub fn replace_all(&mut self, transfers: Vec<Transfer>) {
        self.rows = transfers
            .into_iter()
            .map(|transfer| TransferRow {
                transfer,
                speed: SpeedMeter::default(),
            })
            .collect();
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index = self
            .rows
            .iter()
            .enumerate()
            .map(|(position, row)| (row.transfer.transfer_id(), position))
            .collect();
    }

    pub fn rows(&self) -> &[TransferRow] {
        &self.rows
    }

    pub fn get(&self, transfer_id: TransferId) -> Option<&TransferRow> {
        self.index
            .get(&transfer_id)
            .map(|&position| &self.rows[position])
    }

    fn get_mut(&mut self, transfer_id: TransferId) -> Option<&mut TransferRow> {
        self.index
            .get(&transfer_id)
            .map(|&position| &mut self.rows[position])
    }

    /// Applies one engine event. Returns false for `Lagged` (the caller then
    /// re-reads the snapshot).
    pub fn apply(&mut self, event: Event, now_secs: f64) -> bool {
        match event {
            Event::Added(transfer) => {
                if self.index.contains_key(&transfer.transfer_id()) {
                    return true;
                }
                self.index.insert(transfer.transfer_id(), self.rows.len());
                self.rows.push(TransferRow {
                    transfer: *transfer,
                    speed: SpeedMeter::default(),
                });
            }
            Event::TransferChanged(transfer) => {
                if let Some(row) = self.get_mut(transfer.transfer_id()) {
                    row.transfer = *transfer;
                }
            }
            Event::StatusChanged {
                transfer_id,
                status,
                error,
            } => {
                if let Some(row) = self.get_mut(transfer_id) {
                    row.transfer.status = status;
                    row.transfer.error = error;
                    if status != Status::Running {
                        row.speed.clear();
                    }
                }
            }
            Event::Progress(batch) => {
                for (transfer_id, progress) in batch {
                    if let Some(row) = self.get_mut(transfer_id) {
                        row.transfer.progress = progress;
                        row.speed.record(now_secs, row.transfer.bytes_moved());
                    }
                }
            }
            Event::ResponseReceived { transfer_id, info } => {
                if let Some(row) = self.get_mut(transfer_id) {
                    row.transfer.response = Some(*info);
                }
            }
            Event::RangesDownloaded {
                transfer_id,
                added,
                restarted,
            } => {
                if let Some(row) = self.get_mut(transfer_id) {
                    let mut ranges = if restarted {
                        RangeSet::default()
                    } else {
                        RangeSet::from_ranges(&row.transfer.ranges)
                    };
                    for range in added {
                        ranges.insert(range);
                    }
                    row.transfer.ranges = ranges.ranges().to_vec();
                }
            }
            Event::Removed(transfer_id) => {
                if let Some(position) = self.index.remove(&transfer_id) {
                    self.rows.remove(position);
                    self.reindex();
                }
            }
            Event::Lagged => return false,
            Event::SettingsChanged(_)
            | Event::GroupsChanged(_)
            | Event::CompletionGroupsChanged(_)
            | Event::PrefetchChanged(_)
            | Event::ConditionsChanged(_)
            | Event::CommandFailed { .. } => {}
        }
        true
    }

    /// Refreshes one transfer's details from the snapshot (file path, ranges).
    pub fn refresh(&mut self, transfer: Transfer) {
        if let Some(row) = self.get_mut(transfer.transfer_id()) {
            row.transfer = transfer;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speed_is_measured_over_the_window() {
        let mut meter = SpeedMeter::default();
        meter.record(0.0, 0);
        meter.record(1.0, 1_000);
        meter.record(2.0, 3_000);
        assert!((meter.bytes_per_sec(2.0) - 1_500.0).abs() < 1e-6);
        meter.record(3.0, 6_000);
        assert!((meter.bytes_per_sec(3.0) - 2_000.0).abs() < 1e-6);
        assert_eq!(meter.bytes_per_sec(10.0), 0.0, "stale samples mean idle");
    }

    /// Once bytes stop coming the speed falls in a straight line to 0 over
    /// the window, and two reports a millisecond apart make no spike
    /// (issue 42, item 5).
    #[test]
    fn the_speed_falls_to_zero_without_cliffs_or_spikes() {
        let mut meter = SpeedMeter::default();
        for second in 0..=10_u32 {
            meter.record(f64::from(second), u64::from(second) * 1_000_000);
        }
        // A burst: the last chunk reported a millisecond after another.
        meter.record(10.001, 10_050_000);
        let at_end = meter.bytes_per_sec(10.001);
        assert!(at_end < 1_100_000.0, "a spike: {at_end}");
        let falling: Vec<f64> = [11.0, 12.0, 13.0, 13.5]
            .iter()
            .map(|now| meter.bytes_per_sec(*now))
            .collect();
        assert!(
            falling.windows(2).all(|pair| pair[1] < pair[0]),
            "{falling:?}"
        );
        assert_eq!(meter.bytes_per_sec(13.5), 0.0);
    }

    /// The plot gets a point per step, not per report, and a gap with no
    /// frame shows the speed at 0 instead of a line across it (issue 32,
    /// item 6; issue 42, item 5).
    #[test]
    fn the_plot_is_sampled_and_goes_down_to_zero_across_a_gap() {
        let mut history = SpeedHistory::default();
        history.sample(0.0, 0.0);
        assert_eq!(history.points().count(), 0, "nothing to plot yet");
        history.sample(1.0, 1_000.0);
        history.sample(1.1, 5_000.0);
        assert_eq!(history.points().count(), 1, "one point per step");
        history.sample(30.0, 2_000.0);
        let during_gap: Vec<_> = history
            .points()
            .filter(|[secs, _]| *secs > 1.0 && *secs < 30.0)
            .collect();
        assert_eq!(during_gap.len(), 2, "{history:?}");
        assert!(during_gap.iter().all(|[_, speed]| *speed == 0.0));
    }
}
