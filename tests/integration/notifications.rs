//! Desktop notifications from the service, received by a real notification
//! daemon (dunst on a private session bus): one notice per finished
//! transfer, one summary for a burst, one per completion group, none for a
//! cancel, and the setting silences them (or keeps failures alone).

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::notifications::{NotificationDaemon, SeenNotice};
use crate::support::server::{Reply, TestServer, serve_bytes};
use crate::support::service::{ServiceFolder, status_of, wait_until};
use crate::support::test_bytes;
use ferry::service::WindowRequest;

/// Files of 4 KiB, `/missing*` answered 404, `/slow*` dripped slowly.
fn file_server() -> TestServer {
    let body = Arc::new(test_bytes(4096, 3));
    TestServer::start(move |request, _| {
        if request.path.starts_with("/missing") {
            Reply::status(404)
        } else if request.method == "PUT" {
            Reply::status(413)
        } else if request.path.starts_with("/slow") {
            serve_bytes(request, &body, Some("\"s\"")).drip(64, Duration::from_millis(200))
        } else {
            serve_bytes(request, &body, Some("\"f\""))
        }
    })
}

/// Waits until every transfer ended, then long enough for a burst to be
/// told (the engine waits 1.5 s of quiet), and returns the notices that
/// came after the first `before`.
fn notices_after(
    folder: &ServiceFolder,
    daemon: &NotificationDaemon,
    before: usize,
) -> Vec<SeenNotice> {
    let client = folder.client();
    let handle = client.handle();
    wait_until(&handle, "every transfer ended", |handle| {
        handle
            .snapshot()
            .iter()
            .all(|transfer| transfer.status.is_terminal())
    });
    let quiet_until = Instant::now() + Duration::from_millis(3000);
    while Instant::now() < quiet_until {
        std::thread::sleep(Duration::from_millis(100));
    }
    daemon.seen().split_off(before)
}

#[test]
fn finished_transfers_notify_once_bursts_sum_up_and_the_setting_silences_them() {
    let daemon = NotificationDaemon::start();
    let server = file_server();
    let folder = ServiceFolder::on_bus(&daemon.bus.address);
    let url = |path: &str| server.url(path).to_string();

    // One download: one notice, with its actions.
    let one = folder.add(&url("/one.bin"));
    let seen = daemon.wait_for_count(1);
    assert_eq!(seen[0].app_name, "ferry");
    assert_eq!(seen[0].summary, "Downloaded one.bin (4.00 KiB)");
    assert_eq!(
        seen[0].actions,
        [
            "default",
            "Show in ferry",
            "open",
            "Open",
            "folder",
            "Show in folder"
        ]
    );

    // Its default action (a click on it) shows the transfer in the open
    // window.
    let mut window = folder.client();
    let mut requests = window.take_window_requests().expect("window requests");
    let clicked = std::process::Command::new("dunstctl")
        .args(["action", "0"])
        .env("DBUS_SESSION_BUS_ADDRESS", &daemon.bus.address)
        .status()
        .expect("dunstctl");
    assert!(clicked.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match requests.try_recv() {
            Ok(WindowRequest::ShowTransfer(transfer_id)) => {
                assert_eq!(transfer_id.short(), one[0]);
                break;
            }
            Ok(other) => panic!("unexpected request {other:?}"),
            Err(_) => {
                assert!(
                    Instant::now() < deadline,
                    "the click did not reach the window"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
    drop(window);

    // A failure says so, with the server's answer.
    folder.add(&url("/missing.bin"));
    let seen = daemon.wait_for_count(2);
    assert!(
        seen[1].summary.starts_with("Download failed: "),
        "{seen:#?}"
    );
    assert!(seen[1].body.contains("404"), "{seen:#?}");

    // Twelve at once: one summary, no flood.
    let list = folder.root.path().join("list.txt");
    let urls: Vec<String> = (0..12)
        .map(|index| url(&format!("/burst{index}.bin")))
        .collect();
    std::fs::write(&list, urls.join("\n")).expect("list");
    folder.add_with(&["-i", list.to_str().expect("utf-8")]);
    let burst = notices_after(&folder, &daemon, 2);
    assert_eq!(burst.len(), 1, "{burst:#?}");
    assert_eq!(burst[0].summary, "12 downloads finished");

    // A completion group that notifies tells once for its members.
    folder.add_with(&[
        &url("/g1.bin"),
        &url("/missing-g2.bin"),
        "--when-done",
        "notify",
    ]);
    let group = notices_after(&folder, &daemon, 3);
    assert_eq!(group.len(), 1, "{group:#?}");
    assert_eq!(
        group[0].summary,
        "g1.bin and 1 more: 2 downloads finished, 1 failed"
    );

    // A cancel is the user's own doing: no notice.
    let slow = folder.add(&url("/slow.bin"));
    let client = folder.client();
    let handle = client.handle();
    wait_until(&handle, "the slow download runs", |handle| {
        status_of(handle, &slow[0]) == Some(ferry::model::Status::Running)
    });
    let canceled = folder.ferry(&["cancel", &slow[0]]);
    assert_eq!(canceled.status.code(), Some(0));
    assert_eq!(notices_after(&folder, &daemon, 4), []);

    // Failures only: the completed one is silent; a failed upload (handed
    // to the service by `ferry put`) tells the server's answer.
    let set = folder.ferry(&["service", "--notifications", "failures"]);
    assert_eq!(set.status.code(), Some(0));
    folder.add_with(&[&url("/quiet.bin"), &url("/missing-loud.bin")]);
    let report = folder.root.path().join("report.pdf");
    std::fs::write(&report, test_bytes(10_000, 4)).expect("upload file");
    let put = folder.ferry(&["put", report.to_str().expect("utf-8"), &url("/too-large")]);
    assert_eq!(
        put.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&put.stderr)
    );
    let mut failures = notices_after(&folder, &daemon, 4);
    failures.sort_by(|one, other| one.summary.cmp(&other.summary));
    assert_eq!(failures.len(), 2, "{failures:#?}");
    assert!(
        failures[0].summary.starts_with("Download failed: "),
        "{failures:#?}"
    );
    assert_eq!(failures[1].summary, "Upload failed: report.pdf");
    assert!(failures[1].body.contains("413"), "{failures:#?}");

    // Off: nothing at all.
    let set = folder.ferry(&["service", "--notifications", "off"]);
    assert_eq!(set.status.code(), Some(0));
    folder.add_with(&[&url("/silent.bin"), &url("/missing-silent.bin")]);
    assert_eq!(notices_after(&folder, &daemon, 6), []);
}
