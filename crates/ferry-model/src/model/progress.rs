//! Progress and response information, as Windows'
//! `BackgroundDownloadProgress` and `ResponseInformation` report them.

use serde::{Deserialize, Serialize};
use url::Url;

use super::is_default;

/// Cuts `text` to at most `max_bytes` bytes on a character boundary, ending
/// in "…" when it was cut.
fn cut_to(text: &mut String, max_bytes: usize) {
    if text.len() <= max_bytes {
        return;
    }
    let mut end = max_bytes.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
}

/// How far a transfer got. Byte counts are what arrived; what is durable on
/// disk is [`crate::model::Transfer::ranges`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Bytes of the body received so far (downloads).
    pub bytes_received: u64,
    /// Size of the body, when the server said it.
    pub total_bytes_to_receive: Option<u64>,
    /// Bytes sent so far (uploads).
    #[serde(skip_serializing_if = "is_default")]
    pub bytes_sent: u64,
    /// Size of what is sent (uploads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_bytes_to_send: Option<u64>,
    /// True in the first report after the server refused to resume and the
    /// transfer started over from zero.
    #[serde(skip_serializing_if = "is_default")]
    pub has_restarted: bool,
    /// True in the first report after a new response replaced the last one.
    #[serde(skip_serializing_if = "is_default")]
    pub has_response_changed: bool,
}

/// What the server answered, after redirects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseInfo {
    /// The URL that finally answered.
    pub actual_url: Url,
    /// Its HTTP status code.
    pub status_code: u16,
    /// Its headers, in order, values lossily decoded.
    pub headers: Vec<(String, String)>,
    /// True when the server offered byte ranges and a strong validator, so
    /// an interrupted transfer can continue instead of starting over.
    pub is_resumable: bool,
    /// The answer to an upload, when it is short text (a URL the server
    /// made, a message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text: Option<String>,
    /// Headers not kept: the record stays within
    /// [`MAX_RESPONSE_RECORD_BYTES`] whatever the server sent.
    #[serde(default, skip_serializing_if = "is_default")]
    pub headers_left_out: usize,
}

/// The most bytes of one header (name and value) a response record keeps;
/// a longer value is cut, ending in "…".
pub const MAX_HEADER_BYTES: usize = 1024;
/// The most bytes of headers a response record keeps in all; state.ron,
/// the window and the service's messages carry this record for every
/// transfer, so a server cannot make them large.
pub const MAX_RESPONSE_RECORD_BYTES: usize = 16 * 1024;
/// The most bytes of an upload's answer kept as text.
pub const MAX_BODY_TEXT_BYTES: usize = 4096;

impl ResponseInfo {
    /// Keeps the record within its bounds: each header cut to
    /// [`MAX_HEADER_BYTES`], the headers past [`MAX_RESPONSE_RECORD_BYTES`]
    /// left out (and counted), a long answer text cut.
    pub fn bounded(mut self) -> Self {
        let mut kept_bytes = 0;
        let mut kept = Vec::with_capacity(self.headers.len());
        for (mut name, mut value) in std::mem::take(&mut self.headers) {
            cut_to(&mut name, MAX_HEADER_BYTES / 4);
            cut_to(&mut value, MAX_HEADER_BYTES - name.len());
            if kept_bytes + name.len() + value.len() > MAX_RESPONSE_RECORD_BYTES {
                self.headers_left_out += 1;
                continue;
            }
            kept_bytes += name.len() + value.len();
            kept.push((name, value));
        }
        self.headers = kept;
        if let Some(text) = &mut self.body_text {
            cut_to(text, MAX_BODY_TEXT_BYTES);
        }
        self
    }

    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header_name, _)| header_name.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}
