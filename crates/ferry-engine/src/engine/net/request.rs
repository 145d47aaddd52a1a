//! One HTTP request of a download or an upload: built with the user's
//! headers and credentials (for the original origin only), sent with
//! redirects followed by hand, and its failures put into words that say
//! whether to retry.

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use parse_net::EntityTag;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::engine::EngineConfig;
use crate::model::{ResponseInfo, TransferError, TransferSpec, Validator};

use super::HttpClient;
use super::cookies::CookieJar;
use super::error_chain;
use super::redirect::{is_redirect, is_same_origin, may_cross_origin, next_hop};
use super::retry::parse_retry_after;

/// User headers ferry sets itself.
const HEADERS_OWNED_BY_FERRY: [&str; 3] = ["accept-encoding", "range", "if-range"];

/// A failed request or body: what went wrong, and whether trying again may
/// help.
#[derive(Debug)]
pub(crate) struct AttemptFailure {
    pub error: TransferError,
    pub is_retryable: bool,
    pub retry_after: Option<Duration>,
}

impl AttemptFailure {
    pub fn retryable(error: TransferError) -> Self {
        AttemptFailure {
            error,
            is_retryable: true,
            retry_after: None,
        }
    }

    pub fn fatal(error: TransferError) -> Self {
        AttemptFailure {
            error,
            is_retryable: false,
            retry_after: None,
        }
    }

    /// A bug in ferry: never retried.
    pub fn internal(what: impl Into<String>) -> Self {
        AttemptFailure::fatal(TransferError::Internal { what: what.into() })
    }
}

/// What one request is for: the whole file, or the rest of it from
/// `range_start` guarded by `validator` (sent as `If-Range`); or, to
/// refresh a copy, the whole file unless it is still the one these
/// validators name (`If-None-Match`, `If-Modified-Since`: a 304).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Ask<'a> {
    pub range_start: Option<u64>,
    pub validator: Option<&'a Validator>,
    pub if_none_match: Option<&'a str>,
    pub if_modified_since: Option<&'a str>,
}

/// What a request needs besides the ask.
pub(crate) struct Requester<'a> {
    pub client: &'a HttpClient,
    /// The transfer's jar: its cookies go with each hop they belong to,
    /// and each hop's `Set-Cookie` is kept.
    pub cookies: &'a CookieJar,
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
            let headers = self.headers(&url, ask)?;
            let sent = tokio::select! {
                () = self.cancel.cancelled() => return Ok(None),
                sent = tokio::time::timeout(self.config.response_timeout, self.client.http().get(url.clone()).headers(headers).send()) => sent,
            };
            let response = match sent {
                Err(_elapsed) => {
                    return Err(AttemptFailure::retryable(TransferError::NoResponse {
                        url: url.to_string(),
                        timeout_secs: self.config.response_timeout.as_secs(),
                    }));
                }
                Ok(result) => result.map_err(|error| request_failure(&error, &url, self.client))?,
            };
            self.cookies.take_from(&url, response.headers());
            let status_code = response.status().as_u16();
            if let Some(refusal) = proxy_refusal(self.client, &url, &response) {
                return Err(refusal);
            }
            if !is_redirect(status_code) {
                return Ok(Some((response, url)));
            }
            let location = header_text(response.headers(), header::LOCATION);
            url = next_hop(&url, location, hops).map_err(|error| {
                AttemptFailure::fatal(TransferError::Redirect {
                    reason: error.to_string(),
                })
            })?;
            hops += 1;
        }
    }

    /// The headers for one hop. User headers and credentials go only to
    /// the origin the user gave; a few harmless headers go everywhere.
    fn headers(&self, url: &Url, ask: Ask<'_>) -> Result<HeaderMap, AttemptFailure> {
        let mut headers = user_headers(self.spec, url, &HEADERS_OWNED_BY_FERRY)?;
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("identity"),
        );
        if let Some(range_start) = ask.range_start {
            let validator = ask
                .validator
                .and_then(Validator::as_if_range)
                .ok_or_else(|| AttemptFailure::internal("a range request without a validator"))?;
            let if_range = HeaderValue::from_str(validator).map_err(|_| {
                AttemptFailure::fatal(TransferError::InvalidHeader {
                    name: format!("If-Range: {validator}"),
                })
            })?;
            let range = HeaderValue::try_from(format!("bytes={range_start}-"))
                .map_err(|_| AttemptFailure::internal("a range that is not a header value"))?;
            headers.insert(header::RANGE, range);
            headers.insert(header::IF_RANGE, if_range);
        }
        for (name, value) in [
            (header::IF_NONE_MATCH, ask.if_none_match),
            (header::IF_MODIFIED_SINCE, ask.if_modified_since),
        ] {
            if let Some(value) = value.and_then(|value| HeaderValue::from_str(value).ok()) {
                headers.insert(name, value);
            }
        }
        add_cookies(&mut headers, self.cookies.header_for(url));
        Ok(headers)
    }
}

