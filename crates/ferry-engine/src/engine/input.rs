//! Checks of what a person typed (a URL, a header, a speed, a group name),
//! shared by the CLI and the window so both refuse the same things with the
//! same words.

use ferry_i18n::tr;
use std::path::{Path, PathBuf};

use url::Url;

use crate::engine::protocol::Protocol;
use crate::model::{
    ContentPart, Destination, HeaderPair, MINUTES_PER_DAY, TimeWindow, TransferSpec, Weekdays,
};

/// Why typed input was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    InvalidUrl { text: String, reason: String },
    UnsupportedScheme { scheme: String, text: String },
    UnsupportedUploadScheme { scheme: String, text: String },
    InvalidInterval { text: String, reason: String },
    UnsupportedPrefetchScheme { scheme: String, text: String },
    HeaderWithoutColon { text: String },
    InvalidHeaderName { name: String },
    InvalidHeaderValue { name: String },
    InvalidRate { text: String, reason: String },
    InvalidGroupName { name: String, reason: String },
    InvalidTimeWindow { text: String, reason: String },
    ProgramNotFound { name: String, reason: String },
    InvalidWhenDone { text: String },
    PathNotUtf8 { path: PathBuf },
    RelativePath { path: PathBuf },
}

impl std::fmt::Display for InputError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = match self {
            InputError::InvalidUrl { text, reason } => {
                tr!(
                    "input-invalid-url",
                    text = text.as_str(),
                    reason = reason.as_str()
                )
            }
            InputError::UnsupportedScheme { scheme, text } => tr!(
                "input-unsupported-scheme",
                scheme = scheme.as_str(),
                schemes = Protocol::SCHEMES_IN_WORDS,
                text = text.as_str()
            ),
            InputError::UnsupportedUploadScheme { scheme, text } => tr!(
                "input-unsupported-upload-scheme",
                scheme = scheme.as_str(),
                text = text.as_str()
            ),
            InputError::InvalidInterval { text, reason } => tr!(
                "input-invalid-interval",
                text = text.as_str(),
                reason = reason.as_str()
            ),
            InputError::UnsupportedPrefetchScheme { scheme, text } => tr!(
                "input-unsupported-prefetch-scheme",
                scheme = scheme.as_str(),
                text = text.as_str()
            ),
            InputError::HeaderWithoutColon { text } => {
                tr!("input-header-without-colon", text = text.as_str())
            }
            InputError::InvalidHeaderName { name } => {
                tr!("input-invalid-header-name", name = name.as_str())
            }
            InputError::InvalidHeaderValue { name } => {
                tr!("input-invalid-header-value", name = name.as_str())
            }
            InputError::InvalidRate { text, reason } => {
                tr!(
                    "input-invalid-rate",
                    text = text.as_str(),
                    reason = reason.as_str()
                )
            }
            InputError::InvalidGroupName { name, reason } => tr!(
                "input-invalid-group-name",
                name = name.as_str(),
                reason = reason.as_str()
            ),
            InputError::InvalidTimeWindow { text, reason } => tr!(
                "input-invalid-time-window",
                text = text.as_str(),
                reason = reason.as_str()
            ),
            InputError::ProgramNotFound { name, reason } => tr!(
                "input-program-not-found",
                name = name.as_str(),
                reason = reason.as_str()
            ),
            InputError::InvalidWhenDone { text } => {
                tr!("input-invalid-when-done", text = text.as_str())
            }
            InputError::PathNotUtf8 { path } => {
                tr!("input-path-not-utf8", path = path.display().to_string())
            }
            InputError::RelativePath { path } => {
                tr!("input-relative-path", path = path.display().to_string())
            }
        };
        formatter.write_str(&words)
    }
}

impl std::error::Error for InputError {}

/// `path`, when a transfer may keep it: absolute, and valid UTF-8 (the
/// list is text; a name that is not would stop it from being saved).
pub fn check_path(path: &Path) -> Result<&Path, InputError> {
    if path.to_str().is_none() {
        return Err(InputError::PathNotUtf8 {
            path: path.to_owned(),
        });
    }
    if !path.is_absolute() {
        return Err(InputError::RelativePath {
            path: path.to_owned(),
        });
    }
    Ok(path)
}

