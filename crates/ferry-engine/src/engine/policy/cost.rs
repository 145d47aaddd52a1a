//! The policy table: given the machine's state and the user's switches,
//! whether a transfer may run now or which paused status it waits in. Pure,
//! so every row of the cost table is a unit test.

use crate::model::{
    Connectivity, CostPolicy, PolicySwitches, Status, SystemConditions, TimeWindow,
};
use ferry_i18n::tr;

/// What a transfer needs to know about itself for the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransferNeeds {
    pub cost_policy: CostPolicy,
    /// Runs on battery and in power-saving mode too.
    pub unconstrained: bool,
}

/// Why a transfer waits: the paused status and the reason in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    pub status: Status,
    pub reason: String,
}

impl Hold {
    fn new(status: Status, reason: impl Into<String>) -> Self {
        Hold {
            status,
            reason: reason.into(),
        }
    }
}

/// Everything the table decides on besides the transfer itself.
#[derive(Clone, Copy, Debug)]
pub struct Circumstances<'a> {
    pub conditions: &'a SystemConditions,
    pub switches: &'a PolicySwitches,
    /// The schedule's "only run between" window, when now is outside it.
    pub outside_hours: Option<TimeWindow>,
}

/// `None` when the transfer may run; otherwise the status it waits in and
/// why. The network comes first (nothing runs offline), then cost, then the
/// schedule, then power.
pub fn hold(circumstances: &Circumstances<'_>, needs: TransferNeeds) -> Option<Hold> {
    let Circumstances {
        conditions,
        switches,
        outside_hours,
    } = *circumstances;
    let network = &conditions.network;
    match network.connectivity {
        Connectivity::None => {
            return Some(Hold::new(Status::PausedNoNetwork, tr!("hold-no-network")));
        }
        Connectivity::Portal => {
            return Some(Hold::new(Status::PausedNoNetwork, tr!("hold-portal")));
        }
        Connectivity::Unknown | Connectivity::Limited | Connectivity::Full => {}
    }
    if let Some(reason) = cost_reason(conditions, switches, needs.cost_policy) {
        return Some(Hold::new(Status::PausedCostedNetwork, reason));
    }
    if let Some(window) = outside_hours {
        return Some(Hold::new(
            Status::PausedSystemPolicy,
            tr!("hold-outside-hours", window = window.to_string()),
        ));
    }
    if !needs.unconstrained
        && let Some(reason) = power_reason(conditions, switches)
    {
        return Some(Hold::new(Status::PausedSystemPolicy, reason));
    }
    None
}

/// Why prefetching waits, or `None` when it may run: Windows' prefetcher
/// fetches only when conditions are good, so an entry refreshes only where
/// a transfer with cost policy unrestricted-only would run (no metered
/// network, inside the schedule, not in power saving) and never on battery.
pub fn prefetch_hold(circumstances: &Circumstances<'_>) -> Option<String> {
    let needs = TransferNeeds {
        cost_policy: CostPolicy::UnrestrictedOnly,
        unconstrained: false,
    };
    if let Some(hold) = hold(circumstances, needs) {
        return Some(hold.reason);
    }
    circumstances
        .conditions
        .power
        .on_battery
        .then(|| tr!("hold-on-battery"))
}

/// The cost table of Windows' `BackgroundTransferCostPolicy`: on a metered network `UnrestrictedOnly` waits;
/// roaming or over the data limit, `Default` waits too; `Always` waits only
/// when the user blocked background data.
fn cost_reason(
    conditions: &SystemConditions,
    switches: &PolicySwitches,
    cost_policy: CostPolicy,
) -> Option<String> {
    if switches.block_background_data {
        return Some(tr!("hold-background-blocked"));
    }
    let network = &conditions.network;
    let metered = network.metered || network.roaming || switches.metered;
    match cost_policy {
        CostPolicy::Always => None,
        // Roaming is metered; a data limit belongs to a metered connection.
        CostPolicy::Default if network.roaming => Some(tr!("hold-roaming")),
        CostPolicy::Default if metered && switches.over_data_limit => {
            Some(tr!("hold-over-data-limit"))
        }
        CostPolicy::Default => None,
        CostPolicy::UnrestrictedOnly if metered => Some(tr!("hold-metered")),
        CostPolicy::UnrestrictedOnly => None,
    }
}

