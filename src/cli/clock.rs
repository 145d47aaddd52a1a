//! How long ago something happened, in the command line's words.

/// `42 s`, `5 min`, `3 h`, `2 days` (the largest unit that fits).
pub fn age_words(seconds: u64) -> String {
    match seconds {
        0..60 => ferry_i18n::tr!("cli-age-seconds", count = seconds),
        60..3600 => ferry_i18n::tr!("cli-age-minutes", count = seconds / 60),
        3600..86_400 => ferry_i18n::tr!("cli-age-hours", count = seconds / 3600),
        _ => ferry_i18n::tr!("cli-age-days", count = seconds / 86_400),
    }
}
