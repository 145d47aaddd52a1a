//! Fetching a short text before a transfer starts (a checksum file named
//! by `--sha256 URL`, or `NAME.sha256` beside a download): one request
//! as downloads make them (the system's roots plus the extra CA, the
//! environment's proxy, redirects checked the same way), the body at most
//! [`MAX_SHORT_TEXT_BYTES`], all from the caller's thread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::model::{Destination, ProxyChoice, TransferSpec};

use super::net::Clients;
use super::net::cookies::CookieJar;
use super::net::request::{Ask, Requester, status_failure};
use super::{EngineConfig, EngineError};

/// The largest text fetched (a SHA256SUMS of thousands of files fits).
pub const MAX_SHORT_TEXT_BYTES: usize = 1024 * 1024;
/// How long the whole fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(30);

/// The text at `url`, or why not in words ("… answered 404", "… is not
/// UTF-8 text"). Blocking: for a command line before it starts.
pub fn fetch_short_text(url: &Url, extra_ca: Option<&Path>) -> Result<String, EngineError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(EngineError::Runtime)?;
    let config = EngineConfig {
        connect_timeout: FETCH_TIMEOUT,
        response_timeout: FETCH_TIMEOUT,
        ..EngineConfig::default()
    };
    let tls = super::tls::client_config(extra_ca, &BTreeMap::new())?;
    let mut clients = Clients::new(
        config.connect_timeout,
        tls,
        ProxyChoice::FromEnvironment,
        None,
    );
    let spec = TransferSpec::download(url.clone(), Destination::Folder(PathBuf::from("/")));
    let client = clients.for_spec(&spec)?;
    let failed = |why: String| EngineError::Service(format!("cannot fetch {url}: {why}"));
    runtime.block_on(async {
        let cookies = CookieJar::of(&spec);
        let cancel = CancellationToken::new();
        let requester = Requester {
            client: &client,
            cookies: &cookies,
            spec: &spec,
            config: &config,
            cancel: &cancel,
        };
        let (response, _) = requester
            .send(Ask::default())
            .await
            .map_err(|failure| failed(failure.error.to_string()))?
            .ok_or_else(|| failed("stopped".to_owned()))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(failed(
                status_failure(status, response.headers()).error.to_string(),
            ));
        }
        let mut body = response.bytes_stream();
        let mut bytes = Vec::new();
        let read = tokio::time::timeout(FETCH_TIMEOUT, async {
            while let Some(chunk) = body.next().await {
                bytes.extend_from_slice(&chunk.map_err(|error| failed(error.to_string()))?);
                if bytes.len() > MAX_SHORT_TEXT_BYTES {
                    return Err(failed(format!(
                        "it is larger than {} KiB",
                        MAX_SHORT_TEXT_BYTES / 1024
                    )));
                }
            }
            Ok(())
        })
        .await;
        read.map_err(|_| failed("it did not arrive in time".to_owned()))??;
        String::from_utf8(bytes).map_err(|_| failed("it is not UTF-8 text".to_owned()))
    })
}