/// The user's headers and credentials for a request to `url`: all of them
/// on the origin the user gave, elsewhere only headers that may cross
/// origins and no credentials. Headers named in `owned_by_ferry` (set by
/// ferry itself) are left out. A header that is not valid HTTP (the input
/// checks refuse those; a hand-edited state file may hold one) fails the
/// request instead of being left out unsaid.
pub(crate) fn user_headers(
    spec: &TransferSpec,
    url: &Url,
    owned_by_ferry: &[&str],
) -> Result<HeaderMap, AttemptFailure> {
    let mut headers = HeaderMap::new();
    let is_original_origin = is_same_origin(url, &spec.url);
    for header_pair in &spec.request_headers {
        let is_owned = owned_by_ferry
            .iter()
            .any(|owned| header_pair.name.eq_ignore_ascii_case(owned));
        if is_owned || !(is_original_origin || may_cross_origin(&header_pair.name)) {
            continue;
        }
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(header_pair.name.as_bytes()),
            HeaderValue::from_str(&header_pair.value),
        ) else {
            return Err(AttemptFailure::fatal(TransferError::InvalidHeader {
                name: header_pair.name.clone(),
            }));
        };
        headers.append(name, value);
    }
    if is_original_origin && let Some(credentials) = &spec.credentials {
        let pair = format!("{}:{}", credentials.user_name, credentials.password);
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        // Base64 is always a valid header value.
        let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
            .map_err(|_| AttemptFailure::internal("credentials that are not a header value"))?;
        value.set_sensitive(true);
        headers.insert(header::AUTHORIZATION, value);
    }
    Ok(headers)
}

/// An upload's headers for `url`: [`user_headers`] and the cookies of
/// the transfer's jar that belong to `url`. (Uploads keep no
/// `Set-Cookie` yet.)
pub(crate) fn upload_headers(
    spec: &TransferSpec,
    cookies: &CookieJar,
    url: &Url,
    owned_by_ferry: &[&str],
) -> Result<HeaderMap, AttemptFailure> {
    let mut headers = user_headers(spec, url, owned_by_ferry)?;
    add_cookies(&mut headers, cookies.header_for(url));
    Ok(headers)
}

/// Adds the jar's `cookies` to `headers`, after a Cookie header the user
/// gave for this origin.
fn add_cookies(headers: &mut HeaderMap, cookies: Option<HeaderValue>) {
    let Some(cookies) = cookies else {
        return;
    };
    let cookie = match headers
        .get(header::COOKIE)
        .and_then(|given| given.to_str().ok())
    {
        Some(given) => {
            let joined = format!("{given}; {}", cookies.to_str().unwrap_or_default());
            let mut value = HeaderValue::from_str(&joined).unwrap_or(cookies);
            value.set_sensitive(true);
            value
        }
        None => cookies,
    };
    headers.insert(header::COOKIE, cookie);
}

/// A 407 to a request `client` sent through a proxy: only a proxy answers
/// it, so it is the one to name.
pub(crate) fn proxy_refusal(
    client: &HttpClient,
    url: &Url,
    response: &reqwest::Response,
) -> Option<AttemptFailure> {
    if response.status().as_u16() != 407 {
        return None;
    }
    let proxy = client.proxy_for(url)?;
    Some(AttemptFailure::fatal(proxy.asks_for_credentials()))
}

