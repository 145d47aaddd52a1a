//! Uploads: one local file sent as the body of a PUT or POST
//! ([`put`]). An upload task speaks the download tasks' [`TaskReport`]s
//! (`UploadStarted`, `Sent`, `ResponseOnly`, `Done`) and obeys the same
//! scheduler, policies and per-host connection cap; its bytes draw from the
//! global upload limit and the transfer's own limit.
//!
//! An interrupted upload starts over from the first byte (with
//! `has_restarted`): plain PUT and POST have no way to continue.
//!
//! [`TaskReport`]: super::download::TaskReport

pub(crate) mod put;

use std::sync::Arc;

use crate::model::TransferSpec;

use super::EngineConfig;
use super::net::HostSlots;
use super::rate::Limits;

/// Everything an upload task needs, copied from the transfer when it starts.
pub(crate) struct UploadJob {
    pub spec: TransferSpec,
    pub config: Arc<EngineConfig>,
    pub client: reqwest::Client,
    pub host_slots: HostSlots,
    /// The speed limits its bytes obey.
    pub limits: Limits,
    /// Bytes an earlier attempt or run sent: the next one starts over.
    pub sent_before: u64,
}
