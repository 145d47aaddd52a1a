//! Errors of the engine's API.

use url::Url;

use super::input::InputError;
use crate::model::TransferId;
use crate::store::StoreError;

/// Why the engine refused or could not do something.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the engine has stopped")]
    Stopped,
    #[error("the engine is busy; try again")]
    Busy,
    #[error("no transfer with id {0}")]
    UnknownTransfer(TransferId),
    #[error("{url} is already being downloaded (transfer {other}); resume or cancel that one")]
    DuplicateUrl { url: Url, other: TransferId },
    #[error("another transfer ({other}) already downloads to {}", path.display())]
    DuplicateDestination {
        path: std::path::PathBuf,
        other: TransferId,
    },
    #[error(
        "unsupported URL scheme {scheme:?} (ferry downloads {}): {url}",
        super::protocol::Protocol::SCHEMES_IN_WORDS
    )]
    UnsupportedScheme { scheme: String, url: Url },
    #[error("transfer {transfer_id} is {status_words}; {what} is not possible")]
    InvalidForStatus {
        transfer_id: TransferId,
        status_words: String,
        what: &'static str,
    },
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("there is no group {0:?}; `ferry group list` shows the groups")]
    UnknownGroup(String),
    #[error("there is no prefetch entry {0}; `ferry prefetch list` shows them")]
    UnknownPrefetch(crate::model::PrefetchId),
    #[error("{url} is already in the prefetch list (entry {other})")]
    DuplicatePrefetch {
        url: Url,
        other: crate::model::PrefetchId,
    },
    #[error("there is no completion group {0}; `ferry group list` shows them")]
    UnknownCompletionGroup(crate::model::CompletionGroupId),
    #[error("completion group {0} is already enabled; members can only be added before")]
    CompletionGroupEnabled(crate::model::CompletionGroupId),
    #[error(
        "the action program must be an absolute path (it was looked up in PATH when the group was made): {0}"
    )]
    RelativeActionProgram(std::path::PathBuf),
    #[error(
        "transfer {0} is a POST, which cannot be paused (it would be sent again from the start); cancel it instead"
    )]
    PostCannotPause(TransferId),
    #[error("transfer {0} is in no group; only a group member can be made current")]
    NotInGroup(TransferId),
    #[error(transparent)]
    Setting(#[from] crate::model::SettingRefused),
    #[error(transparent)]
    Proxy(#[from] crate::model::ProxyUrlError),
    #[error("cannot start the engine: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    #[error("cannot use the CA certificate {}: {reason}", path.display())]
    CaCertificate {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error(
        "the proxy in {variable} ({proxy}) is not one ferry can use; give an http://, https:// or socks5:// proxy, or unset {variable}"
    )]
    UnusableProxy { variable: String, proxy: String },
    #[error("cannot set up TLS: {0}")]
    Tls(#[source] rustls::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The service refused a client's command; its words.
    #[error("{0}")]
    Service(String),
    #[error("a file can be read while it downloads only in the process that runs the engine")]
    ReaderNeedsLocalEngine,
}
