//! Follows the power supply: UPower's `OnBattery` and the display device's
//! charge, and power-profiles-daemon's active profile. Where UPower is
//! absent, only the user's "save battery" switch applies.

use tokio::sync::watch;
use zbus::Connection;

use super::bus;
use crate::model::{PowerSource, PowerState, SystemConditions};

const UPOWER: &str = "org.freedesktop.UPower";
const UPOWER_PATH: &str = "/org/freedesktop/UPower";
const DISPLAY_DEVICE_PATH: &str = "/org/freedesktop/UPower/devices/DisplayDevice";
const DEVICE: &str = "org.freedesktop.UPower.Device";
/// power-profiles-daemon's names, newest first (service and interface share
/// the name).
const POWER_PROFILES: [(&str, &str); 2] = [
    (
        "org.freedesktop.UPower.PowerProfiles",
        "/org/freedesktop/UPower/PowerProfiles",
    ),
    ("net.hadess.PowerProfiles", "/net/hadess/PowerProfiles"),
];

/// How often the power supply is read when its signals cannot be followed.
const POLL_WITHOUT_SIGNALS: std::time::Duration = std::time::Duration::from_secs(30);

/// Writes the power supply into `conditions` now and on every change, until
/// the engine stops listening.
pub(super) async fn follow(
    connection: Option<Connection>,
    conditions: watch::Sender<SystemConditions>,
) {
    let services = [UPOWER, POWER_PROFILES[0].0, POWER_PROFILES[1].0];
    let mut changes = bus::changes_if_connected(connection.as_ref(), &services).await;
    let mut last_source = None;
    loop {
        let state = match &connection {
            Some(connection) => read_power(connection).await,
            None => PowerState {
                source: PowerSource::Absent,
                ..PowerState::default()
            },
        };
        if last_source != Some(state.source) {
            if state.source == PowerSource::Absent {
                tracing::warn!(
                    "UPower is not running: ferry cannot see the battery; use the \"save battery\" \
                     switch in Settings (ferry policy --save-battery on)"
                );
            }
            last_source = Some(state.source);
        }
        tracing::debug!(?state, "power");
        super::publish(&conditions, |conditions| &mut conditions.power, state);
        // On a bus whose signals cannot be followed, read every so often.
        let must_poll = connection.is_some() && changes.is_none();
        tokio::select! {
            () = conditions.closed() => return,
            change = bus::next_change(&mut changes) => if change.is_none() {
                changes = None;
            },
            () = tokio::time::sleep(POLL_WITHOUT_SIGNALS), if must_poll => {}
        }
    }
}

/// The power supply as UPower and power-profiles-daemon report it.
async fn read_power(connection: &Connection) -> PowerState {
    let power_saver = read_power_saver(connection).await;
    let Ok(upower) = bus::properties(connection, UPOWER, UPOWER_PATH, UPOWER).await else {
        return PowerState {
            source: PowerSource::Absent,
            power_saver,
            ..PowerState::default()
        };
    };
    let battery_percent =
        match bus::properties(connection, UPOWER, DISPLAY_DEVICE_PATH, DEVICE).await {
            Ok(device) if bus::property::<bool>(&device, "IsPresent").unwrap_or(false) => {
                bus::property::<f64>(&device, "Percentage")
            }
            _ => None,
        };
    PowerState {
        source: PowerSource::UPower,
        on_battery: bus::property::<bool>(&upower, "OnBattery").unwrap_or(false),
        battery_percent,
        power_saver,
    }
}

/// True when power-profiles-daemon's active profile is `power-saver`.
async fn read_power_saver(connection: &Connection) -> bool {
    for (service, path) in POWER_PROFILES {
        if let Ok(properties) = bus::properties(connection, service, path, service).await {
            let profile: String = bus::property(&properties, "ActiveProfile").unwrap_or_default();
            return profile == "power-saver";
        }
    }
    false
}
