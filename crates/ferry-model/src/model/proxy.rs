//! Which proxy carries requests: the environment's variables (as curl
//! reads them), none, or one the user named (Settings › Network for every
//! transfer, `--proxy` for one), with the hosts reached directly. A
//! proxy's user name and password are secret: they travel beside the
//! choice (the keyring keeps them), never inside it, so state.ron and the
//! settings the window shows hold none.

use serde::{Deserialize, Serialize};
use url::Url;

use super::Credentials;

/// How requests reach the network.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProxyChoice {
    /// `http_proxy`, `https_proxy`, `all_proxy` and `no_proxy` of the
    /// service's environment.
    #[default]
    FromEnvironment,
    /// No proxy, whatever the environment says.
    Direct,
    /// One proxy for every request, but for the hosts it lists.
    Manual(ManualProxy),
}

/// A proxy the user named.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ManualProxy {
    /// `http://`, `https://`, `socks5://` or `socks5h://`, a host and a
    /// port; never user info.
    pub url: Url,
    /// Hosts reached without the proxy, as `no_proxy` writes them:
    /// `localhost,.lan,192.168.0.0/16`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub no_proxy: String,
}

/// The schemes a proxy URL may have.
pub const PROXY_SCHEMES: [&str; 4] = ["http", "https", "socks5", "socks5h"];

/// A proxy URL ferry cannot use, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ProxyUrlError(String);

impl ManualProxy {
    /// A proxy as a person writes it: a URL, or `host:port` for an HTTP
    /// proxy (as curl reads it). Its user info is taken out and returned
    /// apart: a password never stays in the choice. A user name without
    /// a password gives credentials with an empty password, for the
    /// caller to ask.
    pub fn parse(
        text: &str,
        no_proxy: &str,
    ) -> Result<(ManualProxy, Option<Credentials>), ProxyUrlError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ProxyUrlError(
                "give the proxy's address, as http://HOST:PORT or socks5h://HOST:PORT".to_owned(),
            ));
        }
        let with_scheme = if text.contains("://") {
            text.to_owned()
        } else {
            format!("http://{text}")
        };
        let mut url = Url::parse(&with_scheme)
            .map_err(|error| ProxyUrlError(format!("the proxy {text:?} is not a URL: {error}")))?;
        if !PROXY_SCHEMES.contains(&url.scheme()) {
            return Err(ProxyUrlError(format!(
                "the proxy {}://{} has a scheme ferry cannot use; use http, https, socks5 or socks5h",
                url.scheme(),
                url.host_str().unwrap_or_default()
            )));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ProxyUrlError(format!("the proxy {text:?} names no host")));
        }
        let credentials = super::take_url_credentials(&mut url);
        // A proxy is a host and a port: nothing else of the URL is used.
        url.set_path("");
        url.set_query(None);
        url.set_fragment(None);
        let no_proxy = no_proxy
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .collect::<Vec<_>>()
            .join(",");
        Ok((ManualProxy { url, no_proxy }, credentials))
    }

    /// The proxy as a person writes it: `http://host:port`, without the
    /// path `/` a URL always has.
    pub fn url_text(&self) -> &str {
        self.url.as_str().trim_end_matches('/')
    }

    /// `host:port`, as messages name the proxy.
    pub fn address(&self) -> String {
        let port = self
            .url
            .port_or_known_default()
            .or(match self.url.scheme() {
                "socks5" | "socks5h" => Some(1080),
                _ => None,
            })
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        format!("{}{port}", self.url.host_str().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_is_parsed_as_curl_reads_it_and_its_password_taken_out() {
        let (proxy, credentials) = ManualProxy::parse(
            "http://ana:s%40cret@127.0.0.1:3128/ignored",
            " .lan, localhost ",
        )
        .expect("a proxy");
        assert_eq!(proxy.url.as_str(), "http://127.0.0.1:3128/");
        assert_eq!(proxy.no_proxy, ".lan,localhost");
        assert_eq!(proxy.address(), "127.0.0.1:3128");
        let credentials = credentials.expect("credentials");
        assert_eq!(credentials.user_name, "ana");
        assert_eq!(credentials.password, "s@cret");

        let (bare, none) = ManualProxy::parse("proxy.lan:8080", "").expect("host:port");
        assert_eq!(bare.url.as_str(), "http://proxy.lan:8080/");
        assert!(none.is_none());

        let (socks, asked) = ManualProxy::parse("socks5h://bo@127.0.0.1", "").expect("socks");
        assert_eq!(socks.address(), "127.0.0.1:1080");
        assert_eq!(asked.map(|given| given.password), Some(String::new()));
    }

    #[test]
    fn a_proxy_ferry_cannot_use_is_refused_in_words() {
        let refused = ManualProxy::parse("gopher://127.0.0.1:70", "").expect_err("gopher");
        assert!(refused.to_string().contains("socks5h"), "{refused}");
        assert!(ManualProxy::parse("http://", "").is_err());
        let empty = ManualProxy::parse(" ", "").expect_err("empty");
        assert!(
            empty.to_string().starts_with("give the proxy's address"),
            "{empty}"
        );
    }
}
