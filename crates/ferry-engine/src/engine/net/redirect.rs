//! Redirects, followed by hand so credentials stay with their origin:
//! only to http/https, never from https to http, at most
//! [`MAX_REDIRECTS`] hops.

use url::Url;

/// Most redirects followed for one request.
pub const MAX_REDIRECTS: u32 = 20;

/// Why a redirect was not followed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RedirectError {
    #[error("too many redirects (more than {MAX_REDIRECTS}), last at {0}")]
    TooMany(Url),
    #[error("redirect without a usable Location header from {0}")]
    MissingLocation(Url),
    #[error("refused a redirect to a {scheme:?} URL: {url}")]
    UnsupportedScheme { scheme: String, url: Url },
    #[error("refused a redirect from https to plain http: {0}")]
    Downgrade(Url),
}

/// True for statuses that redirect.
pub fn is_redirect(status_code: u16) -> bool {
    matches!(status_code, 301 | 302 | 303 | 307 | 308)
}

/// The URL of the next hop, checked.
pub fn next_hop(
    current: &Url,
    location: Option<&str>,
    hops_so_far: u32,
) -> Result<Url, RedirectError> {
    if hops_so_far >= MAX_REDIRECTS {
        return Err(RedirectError::TooMany(current.clone()));
    }
    let location = location.ok_or_else(|| RedirectError::MissingLocation(current.clone()))?;
    let next = current
        .join(location.trim())
        .map_err(|_| RedirectError::MissingLocation(current.clone()))?;
    checked_move(current, next)
}

/// `next`, when a request may move there from `current` (a redirect, a
/// resumable upload's address): http or https, never from https to http.
pub fn checked_move(current: &Url, next: Url) -> Result<Url, RedirectError> {
    if crate::engine::protocol::Protocol::of(&next).is_none() {
        return Err(RedirectError::UnsupportedScheme {
            scheme: next.scheme().to_owned(),
            url: next,
        });
    }
    if current.scheme() == "https" && next.scheme() == "http" {
        return Err(RedirectError::Downgrade(next));
    }
    Ok(next)
}

/// Same scheme, host and port: the origin credentials belong to.
pub fn is_same_origin(first: &Url, second: &Url) -> bool {
    first.origin() == second.origin()
}

/// User headers that carry nothing private and may follow a redirect to
/// another origin. Every other user header stays with the original origin.
pub fn may_cross_origin(header_name: &str) -> bool {
    ["user-agent", "accept", "accept-language"]
        .iter()
        .any(|allowed| header_name.eq_ignore_ascii_case(allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn https_to_http_is_refused() {
        let result = next_hop(&url("https://127.0.0.1/a"), Some("http://127.0.0.1/b"), 0);
        assert!(matches!(result, Err(RedirectError::Downgrade(_))));
    }

    #[test]
    fn other_schemes_are_refused() {
        for location in ["file:///etc/passwd", "javascript:alert(1)", "data:,x"] {
            let result = next_hop(&url("http://127.0.0.1/a"), Some(location), 0);
            assert!(
                matches!(result, Err(RedirectError::UnsupportedScheme { .. })),
                "{location}"
            );
        }
    }

    #[test]
    fn relative_locations_resolve_and_hops_are_bounded() {
        let next = next_hop(&url("http://127.0.0.1:8/a/b"), Some("../c"), 3).expect("hop");
        assert_eq!(next.as_str(), "http://127.0.0.1:8/c");
        assert!(matches!(
            next_hop(&url("http://127.0.0.1/a"), Some("/b"), MAX_REDIRECTS),
            Err(RedirectError::TooMany(_))
        ));
    }

    #[test]
    fn origin_includes_port_and_scheme() {
        assert!(is_same_origin(
            &url("http://127.0.0.1:80/a"),
            &url("http://127.0.0.1/b")
        ));
        assert!(!is_same_origin(
            &url("http://127.0.0.1:81/a"),
            &url("http://127.0.0.1/b")
        ));
        assert!(!is_same_origin(
            &url("https://127.0.0.1/a"),
            &url("http://127.0.0.1/a")
        ));
    }
}
