//! The machine's state as ferry sees it: the network (connectivity, cost)
//! and the power supply, and where each reading came from. The engine's
//! policy watchers fill it in; the cost table and the window read it.

use serde::{Deserialize, Serialize};

/// Whether the network reaches anything.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Connectivity {
    /// Nothing says either way: transfers run.
    #[default]
    Unknown,
    /// No network at all.
    None,
    /// A captive portal answers instead of the server (it would hand out its
    /// login page): transfers wait.
    Portal,
    /// Connected, but the system found no route to the internet; local
    /// servers may still answer, so transfers run.
    Limited,
    /// Fully connected.
    Full,
}

impl Connectivity {
    /// True when transfers must wait for the network.
    pub fn is_offline(self) -> bool {
        matches!(self, Connectivity::None | Connectivity::Portal)
    }

    /// Words for people.
    pub fn as_words(self) -> &'static str {
        match self {
            Connectivity::Unknown => "connectivity unknown",
            Connectivity::None => "offline",
            Connectivity::Portal => "behind a captive portal (log in to the network)",
            Connectivity::Limited => "limited connectivity",
            Connectivity::Full => "online",
        }
    }
}

/// Who told ferry about the network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkSource {
    /// Not read yet.
    #[default]
    NotYetKnown,
    /// NetworkManager over the system D-Bus.
    NetworkManager,
    /// NetworkManager is absent: the link state of the interfaces
    /// (connectivity only; cost comes from the user's switches).
    LinkState,
}

/// The network ferry transfers over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkState {
    pub source: NetworkSource,
    pub connectivity: Connectivity,
    /// The connection costs per byte (NetworkManager's Metered yes or
    /// guess-yes).
    pub metered: bool,
    /// The primary connection is a mobile one registered on a foreign
    /// network (ModemManager).
    pub roaming: bool,
}

impl NetworkState {
    /// "online, metered (NetworkManager)", for the CLI and the window.
    pub fn describe(&self) -> String {
        let mut words = self.connectivity.as_words().to_owned();
        if self.metered {
            words.push_str(", metered");
        }
        if self.roaming {
            words.push_str(", roaming");
        }
        let source = match self.source {
            NetworkSource::NotYetKnown => "not read yet",
            NetworkSource::NetworkManager => "NetworkManager",
            NetworkSource::LinkState => {
                "link state of the interfaces: NetworkManager is not running, so a metered \
                 network is known only from the switch"
            }
        };
        format!("{words} ({source})")
    }
}

/// Who told ferry about the power supply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PowerSource {
    /// Not read yet.
    #[default]
    NotYetKnown,
    /// UPower (and power-profiles-daemon when present) over the system D-Bus.
    UPower,
    /// UPower is absent: only the user's "save battery" switch applies.
    Absent,
}

/// The power supply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PowerState {
    pub source: PowerSource,
    pub on_battery: bool,
    /// Charge of the battery (UPower's display device), 0–100.
    pub battery_percent: Option<f64>,
    /// power-profiles-daemon's active profile is `power-saver`.
    pub power_saver: bool,
}

impl PowerState {
    /// "on battery, 54 % (UPower)", for the CLI and the window.
    pub fn describe(&self) -> String {
        let mut words = match (self.source, self.on_battery, self.battery_percent) {
            (PowerSource::UPower, true, Some(percent)) => format!("on battery, {percent:.0} %"),
            (PowerSource::UPower, true, None) => "on battery".to_owned(),
            (PowerSource::UPower, false, _) => "on mains power".to_owned(),
            (PowerSource::NotYetKnown, _, _) => "not read yet".to_owned(),
            (PowerSource::Absent, _, _) => {
                "battery unknown (UPower is not running; use the save-battery switch)".to_owned()
            }
        };
        if self.power_saver {
            words.push_str(", power saver on");
        }
        if self.source == PowerSource::UPower {
            words.push_str(" (UPower)");
        }
        words
    }
}

/// Everything the cost policy and the power policy decide on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SystemConditions {
    pub network: NetworkState,
    pub power: PowerState,
}

impl SystemConditions {
    /// True once both the network and the power supply were read (or found
    /// absent).
    pub fn is_known(&self) -> bool {
        self.network.source != NetworkSource::NotYetKnown
            && self.power.source != PowerSource::NotYetKnown
    }
}
