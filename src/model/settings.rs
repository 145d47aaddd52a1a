//! User settings: persisted in state.ron, changed from the window.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::Schedule;

/// The window's color theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    FollowSystem,
    Light,
    Dark,
}

/// Settings that apply to the whole of ferry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How many transfers run at once.
    pub max_simultaneous_transfers: usize,
    /// The most connections one download opens when it chooses by itself
    /// (one per 8 MiB left, for servers that serve ranges).
    pub connections_per_download: u32,
    /// The most connections to one host, all downloads together.
    pub connections_per_host: u32,
    /// Download speed limit for all transfers together, bytes per second;
    /// `None` is unlimited.
    pub download_limit: Option<u64>,
    /// Upload speed limit for all uploads together, bytes per second;
    /// `None` is unlimited.
    pub upload_limit: Option<u64>,
    /// Where new downloads go; None means the XDG Downloads folder.
    pub download_folder: Option<PathBuf>,
    /// The user's network and power switches (they add to what the system
    /// reports).
    pub policy: PolicySwitches,
    /// Time windows with their own global limit, and when transfers may run.
    pub schedule: Schedule,
    /// Desktop notifications when transfers end.
    pub notifications_enabled: bool,
    /// With notifications on, only transfers that failed notify.
    pub notify_failures_only: bool,
    pub theme: Theme,
    /// A PEM file of CA certificates trusted besides the system's roots
    /// (private servers).
    pub extra_ca_cert: Option<PathBuf>,
    /// The service stays after its transfers ended (with the tray icon);
    /// off, it exits once nothing runs or waits and no window is open.
    pub keep_running_in_background: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_simultaneous_transfers: 4,
            connections_per_download: 8,
            connections_per_host: 16,
            download_limit: None,
            upload_limit: None,
            download_folder: None,
            policy: PolicySwitches::default(),
            schedule: Schedule::default(),
            notifications_enabled: true,
            notify_failures_only: false,
            theme: Theme::FollowSystem,
            extra_ca_cert: None,
            keep_running_in_background: true,
        }
    }
}

/// What the user tells ferry about the network and the battery, on top of
/// what NetworkManager and UPower report (and instead of them where absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicySwitches {
    /// "This network is metered": treat the network as costed whatever the
    /// system says.
    pub metered: bool,
    /// "I am over my data limit": on a metered network only transfers with
    /// cost policy `Always` run.
    pub over_data_limit: bool,
    /// "Block background data": every transfer waits, `Always` included.
    pub block_background_data: bool,
    /// "Save battery": transfers not marked unconstrained pause, as in
    /// power-saving mode.
    pub save_battery: bool,
    /// On battery below this charge (percent), transfers not marked
    /// unconstrained pause.
    pub battery_threshold_percent: u8,
}

impl Default for PolicySwitches {
    fn default() -> Self {
        PolicySwitches {
            metered: false,
            over_data_limit: false,
            block_background_data: false,
            save_battery: false,
            battery_threshold_percent: 20,
        }
    }
}
