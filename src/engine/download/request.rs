//! One HTTP request of a download: built with the user's headers and
//! credentials (for the original origin only), sent with redirects followed
//! by hand, and its failures put into words that say whether to retry.

use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap};
use tokio_util::sync::CancellationToken;
use url::Url;

use super::error_chain;
use super::redirect::{is_redirect, is_same_origin, may_cross_origin, next_hop};
use super::resume::{ResponseFacts, validator_of};
use super::retry::parse_retry_after;
use crate::engine::EngineConfig;
use crate::model::{ResponseInfo, TransferSpec, Validator};

/// User headers ferry sets itself.
const HEADERS_OWNED_BY_FERRY: [&str; 3] = ["accept-encoding", "range", "if-range"];

/// A failed request or body: what went wrong in words, and whether trying
/// again may help.
#[derive(Debug)]
pub(crate) struct AttemptFailure {
    pub message: String,
    pub is_retryable: bool,
    pub retry_after: Option<Duration>,
}

impl AttemptFailure {
    pub fn retryable(message: impl Into<String>) -> Self {
        AttemptFailure {
            message: message.into(),
            is_retryable: true,
            retry_after: None,
        }
    }

    pub fn fatal(message: impl Into<String>) -> Self {
        AttemptFailure {
            message: message.into(),
            is_retryable: false,
            retry_after: None,
        }
    }
}

/// What one request is for: the whole file, or the rest of it from
/// `range_start` guarded by `validator` (sent as `If-Range`).
#[derive(Clone, Copy, Debug)]
pub(super) struct Ask<'a> {
    pub range_start: Option<u64>,
    pub validator: Option<&'a Validator>,
}

/// What a request needs besides the ask.
pub(super) struct Requester<'a> {
    pub client: &'a reqwest::Client,
    pub spec: &'a TransferSpec,
    pub config: &'a EngineConfig,
    pub cancel: &'a CancellationToken,
}

impl Requester<'_> {
    /// Sends the request, following redirects. `None` when cancelled.
    pub async fn send(
        &self,
        ask: Ask<'_>,
    ) -> Result<Option<(reqwest::Response, Url)>, AttemptFailure> {
        let mut url = self.spec.url.clone();
        let mut hops = 0;
        loop {
            let request = self.build(&url, ask)?;
            let sent = tokio::select! {
                () = self.cancel.cancelled() => return Ok(None),
                sent = tokio::time::timeout(self.config.response_timeout, request.send()) => sent,
            };
            let response = match sent {
                Err(_elapsed) => {
                    return Err(AttemptFailure::retryable(format!(
                        "no response within {} s from {url}",
                        self.config.response_timeout.as_secs()
                    )));
                }
                Ok(Err(error)) => return Err(request_failure(&error, &url)),
                Ok(Ok(response)) => response,
            };
            let status_code = response.status().as_u16();
            if !is_redirect(status_code) {
                return Ok(Some((response, url)));
            }
            let location = header_text(response.headers(), header::LOCATION);
            url = next_hop(&url, location, hops)
                .map_err(|error| AttemptFailure::fatal(error.to_string()))?;
            hops += 1;
        }
    }

    /// The request for one hop. User headers and credentials go only to the
    /// origin the user gave; a few harmless headers go everywhere.
    fn build(&self, url: &Url, ask: Ask<'_>) -> Result<reqwest::RequestBuilder, AttemptFailure> {
        let request = self
            .client
            .get(url.clone())
            .header(header::ACCEPT_ENCODING, "identity");
        let mut request = with_user_headers(request, self.spec, url, &HEADERS_OWNED_BY_FERRY);
        if let Some(range_start) = ask.range_start {
            let validator = ask.validator.ok_or_else(|| {
                AttemptFailure::fatal("internal error: a range request without a validator")
            })?;
            request = request
                .header(header::RANGE, format!("bytes={range_start}-"))
                .header(header::IF_RANGE, validator.as_if_range());
        }
        Ok(request)
    }
}

