//! Policies fed by the machine's state: watchers that follow the network
//! (NetworkManager, ModemManager, link state) and the power supply (UPower,
//! power-profiles-daemon) over the system D-Bus, and the table that turns
//! that state, the user's switches and a transfer's cost policy into "run"
//! or the paused status to wait in.

mod bus;
pub mod cost;
mod network;
mod power;

use std::path::PathBuf;

use tokio::sync::watch;

pub use bus::SystemBus;

use crate::model::SystemConditions;

/// Writes `value` into the part of `conditions` that `part` picks; the
/// receivers hear of it only when it changed.
fn publish<T: PartialEq>(
    conditions: &watch::Sender<SystemConditions>,
    part: impl FnOnce(&mut SystemConditions) -> &mut T,
    value: T,
) {
    conditions.send_if_modified(|conditions| {
        let current = part(conditions);
        let changed = *current != value;
        *current = value;
        changed
    });
}

/// Spawns the watchers on the current runtime; they write into `conditions`
/// until every receiver is gone.
pub(crate) fn start(
    system_bus: SystemBus,
    net_class_dir: PathBuf,
    conditions: watch::Sender<SystemConditions>,
) {
    tokio::spawn(async move {
        let connection = bus::connect(&system_bus).await;
        tokio::join!(
            network::follow(connection.clone(), net_class_dir, conditions.clone()),
            power::follow(connection, conditions),
        );
    });
}
