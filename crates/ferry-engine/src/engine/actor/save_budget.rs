//! How often saves nobody waits for may go: one a second on average, two
//! in a row at most (a token bucket), so a running download's checkpoint is
//! saved as soon as it comes, not a second behind the save of its response,
//! while a thousand running transfers still cost about one sync a second.

use std::time::Duration;

use tokio::time::Instant;

/// Saves that may go in a row.
const BURST: f64 = 2.0;
/// One save's worth of budget comes back in this time.
const REFILL: Duration = Duration::from_secs(1);

pub(super) struct SaveBudget {
    tokens: f64,
    updated: Instant,
}

impl SaveBudget {
    pub fn new() -> Self {
        SaveBudget {
            tokens: BURST,
            updated: Instant::now(),
        }
    }

    fn refill(&mut self) {
        let now = Instant::now();
        let earned = now.duration_since(self.updated).as_secs_f64() / REFILL.as_secs_f64();
        self.tokens = (self.tokens + earned).min(BURST);
        self.updated = now;
    }

    /// Takes one save's worth if there is one.
    pub fn try_take(&mut self) -> bool {
        self.refill();
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// When the next save's worth will be there.
    pub fn next_at(&self) -> Instant {
        let missing = (1.0 - self.tokens).max(0.0);
        self.updated + REFILL.mul_f64(missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn two_saves_in_a_row_then_one_a_second() {
        let mut budget = SaveBudget::new();
        assert!(budget.try_take());
        assert!(budget.try_take());
        assert!(!budget.try_take());
        assert_eq!(budget.next_at(), Instant::now() + REFILL);
        tokio::time::advance(REFILL / 2).await;
        assert!(!budget.try_take());
        tokio::time::advance(REFILL / 2).await;
        assert!(budget.try_take());
        assert!(!budget.try_take());
        // A quiet while fills it up to the burst, no more.
        tokio::time::advance(REFILL * 10).await;
        assert!(budget.try_take());
        assert!(budget.try_take());
        assert!(!budget.try_take());
    }
}
