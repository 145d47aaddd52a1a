//! Proxies: the variables of the environment, checked before any request
//! (reqwest reads them itself, but passes over a proxy it cannot use and
//! connects directly, which is not what someone who set a proxy asked
//! for), and which proxy a request went through, named when it fails:
//! the environment's, the settings' or the transfer's own.

use url::Url;

use crate::engine::EngineError;
use crate::model::{ManualProxy, ProxyChoice, TransferError};

/// The variables reqwest reads, lower case first as curl does.
const PROXY_VARIABLES: [&str; 6] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
];

/// Proxy schemes reqwest (with its `socks` feature) can connect through.
const USABLE_SCHEMES: [&str; 6] = ["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

/// Refuses a proxy variable whose proxy ferry cannot use, naming it.
pub(crate) fn check_proxy_variables() -> Result<(), EngineError> {
    for variable in PROXY_VARIABLES {
        let Ok(value) = std::env::var(variable) else {
            continue;
        };
        check_proxy(variable, &value)?;
    }
    Ok(())
}

/// A proxy variable's value as a URL: `None` when it is empty, an error
/// when it is not a URL. "host:port" without a scheme means an HTTP
/// proxy, as curl reads it.
fn proxy_url(value: &str) -> Option<Result<Url, url::ParseError>> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(if value.contains("://") {
        Url::parse(value)
    } else {
        Url::parse(&format!("http://{value}"))
    })
}

fn check_proxy(variable: &str, value: &str) -> Result<(), EngineError> {
    let Some(parsed) = proxy_url(value) else {
        return Ok(());
    };
    let refused = |shown: String| EngineError::UnusableProxy {
        variable: variable.to_owned(),
        proxy: shown,
    };
    let Ok(mut url) = parsed else {
        return Err(refused("a value that is not a URL".to_owned()));
    };
    if !USABLE_SCHEMES.contains(&url.scheme()) || url.host_str().is_none() {
        // Never print a proxy password.
        let _ = url.set_password(None);
        return Err(refused(url.to_string()));
    }
    Ok(())
}

/// Where the proxy a request went through was named, for the words of
/// its failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ProxyOrigin {
    /// An environment variable (`http_proxy`, …).
    Variable(&'static str),
    /// Settings › Network.
    Settings,
    /// The transfer's own `--proxy`.
    Transfer,
}

/// The proxy a request to some URL goes through. Only for words: which
/// proxy to name when a request fails.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ProxyInUse {
    pub origin: ProxyOrigin,
    /// `host:port`, never its credentials.
    pub address: String,
    /// `http`, `socks5h`, …: how the user writes it again with a login.
    pub scheme: String,
}

impl ProxyInUse {
    /// The proxy `choice` gives `url` (`origin` says who chose a manual
    /// proxy); none when the request goes direct.
    pub fn of(choice: &ProxyChoice, origin: ProxyOrigin, url: &Url) -> Option<ProxyInUse> {
        match choice {
            ProxyChoice::Direct => None,
            ProxyChoice::FromEnvironment => {
                ProxyInUse::from_lookup(url, |name| std::env::var(name).ok())
            }
            ProxyChoice::Manual(ManualProxy { no_proxy, .. }) if is_bypassed(no_proxy, url) => None,
            ProxyChoice::Manual(proxy) => Some(ProxyInUse {
                origin,
                address: proxy.address(),
                scheme: proxy.url.scheme().to_owned(),
            }),
        }
    }

    /// Where the proxy was named, in words: "from http_proxy".
    fn named_by(&self) -> String {
        match self.origin {
            ProxyOrigin::Variable(variable) => format!("from {variable}"),
            ProxyOrigin::Settings => "from Settings › Network".to_owned(),
            ProxyOrigin::Transfer => "from --proxy".to_owned(),
        }
    }

    /// The failure of an HTTP proxy that wants credentials (407).
    pub fn asks_for_credentials(&self) -> TransferError {
        self.login_failure("asks for credentials (407)")
    }

    /// The failure of a proxy that wants a login, or refused the one it
    /// was given, in `what` words.
    pub fn login_failure(&self, what: &str) -> TransferError {
        let address = &self.address;
        let scheme = &self.scheme;
        let how = match self.origin {
            ProxyOrigin::Variable(variable) => {
                format!("give them in its URL: {variable}={scheme}://NAME:PASSWORD@{address}")
            }
            ProxyOrigin::Settings => {
                "give them in Settings › Network (they are kept in the keyring)".to_owned()
            }
            ProxyOrigin::Transfer => format!(
                "give them with --proxy {scheme}://NAME@{address} (the password is asked on the \
                 terminal)"
            ),
        };
        TransferError::Proxy {
            cause: format!("the proxy {address} ({}) {what}; {how}", self.named_by()),
        }
    }

    /// The proxy could not be reached.
    pub fn unreachable(&self, cause: &str) -> TransferError {
        TransferError::Proxy {
            cause: format!(
                "cannot connect to the proxy {} ({}): {cause}",
                self.address,
                self.named_by()
            ),
        }
    }

