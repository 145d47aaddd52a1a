//! Numbers and problems for people: sizes, speeds, durations (as the
//! window's language writes them, `model::Locale`), and what went wrong in
//! the window's words.

use ferry_i18n::tr;

use crate::model::TransferError;

/// `12.30 MiB` (`12,30 Mio` in French).
pub fn bytes(count: u64) -> String {
    ferry_i18n::current().bytes(count)
}

/// `45%` (`45 %` in French).
pub fn percent(fraction: f32) -> String {
    ferry_i18n::current().percent(f64::from(fraction) * 100.0)
}

/// `1.20 MiB/s`, or empty when idle.
pub fn speed(bytes_per_sec: f64) -> String {
    if bytes_per_sec < 1.0 {
        return String::new();
    }
    ferry_i18n::current().speed(bytes_per_sec)
}

/// `1 h 02 min`, `3 min 05 s`, `42 s`.
pub fn duration(seconds: f64) -> String {
    ferry_i18n::current().duration(seconds.max(0.0).round() as u64)
}

/// A transfer's problem in the window's words: where the command line
/// would say to run a command, the window names its own action instead.
pub fn problem_words(error: &TransferError) -> String {
    match error {
        TransferError::RecoverableStatus { status, .. } => {
            tr!("problem-recoverable-status", status = status)
        }
        TransferError::SecretsMissing => tr!("problem-secrets-missing"),
        TransferError::Retrying { cause, delay_secs } => tr!(
            "problem-retrying",
            problem = problem_words(cause),
            delay = duration(*delay_secs as f64)
        ),
        other => other.to_string(),
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

    /// The window never tells its user to run `ferry set-url`, which is
    /// refused while the window holds the state (issue 32, item 6).
    #[test]
    fn a_link_to_renew_points_at_the_windows_own_action() {
        let expired = TransferError::RecoverableStatus {
            status: 403,
            transfer_id: "1234".to_owned(),
        };
        assert!(expired.to_string().contains("ferry set-url"));
        let words = problem_words(&expired);
        assert!(words.contains("Set URL…"), "{words}");
        assert!(!words.contains("ferry set-url"), "{words}");
    }
}