/// A request that got no response, in words, naming the proxy `client`
/// sent it through. TLS certificate problems are not retried: they do not
/// fix themselves, and verification stays on.
pub(crate) fn request_failure(
    error: &reqwest::Error,
    url: &Url,
    client: &HttpClient,
) -> AttemptFailure {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let cause = innermost.to_string();
    let host = url.host_str().unwrap_or_default().to_owned();
    let port = url.port_or_known_default().unwrap_or_default();
    if cause.contains("certificate") {
        return AttemptFailure::fatal(crate::engine::tls::certificate_refusal(&host, port, cause));
    }
    let words = error_chain(error);
    let is_about_proxy = words.contains("SOCKS") || words.to_ascii_lowercase().contains("proxy");
    match client.proxy_for(url) {
        Some(proxy) if words.contains("proxy authorization required") => {
            return AttemptFailure::fatal(proxy.asks_for_credentials());
        }
        // A SOCKS5 server that wants a login and was offered none says it
        // "does not support" going without; one that refused the login
        // given says "not accepted". Neither fixes itself.
        Some(proxy) if words.contains("SOCKS") && words.contains("authentication") => {
            return AttemptFailure::fatal(
                proxy.login_failure("asks for a user name and password (SOCKS5)"),
            );
        }
        Some(proxy) if words.contains("SOCKS") && words.contains("credentials not accepted") => {
            return AttemptFailure::fatal(
                proxy.login_failure("refused the user name and password it was given (SOCKS5)"),
            );
        }
        Some(proxy) if error.is_connect() || is_about_proxy => {
            // A SOCKS proxy that cannot be reached says it failed to
            // create its "underlying connection".
            let is_unreachable = (error.is_connect() && !is_about_proxy)
                || words.contains("failed to create underlying connection");
            let failure = if is_unreachable {
                proxy.unreachable(&cause)
            } else {
                proxy.did_not_carry(&words)
            };
            return AttemptFailure::retryable(failure);
        }
        _ if is_about_proxy => {
            return AttemptFailure::retryable(TransferError::Proxy {
                cause: format!(
                    "the proxy did not carry the request ({words}); check http_proxy, https_proxy and all_proxy"
                ),
            });
        }
        _ => {}
    }
    if error.is_connect() {
        return AttemptFailure::retryable(TransferError::Connect { host, port, cause });
    }
    AttemptFailure::retryable(TransferError::Network { cause: words })
}

pub(crate) fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The validator to keep with the bytes of this response: a strong ETag,
/// else a valid Last-Modified date. Weak ETags cannot guard byte ranges.
pub(crate) fn validator_of(etag: Option<&str>, last_modified: Option<&str>) -> Option<Validator> {
    if let Some(etag) = etag
        && let Ok(tag) = EntityTag::parse(etag.as_bytes())
        && !tag.is_weak()
    {
        return Some(Validator::ETag(etag.trim().to_owned()));
    }
    let last_modified = last_modified?.trim();
    httpdate::parse_http_date(last_modified).ok()?;
    Some(Validator::LastModified(last_modified.to_owned()))
}

pub(crate) fn response_info(
    final_url: &Url,
    status_code: u16,
    headers: &HeaderMap,
) -> ResponseInfo {
    let header_list: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| {
            // A cookie the server sets is a secret: the record that
            // state.ron, the window and `list --json` show keeps its name
            // only.
            if name == header::SET_COOKIE {
                return (name.as_str().to_owned(), "(a cookie, not kept)".to_owned());
            }
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
        body_text: None,
        headers_left_out: 0,
    }
    .bounded()
}

/// A GET of `url` that belongs to no transfer (a prefetched copy, a
/// checksum file): no user headers, credentials or cookies; redirects
/// followed and checked as downloads do. `None` when cancelled.
pub(crate) async fn send_plain(
    client: &HttpClient,
    config: &EngineConfig,
    cancel: &CancellationToken,
    url: &Url,
    ask: Ask<'_>,
) -> Result<Option<reqwest::Response>, AttemptFailure> {
    // A spec of the URL alone: the requester's rules, nothing of a user's.
    let spec = TransferSpec::download(
        url.clone(),
        crate::model::Destination::Folder(std::path::PathBuf::from("/")),
    );
    let cookies = CookieJar::of(&spec);
    let requester = Requester {
        client,
        cookies: &cookies,
        spec: &spec,
        config,
        cancel,
    };
    Ok(requester.send(ask).await?.map(|(response, _)| response))
}

/// Why a short body could not be read as text.
#[derive(Debug)]
pub(crate) enum ShortTextError {
    /// The connection broke or no byte came for the stall timeout.
    Broken(String),
    /// It is larger than asked.
    TooLarge,
    NotUtf8,
}

