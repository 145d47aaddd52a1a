//! The proxy variables of the environment, checked before any request:
//! reqwest reads them itself, but passes over a proxy it cannot use and
//! connects directly, which is not what someone who set a proxy asked for.

use url::Url;

use crate::engine::EngineError;

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

/// The proxy the environment gives a URL, as reqwest picks it: the
/// scheme's variable, else `all_proxy`; none when `no_proxy` names the
/// host (`*`, the host, or a domain it is in). Only for words: which
/// proxy to name when a request fails.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EnvProxy {
    pub variable: &'static str,
    /// `host:port`, never its credentials.
    pub address: String,
}

impl EnvProxy {
    /// The failure of a proxy that wants credentials.
    pub fn asks_for_credentials(&self) -> crate::model::TransferError {
        crate::model::TransferError::Proxy {
            cause: format!(
                "the proxy {address} (from {variable}) asks for credentials (407); give them in \
                 its URL: {variable}=http://NAME:PASSWORD@{address}",
                address = self.address,
                variable = self.variable
            ),
        }
    }

    pub fn of(url: &Url) -> Option<EnvProxy> {
        EnvProxy::from_lookup(url, |name| std::env::var(name).ok())
    }

    fn from_lookup(url: &Url, lookup: impl Fn(&str) -> Option<String>) -> Option<EnvProxy> {
        let variables: [&'static str; 4] = match url.scheme() {
            "http" => ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"],
            "https" => ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"],
            _ => return None,
        };
        let host = url
            .host_str()?
            .trim_matches(['[', ']'])
            .to_ascii_lowercase();
        let no_proxy = lookup("no_proxy")
            .or_else(|| lookup("NO_PROXY"))
            .unwrap_or_default();
        let is_bypassed = no_proxy.split(',').map(str::trim).any(|entry| {
            let entry = entry.trim_start_matches('.').to_ascii_lowercase();
            entry == "*"
                || (!entry.is_empty() && (host == entry || host.ends_with(&format!(".{entry}"))))
        });
        if is_bypassed {
            return None;
        }
        variables.into_iter().find_map(|variable| {
            let proxy = proxy_url(&lookup(variable)?)?.ok()?;
            let port = proxy
                .port_or_known_default()
                .map_or(String::new(), |port| format!(":{port}"));
            Some(EnvProxy {
                variable,
                address: format!("{}{port}", proxy.host_str()?),
            })
        })
    }
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
            EnvProxy::from_lookup(&url("http://a.test/f"), vars),
            Some(EnvProxy {
                variable: "http_proxy",
                address: "127.0.0.1:3128".to_owned()
            })
        );
        assert_eq!(
            EnvProxy::from_lookup(&url("https://a.test/f"), vars).map(|proxy| proxy.variable),
            Some("all_proxy")
        );
        for bypassed in [
            "http://internal.test/",
            "http://x.corp.test/",
            "http://corp.test/",
        ] {
            assert_eq!(
                EnvProxy::from_lookup(&url(bypassed), vars),
                None,
                "{bypassed}"
            );
        }
        assert_eq!(
            EnvProxy::from_lookup(&url("http://a.test/"), env(&[])),
            None
        );
    }
}
