//! Engine settings that are not per transfer: timeouts, retries, limits.

use std::path::PathBuf;
use std::time::Duration;

use super::completion::DesktopLink;
use super::policy::SystemBus;

/// How the engine behaves. The defaults are DESIGN.md's.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    /// Time allowed to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed from sending a request to receiving the response headers.
    pub response_timeout: Duration,
    /// Time allowed without a single body byte before the attempt is dropped.
    pub stall_timeout: Duration,
    /// The lowest average speed a connection may keep over
    /// `min_speed_window` (time waiting for ferry's own limits excepted)
    /// before the attempt counts as failed; 0 turns the floor off.
    pub min_speed_bytes_per_sec: u64,
    pub min_speed_window: Duration,
    /// Retries after a failed attempt; an attempt that brought at least
    /// 64 KiB that were never on disk before resets the count.
    pub max_retries: u32,
    /// First backoff delay; doubles on each retry.
    pub retry_base_delay: Duration,
    /// Longest backoff, and the longest `Retry-After` honoured.
    pub retry_max_delay: Duration,
    /// Run the unfinished transfers found in the state at start (window,
    /// daemon). The CLI starts only what it was asked for.
    pub resume_on_start: bool,
    /// How often the flushed offset is made durable (fsync) and reported.
    pub checkpoint_interval: Duration,
    /// The smallest share of a file worth a connection of its own; a
    /// running share is split only when twice this much is left of it.
    pub min_share_bytes: u64,
    /// Transfers run at once, for this engine only (`ferry get -j`); `None`
    /// follows the setting.
    pub max_simultaneous_transfers: Option<usize>,
    /// Where NetworkManager, ModemManager, UPower and power-profiles-daemon
    /// are asked about the network and the battery.
    pub system_bus: SystemBus,
    /// The interfaces whose link state stands in for NetworkManager when it
    /// is absent.
    pub net_class_dir: PathBuf,
    /// A PEM file of CA certificates trusted besides the system's roots,
    /// for this engine only (`--ca-cert`); `None` follows the setting.
    pub extra_ca_cert: Option<PathBuf>,
    /// Where notifications go and files open when transfers end.
    pub desktop: DesktopLink,
    /// Each transfer that ends tells the desktop (as the settings allow);
    /// off for a command-line run, whose terminal tells. Completion groups
    /// notify either way.
    pub notify_each_transfer: bool,
    /// Where transfers' secrets are kept between runs (the keyring);
    /// without one they live in memory only.
    pub vault: super::vault::VaultLink,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            connect_timeout: Duration::from_secs(5 * 60),
            response_timeout: Duration::from_secs(2 * 60),
            stall_timeout: Duration::from_secs(60),
            min_speed_bytes_per_sec: 1024,
            min_speed_window: Duration::from_secs(60),
            max_retries: 3,
            retry_base_delay: Duration::from_secs(1),
            retry_max_delay: Duration::from_secs(5 * 60),
            resume_on_start: true,
            checkpoint_interval: Duration::from_secs(1),
            min_share_bytes: 256 * 1024,
            max_simultaneous_transfers: None,
            system_bus: SystemBus::FromEnvironment,
            net_class_dir: PathBuf::from("/sys/class/net"),
            extra_ca_cert: None,
            desktop: DesktopLink::default(),
            notify_each_transfer: false,
            vault: super::vault::VaultLink::default(),
        }
    }
}
