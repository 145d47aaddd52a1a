//! Commands and windows sharing one service: `ferry get` hands its
//! transfers to a running service (Ctrl-C pauses them, a kill leaves them
//! running), a window reconnects when the `ferry get` that served it ends,
//! clients that start a service at once end with one, and the real window
//! (egui_kittest over a real client) shows what `ferry add` queued.

use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use ferry::desktop::DesktopServices;
use ferry::model::Status;
use ferry::service::{ClientOptions, RemoteEngine};
use ferry::ui::{AppParts, FerryApp};

use crate::support::server::TestServer;
use crate::support::service::{ServiceFolder, wait_until};
use crate::support::{ferry_binary, sha256_hex, spawn_ferry, test_bytes};

/// A server that drips `body` slowly (about 1.6 MB/s).
fn slow_server(body: &Arc<Vec<u8>>) -> TestServer {
    TestServer::start_dripping(body, "\"h\"", 16 * 1024, Duration::from_millis(10))
}

fn spawn_get(folder: &ServiceFolder, url: &str) -> Child {
    let downloads = folder.downloads();
    spawn_ferry(
        &folder.state_dir(),
        &[
            "get",
            url,
            "-d",
            downloads.to_str().expect("utf-8"),
            "--quiet",
        ],
    )
}

fn signal(child: &Child, name: &str) {
    let sent = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
}

fn only_status(client: &RemoteEngine) -> Option<Status> {
    client
        .handle()
        .snapshot()
        .first()
        .map(|transfer| transfer.status)
}

#[test]
fn ferry_get_hands_over_to_the_service_and_ctrl_c_pauses_there() {
    let body = Arc::new(test_bytes(8_000_000, 21));
    let server = slow_server(&body);
    let folder = ServiceFolder::new();
    let window = folder.client();
    let service_pid = window.service_pid();
    let mut get = spawn_get(&folder, server.url("/h/ctrl-c.bin").as_str());
    wait_until(&window.handle(), "the service runs it", |_| {
        only_status(&window) == Some(Status::Running)
    });
    signal(&get, "-INT");
    let code = get.wait().expect("reap").code();
    assert_eq!(code, Some(1), "an interrupted get exits 1");
    wait_until(&window.handle(), "it is paused in the service", |_| {
        only_status(&window) == Some(Status::PausedByApplication)
    });
    // The service that ran it is the one that keeps it.
    assert_eq!(folder.service_pid(), Some(service_pid));
    assert_eq!(
        ferry::store::lock_holder_pid(&folder.state_dir()),
        Some(service_pid)
    );
}

#[test]
fn killing_a_following_get_leaves_its_transfer_running_in_the_service() {
    let body = Arc::new(test_bytes(3_000_000, 22));
    let server = slow_server(&body);
    let folder = ServiceFolder::new();
    let window = folder.client();
    let mut get = spawn_get(&folder, server.url("/h/killed.bin").as_str());
    wait_until(&window.handle(), "the service runs it", |_| {
        only_status(&window) == Some(Status::Running)
    });
    signal(&get, "-KILL");
    get.wait().expect("reap");
    wait_until(&window.handle(), "it completes anyway", |_| {
        only_status(&window) == Some(Status::Completed)
    });
    let saved = std::fs::read(folder.downloads().join("killed.bin")).expect("file");
    assert_eq!(sha256_hex(&saved), sha256_hex(&body));
}

