//! The status bar: total speed, active/queued/paused counts, the network and
//! the battery as ferry sees them with the transfers they hold, and the last
//! notice.

use ferry_i18n::tr;

use super::app::FerryApp;
use super::format;
use crate::model::{
    Connectivity, NetworkSource, PolicySwitches, PowerSource, Status, SystemConditions,
};

pub fn status_bar_ui(app: &mut FerryApp, ui: &mut egui::Ui) {
    let now_secs = app.now_secs();
    let (mut active, mut queued, mut paused) = (0, 0, 0);
    let mut held = HeldCounts::default();
    let mut total_speed = 0.0;
    for row in app.rows.rows() {
        match row.transfer.status {
            Status::Running => {
                active += 1;
                total_speed += row.speed.bytes_per_sec(now_secs);
            }
            Status::Idle => queued += 1,
            status if status.is_paused() => paused += 1,
            _ => {}
        }
        held.count(row.transfer.status);
    }
    ui.horizontal(|ui| {
        let speed = format::speed(total_speed);
        ui.label(if speed.is_empty() {
            tr!("status-bar-idle")
        } else {
            tr!("status-bar-total-speed", speed = speed)
        });
        ui.separator();
        ui.label(tr!(
            "status-bar-counts",
            active = active,
            queued = queued,
            paused = paused
        ));
        // What does not fit ends in an ellipsis; the tooltip has it all.
        for (words, explanation) in conditions_words(&app.conditions, &app.settings.policy, &held) {
            ui.separator();
            let label = ui.add(egui::Label::new(&words).truncate());
            label.on_hover_text(match explanation {
                Some(explanation) => format!("{words}\n{explanation}"),
                None => words,
            });
        }
        if let Some(notice) = &app.notice {
            ui.separator();
            ui.add(egui::Label::new(notice).truncate())
                .on_hover_text(notice);
        }
    });
}

/// Transfers held by each policy status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HeldCounts {
    pub no_network: usize,
    pub costed_network: usize,
    pub system_policy: usize,
}

impl HeldCounts {
    pub fn count(&mut self, status: Status) {
        match status {
            Status::PausedNoNetwork => self.no_network += 1,
            Status::PausedCostedNetwork => self.costed_network += 1,
            Status::PausedSystemPolicy => self.system_policy += 1,
            _ => {}
        }
    }
}

/// The network and power parts of the status bar, each with an optional
/// explanation for its tooltip.
pub fn conditions_words(
    conditions: &SystemConditions,
    switches: &PolicySwitches,
    held: &HeldCounts,
) -> Vec<(String, Option<String>)> {
    let mut words = Vec::new();
    let network = &conditions.network;
    let mut network_words = match network.connectivity {
        Connectivity::None => tr!("network-offline"),
        Connectivity::Portal => tr!("network-portal"),
        _ if switches.block_background_data => tr!("network-background-blocked"),
        _ if network.roaming => tr!("network-roaming"),
        _ if network.metered || switches.metered => tr!("network-metered"),
        Connectivity::Limited => tr!("network-limited"),
        Connectivity::Full | Connectivity::Unknown => tr!("network-plain"),
    };
    if network.source == NetworkSource::LinkState {
        network_words = tr!("network-link-state", network = network_words);
    }
    if held.no_network > 0 {
        network_words = tr!(
            "network-held-offline",
            network = network_words,
            count = held.no_network
        );
    } else if held.costed_network > 0 {
        network_words = if switches.block_background_data {
            tr!(
                "network-held-background",
                network = network_words,
                count = held.costed_network
            )
        } else {
            tr!(
                "network-held-metered",
                network = network_words,
                count = held.costed_network
            )
        };
    }
    let network_explanation = match network.source {
        NetworkSource::LinkState => Some(tr!("network-no-network-manager")),
        _ => Some(network.describe()),
    };
    words.push((network_words, network_explanation));

    let power = &conditions.power;
    let mut power_words = match (power.on_battery, power.battery_percent) {
        (true, Some(percent)) => tr!("power-battery-percent", percent = format!("{percent:.0}")),
        (true, None) => tr!("power-battery"),
        (false, _) if power.power_saver => tr!("power-saver"),
        (false, _) if switches.save_battery => tr!("power-saving-battery"),
        (false, _) => String::new(),
    };
    if held.system_policy > 0 {
        if power_words.is_empty() {
            power_words = tr!("power-held-by-policy");
        }
        power_words = tr!(
            "power-held",
            power = power_words,
            count = held.system_policy
        );
    }
    if !power_words.is_empty() {
        let explanation = match power.source {
            PowerSource::Absent => Some(tr!("power-no-upower")),
            _ => Some(power.describe()),
        };
        words.push((power_words, explanation));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NetworkState, PowerState};

    fn metered() -> SystemConditions {
        SystemConditions {
            network: NetworkState {
                source: NetworkSource::NetworkManager,
                connectivity: Connectivity::Full,
                metered: true,
                roaming: false,
            },
            power: PowerState::default(),
        }
    }

    fn words_only(words: Vec<(String, Option<String>)>) -> Vec<String> {
        words.into_iter().map(|(words, _)| words).collect()
    }

    #[test]
    fn the_network_line_counts_the_transfers_it_holds() {
        let held = HeldCounts {
            costed_network: 2,
            ..HeldCounts::default()
        };
        assert_eq!(
            words_only(conditions_words(
                &metered(),
                &PolicySwitches::default(),
                &held
            )),
            ["Metered network: 2 transfers waiting for an unmetered one"]
        );
        let mut offline = metered();
        offline.network.connectivity = Connectivity::None;
        let held = HeldCounts {
            no_network: 1,
            ..HeldCounts::default()
        };
        assert_eq!(
            words_only(conditions_words(
                &offline,
                &PolicySwitches::default(),
                &held
            )),
            ["Offline: 1 transfer waiting for the network"]
        );
    }

    #[test]
    fn battery_and_a_missing_network_manager_are_said() {
        let conditions = SystemConditions {
            network: NetworkState {
                source: NetworkSource::LinkState,
                connectivity: Connectivity::Full,
                ..NetworkState::default()
            },
            power: PowerState {
                source: PowerSource::UPower,
                on_battery: true,
                battery_percent: Some(15.0),
                power_saver: false,
            },
        };
        let held = HeldCounts {
            system_policy: 3,
            ..HeldCounts::default()
        };
        let words = conditions_words(&conditions, &PolicySwitches::default(), &held);
        assert_eq!(
            words_only(words.clone()),
            [
                "Network (link state)",
                "On battery 15 %: 3 transfers paused"
            ]
        );
        assert!(
            words[0]
                .1
                .as_deref()
                .is_some_and(|text| text.contains("NetworkManager is not running"))
        );
    }
}
