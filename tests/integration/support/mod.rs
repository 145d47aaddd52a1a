//! Shared test harness: the HTTP test server, an engine in a temp state
//! directory, and small helpers.

#![allow(dead_code)]

pub mod browsers;
pub mod ftp;
pub mod keyring;
pub mod nginx;
pub mod notifications;
pub mod real_proxy;
pub mod server;
pub mod service;
pub mod socks;
pub mod system_bus;
pub mod tus;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ferry::engine::policy::SystemBus;
use ferry::engine::{Command, Engine, EngineConfig, EngineError, EngineHandle, Event};
use ferry::model::{Destination, Status, Transfer, TransferId, TransferSpec};
use ferry::store::StateStore;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

/// Deterministic test content.
pub fn test_bytes(length: usize, pattern: u8) -> Vec<u8> {
    (0..length)
        .map(|index| {
            (index as u32)
                .wrapping_mul(2_654_435_761)
                .rotate_left(pattern as u32 % 31) as u8
                ^ pattern
        })
        .collect()
}

/// Waits until something listens on 127.0.0.1:`port` (a server the test
/// started), at most 10 s; then fails with `why_not`'s words.
pub fn wait_until_listening(port: u16, why_not: impl Fn() -> String) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "{}", why_not());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The least time `size` bytes take at `rate` bytes per second after the
/// limiter's burst (a tenth of a second's worth), with 5 % to spare.
pub fn least_time(size: usize, rate: u64) -> Duration {
    Duration::from_secs_f64((size as f64 - rate as f64 / 10.0) / rate as f64 * 0.95)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Engine settings for tests: short delays, so retries do not slow the suite.
pub fn fast_config() -> EngineConfig {
    EngineConfig {
        retry_base_delay: Duration::from_millis(50),
        stall_timeout: Duration::from_secs(5),
        checkpoint_interval: Duration::from_millis(100),
        min_share_bytes: 64 * 1024,
        // The host's network and battery must not decide a test: no system
        // bus, no interfaces (connectivity unknown, so transfers run).
        system_bus: SystemBus::Disabled,
        net_class_dir: PathBuf::from("/nonexistent/ferry-tests/net"),
        ..EngineConfig::default()
    }
}

/// An engine over a temporary state directory, with a download folder.
pub struct Harness {
    pub state_dir: tempfile::TempDir,
    pub download_dir: tempfile::TempDir,
    pub engine: Option<Engine>,
    pub handle: EngineHandle,
    pub events: mpsc::Receiver<Event>,
    pub runtime: tokio::runtime::Runtime,
    pub config: EngineConfig,
}

impl Harness {
    pub fn start() -> Self {
        Self::start_with(fast_config())
    }

    pub fn start_with(config: EngineConfig) -> Self {
        let state_dir = tempfile::tempdir().expect("state dir");
        let download_dir = tempfile::tempdir().expect("download dir");
        let (engine, handle, events) = start_engine(state_dir.path(), config.clone());
        Harness {
            state_dir,
            download_dir,
            engine: Some(engine),
            handle,
            events,
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime"),
            config,
        }
    }

    /// Stops the engine (saving) and starts a new one on the same state.
    pub fn restart(&mut self) {
        if let Some(engine) = self.engine.take() {
            engine.shutdown();
        }
        let (engine, handle, events) = start_engine(self.state_dir.path(), self.config.clone());
        self.engine = Some(engine);
        self.handle = handle;
        self.events = events;
    }

    pub fn folder(&self) -> Destination {
        Destination::Folder(self.download_dir.path().to_owned())
    }

    pub fn spec(&self, url: url::Url) -> TransferSpec {
        TransferSpec::download(url, self.folder())
    }

    pub fn call(&self, command: Command) -> Result<(), EngineError> {
        self.runtime.block_on(self.handle.call(command))
    }

    /// Changes the settings as `change` says and waits until applied.
    pub fn update_settings(&self, change: impl FnOnce(&mut ferry::model::Settings)) {
        let before = self.handle.settings();
        let mut settings = before.clone();
        change(&mut settings);
        self.call(Command::change_settings(&before, &settings))
            .expect("settings");
    }

    /// Adds and starts a download; returns its id.
    pub fn add(&self, spec: TransferSpec) -> TransferId {
        let transfer_id = spec.transfer_id;
        self.call(Command::Add {
            spec: Box::new(spec),
            start: true,
        })
        .expect("add");
        transfer_id
    }

    /// Waits (at most 60 s) until the transfer completed, failed, was
    /// canceled or paused.
    pub fn wait_settled(&self, transfer_id: TransferId) -> Transfer {
        self.wait_for(transfer_id, |transfer| {
            transfer.status.is_terminal() || transfer.status.is_paused()
        })
    }

    /// Waits until the transfer settled and checks it completed.
    #[track_caller]
    pub fn wait_completed(&self, transfer_id: TransferId) -> Transfer {
        let transfer = self.wait_settled(transfer_id);
        assert_eq!(transfer.status, Status::Completed, "{transfer:?}");
        transfer
    }

    pub fn wait_for(
        &self,
        transfer_id: TransferId,
        condition: impl Fn(&Transfer) -> bool,
    ) -> Transfer {
        let handle = self.handle.clone();
        self.runtime.block_on(async move {
            let mut changes = handle.subscribe_changes();
            let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
            loop {
                let transfer = handle.transfer(transfer_id).expect("transfer exists");
                if condition(&transfer) {
                    return transfer;
                }
                tokio::select! {
                    _ = changes.changed() => {}
                    _ = tokio::time::sleep_until(deadline) => panic!("timed out; transfer is {transfer:#?}"),
                }
            }
        })
    }

    /// Every event received so far.
    pub fn drain_events(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            events.push(event);
        }
        events
    }

    /// File names in the download folder, sorted.
    pub fn downloaded_names(&self) -> Vec<String> {
        file_names(self.download_dir.path())
    }

    pub fn read_download(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.download_dir.path().join(name)).expect("downloaded file")
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(engine) = self.engine.take() {
            engine.shutdown();
        }
    }
}

