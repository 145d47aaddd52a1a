//! A state folder with its service, for the tests of the service and its
//! clients: the service (the real binary, started by a client) is stopped
//! when the folder goes.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ferry::engine::EngineHandle;
use ferry::model::Status;
use ferry::service::{ClientOptions, RemoteEngine};

use super::ferry_binary;
use crate::cli::{ferry, stderr_of};

/// A state folder whose service is stopped when the test ends.
pub struct ServiceFolder {
    pub root: tempfile::TempDir,
    /// The session bus the service is started with, if any.
    bus_address: Option<String>,
}

impl ServiceFolder {
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("dir");
        std::fs::create_dir(root.path().join("downloads")).expect("mkdir");
        ServiceFolder {
            root,
            bus_address: None,
        }
    }

    /// A folder whose commands (and so its service) use this session bus.
    pub fn on_bus(address: &str) -> Self {
        let mut folder = ServiceFolder::new();
        folder.bus_address = Some(address.to_owned());
        folder
    }

    pub fn state_dir(&self) -> PathBuf {
        self.root.path().join("state")
    }

    pub fn downloads(&self) -> PathBuf {
        self.root.path().join("downloads")
    }

    pub fn ferry(&self, arguments: &[&str]) -> std::process::Output {
        match &self.bus_address {
            None => ferry(&self.state_dir(), arguments),
            Some(address) => std::process::Command::new(ferry_binary())
                .arg("--state-dir")
                .arg(self.state_dir())
                .args(arguments)
                .env("DBUS_SESSION_BUS_ADDRESS", address)
                .stdin(std::process::Stdio::null())
                .output()
                .expect("run ferry"),
        }
    }

    /// `ferry add ARGUMENTS... -d DOWNLOADS`, which must succeed: the IDs
    /// it printed.
    pub fn add_with(&self, arguments: &[&str]) -> Vec<String> {
        let downloads = self.downloads();
        let mut all = vec!["add", "-d", downloads.to_str().expect("utf-8")];
        all.extend_from_slice(arguments);
        let added = self.ferry(&all);
        assert_eq!(added.status.code(), Some(0), "{}", stderr_of(&added));
        String::from_utf8_lossy(&added.stdout)
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// `ferry add URL -d DOWNLOADS`: the IDs it printed.
    pub fn add(&self, url: &str) -> Vec<String> {
        self.add_with(&[url])
    }

    /// A client as the window has one, starting the service if needed.
    pub fn client(&self) -> RemoteEngine {
        let options = ClientOptions {
            service_program: Some(ferry_binary()),
            reconnect: true,
            is_window: true,
        };
        RemoteEngine::connect(&self.state_dir(), options, None)
            .expect("connect")
            .expect("a service")
    }

    pub fn service_pid(&self) -> Option<u32> {
        RemoteEngine::connect(
            &self.state_dir(),
            ClientOptions::running_service_only(),
            None,
        )
        .expect("connect")
        .map(|remote| remote.service_pid())
    }
}

impl ServiceFolder {
    /// Kills the service with SIGKILL and waits until its lock is gone.
    pub fn kill_service(&self) {
        let pid = self.service_pid().expect("a service runs");
        let killed = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while ferry::store::is_locked(&self.state_dir()) {
            assert!(
                Instant::now() < deadline,
                "the killed service still holds the lock"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for ServiceFolder {
    fn drop(&mut self) {
        let _ = self.ferry(&["quit"]);
    }
}

/// Waits until `check` holds for the handle's snapshot, or panics.
pub fn wait_until(handle: &EngineHandle, what: &str, check: impl Fn(&EngineHandle) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check(handle) {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn status_of(handle: &EngineHandle, short_id: &str) -> Option<Status> {
    handle
        .snapshot()
        .into_iter()
        .find(|transfer| transfer.transfer_id().short() == short_id)
        .map(|transfer| transfer.status)
}