/// `response`'s body as text, at most `limit` bytes, each chunk within
/// `stall`. `None` when cancelled.
pub(crate) async fn read_short_text(
    response: reqwest::Response,
    limit: usize,
    stall: Duration,
    cancel: &CancellationToken,
) -> Option<Result<String, ShortTextError>> {
    use futures_util::StreamExt;
    let mut body = response.bytes_stream();
    let mut bytes = Vec::new();
    loop {
        let chunk = tokio::select! {
            () = cancel.cancelled() => return None,
            chunk = tokio::time::timeout(stall, body.next()) => chunk,
        };
        match chunk {
            Err(_) => {
                let words = format!("no data for {} s", stall.as_secs());
                return Some(Err(ShortTextError::Broken(words)));
            }
            Ok(Some(Err(error))) => return Some(Err(ShortTextError::Broken(error.to_string()))),
            Ok(None) => break,
            Ok(Some(Ok(chunk))) => bytes.extend_from_slice(&chunk),
        }
        if bytes.len() > limit {
            return Some(Err(ShortTextError::TooLarge));
        }
    }
    Some(String::from_utf8(bytes).map_err(|_| ShortTextError::NotUtf8))
}

/// A non-2xx answer, retryable for 408, 429 and 5xx.
pub(crate) fn status_failure(status_code: u16, headers: &HeaderMap) -> AttemptFailure {
    let is_retryable = matches!(status_code, 408 | 429) || (500..600).contains(&status_code);
    AttemptFailure {
        error: TransferError::Http {
            status: status_code,
        },
        is_retryable,
        retry_after: header_text(headers, header::RETRY_AFTER)
            .and_then(|value| parse_retry_after(value, SystemTime::now())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Credentials, Destination, HeaderPair};

    fn spec_with(headers: &[(&str, &str)]) -> TransferSpec {
        let mut spec = TransferSpec::download(
            Url::parse("http://127.0.0.1/file").expect("url"),
            Destination::Folder("/tmp".into()),
        );
        spec.request_headers = headers
            .iter()
            .map(|(name, value)| HeaderPair {
                name: (*name).to_owned(),
                value: (*value).to_owned(),
            })
            .collect();
        spec
    }

    #[test]
    fn user_headers_and_credentials_go_to_the_given_origin_only() {
        let mut spec = spec_with(&[("X-Token", "abc"), ("Accept-Language", "de")]);
        spec.credentials = Some(Credentials {
            user_name: "user".to_owned(),
            password: "pass".to_owned(),
        });
        let here = user_headers(&spec, &spec.url, &[]).expect("headers");
        assert_eq!(here["x-token"], "abc");
        assert_eq!(here["authorization"], "Basic dXNlcjpwYXNz");
        assert!(here["authorization"].is_sensitive());
        let elsewhere = Url::parse("http://other.example/file").expect("url");
        let there = user_headers(&spec, &elsewhere, &[]).expect("headers");
        assert_eq!(there.get("x-token"), None);
        assert_eq!(there.get("authorization"), None);
        assert_eq!(there["accept-language"], "de");
    }

    /// A state file edited by hand may hold a header the input checks
    /// would refuse: the request fails, naming it, rather than go without it.
    #[test]
    fn a_header_that_is_not_valid_http_fails_the_request() {
        for (name, value) in [("Bad Name", "x"), ("X-Ok", "line\nbreak")] {
            let spec = spec_with(&[(name, value)]);
            let failure = user_headers(&spec, &spec.url, &[]).expect_err("refused");
            assert!(!failure.is_retryable);
            assert_eq!(
                failure.error,
                TransferError::InvalidHeader {
                    name: name.to_owned()
                }
            );
        }
    }

    #[test]
    fn weak_etags_are_not_validators() {
        assert_eq!(validator_of(Some("W/\"x\""), None), None);
        assert_eq!(
            validator_of(Some("\"x\""), None),
            Some(Validator::ETag("\"x\"".to_owned()))
        );
        assert_eq!(
            validator_of(Some("W/\"x\""), Some("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Validator::LastModified(
                "Sun, 06 Nov 1994 08:49:37 GMT".to_owned()
            ))
        );
        assert_eq!(validator_of(None, Some("yesterday")), None);
    }
}
