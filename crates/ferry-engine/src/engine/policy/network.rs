//! Follows the network: NetworkManager's `Connectivity`, `Metered` and
//! primary connection type (with ModemManager's registration state for
//! roaming), or, where NetworkManager is absent, the link state of the
//! interfaces in `/sys/class/net`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio::sync::watch;
use zbus::Connection;
use zbus::zvariant::{OwnedObjectPath, OwnedValue};

use super::bus;
use crate::model::{Connectivity, NetworkSource, NetworkState, SystemConditions};

const NETWORK_MANAGER: &str = "org.freedesktop.NetworkManager";
const NETWORK_MANAGER_PATH: &str = "/org/freedesktop/NetworkManager";
const MODEM_MANAGER: &str = "org.freedesktop.ModemManager1";
const MODEM_MANAGER_PATH: &str = "/org/freedesktop/ModemManager1";
const MODEM_3GPP: &str = "org.freedesktop.ModemManager1.Modem.Modem3gpp";
/// How often the link state is read while NetworkManager is absent.
const LINK_POLL: Duration = Duration::from_secs(2);

/// ModemManager's registration states that mean a foreign network: ROAMING,
/// ROAMING_SMS_ONLY, ROAMING_CSFB_NOT_PREFERRED.
const ROAMING_STATES: [u32; 3] = [5, 7, 10];

/// Writes the network into `conditions` now and on every change, until the
/// engine stops listening.
pub(super) async fn follow(
    connection: Option<Connection>,
    net_class_dir: PathBuf,
    conditions: watch::Sender<SystemConditions>,
) {
    let mut changes =
        bus::changes_if_connected(connection.as_ref(), &[NETWORK_MANAGER, MODEM_MANAGER]).await;
    let mut last_source = None;
    loop {
        let from_network_manager = match &connection {
            Some(connection) => read_network_manager(connection).await.ok(),
            None => None,
        };
        let state = match from_network_manager {
            Some(state) => state,
            None => link_state(&net_class_dir),
        };
        if last_source != Some(state.source) {
            say_source(state.source);
            last_source = Some(state.source);
        }
        tracing::debug!(?state, "network");
        let must_poll = state.source == NetworkSource::LinkState || changes.is_none();
        super::publish(&conditions, |conditions| &mut conditions.network, state);
        tokio::select! {
            () = conditions.closed() => return,
            change = bus::next_change(&mut changes) => if change.is_none() {
                // The bus connection ended: poll from now on.
                changes = None;
            },
            () = tokio::time::sleep(LINK_POLL), if must_poll => {}
        }
    }
}

fn say_source(source: NetworkSource) {
    match source {
        NetworkSource::NetworkManager => {
            tracing::info!("following the network through NetworkManager")
        }
        NetworkSource::LinkState => tracing::warn!(
            "NetworkManager is not running: ferry follows the interfaces' link state for \
             connectivity and cannot tell a metered network; use the switches in Settings \
             (ferry policy --metered on)"
        ),
        NetworkSource::NotYetKnown => {}
    }
}

/// The network as NetworkManager reports it; an error when it is absent.
async fn read_network_manager(connection: &Connection) -> zbus::Result<NetworkState> {
    let properties = bus::properties(
        connection,
        NETWORK_MANAGER,
        NETWORK_MANAGER_PATH,
        NETWORK_MANAGER,
    )
    .await?;
    // NMConnectivityState and NMMetered.
    let connectivity = match bus::property::<u32>(&properties, "Connectivity") {
        Some(1) => Connectivity::None,
        Some(2) => Connectivity::Portal,
        Some(3) => Connectivity::Limited,
        Some(4) => Connectivity::Full,
        _ => Connectivity::Unknown,
    };
    let metered = matches!(bus::property::<u32>(&properties, "Metered"), Some(1 | 3));
    let primary_type: String =
        bus::property(&properties, "PrimaryConnectionType").unwrap_or_default();
    let roaming =
        matches!(primary_type.as_str(), "gsm" | "cdma") && is_modem_roaming(connection).await;
    Ok(NetworkState {
        source: NetworkSource::NetworkManager,
        connectivity,
        metered,
        roaming,
    })
}

