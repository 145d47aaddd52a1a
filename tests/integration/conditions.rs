//! Transfers follow the machine: stand-in NetworkManager, ModemManager,
//! UPower and power-profiles-daemon on a private `dbus-daemon` (ferry's
//! system bus here) flip their properties, and the exact statuses and the
//! automatic resume are checked against downloads from the test server.
//! Without NetworkManager, the link state of the interfaces decides.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use ferry::engine::policy::SystemBus;
use ferry::engine::{EngineConfig, Event};
use ferry::model::{
    Connectivity, CostPolicy, NetworkSource, PolicySwitches, PowerSource, Status, TransferError,
    TransferId,
};

use crate::support::server::{TestServer, serve_bytes};
use crate::support::system_bus::*;
use crate::support::{Harness, fast_config, sha256_hex, test_bytes};

fn on_bus(bus: &PrivateBus) -> EngineConfig {
    EngineConfig {
        system_bus: SystemBus::Address(bus.address.clone()),
        ..fast_config()
    }
}

/// Serves `body` at every path, with ranges; `drip` slows it down.
fn server_for(body: &Arc<Vec<u8>>, drip: Option<(usize, Duration)>) -> TestServer {
    let body = Arc::clone(body);
    TestServer::start(move |request, _| {
        let reply = serve_bytes(request, &body, Some("\"c\""));
        match drip {
            Some((chunk, pause)) => reply.drip(chunk, pause),
            None => reply,
        }
    })
}

fn add_with(
    harness: &Harness,
    server: &TestServer,
    path: &str,
    change: impl FnOnce(&mut ferry::model::TransferSpec),
) -> TransferId {
    let mut spec = harness.spec(server.url(path));
    spec.connections = Some(1);
    change(&mut spec);
    harness.add(spec)
}

fn wait_status(harness: &Harness, transfer_id: TransferId, status: Status) {
    harness.wait_for(transfer_id, |transfer| transfer.status == status);
}

/// Waits until the transfer completed, failed or was canceled (a held one
/// is not done: it runs again by itself).
fn wait_ended(harness: &Harness, transfer_id: TransferId) -> ferry::model::Transfer {
    harness.wait_for(transfer_id, |transfer| transfer.status.is_terminal())
}

fn requests_for(server: &TestServer, path: &str) -> usize {
    server
        .requests()
        .iter()
        .filter(|request| request.path == path)
        .count()
}

/// Waits until the engine sees conditions for which `is_seen` holds.
fn wait_conditions(harness: &Harness, is_seen: impl Fn(&ferry::model::SystemConditions) -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !is_seen(&harness.handle.conditions()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the engine never saw it; it sees {:#?}",
            harness.handle.conditions()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn losing_the_network_holds_transfers_without_spending_retries_and_they_resume() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_NO, "802-3-ethernet");
    let mut harness = Harness::start_with(on_bus(&bus));
    let body = Arc::new(test_bytes(400_000, 31));
    let server = server_for(&body, Some((4096, Duration::from_millis(10))));
    let transfer_id = add_with(&harness, &server, "/movie.bin", |_| {});
    harness.wait_for(transfer_id, |transfer| {
        transfer.progress.bytes_received > 40_000
    });

    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.connectivity = CONNECTIVITY_NONE;
    });
    wait_status(&harness, transfer_id, Status::PausedNoNetwork);
    assert_eq!(
        harness.handle.conditions().network.connectivity,
        Connectivity::None
    );
    // A new transfer waits too, without asking the server.
    let second = add_with(&harness, &server, "/second.bin", |_| {});
    wait_status(&harness, second, Status::PausedNoNetwork);
    assert_eq!(requests_for(&server, "/second.bin"), 0);
    // Held by the policy is not settled: `ferry get` keeps waiting.
    let mut settled = harness
        .runtime
        .block_on(harness.handle.settled(vec![transfer_id, second]))
        .expect("engine");
    let early = harness
        .runtime
        .block_on(async { tokio::time::timeout(Duration::from_millis(300), &mut settled).await });
    assert!(early.is_err(), "settled while held by the policy");

    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.connectivity = CONNECTIVITY_FULL;
    });
    for transfer_id in [transfer_id, second] {
        let transfer = wait_ended(&harness, transfer_id);
        assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    }
    for name in ["movie.bin", "second.bin"] {
        assert_eq!(sha256_hex(&harness.read_download(name)), sha256_hex(&body));
    }
    harness
        .runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(30), settled).await })
        .expect("settled once both completed");
    // One request before the loss, one range request after: no retries
    // were spent while offline, and the bytes on disk were kept.
    let requests: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|request| request.path == "/movie.bin")
        .collect();
    assert_eq!(requests.len(), 2, "{requests:#?}");
    let range = requests[1].header("range").expect("resumed with a range");
    assert_ne!(range, "bytes=0-", "{range}");
    let statuses: Vec<Status> = harness
        .drain_events()
        .into_iter()
        .filter_map(|event| match event {
            Event::StatusChanged {
                transfer_id: changed,
                status,
                ..
            } if changed == transfer_id => Some(status),
            _ => None,
        })
        .collect();
    assert!(!statuses.contains(&Status::Error), "{statuses:?}");
}

