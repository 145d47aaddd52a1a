//! Backoff between attempts, honouring `Retry-After` within a bound.

use std::time::{Duration, SystemTime};

/// Delay before retry number `retry_index` (0 = first retry): the server's
/// `Retry-After` when given, else `base * 2^retry_index`; never above `max`.
pub fn backoff_delay(
    retry_index: u32,
    retry_after: Option<Duration>,
    base: Duration,
    max: Duration,
) -> Duration {
    let exponential = base.saturating_mul(2_u32.saturating_pow(retry_index.min(16)));
    retry_after.unwrap_or(exponential).min(max)
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_wins_but_is_bounded() {
        let base = Duration::from_secs(1);
        let max = Duration::from_secs(300);
        assert_eq!(backoff_delay(0, None, base, max), Duration::from_secs(1));
        assert_eq!(backoff_delay(2, None, base, max), Duration::from_secs(4));
        assert_eq!(
            backoff_delay(0, Some(Duration::from_secs(7)), base, max),
            Duration::from_secs(7)
        );
        assert_eq!(
            backoff_delay(0, Some(Duration::from_secs(86_400)), base, max),
            max
        );
        assert_eq!(backoff_delay(40, None, base, max), max);
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").expect("date");
        assert_eq!(parse_retry_after(" 3 ", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
