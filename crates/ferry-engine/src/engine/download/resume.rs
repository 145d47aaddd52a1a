//! The resume decision: given what was asked and what the server answered,
//! append, start over, or throw the response away. Pure, so it can be tested
//! exhaustively; the rule is DESIGN.md §4: never splice two versions.

use parse_net::ContentRange;
use reqwest::header::{self, HeaderMap};

use crate::engine::net::request::header_text;
use crate::model::Validator;

/// What the request asked for.
#[derive(Clone, Copy, Debug)]
pub struct RangeAsk<'a> {
    /// First byte asked for; `None` when no Range header was sent.
    pub range_start: Option<u64>,
    /// The validator of the bytes on disk (sent as If-Range).
    pub validator: Option<&'a Validator>,
    /// The total size recorded with those bytes, if known.
    pub expected_total: Option<u64>,
}

/// The parts of a response the decision looks at.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResponseFacts<'a> {
    pub status_code: u16,
    pub content_range: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    /// The body's announced length (Content-Length), if any.
    pub content_length: Option<u64>,
}

/// What to do with a successful (2xx) response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A whole body, as asked: write from byte 0.
    Fresh,
    /// The exact continuation of the bytes on disk: append at the offset.
    Append { total: u64 },
    /// The server sent the whole body instead of the range: start over from
    /// zero (`has_restarted`).
    StartOver,
    /// The file on the server is not the one on disk (another size or
    /// validator): discard the response unread and start over.
    Changed(String),
    /// The response does not fit what is on disk: discard it unread.
    Reject(String),
    /// The server contradicts itself: a whole body whose strong ETag says
    /// it is the version on disk, with another length than that version
    /// has (a half sent as the whole). Nothing from it can be trusted, and
    /// starting over would publish the wrong length: the transfer fails.
    Broken(String),
}

/// Decides what to do with a 2xx response. Non-2xx statuses are handled by
/// the caller before this.
pub fn judge(ask: &RangeAsk<'_>, facts: &ResponseFacts<'_>) -> Verdict {
    let is_partial = facts.status_code == 206;
    let Some(range_start) = ask.range_start else {
        return if is_partial {
            Verdict::Reject("the server sent a partial response that was not asked for".to_owned())
        } else {
            Verdict::Fresh
        };
    };
    if facts.status_code == 200 {
        return whole_body_to_a_range_request(ask, facts);
    }
    if !is_partial {
        return Verdict::Reject(format!(
            "unexpected status {} to a range request",
            facts.status_code
        ));
    }
    if facts.content_type.is_some_and(|content_type| {
        content_type
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/")
    }) {
        return Verdict::Reject("the server sent several ranges (multipart)".to_owned());
    }
    let Some(content_range) = facts.content_range else {
        return Verdict::Reject("206 without Content-Range".to_owned());
    };
    let (first, last, total) = match parse_net::range::parse_content_range(content_range.as_bytes())
    {
        Ok(ContentRange::Satisfied {
            range,
            complete: Some(total),
        }) => (range.start, range.end, total),
        Ok(ContentRange::Satisfied { complete: None, .. }) => {
            return Verdict::Reject("Content-Range without a total size".to_owned());
        }
        Ok(ContentRange::Unsatisfied { .. }) | Err(_) => {
            return Verdict::Reject(format!("malformed Content-Range {content_range:?}"));
        }
    };
    if first != range_start {
        return Verdict::Reject(format!(
            "Content-Range starts at {first}, asked for {range_start}"
        ));
    }
    if last.checked_add(1) != Some(total) {
        return Verdict::Reject(format!(
            "Content-Range ends at {last}, asked for the end of {total} bytes"
        ));
    }
    if let Some(expected_total) = ask.expected_total
        && expected_total != total
    {
        return Verdict::Changed(format!(
            "the size changed from {expected_total} to {total} bytes"
        ));
    }
    if !validator_still_matches(ask.validator, facts) {
        return Verdict::Changed("the server's validator changed".to_owned());
    }
    Verdict::Append { total }
}

/// A 200 to a range request: the server sends the whole file. If its strong
/// ETag is the one on disk, its length must be the length stored with it.
fn whole_body_to_a_range_request(ask: &RangeAsk<'_>, facts: &ResponseFacts<'_>) -> Verdict {
    let is_same_strong_version = matches!(
        (ask.validator, crate::engine::net::request::validator_of(facts.etag, None)),
        (Some(Validator::ETag(stored)), Some(Validator::ETag(sent))) if *stored == sent
    );
    if is_same_strong_version
        && let (Some(expected_total), Some(content_length)) =
            (ask.expected_total, facts.content_length)
        && expected_total != content_length
    {
        return Verdict::Broken(format!(
            "the server sent {content_length} bytes as the whole file, but the same version \
             (ETag {}) has {expected_total} bytes; the server is broken, nothing was kept",
            facts.etag.unwrap_or_default().trim()
        ));
    }
    Verdict::StartOver
}

/// True unless the response carries a validator of the same kind that differs
/// from the stored one.
fn validator_still_matches(stored: Option<&Validator>, facts: &ResponseFacts<'_>) -> bool {
    match stored {
        Some(Validator::ETag(stored_tag)) => facts
            .etag
            .is_none_or(|etag| etag.trim() == stored_tag.as_str()),
        Some(Validator::LastModified(stored_date)) => facts
            .last_modified
            .is_none_or(|date| date.trim() == stored_date.as_str()),
        // Not a validator an HTTP response can confirm.
        Some(Validator::SizeAndModified { .. }) => false,
        None => true,
    }
}