#[test]
fn a_captive_portal_counts_as_no_network() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_PORTAL, METERED_NO, "802-11-wireless");
    let harness = Harness::start_with(on_bus(&bus));
    let body = Arc::new(test_bytes(10_000, 3));
    let server = server_for(&body, None);
    let transfer_id = add_with(&harness, &server, "/page.bin", |_| {});
    wait_status(&harness, transfer_id, Status::PausedNoNetwork);
    assert_eq!(requests_for(&server, "/page.bin"), 0);
    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.connectivity = CONNECTIVITY_FULL;
    });
    assert_eq!(wait_ended(&harness, transfer_id).status, Status::Completed);
}

#[test]
fn a_metered_network_holds_unrestricted_only_transfers_until_it_is_unmetered() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_YES, "802-11-wireless");
    let harness = Harness::start_with(on_bus(&bus));
    let body = Arc::new(test_bytes(100_000, 5));
    let server = server_for(&body, None);
    let unrestricted = add_with(&harness, &server, "/unrestricted.bin", |spec| {
        spec.cost_policy = CostPolicy::UnrestrictedOnly;
    });
    let default = add_with(&harness, &server, "/default.bin", |_| {});
    assert_eq!(wait_ended(&harness, default).status, Status::Completed);
    wait_status(&harness, unrestricted, Status::PausedCostedNetwork);
    assert_eq!(requests_for(&server, "/unrestricted.bin"), 0);

    // guess-yes is metered too.
    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.metered = METERED_GUESS_YES;
    });
    wait_conditions(&harness, |conditions| conditions.network.metered);
    assert_eq!(
        harness.handle.transfer(unrestricted).expect("known").status,
        Status::PausedCostedNetwork
    );

    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.metered = METERED_NO;
    });
    assert_eq!(wait_ended(&harness, unrestricted).status, Status::Completed);
    assert_eq!(
        sha256_hex(&harness.read_download("unrestricted.bin")),
        sha256_hex(&body)
    );
}

#[test]
fn a_running_transfer_is_held_when_the_network_becomes_metered() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_NO, "802-11-wireless");
    let harness = Harness::start_with(on_bus(&bus));
    let body = Arc::new(test_bytes(400_000, 7));
    let server = server_for(&body, Some((4096, Duration::from_millis(10))));
    let transfer_id = add_with(&harness, &server, "/big.bin", |spec| {
        spec.cost_policy = CostPolicy::UnrestrictedOnly;
    });
    harness.wait_for(transfer_id, |transfer| {
        transfer.progress.bytes_received > 40_000
    });
    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.metered = METERED_YES;
    });
    wait_status(&harness, transfer_id, Status::PausedCostedNetwork);
    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.metered = METERED_NO;
    });
    assert_eq!(wait_ended(&harness, transfer_id).status, Status::Completed);
    assert_eq!(
        sha256_hex(&harness.read_download("big.bin")),
        sha256_hex(&body)
    );
}

#[test]
fn roaming_and_the_users_switches_follow_the_cost_table() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_YES, "gsm");
    bus.serve_modem_manager(REGISTERED_ROAMING);
    let harness = Harness::start_with(on_bus(&bus));
    let body = Arc::new(test_bytes(50_000, 9));
    let server = server_for(&body, None);
    let default = add_with(&harness, &server, "/default.bin", |_| {});
    let always = add_with(&harness, &server, "/always.bin", |spec| {
        spec.cost_policy = CostPolicy::Always;
    });
    assert_eq!(wait_ended(&harness, always).status, Status::Completed);
    wait_status(&harness, default, Status::PausedCostedNetwork);
    assert!(harness.handle.conditions().network.roaming);
    let reason = harness.handle.transfer(default).expect("known").error;
    assert!(
        matches!(&reason, Some(TransferError::Held { reason }) if reason.starts_with("roaming")),
        "{reason:?}"
    );

    // Back on the home network: Default runs on a metered network.
    bus.change::<Modem3gpp>(MODEM_PATH, |modem| {
        modem.registration_state = REGISTERED_HOME;
    });
    assert_eq!(wait_ended(&harness, default).status, Status::Completed);

    // "Over my data limit" holds Default on this metered network again.
    let switches = |policy: PolicySwitches| {
        harness.update_settings(|settings| settings.policy = policy);
    };
    switches(PolicySwitches {
        over_data_limit: true,
        ..PolicySwitches::default()
    });
    let over_limit = add_with(&harness, &server, "/over-limit.bin", |_| {});
    wait_status(&harness, over_limit, Status::PausedCostedNetwork);

    // "Block background data" holds Always too (the table's last row).
    switches(PolicySwitches {
        block_background_data: true,
        ..PolicySwitches::default()
    });
    let blocked = add_with(&harness, &server, "/blocked.bin", |spec| {
        spec.cost_policy = CostPolicy::Always;
    });
    wait_status(&harness, blocked, Status::PausedCostedNetwork);
    assert_eq!(requests_for(&server, "/blocked.bin"), 0);
    assert_eq!(requests_for(&server, "/over-limit.bin"), 0);

    switches(PolicySwitches::default());
    for transfer_id in [over_limit, blocked] {
        assert_eq!(wait_ended(&harness, transfer_id).status, Status::Completed);
    }
}

