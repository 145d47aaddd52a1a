//! Downloads: the download task (HTTP and FTP), its connections and
//! segments, the disk thread, and the pure resume decision. Requests, redirects and retries
//! come from `engine::net`, file names from `engine::file_name`. The task
//! reports to the engine through `engine::task`'s reports and never touches
//! the transfer table itself.

mod connection;
mod disk_thread;
mod ftp;
pub mod live;
mod part_check;
mod part_file;
mod reservations;
pub mod resume;
pub mod segments;
mod speed_floor;
pub(crate) mod task;

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{ByteRange, TransferSpec, Validator};

use super::EngineConfig;
use super::net::HostSlots;
use super::net::cookies::CookieJar;
use super::rate::Limits;

pub(crate) use disk_thread::DiskThread;
use live::LiveFile;
pub(crate) use reservations::PathReservations;

/// Everything a download task needs, copied from the transfer when it starts.
pub(crate) struct DownloadJob {
    pub spec: TransferSpec,
    pub validator: Option<Validator>,
    /// Byte ranges of the `.part` file that are durable.
    pub ranges: Vec<ByteRange>,
    pub total: Option<u64>,
    pub file_path: Option<PathBuf>,
    /// The `.part` file ferry made, as recorded.
    pub part_file: Option<crate::model::PartFileId>,
    /// Connections asked for; `None` for automatic.
    pub connections: Option<u32>,
    /// The most connections the automatic choice opens.
    pub automatic_connections_up_to: u32,
    pub config: Arc<EngineConfig>,
    pub client: crate::engine::net::HttpClient,
    /// TLS for FTP's explicit TLS (the same trust as HTTPS).
    pub ftp_tls: Arc<rustls::ClientConfig>,
    /// The setting that puts every `ftp://` download over TLS.
    pub ftp_over_tls: bool,
    /// With downloads sorted into category folders: the categories (a
    /// download into a folder goes to its category's subfolder).
    pub categories: Option<Arc<Vec<crate::model::CategoryRule>>>,
    /// The transfer's cookies, shared by its connections.
    pub cookies: CookieJar,
    pub reservations: PathReservations,
    pub host_slots: HostSlots,
    pub disk: DiskThread,
    pub live: Arc<LiveFile>,
    /// The speed limits its connections obey.
    pub limits: Limits,
}