#[test]
fn a_window_reconnects_to_a_service_it_starts_when_the_get_that_served_it_ends() {
    let body = Arc::new(test_bytes(1_500_000, 23));
    let server = slow_server(&body);
    let folder = ServiceFolder::new();
    // No service: the get runs the engine itself and serves it.
    let mut get = spawn_get(&folder, server.url("/h/served.bin").as_str());
    let deadline = Instant::now() + Duration::from_secs(10);
    while RemoteEngine::connect(
        &folder.state_dir(),
        ClientOptions::running_service_only(),
        None,
    )
    .expect("connect")
    .is_none()
    {
        assert!(Instant::now() < deadline, "the get serves no socket");
        std::thread::sleep(Duration::from_millis(20));
    }
    // A client as the window has one: it may start a service.
    let mut window = folder.client();
    assert_eq!(window.service_pid(), get.id(), "the get serves it");
    let mut events = window.take_events().expect("events");
    assert_eq!(get.wait().expect("reap").code(), Some(0));
    // The get's service is gone with it: the window's client starts one
    // and reads the table afresh (a Lagged event tells the window so).
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let resynced = std::iter::from_fn(|| events.try_recv().ok())
            .any(|event| event == ferry::engine::Event::Lagged);
        if resynced {
            break;
        }
        assert!(Instant::now() < deadline, "the window did not reconnect");
        std::thread::sleep(Duration::from_millis(50));
    }
    let new_pid = folder.service_pid().expect("a service runs now");
    assert_ne!(new_pid, get.id());
    assert_eq!(only_status(&window), Some(Status::Completed));
}

#[test]
fn clients_that_start_the_service_at_once_end_with_one() {
    let body = Arc::new(test_bytes(100_000, 24));
    let server = slow_server(&body);
    let folder = ServiceFolder::new();
    let downloads = folder.downloads();
    let adds: Vec<Child> = (0..4)
        .map(|index| {
            Command::new(ferry_binary())
                .arg("--state-dir")
                .arg(folder.state_dir())
                .args([
                    "add",
                    server.url(&format!("/h/at-once-{index}.bin")).as_str(),
                    "-d",
                    downloads.to_str().expect("utf-8"),
                    "--quiet",
                ])
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut add in adds {
        assert_eq!(add.wait().expect("reap").code(), Some(0));
    }
    let state_dir = folder.state_dir();
    let services: Vec<u32> = std::fs::read_dir("/proc")
        .expect("proc")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let command_line = std::fs::read(entry.path().join("cmdline")).ok()?;
            let words: Vec<&[u8]> = command_line.split(|byte| *byte == 0).collect();
            let is_service = words.contains(&b"daemon".as_slice())
                && words.contains(&state_dir.as_os_str().as_encoded_bytes());
            // A process that lost the race and is exiting may linger a moment.
            let is_alive = std::fs::read_to_string(entry.path().join("stat"))
                .is_ok_and(|stat| !stat.contains(") Z "));
            (is_service && is_alive).then_some(pid)
        })
        .collect();
    assert_eq!(services.len(), 1, "services: {services:?}");
    assert_eq!(folder.service_pid(), services.first().copied());
    let window = folder.client();
    wait_until(&window.handle(), "all four are there", |handle| {
        handle.snapshot().len() == 4
    });
}

#[test]
fn the_window_over_the_service_shows_what_ferry_add_queued() {
    let body = Arc::new(test_bytes(200_000, 25));
    let server = slow_server(&body);
    let folder = ServiceFolder::new();
    let mut window = folder.client();
    ferry_i18n::isolate_this_thread(ferry::model::Locale::English);
    let app = FerryApp::new(AppParts {
        handle: window.handle(),
        events: window.take_events().expect("events"),
        window_requests: window.take_window_requests(),
        tray_shown: Some(window.tray_shown()),
        connection: Some(window),
        state_dir: Some(folder.state_dir()),
        desktop: DesktopServices::inert(),
        fallback_download_folder: folder.downloads(),
    });
    let mut harness = crate::ui::harness_of(app);
    harness.run();
    assert!(harness.query_by_label("queued-from-cli.bin").is_none());
    folder.add(server.url("/h/queued-from-cli.bin").as_str());
    let deadline = Instant::now() + Duration::from_secs(15);
    while harness.query_by_label("queued-from-cli.bin").is_none() {
        assert!(Instant::now() < deadline, "the window never showed it");
        std::thread::sleep(Duration::from_millis(20));
        harness.run();
    }
}
