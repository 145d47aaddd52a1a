//! Fuzz targets for what strangers send ferry: each takes arbitrary bytes,
//! feeds them to a parser of ferry's, and panics when a rule of DESIGN.md
//! §4 breaks (not only when the parser panics). `tests/targets.rs` runs
//! them with bolero on stable for a bounded time (CI) or a number of
//! executions (`FERRY_FUZZ_EXECUTIONS`); `cargo bolero` runs the same
//! harnesses under libFuzzer (docs/fuzzing.md).

use std::path::Path;

// `cargo bolero test NAME` builds this library's (empty) unit-test binary
// too; under libFuzzer's coverage flags it links only with bolero's
// runtime in it.
#[cfg(test)]
use bolero as _;

use ferry_engine::engine::download::resume::{RangeAsk, ResponseFacts, Verdict, judge};
use ferry_engine::engine::file_name::{name_from_content_disposition, sanitize_file_name};
use ferry_engine::engine::net::cookies::parse_cookies_txt;
use ferry_engine::model::Validator;

/// The most a file name may take on Linux file systems.
const NAME_MAX_BYTES: usize = 255;

/// A name ferry may give a file: one component, no control, format or
/// bidi character, not `.` or `..`, at most 255 bytes.
fn assert_safe_name(name: &str, from: &[u8]) {
    assert!(!name.is_empty(), "empty name from {from:?}");
    assert!(
        name.len() <= NAME_MAX_BYTES,
        "{} bytes: {name:?}",
        name.len()
    );
    assert!(name != "." && name != "..", "{name:?} from {from:?}");
    for character in name.chars() {
        assert!(
            character != '/' && character != '\0' && character != '\\',
            "{name:?} holds {character:?}"
        );
        assert!(
            !character.is_control(),
            "{name:?} holds a control character"
        );
        assert!(
            !matches!(character, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'),
            "{name:?} holds a bidi control"
        );
    }
}

/// Content-Disposition and every name ferry reduces to a file name.
pub fn file_name(data: &[u8]) {
    if let Some(name) = name_from_content_disposition(data) {
        assert_safe_name(&name, data);
    }
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(name) = sanitize_file_name(text)
    {
        assert_safe_name(&name, data);
        // Reducing is done once: a safe name stays as it is.
        assert_eq!(sanitize_file_name(&name).as_deref(), Some(name.as_str()));
    }
}

/// One resume decision to check: the request, what is on disk and the
/// response's parts, as both resume targets make them.
struct ResumeCase<'a> {
    status_code: u16,
    range_start: Option<u64>,
    expected_total: Option<u64>,
    content_length: Option<u64>,
    content_range: Option<&'a str>,
    etag: Option<&'a str>,
    last_modified: Option<&'a str>,
    validator: Option<Validator>,
}

impl ResumeCase<'_> {
    fn check(&self) {
        check_resume(
            &RangeAsk {
                range_start: self.range_start,
                validator: self.validator.as_ref(),
                expected_total: self.expected_total,
            },
            &ResponseFacts {
                status_code: self.status_code,
                content_range: self.content_range,
                content_type: None,
                etag: self.etag,
                last_modified: self.last_modified,
                content_length: self.content_length,
            },
        );
    }
}

/// The resume decision from a response, the request and what is on disk
/// read from free bytes (lines: "STATUS RANGE_START EXPECTED_TOTAL
/// CONTENT_LENGTH", Content-Range, ETag, Last-Modified, the stored
/// validator, `lm:DATE` for a date): see [`check_resume`].
pub fn resume_decision(data: &[u8]) {
    let mut fields = data.split(|byte| *byte == b'\n');
    let mut text = || {
        fields
            .next()
            .map(|field| String::from_utf8_lossy(field).into_owned())
    };
    let (head, content_range, etag, last_modified, stored) =
        (text(), text(), text(), text(), text());
    let head = head.unwrap_or_default();
    let mut numbers = head.split(' ').map(|word| word.parse::<u64>().ok());
    ResumeCase {
        status_code: numbers.next().flatten().unwrap_or(206) as u16,
        range_start: numbers.next().flatten(),
        expected_total: numbers.next().flatten(),
        content_length: numbers.next().flatten(),
        content_range: content_range.as_deref(),
        etag: etag.as_deref(),
        last_modified: last_modified.as_deref(),
        validator: stored.map(|stored| match stored.strip_prefix("lm:") {
            Some(date) => Validator::LastModified(date.to_owned()),
            None => Validator::ETag(stored),
        }),
    }
    .check();
}

