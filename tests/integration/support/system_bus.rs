//! A private D-Bus (a real `dbus-daemon`) with small stand-in services that
//! own the real names and serve the real object paths, interfaces and
//! properties of NetworkManager, ModemManager, UPower and
//! power-profiles-daemon, and emit PropertiesChanged when a test changes
//! them. ferry is pointed at it as its system bus.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use zbus::object_server::{Interface, SignalEmitter};
use zbus::zvariant::OwnedObjectPath;

pub const NETWORK_MANAGER_PATH: &str = "/org/freedesktop/NetworkManager";
pub const MODEM_MANAGER_PATH: &str = "/org/freedesktop/ModemManager1";
pub const MODEM_PATH: &str = "/org/freedesktop/ModemManager1/Modem/0";
pub const UPOWER_PATH: &str = "/org/freedesktop/UPower";
pub const DISPLAY_DEVICE_PATH: &str = "/org/freedesktop/UPower/devices/DisplayDevice";
pub const POWER_PROFILES_PATH: &str = "/org/freedesktop/UPower/PowerProfiles";

/// NMConnectivityState values.
pub const CONNECTIVITY_NONE: u32 = 1;
pub const CONNECTIVITY_PORTAL: u32 = 2;
pub const CONNECTIVITY_FULL: u32 = 4;
/// NMMetered values.
pub const METERED_YES: u32 = 1;
pub const METERED_NO: u32 = 2;
pub const METERED_GUESS_YES: u32 = 3;
/// MMModem3gppRegistrationState values.
pub const REGISTERED_HOME: u32 = 1;
pub const REGISTERED_ROAMING: u32 = 5;

/// The manager object of NetworkManager (the properties ferry reads).
pub struct NetworkManager {
    pub connectivity: u32,
    pub metered: u32,
    pub primary_connection_type: String,
}

#[zbus::interface(name = "org.freedesktop.NetworkManager")]
impl NetworkManager {
    #[zbus(property)]
    fn connectivity(&self) -> u32 {
        self.connectivity
    }

    #[zbus(property)]
    fn metered(&self) -> u32 {
        self.metered
    }

    #[zbus(property)]
    fn primary_connection_type(&self) -> String {
        self.primary_connection_type.clone()
    }
}

/// A modem's 3GPP interface in ModemManager.
pub struct Modem3gpp {
    pub registration_state: u32,
}

#[zbus::interface(name = "org.freedesktop.ModemManager1.Modem.Modem3gpp")]
impl Modem3gpp {
    #[zbus(property)]
    fn registration_state(&self) -> u32 {
        self.registration_state
    }
}

/// UPower's manager object.
pub struct UPower {
    pub on_battery: bool,
}

#[zbus::interface(name = "org.freedesktop.UPower")]
impl UPower {
    #[zbus(property)]
    fn on_battery(&self) -> bool {
        self.on_battery
    }
}

/// UPower's display device (the battery as the desktop shows it).
pub struct DisplayDevice {
    pub percentage: f64,
}

#[zbus::interface(name = "org.freedesktop.UPower.Device")]
impl DisplayDevice {
    #[zbus(property)]
    fn percentage(&self) -> f64 {
        self.percentage
    }

    #[zbus(property)]
    fn is_present(&self) -> bool {
        true
    }
}

/// power-profiles-daemon.
pub struct PowerProfiles {
    pub active_profile: String,
}

#[zbus::interface(name = "org.freedesktop.UPower.PowerProfiles")]
impl PowerProfiles {
    #[zbus(property)]
    fn active_profile(&self) -> String {
        self.active_profile.clone()
    }
}

/// A private bus and the stand-ins on it; all stop when dropped.
pub struct PrivateBus {
    daemon: Child,
    pub address: String,
    runtime: tokio::runtime::Runtime,
    services: Vec<zbus::Connection>,
}

impl PrivateBus {
    pub fn start() -> Self {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dbus-daemon (Debian package dbus-daemon) must be installed");
        let stdout = daemon.stdout.take().expect("dbus-daemon stdout");
        let mut address = String::new();
        BufReader::new(stdout)
            .read_line(&mut address)
            .expect("bus address");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("bus runtime");
        PrivateBus {
            daemon,
            address: address.trim().to_owned(),
            runtime,
            services: Vec::new(),
        }
    }

