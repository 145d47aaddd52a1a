//! A real Secret Service for tests: `gnome-keyring-daemon` (Debian
//! gnome-keyring), secrets component only, its login keyring unlocked,
//! on a private session bus, with its files in a folder of its own.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::notifications::has_owner;
use super::system_bus::PrivateBus;

/// gnome-keyring and its bus; both stop when dropped.
pub struct SecretService {
    pub bus: PrivateBus,
    daemon: Child,
    _home: tempfile::TempDir,
}

impl SecretService {
    pub fn start() -> Self {
        let bus = PrivateBus::start();
        let home = tempfile::tempdir().expect("keyring home");
        let runtime_dir = home.path().join("run");
        std::fs::create_dir(&runtime_dir).expect("mkdir");
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon (Debian package gnome-keyring) must be installed");
        // The login keyring's password, on stdin.
        let mut stdin = daemon.stdin.take().expect("stdin");
        stdin.write_all(b"test-login").expect("password");
        drop(stdin);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !bus.block_on(has_owner(&bus.address, "org.freedesktop.secrets")) {
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon did not come up"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SecretService {
            bus,
            daemon,
            _home: home,
        }
    }

    /// How many items ferry keeps for `transfer_id` (the keyring crate's
    /// attributes: service and username).
    pub fn items_of(&self, transfer_id: &str) -> usize {
        let address = self.bus.address.clone();
        let transfer_id = transfer_id.to_owned();
        self.bus.block_on(async move {
            let connection = zbus::connection::Builder::address(address.as_str())
                .expect("address")
                .build()
                .await
                .expect("connect");
            let attributes =
                HashMap::from([("service", "ferry"), ("username", transfer_id.as_str())]);
            let reply = connection
                .call_method(
                    Some("org.freedesktop.secrets"),
                    "/org/freedesktop/secrets",
                    Some("org.freedesktop.Secret.Service"),
                    "SearchItems",
                    &(attributes,),
                )
                .await
                .expect("SearchItems");
            let (unlocked, locked): (
                Vec<zbus::zvariant::OwnedObjectPath>,
                Vec<zbus::zvariant::OwnedObjectPath>,
            ) = reply.body().deserialize().expect("paths");
            unlocked.len() + locked.len()
        })
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}
