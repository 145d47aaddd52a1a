//! A real notification daemon for tests: `dunst` (Debian dunst) on a
//! private session bus, drawing on its own Xvfb display, with
//! `dbus-monitor` recording every `Notify` call made to it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::system_bus::PrivateBus;

/// One `Notify` call as the daemon received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenNotice {
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// Action keys and labels, alternating.
    pub actions: Vec<String>,
}

/// dunst, its display and the bus; all stop when dropped.
pub struct NotificationDaemon {
    pub bus: PrivateBus,
    xvfb: Child,
    dunst: Child,
    monitor: Child,
    seen: Arc<Mutex<Vec<SeenNotice>>>,
    _config_home: tempfile::TempDir,
}

/// Display numbers handed out in this test process (several tests run at
/// once); the process id spreads them across test processes.
static NEXT_DISPLAY: AtomicU32 = AtomicU32::new(0);

impl NotificationDaemon {
    pub fn start() -> Self {
        let bus = PrivateBus::start();
        let (xvfb, display) = start_display();
        let config_home = tempfile::tempdir().expect("config dir");
        let dunst = Command::new("dunst")
            .env("DISPLAY", &display)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("XDG_CONFIG_HOME", config_home.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst (Debian package dunst) must be installed");
        // Asked without activating it (the bus would start a dunst of its
        // own, with no display).
        let deadline = Instant::now() + Duration::from_secs(10);
        while !bus.block_on(has_owner(&bus.address, "org.freedesktop.Notifications")) {
            assert!(Instant::now() < deadline, "dunst did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut monitor = Command::new("dbus-monitor")
            .args(["--address", &bus.address])
            .arg("type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor (Debian package dbus-bin) must be installed");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let output = monitor.stdout.take().expect("monitor output");
        let recorded = Arc::clone(&seen);
        std::thread::Builder::new()
            .name("notify-monitor".to_owned())
            .spawn(move || record_notices(output, &recorded))
            .expect("monitor thread");
        // The monitor is listening once it printed its own NameAcquired;
        // a short pause covers that.
        std::thread::sleep(Duration::from_millis(300));
        NotificationDaemon {
            bus,
            xvfb,
            dunst,
            monitor,
            seen,
            _config_home: config_home,
        }
    }

    /// Every notice received so far, in order.
    pub fn seen(&self) -> Vec<SeenNotice> {
        self.seen.lock().expect("seen").clone()
    }

    /// Waits until at least `count` notices arrived; returns them all.
    #[track_caller]
    pub fn wait_for_count(&self, count: usize) -> Vec<SeenNotice> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let seen = self.seen();
            if seen.len() >= count {
                return seen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {count} notices; seen {seen:#?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for NotificationDaemon {
    fn drop(&mut self) {
        for child in [&mut self.monitor, &mut self.dunst, &mut self.xvfb] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub async fn has_owner(address: &str, name: &'static str) -> bool {
    let Ok(builder) = zbus::connection::Builder::address(address) else {
        return false;
    };
    let Ok(connection) = builder.build().await else {
        return false;
    };
    let Ok(proxy) = zbus::fdo::DBusProxy::new(&connection).await else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from(name) else {
        return false;
    };
    proxy.name_has_owner(name).await.unwrap_or(false)
}

/// An Xvfb on a display nobody uses: `:N`.
pub fn start_display() -> (Child, String) {
    let base = 300 + (std::process::id() % 200) * 10;
    for _ in 0..20 {
        let number = base + NEXT_DISPLAY.fetch_add(1, Ordering::SeqCst) % 1000;
        let socket = format!("/tmp/.X11-unix/X{number}");
        if Path::new(&socket).exists() || Path::new(&format!("/tmp/.X{number}-lock")).exists() {
            continue;
        }
        let display = format!(":{number}");
        let mut xvfb = Command::new("Xvfb")
            .args([&display, "-nolisten", "tcp", "-screen", "0", "800x600x24"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (Debian package xvfb) must be installed");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !Path::new(&socket).exists() {
            if xvfb.try_wait().expect("Xvfb status").is_some() || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if Path::new(&socket).exists() {
            return (xvfb, display);
        }
        let _ = xvfb.kill();
        let _ = xvfb.wait();
    }
    panic!("no free X display for Xvfb");
}

/// Reads dbus-monitor's text: a `member=Notify` line, then the arguments
/// one per line (app name, id, icon, summary, body, the actions array, ...).
fn record_notices(output: impl std::io::Read, seen: &Mutex<Vec<SeenNotice>>) {
    let mut strings: Option<Vec<String>> = None;
    let mut actions_closed = false;
    for line in BufReader::new(output).lines() {
        let Ok(line) = line else {
            return;
        };
        let trimmed = line.trim();
        if line.starts_with("method call") || line.starts_with("signal") {
            flush(&mut strings, seen);
            actions_closed = false;
            if line.contains("member=Notify") {
                strings = Some(Vec::new());
            }
            continue;
        }
        let Some(values) = &mut strings else {
            continue;
        };
        if trimmed == "]" && values.len() >= 4 {
            actions_closed = true;
        }
        if !actions_closed && let Some(text) = trimmed.strip_prefix("string \"") {
            values.push(text.strip_suffix('"').unwrap_or(text).to_owned());
        }
        if trimmed.starts_with("int32") {
            flush(&mut strings, seen);
        }
    }
    flush(&mut strings, seen);
}

fn flush(strings: &mut Option<Vec<String>>, seen: &Mutex<Vec<SeenNotice>>) {
    let Some(values) = strings.take() else {
        return;
    };
    let mut values = values.into_iter();
    let mut next = || values.next().unwrap_or_default();
    let app_name = next();
    let _icon = next();
    let summary = next();
    let body = next();
    let actions: Vec<String> = values.collect();
    seen.lock().expect("seen").push(SeenNotice {
        app_name,
        summary,
        body,
        actions,
    });
}
