//! The languages ferry speaks (English, Korean, French), which one a
//! person reads (gettext's order: `LANGUAGE`, a colon-separated list,
//! counts only when `LC_ALL`, `LC_MESSAGES` or `LANG` names a locale other
//! than C; the first language ferry has wins, else English), and numbers
//! as that language writes them: sizes, speeds and durations. The
//! messages themselves come from the Fluent files (the crate's root).

use serde::{Deserialize, Serialize};

/// A language ferry has its words in (in state.ron as its code).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "ko")]
    Korean,
    #[serde(rename = "fr")]
    French,
}

/// Between a number and its unit in French: a narrow no-break space.
const NARROW_NO_BREAK_SPACE: char = '\u{202f}';

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::English, Locale::Korean, Locale::French];

    /// The language's code ("en", "ko", "fr").
    pub fn code(self) -> &'static str {
        match self {
            Locale::English => "en",
            Locale::Korean => "ko",
            Locale::French => "fr",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::English => "English",
            Locale::Korean => "한국어",
            Locale::French => "Français",
        }
    }

    /// The language a locale or language name means ("fr_FR.UTF-8",
    /// "ko", "en_GB@euro"), if ferry has it.
    pub fn from_name(name: &str) -> Option<Locale> {
        let language = name
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Locale::ALL
            .into_iter()
            .find(|locale| locale.code() == language)
    }

    /// The language to speak, from the environment as gettext reads it;
    /// `variable` gives a variable's value.
    pub fn from_environment(variable: impl Fn(&str) -> Option<String>) -> Locale {
        let set = |name: &str| variable(name).filter(|value| !value.is_empty());
        let Some(locale) = set("LC_ALL")
            .or_else(|| set("LC_MESSAGES"))
            .or_else(|| set("LANG"))
        else {
            return Locale::English;
        };
        if locale == "C" || locale == "POSIX" || locale.starts_with("C.") {
            return Locale::English;
        }
        let preferred = set("LANGUAGE").unwrap_or_default();
        preferred
            .split(':')
            .chain([locale.as_str()])
            .find_map(Locale::from_name)
            .unwrap_or(Locale::English)
    }

    /// A size: `12.30 MiB` (en), `12.30MiB` (ko), `12,30 Mio` (fr), in
    /// powers of 1024; bytes below 1 KiB as a whole number.
    pub fn bytes(self, count: u64) -> String {
        const UNITS: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
        let mut value = count as f64;
        let mut unit = None;
        for prefix in UNITS {
            if value < 1024.0 {
                break;
            }
            value /= 1024.0;
            unit = Some(prefix);
        }
        match (self, unit) {
            (Locale::English, None) => format!("{count} B"),
            (Locale::Korean, None) => format!("{count}B"),
            (Locale::French, None) => format!("{count}{NARROW_NO_BREAK_SPACE}o"),
            (Locale::English, Some(prefix)) => format!("{value:.2} {prefix}B"),
            (Locale::Korean, Some(prefix)) => format!("{value:.2}{prefix}B"),
            (Locale::French, Some(prefix)) => format!(
                "{}{NARROW_NO_BREAK_SPACE}{prefix}o",
                format!("{value:.2}").replace('.', ",")
            ),
        }
    }

    /// A percentage, rounded: `45%` (en, ko), `45 %` (fr).
    pub fn percent(self, value: f64) -> String {
        format!("{value:.0}{}", self.percent_sign())
    }

    /// What follows a number to make it a percentage: `%`, or in French
    /// a narrow no-break space and `%`.
    pub fn percent_sign(self) -> &'static str {
        match self {
            Locale::French => "\u{202f}%",
            Locale::English | Locale::Korean => "%",
        }
    }

    /// A date and time of the computer's time zone as the language writes
    /// it: `Dec 7, 2026, 10:15` (en), `7 déc. 2026, 10:15` (fr),
    /// `2026. 12. 7. 10:15` (ko).
    pub fn date_time(self, unix_secs: u64) -> String {
        let Ok(timestamp) = jiff::Timestamp::from_second(unix_secs.min(i64::MAX as u64) as i64)
        else {
            return String::new();
        };
        self.date_time_in(&timestamp.to_zoned(jiff::tz::TimeZone::system()))
    }

    /// [`Locale::date_time`] of a time already placed in a time zone.
    pub fn date_time_in(self, time: &jiff::Zoned) -> String {
        const ENGLISH_MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        const FRENCH_MONTHS: [&str; 12] = [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ];
        let (year, month, day) = (time.year(), time.month(), time.day());
        let clock = format!("{:02}:{:02}", time.hour(), time.minute());
        let month_index = usize::try_from(month - 1).unwrap_or_default();
        match self {
            Locale::English => format!("{} {day}, {year}, {clock}", ENGLISH_MONTHS[month_index]),
            Locale::French => format!("{day} {} {year}, {clock}", FRENCH_MONTHS[month_index]),
            Locale::Korean => format!("{year}. {month}. {day}. {clock}"),
        }
    }

    /// A speed: the size moved each second (`1.50 MiB/s`, `1,50 Mio/s`).
    pub fn speed(self, bytes_per_sec: f64) -> String {
        format!("{}/s", self.bytes(bytes_per_sec.max(0.0) as u64))
    }

    /// A duration: `1 h 02 min`, `3 min 05 s`, `42 s` (en, fr: narrow
    /// spaces in French); `1시간 02분`, `3분 05초`, `42초` (ko).
    pub fn duration(self, seconds: u64) -> String {
        let (hours, minutes, secs) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        let [hour, minute, second, space] = match self {
            Locale::English => ["h", "min", "s", " "],
            Locale::French => ["h", "min", "s", "\u{202f}"],
            Locale::Korean => ["시간", "분", "초", ""],
        };
        let part = |count: String, unit: &str| format!("{count}{space}{unit}");
        if hours > 0 {
            format!(
                "{} {}",
                part(hours.to_string(), hour),
                part(format!("{minutes:02}"), minute)
            )
        } else if minutes > 0 {
            format!(
                "{} {}",
                part(minutes.to_string(), minute),
                part(format!("{secs:02}"), second)
            )
        } else {
            part(secs.to_string(), second)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, value)| value.clone())
        }
    }

    #[test]
    fn the_language_is_read_as_gettext_reads_it() {
        let read = |pairs: &[(&str, &str)]| Locale::from_environment(environment(pairs));
        assert_eq!(read(&[]), Locale::English);
        assert_eq!(read(&[("LANG", "fr_FR.UTF-8")]), Locale::French);
        assert_eq!(read(&[("LANG", "ko_KR.UTF-8")]), Locale::Korean);
        assert_eq!(
            read(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "ko_KR.UTF-8")]),
            Locale::Korean,
            "LC_ALL wins"
        );
        assert_eq!(
            read(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "fr_FR.UTF-8")]),
            Locale::French
        );
        assert_eq!(
            read(&[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "de:ko:fr")]),
            Locale::Korean,
            "the first language ferry has"
        );
        assert_eq!(
            read(&[("LANG", "C"), ("LANGUAGE", "fr")]),
            Locale::English,
            "LANGUAGE counts only with a locale other than C"
        );
        assert_eq!(read(&[("LANG", "de_DE.UTF-8")]), Locale::English);
    }

    #[test]
    fn sizes_speeds_and_durations_as_each_language_writes_them() {
        assert_eq!(Locale::English.bytes(512), "512 B");
        assert_eq!(Locale::English.bytes(1_572_864), "1.50 MiB");
        assert_eq!(Locale::Korean.bytes(1_572_864), "1.50MiB");
        assert_eq!(Locale::French.bytes(1_572_864), "1,50\u{202f}Mio");
        assert_eq!(Locale::French.speed(1_572_864.0), "1,50\u{202f}Mio/s");
        assert_eq!(Locale::Korean.speed(1_572_864.0), "1.50MiB/s");
        assert_eq!(Locale::English.duration(3725), "1 h 02 min");
        assert_eq!(Locale::English.duration(185), "3 min 05 s");
        assert_eq!(Locale::Korean.duration(185), "3분 05초");
        assert_eq!(Locale::Korean.duration(42), "42초");
        assert_eq!(Locale::French.duration(185), "3\u{202f}min 05\u{202f}s");
        assert_eq!(Locale::French.percent(45.0), "45\u{202f}%");
        assert_eq!(Locale::Korean.percent(45.0), "45%");
    }

    #[test]
    fn dates_as_each_language_writes_them() {
        let time: jiff::Zoned = "2026-12-07T10:05:00+00:00[UTC]".parse().expect("time");
        assert_eq!(Locale::English.date_time_in(&time), "Dec 7, 2026, 10:05");
        assert_eq!(Locale::French.date_time_in(&time), "7 déc. 2026, 10:05");
        assert_eq!(Locale::Korean.date_time_in(&time), "2026. 12. 7. 10:05");
    }
}
