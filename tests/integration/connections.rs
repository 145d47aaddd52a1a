//! The connections downloads travel on: kept and reused per origin, replaced
//! when the server closed them, and through the proxy the environment names.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use ferry::engine::Event;

use crate::support::server::{TestServer, serve_bytes};
use crate::support::{Harness, ferry_binary, test_bytes};

/// The variables reqwest reads for a proxy; a test clears them all and sets
/// the one it means.
const PROXY_VARIABLES: [&str; 6] = [
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

#[test]
fn downloads_from_one_host_take_turns_on_one_kept_connection() {
    let body = Arc::new(test_bytes(4096, 120));
    let served = Arc::clone(&body);
    let server = TestServer::start_keep_alive(move |request, _| {
        serve_bytes(request, &served, Some("\"k\""))
    });
    let harness = Harness::start();
    for index in 0..5 {
        let transfer_id =
            harness.add(harness.spec(server.url(&format!("/kept{index}.bin?n={index}#part"))));
        harness.wait_completed(transfer_id);
        assert_eq!(harness.read_download(&format!("kept{index}.bin")), *body);
    }
    assert_eq!(server.connections_accepted(), 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    let host = server.address.to_string();
    for (index, request) in requests.iter().enumerate() {
        // Origin form: the path and query, never the fragment.
        assert_eq!(request.path, format!("/kept{index}.bin?n={index}"));
        assert_eq!(request.header("host"), Some(host.as_str()));
        assert_eq!(request.header("accept-encoding"), Some("identity"));
        assert!(
            request
                .header("user-agent")
                .is_some_and(|agent| agent.starts_with("ferry/")),
            "{request:?}"
        );
    }
}

#[test]
fn a_kept_connection_the_server_closed_is_replaced_without_a_failed_attempt() {
    let body = Arc::new(test_bytes(4096, 121));
    let served = Arc::clone(&body);
    let server = TestServer::start_keep_alive_for(Duration::from_millis(50), move |request, _| {
        serve_bytes(request, &served, Some("\"i\""))
    });
    let mut harness = Harness::start();
    let first = harness.add(harness.spec(server.url("/first.bin")));
    harness.wait_completed(first);
    // The server closes the idle connection meanwhile.
    std::thread::sleep(Duration::from_millis(300));
    let second = harness.add(harness.spec(server.url("/second.bin")));
    harness.wait_completed(second);
    assert_eq!(harness.read_download("second.bin"), *body);
    // No attempt failed on the closed connection (a failed attempt says
    // "retrying" in a status change).
    let failures: Vec<Event> = harness
        .drain_events()
        .into_iter()
        .filter(|event| matches!(event, Event::StatusChanged { error: Some(_), .. }))
        .collect();
    assert_eq!(failures, Vec::new());
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.connections_accepted(), 2);
}

/// With `http_proxy` set, a plain-HTTP download asks the proxy (absolute
/// form), not the host in the URL, which here does not even exist.
#[test]
fn a_download_goes_through_the_proxy_named_in_http_proxy() {
    let body = Arc::new(test_bytes(10_000, 122));
    let served = Arc::clone(&body);
    let proxy = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"p\"")));
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let mut command = Command::new(ferry_binary());
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    let output = command
        .env("http_proxy", format!("http://{}", proxy.address))
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args([
            "get",
            "http://ferry-test.invalid/proxied.bin",
            "--quiet",
            "-d",
        ])
        .arg(&downloads)
        .stdin(Stdio::null())
        .output()
        .expect("run ferry");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read(downloads.join("proxied.bin")).expect("downloaded"),
        *body
    );
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "http://ferry-test.invalid/proxied.bin");
    assert_eq!(requests[0].header("host"), Some("ferry-test.invalid"));
}