    /// Runs `work` with a connection of its own to this bus that owns
    /// `name` (a tray host, say), and keeps the connection open.
    pub fn connect_as(&mut self, name: &str) -> zbus::Connection {
        let builder = zbus::connection::Builder::address(self.address.as_str())
            .expect("address")
            .name(name.to_owned())
            .expect("name");
        let connection = self
            .runtime
            .block_on(builder.build())
            .unwrap_or_else(|error| panic!("cannot connect as {name}: {error}"));
        self.services.push(connection.clone());
        connection
    }

    /// Runs a future on the bus's runtime.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Puts a service named `name` on the bus, serving `objects`.
    fn serve(&mut self, name: &str, objects: impl FnOnce(ServiceBuilder) -> ServiceBuilder) {
        let builder = zbus::connection::Builder::address(self.address.as_str())
            .expect("address")
            .name(name.to_owned())
            .expect("name");
        let builder = objects(ServiceBuilder(builder)).0;
        let connection = self
            .runtime
            .block_on(builder.build())
            .unwrap_or_else(|error| panic!("cannot serve {name}: {error}"));
        self.services.push(connection);
    }

    pub fn serve_network_manager(&mut self, connectivity: u32, metered: u32, primary: &str) {
        let manager = NetworkManager {
            connectivity,
            metered,
            primary_connection_type: primary.to_owned(),
        };
        self.serve("org.freedesktop.NetworkManager", |service| {
            service.at(NETWORK_MANAGER_PATH, manager)
        });
    }

    /// ModemManager with one modem in `registration_state`.
    pub fn serve_modem_manager(&mut self, registration_state: u32) {
        self.serve("org.freedesktop.ModemManager1", |service| {
            service
                .at(MODEM_MANAGER_PATH, zbus::fdo::ObjectManager)
                .at(MODEM_PATH, Modem3gpp { registration_state })
        });
    }

    pub fn serve_upower(&mut self, on_battery: bool, percentage: f64) {
        self.serve("org.freedesktop.UPower", |service| {
            service
                .at(UPOWER_PATH, UPower { on_battery })
                .at(DISPLAY_DEVICE_PATH, DisplayDevice { percentage })
        });
    }

    pub fn serve_power_profiles(&mut self, active_profile: &str) {
        let profiles = PowerProfiles {
            active_profile: active_profile.to_owned(),
        };
        self.serve("org.freedesktop.UPower.PowerProfiles", |service| {
            service.at(POWER_PROFILES_PATH, profiles)
        });
    }

    /// Changes a stand-in's state and emits PropertiesChanged for it, as
    /// the real service does.
    pub fn change<I: Interface>(&self, path: &str, change: impl FnOnce(&mut I)) {
        let path: OwnedObjectPath = path.try_into().expect("object path");
        self.runtime.block_on(async {
            for connection in &self.services {
                let Ok(interface) = connection.object_server().interface::<_, I>(&path).await
                else {
                    continue;
                };
                let emitter: SignalEmitter<'_> = interface.signal_emitter().clone();
                let mut object = interface.get_mut().await;
                change(&mut object);
                // Every property of the interface, as changed.
                let properties =
                    object.get_all(connection.object_server(), connection, None, &emitter);
                let all = properties.await.expect("properties");
                let changed: std::collections::HashMap<&str, zbus::zvariant::Value<'_>> = all
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.try_clone().expect("value").into()))
                    .collect();
                zbus::fdo::Properties::properties_changed(
                    &emitter,
                    I::name(),
                    changed,
                    std::borrow::Cow::Borrowed(&[]),
                )
                .await
                .expect("PropertiesChanged");
                return;
            }
            panic!("no stand-in serves {path}");
        });
    }

    /// Takes the named service off the bus (as when it stops).
    pub fn stop_service(&mut self, name: &str) {
        let name = name.to_owned();
        let runtime = &self.runtime;
        self.services.retain(|connection| {
            let owned = runtime.block_on(connection.release_name(name.as_str()));
            !owned.unwrap_or(false)
        });
    }
}

/// Objects one stand-in service serves.
pub struct ServiceBuilder(zbus::connection::Builder<'static>);

impl ServiceBuilder {
    fn at(self, path: &'static str, object: impl Interface) -> Self {
        ServiceBuilder(self.0.serve_at(path, object).expect("serve_at"))
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        self.services.clear();
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
