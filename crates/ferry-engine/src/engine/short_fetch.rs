//! Fetching a short text before a transfer starts (a checksum file named
//! by `--sha256 URL`, or `NAME.sha256` beside a download): one request
//! as downloads make them (the system's roots plus the extra CA, the
//! environment's proxy, redirects checked the same way), the body at most
//! [`MAX_SHORT_TEXT_BYTES`], all from the caller's thread.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use url::Url;

use crate::model::ProxyChoice;

use super::net::Clients;
use super::net::request::{Ask, ShortTextError, read_short_text, send_plain, status_failure};
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
    let client = clients.of_settings()?;
    let failed = |why: String| EngineError::Service(format!("cannot fetch {url}: {why}"));
    runtime.block_on(async {
        let cancel = CancellationToken::new();
        let response = send_plain(&client, &config, &cancel, url, Ask::default())
            .await
            .map_err(|failure| failed(failure.error.to_string()))?
            .ok_or_else(|| failed("stopped".to_owned()))?;
        let status = response.status().as_u16();
        if status != 200 {
            return Err(failed(
                status_failure(status, response.headers()).error.to_string(),
            ));
        }
        let read = tokio::time::timeout(
            FETCH_TIMEOUT,
            read_short_text(response, MAX_SHORT_TEXT_BYTES, FETCH_TIMEOUT, &cancel),
        )
        .await
        .map_err(|_| failed("it did not arrive in time".to_owned()))?
        .ok_or_else(|| failed("stopped".to_owned()))?;
        read.map_err(|error| {
            failed(match error {
                ShortTextError::Broken(cause) => cause,
                ShortTextError::TooLarge => {
                    format!("it is larger than {} KiB", MAX_SHORT_TEXT_BYTES / 1024)
                }
                ShortTextError::NotUtf8 => "it is not UTF-8 text".to_owned(),
            })
        })
    })
}
