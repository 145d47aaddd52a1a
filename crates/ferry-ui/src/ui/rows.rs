//! The window's copy of the transfer list, kept current from engine events
//! (never by re-reading the whole snapshot each frame), with measured speeds.

use std::collections::VecDeque;

use crate::engine::Event;
use crate::model::RangeSet;
use crate::model::{Status, Transfer, TransferId, TransferMap};

/// Seconds of samples the speed is averaged over.
const SPEED_WINDOW_SECS: f64 = 3.0;
/// Points kept for the speed plot.
const HISTORY_POINTS: usize = 600;

/// Measures a transfer's speed from (time, bytes) samples.
#[derive(Debug, Default)]
pub struct SpeedMeter {
    samples: VecDeque<(f64, u64)>,
    /// (seconds since the window opened, bytes per second) for the plot.
    pub history: VecDeque<[f64; 2]>,
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
        while self
            .samples
            .front()
            .is_some_and(|(at, _)| now_secs - at > SPEED_WINDOW_SECS)
            && self.samples.len() > 2
        {
            self.samples.pop_front();
        }
        // Nothing was heard for a while (a pause, a wait): the plot goes
        // down to zero across the gap instead of a line over it.
        if let Some(&[last_at, _]) = self.history.back()
            && now_secs - last_at > SPEED_WINDOW_SECS
        {
            self.history.push_back([last_at + 0.001, 0.0]);
            self.history.push_back([now_secs - 0.001, 0.0]);
        }
        let speed = self.bytes_per_sec(now_secs);
        self.history.push_back([now_secs, speed]);
        while self.history.len() > HISTORY_POINTS {
            self.history.pop_front();
        }
    }

    /// Bytes per second over the last few seconds; 0 when idle.
    pub fn bytes_per_sec(&self, now_secs: f64) -> f64 {
        let (Some(&(first_at, first_bytes)), Some(&(last_at, last_bytes))) =
            (self.samples.front(), self.samples.back())
        else {
            return 0.0;
        };
        if now_secs - last_at > SPEED_WINDOW_SECS || last_at <= first_at {
            return 0.0;
        }
        (last_bytes.saturating_sub(first_bytes)) as f64 / (last_at - first_at)
    }

    pub fn clear(&mut self) {
        self.samples.clear();
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
}

impl RowTable {
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
        assert_eq!(meter.bytes_per_sec(10.0), 0.0, "stale samples mean idle");
    }

    /// A pause leaves no line over the gap: the plot drops to zero at its
    /// start and stays there until the next report (issue 32, item 6).
    #[test]
    fn the_plot_goes_down_to_zero_across_a_pause() {
        let mut meter = SpeedMeter::default();
        meter.record(0.0, 0);
        meter.record(1.0, 1_000_000);
        meter.record(30.0, 2_000_000);
        let during_pause: Vec<_> = meter
            .history
            .iter()
            .filter(|[secs, _]| *secs > 1.0 && *secs < 30.0)
            .collect();
        assert_eq!(during_pause.len(), 2, "{:?}", meter.history);
        assert!(during_pause.iter().all(|[_, speed]| *speed == 0.0));
    }
}
