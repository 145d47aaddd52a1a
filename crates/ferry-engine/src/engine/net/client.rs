//! The HTTP clients requests go through: one per way to the network (the
//! settings' proxy, or a transfer's own `--proxy`), all with the same TLS
//! settings (the system's roots, the extra CA, the pinned certificates).
//! A client is built when a transfer first needs its way, and all are
//! dropped when those settings change, so every later request follows
//! them (and no TLS session resumed from before skips a new check).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

use crate::engine::EngineError;
use crate::model::{Credentials, ProxyChoice, TransferSpec};

use super::proxy::{ProxyInUse, ProxyOrigin};

/// A way to the network and the credentials its proxy takes (no `Debug`:
/// it holds a password).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Route {
    choice: ProxyChoice,
    /// User name and password of a manual proxy.
    credentials: Option<(String, String)>,
    origin: ProxyOrigin,
}

/// The client of one route: what a task sends its requests with.
#[derive(Clone)]
pub(crate) struct HttpClient {
    http: reqwest::Client,
    route: Arc<Route>,
}

impl HttpClient {
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The proxy a request to `url` goes through, to name it when the
    /// request fails.
    pub fn proxy_for(&self, url: &Url) -> Option<ProxyInUse> {
        ProxyInUse::of(&self.route.choice, self.route.origin, url)
    }
}

/// The clients of one engine.
pub(crate) struct Clients {
    connect_timeout: Duration,
    tls: rustls::ClientConfig,
    /// `tls` without ALPN, for FTPS, made when `tls` changes.
    ftp_tls: Arc<rustls::ClientConfig>,
    /// The settings' way to the network.
    setting: Route,
    built: HashMap<Route, HttpClient>,
}

impl Clients {
    pub fn new(
        connect_timeout: Duration,
        tls: rustls::ClientConfig,
        proxy: ProxyChoice,
        credentials: Option<&Credentials>,
    ) -> Clients {
        Clients {
            connect_timeout,
            ftp_tls: without_alpn(&tls),
            tls,
            setting: Route::new(proxy, credentials, ProxyOrigin::Settings),
            built: HashMap::new(),
        }
    }

    /// The TLS settings (the system's roots, the extra CA, the pins) for
    /// connections made without reqwest (FTPS), offering no ALPN.
    pub fn tls_for_ftp(&self) -> Arc<rustls::ClientConfig> {
        Arc::clone(&self.ftp_tls)
    }

    /// New TLS settings for every client from now on.
    pub fn set_tls(&mut self, tls: rustls::ClientConfig) {
        self.ftp_tls = without_alpn(&tls);
        self.tls = tls;
        self.built.clear();
    }

    /// The settings' proxy, for every transfer without its own.
    pub fn set_proxy(&mut self, proxy: ProxyChoice, credentials: Option<&Credentials>) {
        self.setting = Route::new(proxy, credentials, ProxyOrigin::Settings);
        self.built.clear();
    }

    /// The client for `spec`'s requests: its own proxy, else the settings'.
    pub fn for_spec(&mut self, spec: &TransferSpec) -> Result<HttpClient, EngineError> {
        let route = match &spec.proxy {
            Some(choice) => Route::new(
                choice.clone(),
                spec.proxy_credentials.as_ref(),
                ProxyOrigin::Transfer,
            ),
            None => self.setting.clone(),
        };
        self.client_of(route)
    }

    /// The client of the settings' way to the network (requests of no
    /// transfer: prefetching, a checksum file).
    pub fn of_settings(&mut self) -> Result<HttpClient, EngineError> {
        self.client_of(self.setting.clone())
    }

    fn client_of(&mut self, route: Route) -> Result<HttpClient, EngineError> {
        if let Some(client) = self.built.get(&route) {
            return Ok(client.clone());
        }
        let client = HttpClient {
            http: self.build(&route)?,
            route: Arc::new(route.clone()),
        };
        self.built.insert(route, client.clone());
        Ok(client)
    }

    fn build(&self, route: &Route) -> Result<reqwest::Client, EngineError> {
        const USER_AGENT: &str = concat!("ferry/", env!("CARGO_PKG_VERSION"));
        let builder = reqwest::Client::builder()
            .tls_backend_preconfigured(self.tls.clone())
            .redirect(reqwest::redirect::Policy::none())
            // ferry retries on its own (engine/net/retry.rs).
            .retry(reqwest::retry::never().max_retries_per_request(0))
            .connect_timeout(self.connect_timeout)
            .user_agent(USER_AGENT);
        let builder = match &route.choice {
            // reqwest reads the environment itself.
            ProxyChoice::FromEnvironment => builder,
            ProxyChoice::Direct => builder.no_proxy(),
            ProxyChoice::Manual(manual) => {
                // The credentials go in the URL reqwest is given (in memory
                // only): it sends them as Basic to an HTTP proxy and as the
                // SOCKS5 user name and password.
                let mut url = manual.url.clone();
                if let Some((user_name, password)) = &route.credentials {
                    let _ = url.set_username(user_name);
                    let _ = url.set_password(Some(password));
                }
                let proxy = reqwest::Proxy::all(url.as_str())
                    .map_err(EngineError::HttpClient)?
                    .no_proxy(reqwest::NoProxy::from_string(&manual.no_proxy));
                builder.proxy(proxy)
            }
        };
        builder.build().map_err(EngineError::HttpClient)
    }
}

/// `tls` offering no ALPN (FTP speaks neither h2 nor http/1.1).
fn without_alpn(tls: &rustls::ClientConfig) -> Arc<rustls::ClientConfig> {
    let mut config = tls.clone();
    config.alpn_protocols.clear();
    Arc::new(config)
}

impl Route {
    fn new(choice: ProxyChoice, credentials: Option<&Credentials>, origin: ProxyOrigin) -> Route {
        let credentials = match choice {
            ProxyChoice::Manual(_) => {
                credentials.map(|given| (given.user_name.clone(), given.password.clone()))
            }
            _ => None,
        };
        Route {
            choice,
            credentials,
            origin,
        }
    }
}