/// Checks every path of a transfer (where it goes, what it sends; a form
/// of text fields only has none).
pub fn check_transfer_paths(spec: &TransferSpec) -> Result<(), InputError> {
    let destination = match &spec.destination {
        Destination::File(path) | Destination::Folder(path) => path,
    };
    let mut paths = vec![destination.as_path()];
    if let Some(upload) = spec.upload_source() {
        paths.push(&upload.file);
        paths.extend(upload.parts.iter().filter_map(ContentPart::file_path));
    }
    for path in paths {
        if !path.as_os_str().is_empty() {
            check_path(path)?;
        }
    }
    Ok(())
}

/// A URL ferry can download, or why not.
pub fn parse_download_url(text: &str) -> Result<Url, InputError> {
    let url = parse_url(text)?;
    if Protocol::of(&url).is_none() {
        return Err(InputError::UnsupportedScheme {
            scheme: url.scheme().to_owned(),
            text: text.to_owned(),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(InputError::InvalidUrl {
            text: text.to_owned(),
            reason: tr!("input-no-host"),
        });
    }
    Ok(url)
}

/// The longest URL taken: far beyond what servers accept (8 KiB is a
/// common limit), and within what an HTTP request line can carry.
pub const MAX_URL_BYTES: usize = 32 * 1024;

/// `text` as an absolute URL, or why not in words a person can act on: a
/// URL without a scheme is told to add one, an overlong one is refused
/// before any request.
fn parse_url(text: &str) -> Result<Url, InputError> {
    let trimmed = text.trim();
    let invalid = |reason: String| InputError::InvalidUrl {
        text: shortened(text),
        reason,
    };
    if trimmed.len() > MAX_URL_BYTES {
        return Err(invalid(tr!(
            "input-url-too-long",
            bytes = trimmed.len(),
            most = MAX_URL_BYTES
        )));
    }
    let no_scheme = || invalid(tr!("input-no-scheme", typed = trimmed));
    let url = Url::parse(trimmed).map_err(|error| match error {
        url::ParseError::RelativeUrlWithoutBase => no_scheme(),
        error => invalid(error.to_string()),
    })?;
    // "example.org:8080/x" and "localhost:8080/x" parse with the host as
    // their scheme.
    let looks_like_host_and_port = !trimmed.contains("://")
        && (url.scheme().contains('.')
            || url.path().split('/').next().is_some_and(|port| {
                !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit())
            }));
    if looks_like_host_and_port {
        return Err(no_scheme());
    }
    Ok(url)
}

/// A long text cut to its first 100 characters, for messages.
fn shortened(text: &str) -> String {
    const SHOWN: usize = 100;
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A URL ferry can upload to (http, https), or why not.
pub fn parse_upload_url(text: &str) -> Result<Url, InputError> {
    let url = parse_download_url(text)?;
    if Protocol::of(&url) != Some(Protocol::Http) {
        return Err(InputError::UnsupportedUploadScheme {
            scheme: url.scheme().to_owned(),
            text: text.to_owned(),
        });
    }
    Ok(url)
}

/// `Name: value` into a checked header.
pub fn parse_header(text: &str) -> Result<HeaderPair, InputError> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(InputError::HeaderWithoutColon {
            text: text.to_owned(),
        });
    };
    check_header(name, value)
}

/// A checked header from a name and a value typed apart (the Add dialog).
pub fn check_header(name: &str, value: &str) -> Result<HeaderPair, InputError> {
    let name = name.trim();
    let value = value.trim();
    reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        InputError::InvalidHeaderName {
            name: name.to_owned(),
        }
    })?;
    reqwest::header::HeaderValue::from_str(value).map_err(|_| InputError::InvalidHeaderValue {
        name: name.to_owned(),
    })?;
    Ok(HeaderPair {
        name: name.to_owned(),
        value: value.to_owned(),
    })
}

