//! User settings: persisted in state.ron, changed from the window.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

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
    /// Where new downloads go; None means the XDG Downloads folder.
    pub download_folder: Option<PathBuf>,
    /// Desktop notifications when transfers end.
    pub notifications_enabled: bool,
    pub theme: Theme,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_simultaneous_transfers: 4,
            connections_per_download: 8,
            connections_per_host: 16,
            download_limit: None,
            download_folder: None,
            notifications_enabled: true,
            theme: Theme::FollowSystem,
        }
    }
}
