//! Errors of the engine's API.

use ferry_i18n::tr;
use url::Url;

use super::input::InputError;
use crate::model::TransferId;
use crate::store::StoreError;

/// Why the engine refused or could not do something.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{}", tr!("engine-stopped"))]
    Stopped,
    #[error("{}", tr!("engine-busy"))]
    Busy,
    #[error("{}", tr!("engine-unknown-transfer", id = .0.to_string()))]
    UnknownTransfer(TransferId),
    #[error(
        "{}",
        tr!("engine-duplicate-url", url = url.as_str(), other = other.to_string())
    )]
    DuplicateUrl { url: Url, other: TransferId },
    #[error(
        "{}",
        tr!("engine-duplicate-destination", other = other.to_string(), path = path.display().to_string())
    )]
    DuplicateDestination {
        path: std::path::PathBuf,
        other: TransferId,
    },
    #[error(
        "{}",
        tr!(
            "input-unsupported-scheme",
            scheme = scheme.as_str(),
            schemes = super::protocol::Protocol::SCHEMES_IN_WORDS,
            text = url.as_str()
        )
    )]
    UnsupportedScheme { scheme: String, url: Url },
    #[error(
        "{}",
        tr!(
            "engine-invalid-for-status",
            id = transfer_id.to_string(),
            status = status_words.as_str(),
            what = what.as_str()
        )
    )]
    InvalidForStatus {
        transfer_id: TransferId,
        status_words: String,
        what: String,
    },
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{}", tr!("engine-unknown-group", name = .0.as_str()))]
    UnknownGroup(String),
    #[error("{}", tr!("engine-unknown-prefetch", id = .0.to_string()))]
    UnknownPrefetch(crate::model::PrefetchId),
    #[error("{}", tr!("engine-duplicate-prefetch", url = url.as_str(), other = other.to_string()))]
    DuplicatePrefetch {
        url: Url,
        other: crate::model::PrefetchId,
    },
    #[error("{}", tr!("engine-unknown-completion-group", id = .0.to_string()))]
    UnknownCompletionGroup(crate::model::CompletionGroupId),
    #[error("{}", tr!("engine-completion-group-enabled", id = .0.to_string()))]
    CompletionGroupEnabled(crate::model::CompletionGroupId),
    #[error("{}", tr!("engine-relative-program", path = .0.display().to_string()))]
    RelativeActionProgram(std::path::PathBuf),
    #[error("{}", tr!("engine-post-cannot-pause", id = .0.to_string()))]
    PostCannotPause(TransferId),
    #[error("{}", tr!("engine-not-in-group", id = .0.to_string()))]
    NotInGroup(TransferId),
    #[error(transparent)]
    Setting(#[from] crate::model::SettingRefused),
    #[error(transparent)]
    Proxy(#[from] crate::model::ProxyUrlError),
    #[error("{}", tr!("engine-cannot-start", error = .0.to_string()))]
    Runtime(#[source] std::io::Error),
    #[error("{}", tr!("engine-http-client", error = .0.to_string()))]
    HttpClient(#[source] reqwest::Error),
    #[error(
        "{}",
        tr!("engine-ca-certificate", path = path.display().to_string(), reason = reason.as_str())
    )]
    CaCertificate {
        path: std::path::PathBuf,
        reason: String,
    },
    #[error(
        "{}",
        tr!("engine-unusable-proxy", variable = variable.as_str(), proxy = proxy.as_str())
    )]
    UnusableProxy { variable: String, proxy: String },
    #[error("{}", tr!("engine-tls", error = .0.to_string()))]
    Tls(#[source] rustls::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The service refused a client's command; its words.
    #[error("{0}")]
    Service(String),
    #[error("{}", tr!("engine-reader-needs-local"))]
    ReaderNeedsLocalEngine,
}