/// How often a prefetch entry is refreshed, as people write it: "6h",
/// "30m", "1d", "1h 30m", "2 days" (a day is 24 hours). At least a
/// minute.
pub fn parse_interval(text: &str) -> Result<u64, InputError> {
    let refuse = |reason: String| InputError::InvalidInterval {
        text: text.to_owned(),
        reason,
    };
    let span: jiff::Span = text
        .trim()
        .parse()
        .map_err(|error: jiff::Error| refuse(error.to_string()))?;
    let secs = span
        .total((
            jiff::Unit::Second,
            jiff::SpanRelativeTo::days_are_24_hours(),
        ))
        .map_err(|error| refuse(error.to_string()))?;
    if secs.is_nan() || secs < crate::model::MIN_PREFETCH_EVERY_SECS as f64 {
        return Err(refuse(tr!("input-interval-too-short")));
    }
    Ok(secs.min(u64::MAX as f64) as u64)
}

/// Whether `text` is a SHA-256 as sites publish it: 64 hex digits.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// A URL to prefetch: http or https.
pub fn parse_prefetch_url(text: &str) -> Result<Url, InputError> {
    let url = parse_url(text)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(InputError::UnsupportedPrefetchScheme {
            scheme: url.scheme().to_owned(),
            text: text.to_owned(),
        });
    }
    Ok(url)
}

/// A rate as people type it for curl and wget: bytes per second with an
/// optional K, M or G suffix (powers of 1024, a trailing B or "/s" allowed):
/// "500K", "2M", "1.5MB/s". "0", "off", "none" and "unlimited" mean no limit
/// (`None`).
pub fn parse_rate(text: &str) -> Result<Option<u64>, InputError> {
    let trimmed = text.trim();
    let refuse = |reason| InputError::InvalidRate {
        text: trimmed.to_owned(),
        reason,
    };
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
        .map_err(|_| refuse(tr!("input-rate-shape")))?;
    if !value.is_finite() || value < 0.0 {
        return Err(refuse(tr!("input-rate-positive")));
    }
    let bytes = (value * multiplier).round();
    if bytes < 1.0 {
        return Ok(None);
    }
    if bytes > u32::MAX as f64 {
        return Err(refuse(tr!("input-rate-too-high")));
    }
    Ok(Some(bytes as u64))
}

/// A group name: one line of printable text, at most 64 characters;
/// returned trimmed.
pub fn check_group_name(name: &str) -> Result<String, InputError> {
    let refuse = |reason| InputError::InvalidGroupName {
        name: name.to_owned(),
        reason,
    };
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(refuse(tr!("input-group-empty")));
    }
    if trimmed.chars().count() > 64 {
        return Err(refuse(tr!("input-group-too-long")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(refuse(tr!("input-group-control")));
    }
    Ok(trimmed.to_owned())
}

/// A weekly window as people type it: optional days ("daily", "weekdays",
/// "weekends", or names and ranges such as "mon-fri" or "mon,wed,sat-sun";
/// daily when left out), then "HH:MM-HH:MM" in local time. An end before the
/// start runs past midnight; "24:00" ends at midnight.
pub fn parse_time_window(text: &str) -> Result<TimeWindow, InputError> {
    let refuse = |reason| InputError::InvalidTimeWindow {
        text: text.to_owned(),
        reason,
    };
    let lower = text.trim().to_ascii_lowercase();
    let (days_text, times_text) = match lower.rsplit_once(char::is_whitespace) {
        Some((days, times)) => (days.trim(), times),
        None => ("daily", lower.as_str()),
    };
    let days = parse_weekdays(days_text).ok_or_else(|| refuse(tr!("input-window-days")))?;
    let (start, end) = times_text
        .split_once('-')
        .ok_or_else(|| refuse(tr!("input-window-start-end")))?;
    let start_minute = parse_clock(start).ok_or_else(|| refuse(tr!("input-window-clock")))?;
    let end_minute = parse_clock(end).ok_or_else(|| refuse(tr!("input-window-clock")))?;
    if start_minute == MINUTES_PER_DAY {
        return Err(refuse(tr!("input-window-24")));
    }
    Ok(TimeWindow {
        days,
        start_minute,
        end_minute: end_minute % MINUTES_PER_DAY,
    })
}

fn parse_weekdays(text: &str) -> Option<Weekdays> {
    let index = |name: &str| {
        Weekdays::NAMES
            .iter()
            .position(|known| name.starts_with(known) && name.len() <= 9)
            .map(|position| position as u8)
    };
    match text {
        "daily" | "every day" | "all" => return Some(Weekdays::EVERY_DAY),
        "weekdays" => return Some(Weekdays(0b001_1111)),
        "weekends" | "weekend" => return Some(Weekdays(0b110_0000)),
        _ => {}
    }
    let mut days = 0_u8;
    for part in text.split(',').map(str::trim) {
        let (first, last) = match part.split_once('-') {
            Some((first, last)) => (index(first.trim())?, index(last.trim())?),
            None => (index(part)?, index(part)?),
        };
        // A range may wrap past Sunday (sat-mon).
        let mut day = first;
        loop {
            days |= 1 << day;
            if day == last {
                break;
            }
            day = (day + 1) % 7;
        }
    }
    (days != 0).then_some(Weekdays(days))
}

/// "8:00", "08:30", "24:00" into minutes after midnight.
fn parse_clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    if minutes >= 60 || minutes > 0 && hours >= 24 || hours > 24 || minutes.to_string().len() > 2 {
        return None;
    }
    Some(hours * 60 + minutes)
}

