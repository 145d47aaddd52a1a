//! One ferry per user: the engine as a background service that outlives
//! every window. `ferry daemon` owns the state and serves a socket
//! ([`Service`]); the window and the command line are clients
//! ([`RemoteEngine`]) with the same [`crate::engine::EngineHandle`] a local
//! engine gives, so their code does not care where the engine runs.
//!
//! `protocol.rs` is what goes over the socket, `socket.rs` where it is and
//! who may use it, `server.rs` the service's side, `client.rs` and
//! `mirror.rs` the client's.

mod client;
mod mirror;
mod protocol;
mod server;
mod socket;
mod stream;

use ferry_i18n::tr;
use std::path::{Path, PathBuf};

pub use client::{ClientOptions, RemoteEngine, default_service_program, log_path};
pub use protocol::{PROTOCOL_VERSION, Welcome, WindowRequest, read_client_bytes};
pub use server::{Service, ServiceStatus};
pub use socket::socket_path;
pub use stream::StreamPlace;

/// Where the running service of `state_dir` serves its streams, if it
/// runs and wrote it.
pub fn stream_place(state_dir: &std::path::Path) -> Option<StreamPlace> {
    StreamPlace::read(&socket_path(state_dir).ok()?)
}

/// Why the service could not be reached or served.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(
        "{}",
        tr!(
            "service-io",
            what = what.as_str(),
            path = path.display().to_string(),
            error = source.to_string()
        )
    )]
    Io {
        what: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", tr!("service-unsafe-runtime", path = .0.display().to_string()))]
    UnsafeRuntimeFolder(PathBuf),
    #[error("{}", tr!("service-refused", reason = .0.as_str()))]
    Refused(String),
    #[error("{}", tr!("service-garbled"))]
    Garbled,
    #[error("{}", tr!("service-silent"))]
    Silent,
    #[error("{}", tr!("service-lost"))]
    Lost,
    #[error(
        "{}",
        if last_line.is_empty() {
            tr!("service-did-not-start", log = log.display().to_string())
        } else {
            tr!(
                "service-did-not-start-because",
                log = log.display().to_string(),
                last_line = last_line.as_str()
            )
        }
    )]
    DidNotStart { log: PathBuf, last_line: String },
}

impl ServiceError {
    pub(crate) fn io(what: String, path: &Path, source: std::io::Error) -> Self {
        ServiceError::Io {
            what,
            path: path.to_owned(),
            source,
        }
    }
}
