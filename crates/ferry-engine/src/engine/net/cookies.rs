//! A transfer's cookie jar (RFC 6265, the `cookie_store` crate): the
//! cookies given with it and those its servers set on the way (a login
//! redirect), sent on every hop and every connection of that transfer
//! only to the hosts and paths they belong to. One jar per task; the
//! cookies given are kept (in the keyring) with the transfer, those set
//! by servers live as long as the task.

use std::sync::{Arc, Mutex};

use cookie_store::{CookieStore, RawCookie};
use reqwest::header::{self, HeaderMap, HeaderValue};
use url::Url;

use crate::model::{GivenCookie, TransferSpec};

/// The jar the connections of one transfer share.
#[derive(Clone, Default)]
pub(crate) struct CookieJar(Arc<Mutex<CookieStore>>);

impl CookieJar {
    /// A jar holding the cookies given with `spec`.
    pub fn of(spec: &TransferSpec) -> CookieJar {
        let mut store = CookieStore::new();
        for given in &spec.cookies {
            put_given(&mut store, given);
        }
        CookieJar(Arc::new(Mutex::new(store)))
    }

    fn store(&self) -> std::sync::MutexGuard<'_, CookieStore> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The `Cookie` header for a request to `url`, if any cookie belongs.
    pub fn header_for(&self, url: &Url) -> Option<HeaderValue> {
        let store = self.store();
        let pairs: Vec<String> = store
            .get_request_values(url)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if pairs.is_empty() {
            return None;
        }
        let mut value = HeaderValue::from_str(&pairs.join("; ")).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// Keeps what a response from `url` set (`Set-Cookie`).
    pub fn take_from(&self, url: &Url, headers: &HeaderMap) {
        let mut store = self.store();
        for value in headers.get_all(header::SET_COOKIE) {
            if let Ok(text) = value.to_str() {
                // A cookie for another site, or malformed, is dropped.
                let _ = store.parse(text, url);
            }
        }
    }
}

/// The cookies of a cookies.txt (Netscape's format: tab-separated domain,
/// include-subdomains, path, secure, expiry, name, value; `#HttpOnly_`
/// before a domain; other `#` lines are comments). A line that is not one
/// is an error naming it.
pub fn parse_cookies_txt(text: &str) -> Result<Vec<GivenCookie>, String> {
    let mut cookies = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let line = line.strip_prefix("#HttpOnly_").unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let flag = |text: &str| match text {
            "TRUE" => Ok(true),
            "FALSE" => Ok(false),
            _ => Err(format!("line {}: {text:?} is not TRUE or FALSE", index + 1)),
        };
        let [
            domain,
            include_subdomains,
            path,
            secure,
            expires,
            name,
            rest @ ..,
        ] = fields.as_slice()
        else {
            return Err(format!(
                "line {}: a cookie line has 7 fields separated by tabs",
                index + 1
            ));
        };
        let expires: i64 = expires
            .trim()
            .parse()
            .map_err(|_| format!("line {}: {expires:?} is not an expiry time", index + 1))?;
        cookies.push(GivenCookie {
            domain: (*domain).to_owned(),
            include_subdomains: flag(include_subdomains)?,
            path: (*path).to_owned(),
            secure: flag(secure)?,
            expires_unix_secs: (expires > 0).then_some(expires),
            name: (*name).to_owned(),
            value: rest.join("\t"),
        });
    }
    Ok(cookies)
}

