//! Numbers for people: sizes, speeds, durations.

/// `12.3 MiB`.
pub fn bytes(count: u64) -> String {
    indicatif::HumanBytes(count).to_string()
}

/// `1.2 MiB/s`, or empty when idle.
pub fn speed(bytes_per_sec: f64) -> String {
    if bytes_per_sec < 1.0 {
        return String::new();
    }
    format!("{}/s", indicatif::HumanBytes(bytes_per_sec as u64))
}

/// `1 h 02 min`, `3 min 05 s`, `42 s`.
pub fn duration(seconds: f64) -> String {
    let total = seconds.round() as u64;
    let (hours, minutes, secs) = (total / 3600, (total % 3600) / 60, total % 60);
    if hours > 0 {
        format!("{hours} h {minutes:02} min")
    } else if minutes > 0 {
        format!("{minutes} min {secs:02} s")
    } else {
        format!("{secs} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(42.4), "42 s");
        assert_eq!(duration(185.0), "3 min 05 s");
        assert_eq!(duration(3720.0), "1 h 02 min");
        assert_eq!(speed(0.0), "");
    }
}
