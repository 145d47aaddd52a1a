//! Redirects: bounded, and credentials stay with their origin.

use std::sync::Arc;

use ferry::model::{Credentials, HeaderPair, Status, TransferError};

use crate::support::Harness;
use crate::support::server::{Reply, TestServer, serve_bytes};

#[test]
fn a_redirect_loop_fails_cleanly() {
    let server = TestServer::start(|request, _| {
        let next = if request.path == "/a" { "/b" } else { "/a" };
        Reply::status(302).with_header("Location", next)
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/a")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error);
    assert!(
        matches!(&transfer.error, Some(TransferError::Redirect { reason }) if reason.contains("too many redirects")),
        "{transfer:?}"
    );
    assert!(
        server.requests().len() <= 21,
        "{} requests",
        server.requests().len()
    );
    assert!(harness.downloaded_names().is_empty());
}

#[test]
fn cross_origin_redirect_drops_credentials_and_user_headers() {
    let mirror = Arc::new(TestServer::start(|request, _| {
        serve_bytes(request, b"mirrored", None)
    }));
    let mirror_url = mirror.url("/pub/file.iso");
    let origin = TestServer::start(move |request, _| {
        if request.path == "/same-origin" {
            return Reply::status(301).with_header("Location", "/file.iso");
        }
        if request.path == "/file.iso" {
            return Reply::status(302).with_header("Location", mirror_url.as_str());
        }
        Reply::status(404)
    });
    let harness = Harness::start();
    let mut spec = harness.spec(origin.url("/same-origin"));
    spec.request_headers = vec![
        HeaderPair {
            name: "Authorization".to_owned(),
            value: "Bearer secret-token".to_owned(),
        },
        HeaderPair {
            name: "Cookie".to_owned(),
            value: "session=abc".to_owned(),
        },
        HeaderPair {
            name: "X-Api-Key".to_owned(),
            value: "key-123".to_owned(),
        },
        HeaderPair {
            name: "Accept-Language".to_owned(),
            value: "ko".to_owned(),
        },
    ];
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(harness.read_download("file.iso"), b"mirrored");

    let origin_requests = origin.requests();
    assert_eq!(origin_requests.len(), 2);
    for request in &origin_requests {
        assert_eq!(request.header("authorization"), Some("Bearer secret-token"));
        assert_eq!(request.header("x-api-key"), Some("key-123"));
        assert_eq!(request.header("cookie"), Some("session=abc"));
    }
    let mirror_requests = mirror.requests();
    assert_eq!(mirror_requests.len(), 1);
    let crossed = &mirror_requests[0];
    assert_eq!(crossed.header("authorization"), None);
    assert_eq!(crossed.header("cookie"), None);
    assert_eq!(crossed.header("x-api-key"), None);
    assert_eq!(crossed.header("proxy-authorization"), None);
    assert_eq!(crossed.header("accept-language"), Some("ko"));
    let info = transfer.response.expect("response");
    assert_eq!(
        info.actual_url.as_str(),
        mirror.url("/pub/file.iso").as_str()
    );
}

#[test]
fn basic_credentials_go_to_their_origin_only() {
    let mirror = Arc::new(TestServer::start(|request, _| {
        serve_bytes(request, b"data", None)
    }));
    let mirror_url = mirror.url("/data.bin");
    let origin = TestServer::start(move |request, _| {
        if request.header("authorization").is_none() {
            return Reply::status(401);
        }
        Reply::status(307).with_header("Location", mirror_url.as_str())
    });
    let mut harness = Harness::start();
    let mut spec = harness.spec(origin.url("/private"));
    spec.credentials = Some(Credentials {
        user_name: "ana".to_owned(),
        password: "hunter2".to_owned(),
    });
    let transfer_id = harness.add(spec);
    harness.wait_completed(transfer_id);
    assert!(
        origin.requests()[0]
            .header("authorization")
            .is_some_and(|value| value.starts_with("Basic "))
    );
    assert_eq!(mirror.requests()[0].header("authorization"), None);
    // The password never reaches the state file.
    harness.engine.take().expect("engine").shutdown();
    let state = std::fs::read_to_string(harness.state_dir.path().join("state.ron")).expect("state");
    assert!(state.contains("/private"));
    assert!(!state.contains("hunter2"));
    assert!(
        !state.contains("YW5hOmh1bnRlcjI"),
        "no base64 credentials either"
    );
}