#[test]
fn a_low_battery_and_power_saving_hold_all_but_unconstrained_transfers() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_NO, "802-11-wireless");
    bus.serve_upower(true, 15.0);
    bus.serve_power_profiles("balanced");
    let harness = Harness::start_with(on_bus(&bus));
    let body = Arc::new(test_bytes(50_000, 11));
    let server = server_for(&body, None);
    let constrained = add_with(&harness, &server, "/constrained.bin", |_| {});
    let unconstrained = add_with(&harness, &server, "/unconstrained.bin", |spec| {
        spec.unconstrained = true;
    });
    assert_eq!(
        wait_ended(&harness, unconstrained).status,
        Status::Completed
    );
    wait_status(&harness, constrained, Status::PausedSystemPolicy);
    let power = harness.handle.conditions().power;
    assert_eq!(power.source, PowerSource::UPower);
    assert_eq!(power.battery_percent, Some(15.0));

    // Plugged in: it runs.
    bus.change::<UPower>(UPOWER_PATH, |upower| upower.on_battery = false);
    assert_eq!(wait_ended(&harness, constrained).status, Status::Completed);

    // Power-saver mode holds new ones, on mains too.
    bus.change::<PowerProfiles>(POWER_PROFILES_PATH, |profiles| {
        profiles.active_profile = "power-saver".to_owned();
    });
    wait_conditions(&harness, |conditions| conditions.power.power_saver);
    let saving = add_with(&harness, &server, "/saving.bin", |_| {});
    wait_status(&harness, saving, Status::PausedSystemPolicy);
    assert_eq!(requests_for(&server, "/saving.bin"), 0);
    bus.change::<PowerProfiles>(POWER_PROFILES_PATH, |profiles| {
        profiles.active_profile = "balanced".to_owned();
    });
    assert_eq!(wait_ended(&harness, saving).status, Status::Completed);
}

fn interface(folder: &Path, name: &str, operstate: &str) {
    let interface = folder.join(name);
    std::fs::create_dir_all(&interface).expect("interface folder");
    std::fs::write(interface.join("type"), "1\n").expect("type");
    std::fs::write(interface.join("operstate"), format!("{operstate}\n")).expect("operstate");
}

#[test]
fn without_network_manager_the_link_state_decides() {
    let net = tempfile::tempdir().expect("net folder");
    interface(net.path(), "eth0", "down");
    let harness = Harness::start_with(EngineConfig {
        net_class_dir: net.path().to_owned(),
        ..fast_config()
    });
    let body = Arc::new(test_bytes(20_000, 13));
    let server = server_for(&body, None);
    let transfer_id = add_with(&harness, &server, "/cable.bin", |_| {});
    wait_status(&harness, transfer_id, Status::PausedNoNetwork);
    let network = harness.handle.conditions().network;
    assert_eq!(network.source, NetworkSource::LinkState);
    assert_eq!(
        harness.handle.conditions().power.source,
        PowerSource::Absent
    );
    interface(net.path(), "eth0", "up");
    assert_eq!(wait_ended(&harness, transfer_id).status, Status::Completed);
}

#[test]
fn when_network_manager_leaves_the_bus_the_link_state_takes_over() {
    let net = tempfile::tempdir().expect("net folder");
    interface(net.path(), "wlan0", "down");
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_NO, "802-11-wireless");
    let harness = Harness::start_with(EngineConfig {
        net_class_dir: net.path().to_owned(),
        ..on_bus(&bus)
    });
    wait_conditions(&harness, |conditions| {
        conditions.network.source == NetworkSource::NetworkManager
    });
    bus.stop_service("org.freedesktop.NetworkManager");
    wait_conditions(&harness, |conditions| {
        conditions.network.source == NetworkSource::LinkState
            && conditions.network.connectivity == Connectivity::None
    });
    let body = Arc::new(test_bytes(20_000, 17));
    let server = server_for(&body, None);
    let transfer_id = add_with(&harness, &server, "/later.bin", |_| {});
    wait_status(&harness, transfer_id, Status::PausedNoNetwork);
}