/// On battery below the threshold, or in power-saving mode (the system's or
/// the user's switch).
fn power_reason(conditions: &SystemConditions, switches: &PolicySwitches) -> Option<String> {
    let power = &conditions.power;
    let threshold = switches.battery_threshold_percent;
    if power.on_battery
        && power
            .battery_percent
            .is_some_and(|percent| percent < f64::from(threshold))
    {
        return Some(tr!("hold-battery-below", threshold = threshold));
    }
    if power.power_saver {
        return Some(tr!("hold-power-saver"));
    }
    if switches.save_battery {
        return Some(tr!("hold-save-battery"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NetworkState, PowerState};

    fn hold_status(
        conditions: &SystemConditions,
        switches: &PolicySwitches,
        needs: TransferNeeds,
    ) -> Option<Status> {
        let circumstances = Circumstances {
            conditions,
            switches,
            outside_hours: None,
        };
        hold(&circumstances, needs).map(|hold| hold.status)
    }

    const DEFAULT: TransferNeeds = TransferNeeds {
        cost_policy: CostPolicy::Default,
        unconstrained: false,
    };
    const UNRESTRICTED_ONLY: TransferNeeds = TransferNeeds {
        cost_policy: CostPolicy::UnrestrictedOnly,
        unconstrained: false,
    };
    const ALWAYS: TransferNeeds = TransferNeeds {
        cost_policy: CostPolicy::Always,
        unconstrained: false,
    };

    fn network(connectivity: Connectivity, metered: bool, roaming: bool) -> SystemConditions {
        SystemConditions {
            network: NetworkState {
                connectivity,
                metered,
                roaming,
                ..NetworkState::default()
            },
            power: PowerState::default(),
        }
    }

    /// The three policies' answers, in the order Default, UnrestrictedOnly,
    /// Always.
    fn row(conditions: &SystemConditions, switches: &PolicySwitches) -> [Option<Status>; 3] {
        [DEFAULT, UNRESTRICTED_ONLY, ALWAYS].map(|needs| hold_status(conditions, switches, needs))
    }

    const RUN: Option<Status> = None;
    const COSTED: Option<Status> = Some(Status::PausedCostedNetwork);

    #[test]
    fn the_cost_table_of_background_transfer_cost_policy() {
        let none = PolicySwitches::default();
        let full = Connectivity::Full;
        assert_eq!(row(&network(full, false, false), &none), [RUN, RUN, RUN]);
        assert_eq!(row(&network(full, true, false), &none), [RUN, COSTED, RUN]);
        assert_eq!(
            row(&network(full, true, true), &none),
            [COSTED, COSTED, RUN]
        );
        let over_limit = PolicySwitches {
            over_data_limit: true,
            ..none
        };
        assert_eq!(
            row(&network(full, true, false), &over_limit),
            [COSTED, COSTED, RUN]
        );
        // No data limit applies to an unmetered network.
        assert_eq!(
            row(&network(full, false, false), &over_limit),
            [RUN, RUN, RUN]
        );
        let blocked = PolicySwitches {
            block_background_data: true,
            ..none
        };
        assert_eq!(
            row(&network(full, false, false), &blocked),
            [COSTED, COSTED, COSTED]
        );
        let metered_by_hand = PolicySwitches {
            metered: true,
            ..none
        };
        assert_eq!(
            row(
                &network(Connectivity::Unknown, false, false),
                &metered_by_hand
            ),
            [RUN, COSTED, RUN]
        );
    }

    #[test]
    fn prefetching_waits_for_an_unmetered_network_and_mains_power() {
        let switches = PolicySwitches::default();
        let prefetch = |conditions: &SystemConditions| {
            prefetch_hold(&Circumstances {
                conditions,
                switches: &switches,
                outside_hours: None,
            })
        };
        let mut conditions = network(Connectivity::Full, false, false);
        assert_eq!(prefetch(&conditions), None);
        conditions.network.metered = true;
        assert!(prefetch(&conditions).is_some_and(|reason| reason.contains("metered")));
        conditions.network.metered = false;
        // A full battery still holds it back (a transfer would run).
        conditions.power = PowerState {
            on_battery: true,
            battery_percent: Some(100.0),
            ..PowerState::default()
        };
        assert_eq!(prefetch(&conditions).as_deref(), Some("on battery"));
        conditions.power = PowerState {
            power_saver: true,
            ..PowerState::default()
        };
        assert!(prefetch(&conditions).is_some());
    }

    #[test]
    fn no_network_holds_everything_first() {
        let offline = Some(Status::PausedNoNetwork);
        let blocked = PolicySwitches {
            block_background_data: true,
            ..PolicySwitches::default()
        };
        for connectivity in [Connectivity::None, Connectivity::Portal] {
            assert_eq!(
                row(&network(connectivity, true, true), &blocked),
                [offline; 3]
            );
        }
        for connectivity in [Connectivity::Unknown, Connectivity::Limited] {
            assert_eq!(
                row(
                    &network(connectivity, false, false),
                    &PolicySwitches::default()
                ),
                [RUN; 3]
            );
        }
    }

    #[test]
    fn outside_the_schedules_hours_everything_waits() {
        let window = TimeWindow {
            days: crate::model::Weekdays::EVERY_DAY,
            start_minute: 22 * 60,
            end_minute: 6 * 60,
        };
        let unconstrained = TransferNeeds {
            unconstrained: true,
            ..ALWAYS
        };
        let held = hold(
            &Circumstances {
                conditions: &SystemConditions::default(),
                switches: &PolicySwitches::default(),
                outside_hours: Some(window),
            },
            unconstrained,
        )
        .expect("held");
        assert_eq!(held.status, Status::PausedSystemPolicy);
        assert_eq!(
            held.reason,
            "outside the schedule's hours (runs daily 22:00-06:00)"
        );
    }

    #[test]
    fn battery_and_power_saving_hold_all_but_unconstrained() {
        let switches = PolicySwitches::default();
        let power = |on_battery, percent, power_saver| SystemConditions {
            network: NetworkState::default(),
            power: PowerState {
                on_battery,
                battery_percent: Some(percent),
                power_saver,
                ..PowerState::default()
            },
        };
        let unconstrained = TransferNeeds {
            unconstrained: true,
            ..ALWAYS
        };
        let system = Some(Status::PausedSystemPolicy);
        assert_eq!(
            hold_status(&power(true, 19.5, false), &switches, ALWAYS),
            system
        );
        assert_eq!(
            hold_status(&power(true, 20.0, false), &switches, ALWAYS),
            RUN
        );
        // Charging at 5 %: on mains, nothing to save.
        assert_eq!(
            hold_status(&power(false, 5.0, false), &switches, ALWAYS),
            RUN
        );
        assert_eq!(
            hold_status(&power(false, 90.0, true), &switches, DEFAULT),
            system
        );
        assert_eq!(
            hold_status(&power(true, 5.0, true), &switches, unconstrained),
            RUN
        );
        let save_battery = PolicySwitches {
            save_battery: true,
            ..switches
        };
        assert_eq!(
            hold_status(&power(false, 100.0, false), &save_battery, DEFAULT),
            system
        );
        let lower_threshold = PolicySwitches {
            battery_threshold_percent: 10,
            ..switches
        };
        assert_eq!(
            hold_status(&power(true, 15.0, false), &lower_threshold, DEFAULT),
            RUN
        );
    }
}