    /// The proxy was reached but did not carry the request.
    pub fn did_not_carry(&self, words: &str) -> TransferError {
        TransferError::Proxy {
            cause: format!(
                "the proxy {} ({}) did not carry the request: {words}",
                self.address,
                self.named_by()
            ),
        }
    }

    /// The environment's proxy for `url`, as reqwest picks it: the
    /// scheme's variable, else `all_proxy`; none when `no_proxy` names
    /// the host.
    fn from_lookup(url: &Url, lookup: impl Fn(&str) -> Option<String>) -> Option<ProxyInUse> {
        let variables: [&'static str; 4] = match url.scheme() {
            "http" => ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"],
            "https" => ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"],
            _ => return None,
        };
        let no_proxy = lookup("no_proxy")
            .or_else(|| lookup("NO_PROXY"))
            .unwrap_or_default();
        if is_bypassed(&no_proxy, url) {
            return None;
        }
        variables.into_iter().find_map(|variable| {
            let proxy = proxy_url(&lookup(variable)?)?.ok()?;
            let port = proxy
                .port_or_known_default()
                .map_or(String::new(), |port| format!(":{port}"));
            Some(ProxyInUse {
                origin: ProxyOrigin::Variable(variable),
                address: format!("{}{port}", proxy.host_str()?),
                scheme: proxy.scheme().to_owned(),
            })
        })
    }
}

/// Whether a `no_proxy` list names the host of `url`: `*`, the host, or
/// a domain it is in (a leading dot changes nothing). Address ranges
/// (`10.0.0.0/8`) reqwest honours are not matched here: such a request
/// went direct and a failure names no proxy, which is what happened.
fn is_bypassed(no_proxy: &str, url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
    no_proxy.split(',').map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches('.').to_ascii_lowercase();
        entry == "*"
            || (!entry.is_empty() && (host == entry || host.ends_with(&format!(".{entry}"))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_proxies_pass_and_others_are_named_without_their_password() {
        for usable in [
            "http://proxy:3128",
            "proxy:3128",
            "socks5://127.0.0.1:1080",
            "socks5h://user:pw@127.0.0.1:1080",
            "https://proxy",
            "",
        ] {
            assert!(check_proxy("all_proxy", usable).is_ok(), "{usable}");
        }
        let refused = check_proxy("all_proxy", "gopher://user:secret@127.0.0.1:9")
            .expect_err("refused")
            .to_string();
        assert!(refused.contains("all_proxy"), "{refused}");
        assert!(refused.contains("gopher://user@127.0.0.1:9"), "{refused}");
        assert!(!refused.contains("secret"), "{refused}");
    }

    #[test]
    fn the_proxy_of_a_url_is_found_as_reqwest_finds_it() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        let url = |text: &str| Url::parse(text).expect("url");
        let vars = env(&[
            ("http_proxy", "http://ana:pw@127.0.0.1:3128"),
            ("all_proxy", "socks5://127.0.0.1:1080"),
            ("no_proxy", "internal.test, .corp.test"),
        ]);
        assert_eq!(
            ProxyInUse::from_lookup(&url("http://a.test/f"), vars),
            Some(ProxyInUse {
                origin: ProxyOrigin::Variable("http_proxy"),
                address: "127.0.0.1:3128".to_owned(),
                scheme: "http".to_owned(),
            })
        );
        assert_eq!(
            ProxyInUse::from_lookup(&url("https://a.test/f"), vars).map(|proxy| proxy.origin),
            Some(ProxyOrigin::Variable("all_proxy"))
        );
        for bypassed in [
            "http://internal.test/",
            "http://x.corp.test/",
            "http://corp.test/",
        ] {
            assert_eq!(
                ProxyInUse::from_lookup(&url(bypassed), vars),
                None,
                "{bypassed}"
            );
        }
        assert_eq!(
            ProxyInUse::from_lookup(&url("http://a.test/"), env(&[])),
            None
        );
    }

    #[test]
    fn a_manual_proxy_is_named_unless_its_list_bypasses_the_host() {
        let (proxy, _) =
            ManualProxy::parse("socks5h://127.0.0.1:1080", "lan, localhost").expect("proxy");
        let choice = ProxyChoice::Manual(proxy);
        let url = |text: &str| Url::parse(text).expect("url");
        let named =
            ProxyInUse::of(&choice, ProxyOrigin::Transfer, &url("http://a.test/")).expect("named");
        assert_eq!(named.address, "127.0.0.1:1080");
        let words = named.asks_for_credentials().to_string();
        assert!(words.contains("from --proxy"), "{words}");
        assert!(
            words.contains("--proxy socks5h://NAME@127.0.0.1:1080"),
            "{words}"
        );
        for bypassed in ["http://nas.lan/", "http://localhost:8080/"] {
            assert_eq!(
                ProxyInUse::of(&choice, ProxyOrigin::Transfer, &url(bypassed)),
                None
            );
        }
        assert_eq!(
            ProxyInUse::of(
                &ProxyChoice::Direct,
                ProxyOrigin::Settings,
                &url("http://a.test/")
            ),
            None
        );
    }
}