/// The CLI as a user runs it on a metered network: `ferry get` waits (and
/// says so) instead of failing, finishes once the network is unmetered, and
/// `ferry policy` reports what NetworkManager said and sets the switches.
#[test]
fn ferry_get_waits_for_an_unmetered_network_and_policy_reports_it() {
    use std::process::Stdio;

    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_YES, "802-11-wireless");
    let body = Arc::new(test_bytes(200_000, 19));
    let server = server_for(&body, None);
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let ferry = |arguments: &[&str]| ferry_on_bus(&bus, &state_dir, arguments);
    let url = server.url("/metered/update.bin").to_string();
    let downloads_text = downloads.to_string_lossy().into_owned();
    let mut get = ferry(&[
        "get",
        &url,
        "-d",
        &downloads_text,
        "--cost-policy",
        "unrestricted-only",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("spawn ferry get");

    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let listed = ferry(&["list", "--json"]).output().expect("ferry list");
        let transfers: serde_json::Value =
            serde_json::from_slice(&listed.stdout).unwrap_or_default();
        if transfers[0]["status"] == "PausedCostedNetwork" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{transfers}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(get.try_wait().expect("poll").is_none(), "ferry get gave up");
    assert_eq!(requests_for(&server, "/metered/update.bin"), 0);

    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.metered = METERED_NO;
    });
    let status = get.wait().expect("ferry get ends");
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        sha256_hex(&std::fs::read(downloads.join("update.bin")).expect("file")),
        sha256_hex(&body)
    );

    let policy = ferry(&["policy", "--save-battery", "on"])
        .output()
        .expect("ferry policy");
    assert_eq!(policy.status.code(), Some(0));
    let report = String::from_utf8_lossy(&policy.stdout).into_owned();
    assert!(
        report.contains("network:  online (NetworkManager)"),
        "{report}"
    );
    assert!(report.contains("save battery on"), "{report}");
    // The switch was saved.
    let again = ferry(&["policy"]).output().expect("ferry policy");
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("save battery on"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}

/// Issue 32, items 1 and 2: a transfer that waits for an unmetered network
/// still waits (and is listed so) after its `ferry get` was stopped and
/// another command ran, and a re-run with `--cost-policy always` changes
/// the transfer it re-attaches to instead of keeping the old policy.
#[test]
fn a_wait_outlives_its_get_and_a_rerun_changes_the_cost_policy() {
    use std::process::{Command as Process, Stdio};

    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_YES, "802-11-wireless");
    let body = Arc::new(test_bytes(100_000, 21));
    let server = server_for(&body, None);
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let ferry = |arguments: &[&str]| ferry_on_bus(&bus, &state_dir, arguments);
    let listed_status = || {
        let listed = ferry(&["list", "--json"]).output().expect("ferry list");
        let transfers: serde_json::Value =
            serde_json::from_slice(&listed.stdout).unwrap_or_default();
        transfers[0]["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let url = server.url("/waits/file.bin").to_string();
    let downloads_text = downloads.to_string_lossy().into_owned();
    let get = ["get", &url, "-d", &downloads_text, "--quiet"];
    let mut waiting = ferry(&[&get[..], &["--cost-policy", "unrestricted-only"]].concat())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ferry get");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while listed_status() != "PausedCostedNetwork" {
        assert!(std::time::Instant::now() < deadline, "never waited");
        std::thread::sleep(Duration::from_millis(50));
    }
    let terminated = Process::new("kill")
        .args(["-TERM", &waiting.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(terminated.success());
    waiting.wait().expect("reap");

    // Another command opens the state: the wait stays.
    let policy = ferry(&["policy"]).output().expect("ferry policy");
    let report = String::from_utf8_lossy(&policy.stdout).into_owned();
    assert!(
        report.contains("1 waiting for an unmetered network"),
        "{report}"
    );
    assert_eq!(listed_status(), "PausedCostedNetwork");

    let rerun = ferry(&[&get[..], &["--cost-policy", "always"]].concat())
        .output()
        .expect("ferry get again");
    assert_eq!(
        rerun.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    assert_eq!(
        std::fs::read(downloads.join("file.bin")).expect("file"),
        *body
    );
    assert_eq!(requests_for(&server, "/waits/file.bin"), 1);
}

/// The real `ferry` over `state_dir`, with the private bus as its system bus.
fn ferry_on_bus(
    bus: &PrivateBus,
    state_dir: &std::path::Path,
    arguments: &[&str],
) -> std::process::Command {
    let mut command = std::process::Command::new(crate::support::ferry_binary());
    command
        .env("DBUS_SYSTEM_BUS_ADDRESS", &bus.address)
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .stdin(std::process::Stdio::null());
    command
}
