//! The lowest average speed a connection may keep (curl's `--speed-limit`
//! and `--speed-time`): a server that sends one byte a minute never trips
//! the stall timeout, yet would hold a transfer slot forever. Time spent
//! waiting for ferry's own speed limits does not count against the server.

use std::time::Duration;

use tokio::time::Instant;

use crate::engine::EngineConfig;
use crate::engine::net::request::AttemptFailure;
use crate::model::TransferError;

/// Measures one connection's body bytes over windows of time.
pub(crate) struct SpeedFloor {
    min_bytes_per_sec: u64,
    window: Duration,
    window_start: Instant,
    bytes_in_window: u64,
    /// Time in this window spent waiting for ferry's speed limits.
    excused: Duration,
}

impl SpeedFloor {
    pub fn new(config: &EngineConfig) -> Self {
        SpeedFloor {
            min_bytes_per_sec: config.min_speed_bytes_per_sec,
            window: config.min_speed_window,
            window_start: Instant::now(),
            bytes_in_window: 0,
            excused: Duration::ZERO,
        }
    }

    /// Time spent waiting for ferry's own limits, which the server is not
    /// blamed for.
    pub fn excuse(&mut self, waited: Duration) {
        self.excused += waited;
    }

    /// Counts `bytes` that arrived; fails the attempt when a whole window
    /// went by below the floor.
    pub fn record(&mut self, bytes: u64) -> Result<(), AttemptFailure> {
        self.bytes_in_window += bytes;
        if self.min_bytes_per_sec == 0 {
            return Ok(());
        }
        let active = self.window_start.elapsed().saturating_sub(self.excused);
        if active < self.window {
            return Ok(());
        }
        let floor = self.min_bytes_per_sec as f64 * active.as_secs_f64();
        if (self.bytes_in_window as f64) < floor {
            return Err(AttemptFailure::retryable(TransferError::TooSlow {
                bytes: self.bytes_in_window,
                secs: active.as_secs(),
                min_bytes_per_sec: self.min_bytes_per_sec,
            }));
        }
        self.window_start = Instant::now();
        self.bytes_in_window = 0;
        self.excused = Duration::ZERO;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn floor(min_bytes_per_sec: u64) -> SpeedFloor {
        SpeedFloor::new(&EngineConfig {
            min_speed_bytes_per_sec: min_bytes_per_sec,
            min_speed_window: Duration::from_secs(10),
            ..EngineConfig::default()
        })
    }

    #[tokio::test(start_paused = true)]
    async fn a_byte_now_and_then_fails_once_a_window_went_by() {
        let mut floor = floor(100);
        for _ in 0..9 {
            tokio::time::advance(Duration::from_secs(1)).await;
            floor.record(1).expect("the window is not over");
        }
        tokio::time::advance(Duration::from_secs(2)).await;
        let failure = floor.record(1).expect_err("10 bytes in 11 s");
        assert!(failure.is_retryable);
        assert!(matches!(failure.error, TransferError::TooSlow { .. }));
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_for_our_own_limit_is_not_the_servers_fault() {
        let mut floor = floor(100);
        tokio::time::advance(Duration::from_secs(20)).await;
        floor.excuse(Duration::from_secs(15));
        floor
            .record(600)
            .expect("600 bytes in 5 s of the server's time");
        // And a fast window starts the next one afresh.
        tokio::time::advance(Duration::from_secs(11)).await;
        floor.record(2000).expect("fast enough");
    }

    #[tokio::test(start_paused = true)]
    async fn zero_turns_it_off() {
        let mut floor = floor(0);
        tokio::time::advance(Duration::from_secs(3600)).await;
        floor.record(1).expect("no floor");
    }
}
