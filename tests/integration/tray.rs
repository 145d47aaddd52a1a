//! The service's tray icon on a private session bus: with a real
//! `status-notifier-watcher` (Debian haskell-status-notifier-item-utils)
//! and a small host, the item registers and its tooltip follows the
//! transfers; with no watcher, ferry runs on and tells its clients.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferry::service::{ClientOptions, RemoteEngine};

use crate::cli::stderr_of;
use crate::support::server::TestServer;
use crate::support::system_bus::PrivateBus;
use crate::support::{ferry_binary, test_bytes};

/// The StatusNotifierItem ToolTip: icon name, icon pixmaps (width, height,
/// ARGB32), title, description.
type ToolTip = (String, Vec<(i32, i32, Vec<u8>)>, String, String);

const WATCHER: &str = "org.kde.StatusNotifierWatcher";
const WATCHER_PATH: &str = "/StatusNotifierWatcher";

/// `status-notifier-watcher` on `bus`, killed when dropped.
struct Watcher(Child);

impl Watcher {
    fn start(bus: &PrivateBus) -> Self {
        let child = Command::new("status-notifier-watcher")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("status-notifier-watcher (Debian haskell-status-notifier-item-utils) must be installed");
        Watcher(child)
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A state folder whose service (started with the private session bus)
/// is stopped at the end.
struct Folder {
    root: tempfile::TempDir,
    bus_address: String,
}

impl Folder {
    fn ferry(&self, arguments: &[&str]) -> std::process::Output {
        Command::new(ferry_binary())
            .arg("--state-dir")
            .arg(self.root.path().join("state"))
            .args(arguments)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .stdin(Stdio::null())
            .output()
            .expect("run ferry")
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = self.ferry(&["quit"]);
    }
}

async fn watcher_property<T>(connection: &zbus::Connection, name: &str) -> zbus::Result<T>
where
    T: TryFrom<zbus::zvariant::OwnedValue, Error = zbus::zvariant::Error>,
{
    let proxy = zbus::Proxy::new(connection, WATCHER, WATCHER_PATH, WATCHER).await?;
    proxy.get_property(name).await
}

/// The tooltip's description of the item `item` ("NAME/PATH" or "NAME",
/// as the watcher lists it).
async fn tooltip_description(connection: &zbus::Connection, item: &str) -> zbus::Result<String> {
    let (service, path) = match item.find('/') {
        Some(slash) => (&item[..slash], &item[slash..]),
        None => (item, "/StatusNotifierItem"),
    };
    let proxy = zbus::Proxy::new(connection, service, path, "org.kde.StatusNotifierItem").await?;
    let (_, _, _, description): ToolTip = proxy.get_property("ToolTip").await?;
    Ok(description)
}

fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A private session bus with `status-notifier-watcher` and a tray host
/// registered with it, as a desktop's panel has.
struct TrayBus {
    // Dropped in this order: the host's connection, the watcher, the bus.
    host: zbus::Connection,
    _watcher: Watcher,
    bus: PrivateBus,
}

impl TrayBus {
    fn start(host_name: &str) -> Self {
        TrayBus::on(PrivateBus::start(), host_name)
    }

    /// A watcher and a host on `bus`, as a panel that starts.
    fn on(mut bus: PrivateBus, host_name: &str) -> Self {
        let watcher = Watcher::start(&bus);
        let host = bus.connect_as(host_name);
        wait_for("the watcher is on the bus", || {
            bus.block_on(watcher_property::<bool>(
                &host,
                "IsStatusNotifierHostRegistered",
            ))
            .is_ok()
        });
        bus.block_on(async {
            let proxy = zbus::Proxy::new(&host, WATCHER, WATCHER_PATH, WATCHER).await?;
            proxy
                .call_method("RegisterStatusNotifierHost", &(host_name,))
                .await
                .map(drop)
        })
        .expect("register the host");
        TrayBus {
            host,
            _watcher: watcher,
            bus,
        }
    }

    /// The first item registered with the watcher, once there is one.
    fn registered_item(&self) -> String {
        let mut item = String::new();
        wait_for("the service's item registers", || {
            let items: Vec<String> = self
                .bus
                .block_on(watcher_property(
                    &self.host,
                    "RegisteredStatusNotifierItems",
                ))
                .unwrap_or_default();
            items.into_iter().next().is_some_and(|first| {
                item = first;
                true
            })
        });
        item
    }
}

#[test]
fn the_tray_item_registers_and_its_tooltip_follows_the_transfers() {
    let tray_bus = TrayBus::start("org.kde.StatusNotifierHost-ferrytest");
    let (bus, host) = (&tray_bus.bus, &tray_bus.host);

    let body = Arc::new(test_bytes(6_000_000, 8));
    let server = TestServer::start_dripping(&body, "\"t\"", 32 * 1024, Duration::from_millis(10));
    let folder = Folder {
        root: tempfile::tempdir().expect("dir"),
        bus_address: bus.address.clone(),
    };
    let downloads = folder.root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let added = folder.ferry(&[
        "add",
        server.url("/tray/big.bin").as_str(),
        "-d",
        downloads.to_str().expect("utf-8"),
    ]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr_of(&added));

    let item = tray_bus.registered_item();
    wait_for("the tooltip shows the running download", || {
        bus.block_on(tooltip_description(host, &item))
            .is_ok_and(|description| description.starts_with("1 running"))
    });
    wait_for("the tooltip says nothing runs once it completed", || {
        bus.block_on(tooltip_description(host, &item))
            .is_ok_and(|description| description == "Nothing running")
    });
    assert_eq!(
        std::fs::read(downloads.join("big.bin"))
            .expect("file")
            .len(),
        body.len()
    );
}

#[test]
fn without_a_tray_host_the_service_runs_on_says_so_and_shows_up_later() {
    // A session bus with no watcher on it.
    let bus = PrivateBus::start();
    let folder = Folder {
        root: tempfile::tempdir().expect("dir"),
        bus_address: bus.address.clone(),
    };
    let started = folder.ferry(&["service", "--keep-running", "on"]);
    assert_eq!(started.status.code(), Some(0), "{}", stderr_of(&started));
    let client = RemoteEngine::connect(
        &folder.root.path().join("state"),
        ClientOptions::running_service_only(),
        None,
    )
    .expect("connect")
    .expect("the service runs");
    let tray_shown = client.tray_shown();
    wait_for("the service tells its clients there is no tray", || {
        *tray_shown.borrow() == Some(false)
    });
    let listed = folder.ferry(&["list"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));

    // A panel starts later: the icon appears, and the clients hear so.
    let tray_bus = TrayBus::on(bus, "org.kde.StatusNotifierHost-late");
    let item = tray_bus.registered_item();
    assert!(!item.is_empty());
    wait_for("the service tells its clients the tray shows", || {
        *tray_shown.borrow() == Some(true)
    });
}

/// Unwraps variants (`v`) down to what they hold.
fn unwrap_variant<'a>(value: &'a zbus::zvariant::Value<'a>) -> &'a zbus::zvariant::Value<'a> {
    match value {
        zbus::zvariant::Value::Value(inner) => unwrap_variant(inner),
        other => other,
    }
}

/// The id of the menu item labelled `label` in a dbusmenu layout
/// `(i a{sv} av)`, searched depth first.
fn menu_item_id(layout: &zbus::zvariant::Value<'_>, label: &str) -> Option<i32> {
    use zbus::zvariant::Value;
    let Value::Structure(node) = unwrap_variant(layout) else {
        return None;
    };
    let [
        Value::I32(id),
        Value::Dict(properties),
        Value::Array(children),
    ] = node.fields()
    else {
        return None;
    };
    let is_it = properties.iter().any(|(key, value)| {
        matches!(key, Value::Str(key) if key.as_str() == "label")
            && matches!(unwrap_variant(value), Value::Str(text) if text.as_str() == label)
    });
    if is_it {
        return Some(*id);
    }
    children
        .inner()
        .iter()
        .find_map(|child| menu_item_id(child, label))
}

/// Clicks the tray menu's item labelled `label`, as a tray host does.
async fn click_menu_item(
    connection: &zbus::Connection,
    item: &str,
    label: &str,
) -> zbus::Result<()> {
    let service = item.split('/').next().unwrap_or(item);
    let menu = zbus::Proxy::new(connection, service, "/MenuBar", "com.canonical.dbusmenu").await?;
    let reply = menu
        .call_method("GetLayout", &(0_i32, -1_i32, Vec::<String>::new()))
        .await?;
    let body = reply.body();
    // (u (i a{sv} av)): the revision, then the root item.
    let answer: zbus::zvariant::Structure<'_> = body.deserialize()?;
    let id = answer
        .fields()
        .get(1)
        .and_then(|layout| menu_item_id(layout, label))
        .ok_or_else(|| zbus::Error::Failure(format!("no menu item {label:?}")))?;
    menu.call_method(
        "Event",
        &(id, "clicked", zbus::zvariant::Value::I32(0), 0_u32),
    )
    .await
    .map(drop)
}

#[test]
fn the_tray_menu_pauses_resumes_and_quits() {
    let tray_bus = TrayBus::start("org.kde.StatusNotifierHost-ferrymenu");
    let (bus, host) = (&tray_bus.bus, &tray_bus.host);
    let body = Arc::new(test_bytes(20_000_000, 9));
    let server = TestServer::start_dripping(&body, "\"m\"", 16 * 1024, Duration::from_millis(10));
    let folder = Folder {
        root: tempfile::tempdir().expect("dir"),
        bus_address: bus.address.clone(),
    };
    let state_dir = folder.root.path().join("state");
    let downloads = folder.root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let added = folder.ferry(&[
        "add",
        server.url("/menu/slow.bin").as_str(),
        "-d",
        downloads.to_str().expect("utf-8"),
    ]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr_of(&added));
    let client = RemoteEngine::connect(&state_dir, ClientOptions::running_service_only(), None)
        .expect("connect")
        .expect("the service runs");
    let status = || {
        client
            .handle()
            .snapshot()
            .first()
            .map(|transfer| transfer.status)
    };
    wait_for("it runs", || {
        status() == Some(ferry::model::Status::Running)
    });
    let item = tray_bus.registered_item();

    bus.block_on(click_menu_item(host, &item, "Pause all"))
        .expect("click");
    wait_for("Pause all paused it", || {
        status() == Some(ferry::model::Status::PausedByApplication)
    });
    bus.block_on(click_menu_item(host, &item, "Resume all"))
        .expect("click");
    wait_for("Resume all resumed it", || {
        status() == Some(ferry::model::Status::Running)
    });
    // While it runs, Quit asks first: the item that quits says what stops.
    wait_for("the menu asks before quitting", || {
        bus.block_on(click_menu_item(
            host,
            &item,
            "Stop the running transfer and quit",
        ))
        .is_ok()
    });
    wait_for("the service stopped", || {
        !ferry::store::is_locked(&state_dir)
    });
    drop(client);
}
