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

fn check_proxy(variable: &str, value: &str) -> Result<(), EngineError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    // "host:port" without a scheme means an HTTP proxy, as curl reads it.
    let with_scheme = if value.contains("://") {
        value.to_owned()
    } else {
        format!("http://{value}")
    };
    let refused = |shown: String| EngineError::UnusableProxy {
        variable: variable.to_owned(),
        proxy: shown,
    };
    let Ok(mut url) = Url::parse(&with_scheme) else {
        return Err(refused("a value that is not a URL".to_owned()));
    };
    if !USABLE_SCHEMES.contains(&url.scheme()) || url.host_str().is_none() {
        // Never print a proxy password.
        let _ = url.set_password(None);
        return Err(refused(url.to_string()));
    }
    Ok(())
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
}