/// The resume decision over the values that matter, each picked (by the
/// first eight bytes, missing ones 0) from a few close to the edges
/// (offsets one off, another total, a weak or another ETag, padding), so
/// random choices meet the cases bytes rarely spell out.
pub fn resume_decision_picked(data: &[u8]) {
    const RANGES: [Option<&str>; 12] = [
        None,
        Some("bytes 100-999/1000"),
        Some("bytes 0-999/1000"),
        Some("bytes 100-1999/2000"),
        Some("bytes 100-999/*"),
        Some("bytes */1000"),
        Some("bytes 1000-999/1000"),
        Some(" bytes 100-999/1000"),
        Some("bytes 99-999/1000"),
        Some("bytes 101-999/1000"),
        Some("bytes 100-1000/1000"),
        Some("bytes=100-999/1000"),
    ];
    const ETAGS: [Option<&str>; 4] = [None, Some("\"v1\""), Some("\"v2\""), Some("W/\"v1\"")];
    const DATES: [Option<&str>; 3] = [
        None,
        Some("Mon, 07 Dec 2026 08:00:00 GMT"),
        Some("Tue, 08 Dec 2026 08:00:00 GMT"),
    ];
    let pick = |index: usize, count: usize| {
        usize::from(data.get(index).copied().unwrap_or_default()) % count
    };
    let validator = [
        None,
        Some(Validator::ETag("\"v1\"".to_owned())),
        Some(Validator::ETag("W/\"v1\"".to_owned())),
        Some(Validator::LastModified(
            "Mon, 07 Dec 2026 08:00:00 GMT".to_owned(),
        )),
    ][pick(6, 4)]
    .clone();
    ResumeCase {
        status_code: [200, 206, 206, 206, 416, 204, 226][pick(0, 7)],
        range_start: [None, Some(0), Some(100), Some(1000)][pick(1, 4)],
        expected_total: [None, Some(1000), Some(2000)][pick(2, 3)],
        content_length: [None, Some(900), Some(1000)][pick(7, 3)],
        content_range: RANGES[pick(3, RANGES.len())],
        etag: ETAGS[pick(4, ETAGS.len())],
        last_modified: DATES[pick(5, DATES.len())],
        validator,
    }
    .check();
}

/// Whatever the status, headers and what is on disk: `Append` only for
/// the exact continuation of the same version (206, a Content-Range that
/// starts at the byte asked for and runs to the end of the total recorded,
/// no validator in the response that differs from the one kept, never on
/// a validator HTTP cannot confirm), the one way bytes of two responses
/// could end up in one file. (Whether to ask for a range without a
/// validator is the caller's rule, tested with the downloads.)
fn check_resume(ask: &RangeAsk<'_>, facts: &ResponseFacts<'_>) {
    let Verdict::Append { total } = judge(ask, facts) else {
        return;
    };
    assert_eq!(facts.status_code, 206, "appended a {}", facts.status_code);
    let range_start = ask.range_start.expect("appended without a range asked");
    let range = facts.content_range.unwrap_or_default();
    let (start, rest) = range
        .trim()
        .strip_prefix("bytes ")
        .and_then(|range| range.split_once('-'))
        .expect("appended without a Content-Range");
    assert_eq!(
        start.trim().parse::<u64>().ok(),
        Some(range_start),
        "{range}"
    );
    let announced = rest.split_once('/').map(|(_, total)| total.trim());
    assert_eq!(announced, Some(total.to_string().as_str()), "{range}");
    if let Some(expected) = ask.expected_total {
        assert_eq!(total, expected, "appended to another size: {range}");
    }
    let end = rest
        .split_once('/')
        .map(|(end, _)| end.trim().parse::<u64>().ok());
    assert_eq!(end, Some(total.checked_sub(1)), "not to the end: {range}");
    match ask.validator {
        Some(Validator::ETag(stored)) => {
            if let Some(sent) = facts.etag {
                assert_eq!(sent.trim(), stored, "appended across another ETag");
            }
        }
        Some(Validator::LastModified(stored)) => {
            if let Some(sent) = facts.last_modified {
                assert_eq!(sent.trim(), stored, "appended across another date");
            }
        }
        Some(Validator::SizeAndModified { .. }) => {
            panic!("appended on a validator HTTP cannot confirm: {ask:?} {facts:?}")
        }
        None => {}
    }
}