fn start_engine(
    state_dir: &Path,
    config: EngineConfig,
) -> (Engine, EngineHandle, mpsc::Receiver<Event>) {
    let (store, loaded) = StateStore::open(state_dir).expect("open state");
    let mut engine = Engine::start(config, store, loaded.state, None).expect("start engine");
    let handle = engine.handle();
    let events = engine.take_events().expect("events");
    (engine, handle, events)
}

pub fn file_names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("read folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// True when a progress event said a transfer started over (the one-shot
/// `has_restarted`).
pub fn saw_restart_in_progress(events: &[Event]) -> bool {
    events.iter().any(|event| match event {
        Event::Progress(batch) => batch.iter().any(|(_, progress)| progress.has_restarted),
        _ => false,
    })
}

/// The `ferry` binary built for these tests.
pub fn ferry_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ferry"))
}

/// `ferry --state-dir STATE_DIR ARGUMENTS` started in the background, for
/// a test that stops it (SIGKILL, SIGTERM) while it runs.
pub fn spawn_ferry(state_dir: &std::path::Path, arguments: &[&str]) -> std::process::Child {
    std::process::Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("spawn ferry")
}

/// Every file under `dir` whose bytes hold `needle`.
pub fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(files_holding(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Waits (at most 30 s) until the state saved in `state_dir` holds a
/// transfer for which `check` holds: the process running it saved it.
pub fn wait_until_saved(state_dir: &Path, check: impl Fn(&Transfer) -> bool) -> Transfer {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(loaded) = ferry::store::read_state(state_dir)
            && let Some(transfer) = loaded
                .state
                .transfers
                .into_iter()
                .find(|transfer| check(transfer))
        {
            return transfer;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no saved transfer in {} came to that",
            state_dir.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits (at most 30 s) until a ferry serves the socket of `state_dir`.
pub fn wait_until_served(state_dir: &Path) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let socket = ferry::service::socket_path(state_dir).expect("socket path");
    while std::os::unix::net::UnixStream::connect(&socket).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "nothing serves {}",
            socket.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
