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
    limiter: RwLock<Option<Arc<DefaultDirectRateLimiter>>>,
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
        let limiter = bytes_per_second.and_then(|rate| {
            let rate = NonZeroU32::new(u32::try_from(rate).unwrap_or(u32::MAX))?;
            // A tenth of a second's worth in one go keeps the rate even.
            let burst = NonZeroU32::new((rate.get() / 10).max(MIN_BURST_BYTES))?;
            Some(Arc::new(RateLimiter::direct(
                Quota::per_second(rate).allow_burst(burst),
            )))
        });
        *self.limiter.write().unwrap_or_else(PoisonError::into_inner) = limiter;
    }

    fn current(&self) -> Option<Arc<DefaultDirectRateLimiter>> {
        self.limiter
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until `bytes` more may pass.
    pub async fn consume(&self, bytes: usize) {
        let mut left = u32::try_from(bytes).unwrap_or(u32::MAX);
        while left > 0 {
            let Some(limiter) = self.current() else {
                return;
            };
            // At most one burst at a time, else the limiter refuses.
            let burst = limiter_burst(&limiter);
            let piece = left.min(burst);
            let Some(cells) = NonZeroU32::new(piece) else {
                return;
            };
            if limiter.until_n_ready(cells).await.is_err() {
                return;
            }
            left -= piece;
        }
    }
}

/// The most cells `limiter` grants at once.
fn limiter_burst(limiter: &DefaultDirectRateLimiter) -> u32 {
    // `check_n` tells the capacity when asked for more than it holds.
    match limiter.check_n(NonZeroU32::MAX) {
        Err(governor::InsufficientCapacity(capacity)) => capacity.max(1),
        Ok(_) => u32::MAX,
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

/// Parses a rate as people type it for curl and wget: a number of bytes per
/// second with an optional K, M or G suffix (powers of 1024, a trailing B
/// or "/s" allowed): "500K", "2M", "1.5MB/s". "0", "off" and "none" mean
/// unlimited (`None`).
pub fn parse_rate(text: &str) -> Result<Option<u64>, String> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    if matches!(lower.as_str(), "0" | "off" | "none" | "unlimited") {
        return Ok(None);
    }
    let without_unit = lower
        .strip_suffix("/s")
        .unwrap_or(&lower)
        .trim_end_matches("ib")
        .trim_end_matches('b');
    let (number, multiplier) = match without_unit.chars().last() {
        Some('k') => (&without_unit[..without_unit.len() - 1], 1024_f64),
        Some('m') => (&without_unit[..without_unit.len() - 1], 1024_f64 * 1024.0),
        Some('g') => (
            &without_unit[..without_unit.len() - 1],
            1024_f64 * 1024.0 * 1024.0,
        ),
        _ => (without_unit, 1.0),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("bad rate {trimmed:?}: use bytes per second like 500K, 2M or 1.5G"))?;
    if !value.is_finite() || value < 0.0 {
        return Err(format!(
            "bad rate {trimmed:?}: it must be a positive number"
        ));
    }
    let bytes = (value * multiplier).round();
    if bytes < 1.0 {
        return Ok(None);
    }
    if bytes > u32::MAX as f64 {
        return Err(format!("bad rate {trimmed:?}: at most 4G per second"));
    }
    Ok(Some(bytes as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_like_curl() {
        assert_eq!(parse_rate("500K"), Ok(Some(512_000)));
        assert_eq!(parse_rate("2m"), Ok(Some(2 * 1024 * 1024)));
        assert_eq!(parse_rate("1.5MB/s"), Ok(Some(1_572_864)));
        assert_eq!(parse_rate("1000"), Ok(Some(1000)));
        assert_eq!(parse_rate("off"), Ok(None));
        assert_eq!(parse_rate("0"), Ok(None));
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("-5K").is_err());
        assert!(parse_rate("9G").is_err());
    }

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