/// `request` to `url` with the user's headers and credentials: all of them
/// on the origin the user gave, elsewhere only headers that may cross
/// origins and no credentials. Headers named in `owned_by_ferry` (set by
/// ferry itself) are left out.
pub(crate) fn with_user_headers(
    mut request: reqwest::RequestBuilder,
    spec: &TransferSpec,
    url: &Url,
    owned_by_ferry: &[&str],
) -> reqwest::RequestBuilder {
    let is_original_origin = is_same_origin(url, &spec.url);
    for header_pair in &spec.request_headers {
        let is_owned = owned_by_ferry
            .iter()
            .any(|owned| header_pair.name.eq_ignore_ascii_case(owned));
        if is_owned || !(is_original_origin || may_cross_origin(&header_pair.name)) {
            continue;
        }
        request = request.header(header_pair.name.as_str(), header_pair.value.as_str());
    }
    if is_original_origin && let Some(credentials) = &spec.credentials {
        request = request.basic_auth(&credentials.user_name, Some(&credentials.password));
    }
    request
}

/// A request that got no response, in words. TLS certificate problems are
/// not retried: they do not fix themselves, and verification stays on.
pub(crate) fn request_failure(error: &reqwest::Error, url: &Url) -> AttemptFailure {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let cause = innermost.to_string();
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or_default();
    if cause.contains("certificate") {
        return AttemptFailure::fatal(format!(
            "the TLS certificate of {host}:{port} is not trusted ({cause}); \
             ferry always verifies certificates (a private CA can be added with SSL_CERT_FILE)"
        ));
    }
    if error.is_connect() {
        return AttemptFailure::retryable(format!("cannot connect to {host}:{port}: {cause}"));
    }
    AttemptFailure::retryable(error_chain(error))
}

pub(crate) fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The parts of a response the resume decision looks at.
pub(super) fn response_facts(status_code: u16, headers: &HeaderMap) -> ResponseFacts<'_> {
    ResponseFacts {
        status_code,
        content_range: header_text(headers, header::CONTENT_RANGE),
        content_type: header_text(headers, header::CONTENT_TYPE),
        etag: header_text(headers, header::ETAG),
        last_modified: header_text(headers, header::LAST_MODIFIED),
    }
}

pub(crate) fn response_info(
    final_url: &Url,
    status_code: u16,
    headers: &HeaderMap,
) -> ResponseInfo {
    let header_list: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                // Checked as UTF-8 a word at a time: nearly every value is.
                std::str::from_utf8(value.as_bytes()).map_or_else(
                    |_| String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    str::to_owned,
                ),
            )
        })
        .collect();
    let accepts_ranges = status_code == 206
        || header_text(headers, header::ACCEPT_RANGES)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("bytes"));
    let has_validator = validator_of(
        header_text(headers, header::ETAG),
        header_text(headers, header::LAST_MODIFIED),
    )
    .is_some();
    ResponseInfo {
        actual_url: final_url.clone(),
        status_code,
        headers: header_list,
        is_resumable: accepts_ranges && has_validator,
    }
}

/// A non-2xx answer in words, retryable for 408, 429 and 5xx.
pub(crate) fn status_failure(status_code: u16, headers: &HeaderMap) -> AttemptFailure {
    let reason = reqwest::StatusCode::from_u16(status_code)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("");
    let advice = match status_code {
        401 | 407 => "; give credentials (--user) or a header (-H)",
        403 => "; the link may have expired: set a new URL (ferry set-url)",
        404 | 410 => "; check the URL",
        _ => "",
    };
    let message = format!("the server answered {status_code} {reason}{advice}");
    let is_retryable = matches!(status_code, 408 | 429) || (500..600).contains(&status_code);
    AttemptFailure {
        message,
        is_retryable,
        retry_after: header_text(headers, header::RETRY_AFTER)
            .and_then(|value| parse_retry_after(value, SystemTime::now())),
    }
}
