//! Progress and response information, as Windows'
//! `BackgroundDownloadProgress` and `ResponseInformation` report them.

use serde::{Deserialize, Serialize};
use url::Url;

use super::is_default;

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
}

impl ResponseInfo {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header_name, _)| header_name.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}
