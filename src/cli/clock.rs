//! How long ago something happened, in the command line's words.

/// `42 s`, `5 min`, `3 h`, `2 days` (the largest unit that fits).
pub fn age_words(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min", seconds / 60),
        3600..86_400 => format!("{} h", seconds / 3600),
        _ => format!("{} days", seconds / 86_400),
    }
}