/// A cookies.txt from anywhere: parsed or refused, never a panic, and no
/// cookie keeps a control character (a line break would split the Cookie
/// header into a header of the file's choosing).
pub fn cookies_txt(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(cookies) = parse_cookies_txt(&text) {
        for cookie in cookies {
            for field in [&cookie.name, &cookie.value, &cookie.domain, &cookie.path] {
                assert!(
                    !field.chars().any(char::is_control),
                    "a control character in a cookie from {text:?}"
                );
            }
        }
    }
}

/// state.ron as anyone may have left it: read, or refused with the file
/// kept, never a panic.
pub fn state_file(data: &[u8]) {
    thread_local! {
        /// One folder per thread, its state.ron rewritten for each input.
        static FOLDER: tempfile::TempDir = tempfile::tempdir().expect("a temporary folder");
    }
    FOLDER.with(|folder| {
        let path = folder.path().join("state.ron");
        std::fs::write(&path, data).expect("write state.ron");
        let _ = ferry_engine::store::read_state(folder.path());
        // Reading changes nothing: the bytes are where they were, and no
        // other file appeared.
        assert_eq!(std::fs::read(&path).ok().as_deref(), Some(data));
        let files = std::fs::read_dir(folder.path()).map_or(0, Iterator::count);
        assert_eq!(files, 1, "reading state.ron left other files");
    });
}

/// What a client sends the service's socket: the hello framing and the
/// messages, read as the service reads them (no panic, no frame past the
/// hello's limit).
pub fn service_frames(data: &[u8]) {
    let (frames, messages) = ferry_service::service::read_client_bytes(data);
    assert!(messages <= frames);
}

/// What a browser sends the native messaging host: 4-byte lengths and
/// JSON, read until the end or a framing error; every message within the
/// limit, and the reader never asks for more than the limit.
pub fn native_messaging(data: &[u8]) {
    use ferry_service::desktop::browser::native_messaging::{MAX_INCOMING_BYTES, read_message};
    let mut reader = data;
    while let Ok(Some(message)) = read_message(&mut reader) {
        assert!(
            message.len() <= MAX_INCOMING_BYTES,
            "{} bytes",
            message.len()
        );
        let _ = serde_json::from_slice::<serde_json::Value>(&message);
    }
}

/// A multipart part's name (or file name) as any file or field may have
/// it: inside the quotes of its header it can neither close them nor
/// start a line.
pub fn multipart_name(data: &[u8]) {
    let name = String::from_utf8_lossy(data);
    let escaped = ferry_engine::engine::upload::multipart::escape_name(&name);
    assert!(
        !escaped.contains(['"', '\r', '\n']),
        "{escaped:?} can leave its header"
    );
}

/// Runs `target` over the files of a corpus folder (regressions first).
pub fn replay(target: fn(&[u8]), folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if let Ok(bytes) = std::fs::read(entry.path()) {
            target(&bytes);
        }
    }
}