/// True when a modem ModemManager knows is registered on a foreign network
/// (false when ModemManager is absent).
async fn is_modem_roaming(connection: &Connection) -> bool {
    type ManagedObjects = std::collections::HashMap<
        OwnedObjectPath,
        std::collections::HashMap<String, std::collections::HashMap<String, OwnedValue>>,
    >;
    let modem_manager = bus::Object {
        service: MODEM_MANAGER,
        path: MODEM_MANAGER_PATH,
    };
    let objects: ManagedObjects = match bus::call(
        connection,
        modem_manager,
        "org.freedesktop.DBus.ObjectManager",
        "GetManagedObjects",
        &(),
    )
    .await
    {
        Ok(objects) => objects,
        Err(error) => {
            tracing::debug!(%error, "no answer from ModemManager: not roaming");
            return false;
        }
    };
    objects.values().any(|interfaces| {
        interfaces
            .get(MODEM_3GPP)
            .and_then(|properties| bus::property::<u32>(properties, "RegistrationState"))
            .is_some_and(|state| ROAMING_STATES.contains(&state))
    })
}

/// Connectivity from the link state of the interfaces in `net_class_dir`:
/// online when one that is not a loopback is up, offline when all are down,
/// unknown when there are none (or the folder cannot be read).
pub(super) fn link_state(net_class_dir: &Path) -> NetworkState {
    let mut seen_any = false;
    let mut any_up = false;
    if let Ok(entries) = std::fs::read_dir(net_class_dir) {
        for entry in entries.flatten() {
            let interface = entry.path();
            if is_loopback(&interface) {
                continue;
            }
            seen_any = true;
            let operstate =
                std::fs::read_to_string(interface.join("operstate")).unwrap_or_default();
            // "unknown" is what many virtual interfaces report while up.
            if matches!(operstate.trim(), "up" | "unknown") {
                any_up = true;
            }
        }
    }
    let connectivity = match (seen_any, any_up) {
        (false, _) => Connectivity::Unknown,
        (true, true) => Connectivity::Full,
        (true, false) => Connectivity::None,
    };
    NetworkState {
        source: NetworkSource::LinkState,
        connectivity,
        metered: false,
        roaming: false,
    }
}

/// ARPHRD_LOOPBACK in the interface's `type`, or named `lo`.
fn is_loopback(interface: &Path) -> bool {
    const ARPHRD_LOOPBACK: &str = "772";
    match std::fs::read_to_string(interface.join("type")) {
        Ok(kind) => kind.trim() == ARPHRD_LOOPBACK,
        Err(_) => interface.file_name().is_some_and(|name| name == "lo"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interface(folder: &Path, name: &str, kind: &str, operstate: &str) {
        let interface = folder.join(name);
        std::fs::create_dir(&interface).expect("interface folder");
        std::fs::write(interface.join("type"), format!("{kind}\n")).expect("type");
        std::fs::write(interface.join("operstate"), format!("{operstate}\n")).expect("operstate");
    }

    #[test]
    fn link_state_ignores_loopback_and_needs_one_interface_up() {
        let folder = tempfile::tempdir().expect("folder");
        assert_eq!(
            link_state(folder.path()).connectivity,
            Connectivity::Unknown
        );
        interface(folder.path(), "lo", "772", "unknown");
        assert_eq!(
            link_state(folder.path()).connectivity,
            Connectivity::Unknown
        );
        interface(folder.path(), "eth0", "1", "down");
        interface(folder.path(), "wlan0", "1", "dormant");
        assert_eq!(link_state(folder.path()).connectivity, Connectivity::None);
        std::fs::write(folder.path().join("wlan0/operstate"), "up\n").expect("up");
        let state = link_state(folder.path());
        assert_eq!(state.connectivity, Connectivity::Full);
        assert_eq!(state.source, NetworkSource::LinkState);
        assert!(!state.metered);
        assert_eq!(
            link_state(&folder.path().join("missing")).connectivity,
            Connectivity::Unknown
        );
    }
}