/// The program a completion action runs, as an absolute path: a name
/// without `/` is looked up in `path_variable` (PATH) once, now; a path is
/// made absolute. It must be an executable file.
pub fn find_program(
    name: &str,
    path_variable: Option<&std::ffi::OsStr>,
) -> Result<std::path::PathBuf, InputError> {
    use std::os::unix::fs::PermissionsExt;
    let not_found = |reason: &str| InputError::ProgramNotFound {
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    let is_executable = |path: &std::path::Path| {
        std::fs::metadata(path)
            .is_ok_and(|metadata| metadata.is_file() && metadata.permissions().mode() & 0o111 != 0)
    };
    if name.is_empty() {
        return Err(not_found(&tr!("input-no-program")));
    }
    if name.contains('/') {
        let path = std::path::absolute(name).map_err(|error| not_found(&error.to_string()))?;
        return if is_executable(&path) {
            Ok(path)
        } else {
            Err(not_found(&tr!("input-not-executable")))
        };
    }
    path_variable
        .into_iter()
        .flat_map(std::env::split_paths)
        .filter(|folder| folder.is_absolute())
        .map(|folder| folder.join(name))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| not_found(&tr!("input-not-in-path")))
}

/// `--when-done` as typed: `notify`, `open-folder`, `open-file`, or `run
/// PROGRAM [ARG...]` (the program found in PATH now); `timeout_secs` bounds
/// a program.
pub fn parse_when_done(
    words: &[String],
    timeout_secs: u64,
) -> Result<crate::model::WhenDone, InputError> {
    use crate::model::{CompletionAction, ProgramAction, WhenDone};
    let invalid = || InputError::InvalidWhenDone {
        text: words.join(" "),
    };
    match words {
        [what] if what == "notify" => Ok(WhenDone::notify()),
        [what] if what == "open-folder" => Ok(WhenDone::action(CompletionAction::OpenFolder)),
        [what] if what == "open-file" => Ok(WhenDone::action(CompletionAction::OpenFile)),
        [what, program, args @ ..] if what == "run" => {
            let program = find_program(program, std::env::var_os("PATH").as_deref())?;
            Ok(WhenDone::action(CompletionAction::Run(ProgramAction {
                program,
                args: args.to_vec(),
                timeout_secs,
            })))
        }
        _ => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_without_a_scheme_or_too_long_are_told_plainly() {
        for typed in [
            "example.org/x.iso",
            "example.org:8080/x",
            "localhost:8080/x",
            "127.0.0.1/x",
        ] {
            let refused = parse_download_url(typed).expect_err(typed).to_string();
            assert!(
                refused.contains(&format!("write https://{typed}")),
                "{refused}"
            );
        }
        let long = format!("https://127.0.0.1/{}", "a".repeat(MAX_URL_BYTES));
        let refused = parse_download_url(&long).expect_err("too long").to_string();
        assert!(refused.contains("bytes long"), "{refused}");
        assert!(refused.len() < 400, "{refused}");
        assert!(parse_download_url("https://127.0.0.1:8080/x").is_ok());
    }

    #[test]
    fn intervals_read_as_people_write_them() {
        assert_eq!(parse_interval("6h"), Ok(6 * 3600));
        assert_eq!(parse_interval("1h 30m"), Ok(5400));
        assert_eq!(parse_interval("1d"), Ok(86_400));
        assert_eq!(parse_interval("2 days"), Ok(2 * 86_400));
        assert!(parse_interval("10s").is_err(), "under a minute");
        assert!(parse_interval("-1h").is_err());
        assert!(parse_interval("often").is_err());
    }

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

    #[test]
    fn time_windows_parse_days_and_times() {
        let office = parse_time_window("mon-fri 08:00-18:00").expect("office hours");
        assert_eq!(office.to_string(), "mon-fri 08:00-18:00");
        let nights = parse_time_window("22:00-6:00").expect("nights");
        assert_eq!(nights.to_string(), "daily 22:00-06:00");
        assert_eq!(
            parse_time_window("Sat-Mon 00:00-24:00")
                .expect("long weekend")
                .to_string(),
            "mon,sat,sun 00:00-00:00"
        );
        assert_eq!(
            parse_time_window("weekends 9:30-12:00")
                .expect("weekends")
                .to_string(),
            "sat,sun 09:30-12:00"
        );
        for bad in [
            "",
            "08:00",
            "funday 08:00-09:00",
            "25:00-26:00",
            "08:60-09:00",
            "24:00-06:00",
            "mon-fri 8-18",
        ] {
            assert!(parse_time_window(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn group_names_are_one_short_printable_line() {
        assert_eq!(check_group_name("  nightly "), Ok("nightly".to_owned()));
        assert!(check_group_name("   ").is_err());
        assert!(check_group_name("a\nb").is_err());
        assert!(check_group_name(&"x".repeat(65)).is_err());
    }

    #[test]
    fn unsupported_and_invalid_urls_are_refused() {
        for text in [
            "file:///etc/passwd",
            "data:,hello",
            "javascript:alert(1)",
            "gopher://127.0.0.1/x",
            "not a url",
            "http://",
        ] {
            assert!(parse_download_url(text).is_err(), "{text}");
        }
        assert!(parse_download_url("http://127.0.0.1:8080/file.bin").is_ok());
        // FTP is for downloads only.
        assert!(parse_download_url("ftp://127.0.0.1/x").is_ok());
        let refused = parse_upload_url("ftp://127.0.0.1/x").expect_err("an FTP upload");
        assert!(
            refused.to_string().contains("FTP is for downloads"),
            "{refused}"
        );
        assert!(parse_upload_url("https://127.0.0.1/up").is_ok());
    }

    #[test]
    fn headers_must_be_name_colon_value() {
        assert!(parse_header("X-Token abc").is_err());
        assert!(parse_header("Bad Name: x").is_err());
        let header = parse_header("X-Token:  abc ").expect("valid");
        assert_eq!(
            (header.name.as_str(), header.value.as_str()),
            ("X-Token", "abc")
        );
    }

    #[test]
    fn programs_are_found_once_in_path_and_must_be_executable() {
        let path = std::ffi::OsString::from("relative/bin:/nonexistent:/bin:/usr/bin");
        let found = find_program("sh", Some(&path)).expect("sh");
        assert!(found.is_absolute() && found.ends_with("sh"), "{found:?}");
        assert!(find_program("no-such-ferry-program", Some(&path)).is_err());
        assert!(find_program("sh", None).is_err());
        assert_eq!(
            find_program("/bin/sh", None).expect("absolute"),
            std::path::PathBuf::from("/bin/sh")
        );
        // A file that is not executable is refused.
        assert!(find_program("/etc/passwd", Some(&path)).is_err());
        assert!(find_program("", Some(&path)).is_err());
    }

    #[test]
    fn when_done_words_are_checked() {
        assert_eq!(
            parse_when_done(&["notify".to_owned()], 5).expect("notify"),
            crate::model::WhenDone::notify()
        );
        assert!(parse_when_done(&["run".to_owned()], 5).is_err());
        assert!(parse_when_done(&[], 5).is_err());
        assert!(parse_when_done(&["notify".to_owned(), "x".to_owned()], 5).is_err());
    }
}