/// The parts of a response the resume decision looks at.
pub(crate) fn response_facts(status_code: u16, headers: &HeaderMap) -> ResponseFacts<'_> {
    ResponseFacts {
        status_code,
        content_range: header_text(headers, header::CONTENT_RANGE),
        content_type: header_text(headers, header::CONTENT_TYPE),
        etag: header_text(headers, header::ETAG),
        last_modified: header_text(headers, header::LAST_MODIFIED),
        content_length: header_text(headers, header::CONTENT_LENGTH)
            .and_then(|length| length.trim().parse().ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn etag(tag: &str) -> Validator {
        Validator::ETag(tag.to_owned())
    }

    #[test]
    fn exact_continuation_is_appended() {
        let validator = etag("\"v1\"");
        let ask = RangeAsk {
            range_start: Some(100),
            validator: Some(&validator),
            expected_total: Some(1000),
        };
        let facts = ResponseFacts {
            status_code: 206,
            content_range: Some("bytes 100-999/1000"),
            etag: Some("\"v1\""),
            ..Default::default()
        };
        assert_eq!(judge(&ask, &facts), Verdict::Append { total: 1000 });
    }

    // A 206 that starts at 0 when asked for a later range must never be spliced.
    #[test]
    fn partial_from_zero_is_rejected() {
        let validator = etag("\"v1\"");
        let ask = RangeAsk {
            range_start: Some(100),
            validator: Some(&validator),
            expected_total: Some(1000),
        };
        let facts = ResponseFacts {
            status_code: 206,
            content_range: Some("bytes 0-999/1000"),
            ..Default::default()
        };
        assert!(matches!(judge(&ask, &facts), Verdict::Reject(_)));
    }

    #[test]
    fn changed_etag_on_206_is_rejected() {
        let validator = etag("\"v1\"");
        let ask = RangeAsk {
            range_start: Some(100),
            validator: Some(&validator),
            expected_total: Some(1000),
        };
        let facts = ResponseFacts {
            status_code: 206,
            content_range: Some("bytes 100-999/1000"),
            etag: Some("\"v2\""),
            ..Default::default()
        };
        assert!(matches!(judge(&ask, &facts), Verdict::Changed(_)));
    }

    #[test]
    fn full_body_to_a_range_request_starts_over() {
        let ask = RangeAsk {
            range_start: Some(100),
            validator: None,
            expected_total: None,
        };
        let facts = ResponseFacts {
            status_code: 200,
            ..Default::default()
        };
        assert_eq!(judge(&ask, &facts), Verdict::StartOver);
    }

    // A resume answered 200 with the same strong ETag and the missing half
    // as the body (and a Content-Range of it) used to publish the half.
    #[test]
    fn a_whole_body_shorter_than_its_own_version_is_a_broken_server() {
        let validator = etag("\"v1\"");
        let ask = RangeAsk {
            range_start: Some(500),
            validator: Some(&validator),
            expected_total: Some(1000),
        };
        let half = ResponseFacts {
            status_code: 200,
            content_range: Some("bytes 500-999/1000"),
            etag: Some("\"v1\""),
            content_length: Some(500),
            ..Default::default()
        };
        assert!(matches!(judge(&ask, &half), Verdict::Broken(_)));
        // The whole of the same version, or another version: start over.
        let whole = ResponseFacts {
            content_length: Some(1000),
            content_range: None,
            ..half
        };
        assert_eq!(judge(&ask, &whole), Verdict::StartOver);
        let other_version = ResponseFacts {
            etag: Some("\"v2\""),
            ..half
        };
        assert_eq!(judge(&ask, &other_version), Verdict::StartOver);
    }

    proptest! {
        // Whatever the server says, bytes are appended only when the response
        // is exactly the rest of the same version of the file.
        #[test]
        fn append_only_for_the_exact_continuation(
            offset in 0_u64..2000,
            ranged in any::<bool>(),
            expected_total in proptest::option::of(1_u64..2000),
            status_code in prop_oneof![Just(200_u16), Just(206), Just(204), Just(203)],
            first in 0_u64..2000,
            last in 0_u64..2000,
            total in 0_u64..2000,
            star_total in any::<bool>(),
            same_tag in any::<bool>(),
        ) {
            let validator = etag("\"v1\"");
            let content_range = if star_total {
                format!("bytes {first}-{last}/*")
            } else {
                format!("bytes {first}-{last}/{total}")
            };
            let response_tag = if same_tag { "\"v1\"" } else { "\"v2\"" };
            let range_start = (ranged || offset > 0).then_some(offset);
            let ask = RangeAsk { range_start, validator: Some(&validator), expected_total };
            let facts = ResponseFacts {
                status_code,
                content_range: Some(&content_range),
                etag: Some(response_tag),
                ..Default::default()
            };
            match judge(&ask, &facts) {
                Verdict::Append { total: appended_total } => {
                    prop_assert!(range_start.is_some());
                    prop_assert_eq!(status_code, 206);
                    prop_assert!(!star_total);
                    prop_assert_eq!(first, offset);
                    prop_assert_eq!(last + 1, total);
                    prop_assert_eq!(appended_total, total);
                    prop_assert!(expected_total.is_none_or(|expected| expected == total));
                    prop_assert!(same_tag);
                }
                Verdict::StartOver => prop_assert!(range_start.is_some() && status_code == 200),
                Verdict::Fresh => prop_assert!(range_start.is_none() && status_code != 206),
                Verdict::Changed(_) => prop_assert!(
                    !same_tag || expected_total.is_some_and(|expected| expected != total)
                ),
                Verdict::Reject(_) | Verdict::Broken(_) => {}
            }
        }
    }
}
