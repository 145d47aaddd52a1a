//! Speed limits: a byte budget that connections draw from before they write
//! what they received (so a limited download reads no faster than allowed,
//! and TCP slows the server down). The limiter is governor's GCRA; changing
//! the limit swaps in a new one, so running transfers follow at once.

use std::num::NonZeroU32;
use std::sync::{Arc, PoisonError, RwLock};

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// The smallest burst: a few network reads' worth.
const MIN_BURST_BYTES: u32 = 16 * 1024;

/// A changeable limit in bytes per second; `None` is unlimited. Cheap to
/// share: clone the `Arc`.
#[derive(Debug, Default)]
pub struct RateLimit {
    budget: RwLock<Option<Arc<Budget>>>,
}

/// One limiter and the most bytes it grants at once.
#[derive(Debug)]
struct Budget {
    limiter: DefaultDirectRateLimiter,
    burst: NonZeroU32,
}

impl RateLimit {
    pub fn new(bytes_per_second: Option<u64>) -> Arc<RateLimit> {
        let limit = Arc::new(RateLimit::default());
        limit.set(bytes_per_second);
        limit
    }

    /// Changes the limit; waits in progress use the new one from their next
    /// piece on.
    pub fn set(&self, bytes_per_second: Option<u64>) {
        let budget = bytes_per_second.and_then(|rate| {
            let rate = NonZeroU32::new(u32::try_from(rate).unwrap_or(u32::MAX))?;
            // A tenth of a second's worth in one go keeps the rate even.
            let burst = NonZeroU32::new((rate.get() / 10).max(MIN_BURST_BYTES))?;
            Some(Arc::new(Budget {
                limiter: RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)),
                burst,
            }))
        });
        *self.budget.write().unwrap_or_else(PoisonError::into_inner) = budget;
    }

    fn current(&self) -> Option<Arc<Budget>> {
        self.budget
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until `bytes` more may pass.
    pub async fn consume(&self, bytes: usize) {
        let mut left = u32::try_from(bytes).unwrap_or(u32::MAX);
        while left > 0 {
            let Some(budget) = self.current() else {
                return;
            };
            // At most one burst at a time, else the limiter refuses.
            let piece = left.min(budget.burst.get());
            let Some(cells) = NonZeroU32::new(piece) else {
                return;
            };
            if budget.limiter.until_n_ready(cells).await.is_err() {
                return;
            }
            left -= piece;
        }
    }
}

/// Every limit one connection obeys: the global one and its transfer's.
#[derive(Clone, Debug)]
pub struct Limits {
    pub global: Arc<RateLimit>,
    pub transfer: Arc<RateLimit>,
}

impl Limits {
    pub async fn consume(&self, bytes: usize) {
        self.global.consume(bytes).await;
        self.transfer.consume(bytes).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_limit_holds_back_bytes_past_the_burst() {
        let limit = RateLimit::new(Some(200_000));
        let started = tokio::time::Instant::now();
        // 20 000 burst, then 60 000 more at 200 000/s: at least 0.3 s.
        limit.consume(80_000).await;
        assert!(started.elapsed() >= std::time::Duration::from_millis(280));
        // Unlimited again: nothing to wait for.
        limit.set(None);
        assert!(limit.current().is_none());
        limit.consume(10_000_000).await;
    }
}
