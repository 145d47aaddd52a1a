//! The machine's state as ferry sees it: the network (connectivity, cost)
//! and the power supply, and where each reading came from. The engine's
//! policy watchers fill it in; the cost table and the window read it.

use ferry_i18n::tr;
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
    pub fn as_words(self) -> String {
        match self {
            Connectivity::Unknown => tr!("connectivity-unknown"),
            Connectivity::None => tr!("connectivity-none"),
            Connectivity::Portal => tr!("connectivity-portal"),
            Connectivity::Limited => tr!("connectivity-limited"),
            Connectivity::Full => tr!("connectivity-full"),
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
        let mut words = vec![self.connectivity.as_words()];
        if self.metered {
            words.push(tr!("network-state-metered"));
        }
        if self.roaming {
            words.push(tr!("network-state-roaming"));
        }
        let source = match self.source {
            NetworkSource::NotYetKnown => tr!("source-not-read-yet"),
            NetworkSource::NetworkManager => "NetworkManager".to_owned(),
            NetworkSource::LinkState => tr!("network-source-link-state"),
        };
        tr!(
            "state-with-source",
            state = words.join(", "),
            source = source
        )
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
            (PowerSource::UPower, true, Some(percent)) => {
                tr!(
                    "power-state-battery-percent",
                    percent = format!("{percent:.0}")
                )
            }
            (PowerSource::UPower, true, None) => tr!("power-state-battery"),
            (PowerSource::UPower, false, _) => tr!("power-state-mains"),
            (PowerSource::NotYetKnown, _, _) => tr!("source-not-read-yet"),
            (PowerSource::Absent, _, _) => tr!("power-state-unknown"),
        };
        if self.power_saver {
            words = format!("{words}, {}", tr!("power-state-saver"));
        }
        if self.source == PowerSource::UPower {
            words = tr!("state-with-source", state = words, source = "UPower");
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