/// Puts one given cookie into `store`, as set by its own host.
fn put_given(store: &mut CookieStore, given: &GivenCookie) {
    let host = given.domain.trim_start_matches('.');
    let scheme = if given.secure { "https" } else { "http" };
    let path = if given.path.starts_with('/') {
        given.path.as_str()
    } else {
        "/"
    };
    let Ok(origin) = Url::parse(&format!("{scheme}://{host}{path}")) else {
        return;
    };
    let mut cookie = RawCookie::new(given.name.clone(), given.value.clone());
    cookie.set_path(path.to_owned());
    cookie.set_secure(given.secure);
    // Without a Domain attribute a cookie is its host's alone.
    if given.include_subdomains {
        cookie.set_domain(host.to_owned());
    }
    if let Some(expires) = given.expires_unix_secs.filter(|secs| *secs > 0)
        && let Ok(when) = cookie::time::OffsetDateTime::from_unix_timestamp(expires)
    {
        cookie.set_expires(when);
    }
    let _ = store.insert_raw(&cookie, &origin);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Destination;

    fn given(domain: &str, include_subdomains: bool, path: &str, name: &str) -> GivenCookie {
        GivenCookie {
            domain: domain.to_owned(),
            include_subdomains,
            path: path.to_owned(),
            secure: false,
            expires_unix_secs: None,
            name: name.to_owned(),
            value: format!("{name}-value"),
        }
    }

    fn url(text: &str) -> Url {
        Url::parse(text).expect("url")
    }

    #[test]
    fn given_cookies_go_to_their_hosts_and_paths_only() {
        let mut spec =
            TransferSpec::download(url("http://a.test/f"), Destination::Folder("/tmp".into()));
        spec.cookies = vec![
            given("a.test", false, "/", "host_only"),
            given(".b.test", true, "/", "site_wide"),
            given("a.test", false, "/private", "deep"),
        ];
        let jar = CookieJar::of(&spec);
        let header = |text: &str| {
            jar.header_for(&url(text))
                .map(|value| value.to_str().expect("text").to_owned())
        };
        assert_eq!(
            header("http://a.test/f").as_deref(),
            Some("host_only=host_only-value")
        );
        assert_eq!(header("http://sub.a.test/f"), None);
        assert_eq!(
            header("http://x.b.test/f").as_deref(),
            Some("site_wide=site_wide-value")
        );
        let deep = header("http://a.test/private/f").expect("cookies");
        assert!(
            deep.contains("deep=deep-value") && deep.contains("host_only="),
            "{deep}"
        );
        assert_eq!(header("http://c.test/f"), None);
    }

    #[test]
    fn a_cookies_txt_reads_as_browsers_write_it() {
        let cookies = parse_cookies_txt(
            "# Netscape HTTP Cookie File\n\n\
             .example.test\tTRUE\t/\tTRUE\t0\tsid\tabc\n\
             #HttpOnly_host.test\tFALSE\t/dl\tFALSE\t1999999999\ttoken\tx=y\n",
        )
        .expect("parse");
        assert_eq!(cookies.len(), 2);
        assert!(cookies[0].include_subdomains && cookies[0].secure);
        assert_eq!(cookies[0].expires_unix_secs, None);
        assert_eq!(
            (
                cookies[1].domain.as_str(),
                cookies[1].path.as_str(),
                cookies[1].value.as_str()
            ),
            ("host.test", "/dl", "x=y")
        );
        let error = parse_cookies_txt("ok.test\tMAYBE\t/\tFALSE\t0\ta\tb").expect_err("bad");
        assert!(error.contains("line 1"), "{error}");
        assert!(parse_cookies_txt("just words").is_err());
    }

    #[test]
    fn a_cookie_set_on_the_way_is_sent_after() {
        let spec =
            TransferSpec::download(url("http://a.test/f"), Destination::Folder("/tmp".into()));
        let jar = CookieJar::of(&spec);
        let mut headers = HeaderMap::new();
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("session=abc; Path=/"),
        );
        headers.append(
            header::SET_COOKIE,
            HeaderValue::from_static("stolen=1; Domain=other.test"),
        );
        jar.take_from(&url("http://a.test/login"), &headers);
        let sent = jar.header_for(&url("http://a.test/file")).expect("cookie");
        assert_eq!(sent.to_str().expect("text"), "session=abc");
        assert!(jar.header_for(&url("http://other.test/")).is_none());
    }
}
