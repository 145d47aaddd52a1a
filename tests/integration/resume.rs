//! Resuming: the Range/If-Range sent, and every way a server can answer it
//! wrongly. A wrong file is worse than a failed one: never splice.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use ferry::model::Status;

use crate::support::server::{Reply, TestServer, serve_bytes};
use crate::support::{Harness, saw_restart_in_progress, sha256_hex, test_bytes};

const SIZE: usize = 1_000_000;
const CUT: usize = 400_000;

#[test]
fn cut_mid_body_resumes_with_range_and_if_range() {
    let body = Arc::new(test_bytes(SIZE, 10));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        let reply = serve_bytes(request, &served, Some("\"v1\""));
        if index == 0 {
            reply.cut_after(CUT)
        } else {
            reply
        }
    });
    let mut harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/cut.bin")));
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("cut.bin")),
        sha256_hex(&body)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("range"),
        Some(format!("bytes={CUT}-").as_str())
    );
    assert_eq!(requests[1].header("if-range"), Some("\"v1\""));
    assert_eq!(requests[1].header("accept-encoding"), Some("identity"));
    assert_eq!(transfer.restarts, 0);
    assert!(!saw_restart_in_progress(&harness.drain_events()));
}

#[test]
fn server_ignoring_range_restarts_from_zero() {
    let body = Arc::new(test_bytes(SIZE, 11));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |_, index| {
        let reply = Reply {
            status: 200,
            body: served.to_vec(),
            ..Reply::default()
        }
        .with_header("ETag", "\"v1\"");
        if index == 0 {
            reply.cut_after(CUT)
        } else {
            reply
        }
    });
    let mut harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/norange.bin")));
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(harness.read_download("norange.bin"), *body);
    assert_eq!(transfer.restarts, 1);
    assert_eq!(
        server.requests()[1].header("range"),
        Some(format!("bytes={CUT}-").as_str())
    );
    assert!(saw_restart_in_progress(&harness.drain_events()));
}

// A 206 that starts at 0 when asked for a later range used to be spliced
// (Gopeed #1460): it must be thrown away.
#[test]
fn partial_response_from_zero_is_never_spliced() {
    let body = Arc::new(test_bytes(SIZE, 12));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| match index {
        0 => serve_bytes(request, &served, Some("\"v1\"")).cut_after(CUT),
        1 => Reply {
            status: 206,
            body: served.to_vec(),
            ..Reply::default()
        }
        .with_header("Content-Range", &format!("bytes 0-{}/{}", SIZE - 1, SIZE))
        .with_header("ETag", "\"v1\""),
        _ => serve_bytes(request, &served, Some("\"v1\"")),
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/zero.bin")));
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("zero.bin")),
        sha256_hex(&body)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[2].header("range"),
        None,
        "after a bad 206 ferry starts over"
    );
    assert_eq!(transfer.restarts, 1);
}

#[test]
fn wrong_total_in_content_range_is_rejected() {
    let body = Arc::new(test_bytes(SIZE, 13));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| match index {
        0 => serve_bytes(request, &served, Some("\"v1\"")).cut_after(CUT),
        1 => Reply {
            status: 206,
            body: served[CUT..].to_vec(),
            ..Reply::default()
        }
        .with_header(
            "Content-Range",
            &format!("bytes {CUT}-{}/{}", SIZE - 1, SIZE + 10),
        ),
        _ => serve_bytes(request, &served, Some("\"v1\"")),
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/total.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(harness.read_download("total.bin"), *body);
    assert_eq!(server.requests()[2].header("range"), None);
}

/// A file that changes to a new version after the first attempt was cut.
fn changing_file_server(honour_if_range: bool) -> (TestServer, Arc<Vec<u8>>) {
    let old = Arc::new(test_bytes(SIZE, 14));
    let new = Arc::new(test_bytes(SIZE, 15));
    let served_new = Arc::clone(&new);
    let server = TestServer::start(move |request, index| {
        if index == 0 {
            return serve_bytes(request, &old, Some("\"old\"")).cut_after(CUT);
        }
        if honour_if_range {
            serve_bytes(request, &served_new, Some("\"new\""))
        } else {
            // A broken server: answers the range of the new version anyway.
            let mut ignoring = request.clone();
            ignoring
                .headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("if-range"));
            serve_bytes(&ignoring, &served_new, Some("\"new\""))
        }
    });
    (server, new)
}

#[test]
fn changed_etag_with_if_range_honoured_restarts() {
    let (server, new) = changing_file_server(true);
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/changing.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(
        sha256_hex(&harness.read_download("changing.bin")),
        sha256_hex(&new)
    );
    assert_eq!(transfer.restarts, 1);
    assert_eq!(server.requests()[1].header("if-range"), Some("\"old\""));
}

#[test]
fn changed_etag_with_if_range_ignored_is_never_spliced() {
    let (server, new) = changing_file_server(false);
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/changing.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(
        sha256_hex(&harness.read_download("changing.bin")),
        sha256_hex(&new)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].header("range"), None);
}

#[test]
fn no_validator_means_no_resume() {
    let body = Arc::new(test_bytes(SIZE, 16));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        let reply = serve_bytes(request, &served, None);
        if index == 0 {
            reply.cut_after(CUT)
        } else {
            reply
        }
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/plain.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(harness.read_download("plain.bin"), *body);
    assert_eq!(server.requests()[1].header("range"), None);
}

#[test]
fn a_restarted_engine_reattaches_and_resumes() {
    let body = Arc::new(test_bytes(3_000_000, 17));
    let (server, slow) = TestServer::start_slow_until_switched(&body, "\"r1\"");
    let mut harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/reattach.bin")));
    harness.wait_for(transfer_id, |transfer| transfer.bytes_on_disk() > 200_000);
    harness.restart();
    slow.store(false, Ordering::SeqCst);
    harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("reattach.bin")),
        sha256_hex(&body)
    );
    let requests = server.requests();
    let resumed = requests.last().expect("a request");
    assert!(
        resumed.header("range").is_some(),
        "the second engine resumed by range"
    );
}

// A validator HTTP cannot send as If-Range (FTP's size and time, kept
// when a transfer's URL moved from ftp to http) never makes a range
// request: the kept bytes are dropped and the file comes whole.
#[test]
fn a_validator_http_cannot_send_starts_over() {
    let body = Arc::new(test_bytes(3_000_000, 21));
    let (server, slow) = TestServer::start_slow_until_switched(&body, "\"s1\"");
    let mut harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/other-kind.bin")));
    harness.wait_for(transfer_id, |transfer| transfer.bytes_on_disk() > 200_000);
    harness.engine.take().expect("engine").shutdown();
    let state_path = harness.state_dir.path().join("state.ron");
    let text = std::fs::read_to_string(&state_path).expect("state");
    let ftp_like = text.replace(
        "ETag(\"\\\"s1\\\"\")",
        "SizeAndModified(size:3000000,modified:\"20261207120000\")",
    );
    assert_ne!(ftp_like, text, "the stored validator was replaced");
    std::fs::write(&state_path, ftp_like).expect("write");
    let asked_before = server.requests().len();
    slow.store(false, Ordering::SeqCst);
    harness.restart();
    harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("other-kind.bin")),
        sha256_hex(&body)
    );
    let requests = server.requests();
    assert!(
        requests[asked_before..]
            .iter()
            .all(|request| request.header("range").is_none()),
        "no range request after the restart"
    );
}

// A kill between the final rename and saving `Completed` used to download the
// whole file again into `NAME (1)`.
#[test]
fn a_file_published_before_a_crash_is_not_downloaded_again() {
    let body = Arc::new(test_bytes(300_000, 18));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"p1\"")));
    let mut harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/published.bin")));
    harness.wait_completed(transfer_id);
    harness.engine.take().expect("engine").shutdown();
    // Rewrite the state as it was just before `Completed` was saved.
    let state_path = harness.state_dir.path().join("state.ron");
    let text = std::fs::read_to_string(&state_path).expect("state");
    std::fs::write(
        &state_path,
        text.replace("status: Completed", "status: Running"),
    )
    .expect("write");
    harness.restart();
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(harness.downloaded_names(), vec!["published.bin"]);
    assert_eq!(server.requests().len(), 1, "nothing was downloaded again");
}

// A crash after the `.part` file was created but before its path was saved:
// the transfer finds its own file by the tag it carries and uses that name
// again; a `.part` that is not its own is never touched.
#[test]
fn a_part_file_left_before_its_path_was_saved_is_found_again() {
    let body = Arc::new(test_bytes(SIZE, 19));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"t1\"")));
    let harness = Harness::start();
    let spec = harness.spec(server.url("/orphan.bin"));
    let own_part = harness.download_dir.path().join("orphan.bin.part");
    std::fs::write(&own_part, b"left by a crash").expect("write");
    let tagged = rustix::fs::setxattr(
        &own_part,
        "user.ferry.transfer",
        spec.transfer_id.to_string().as_bytes(),
        rustix::fs::XattrFlags::empty(),
    );
    if tagged.is_err() {
        eprintln!("skipped: this file system keeps no extended attributes");
        return;
    }
    let stranger = harness.download_dir.path().join("other.bin.part");
    std::fs::write(&stranger, b"someone else's").expect("write");

    let transfer_id = harness.add(spec);
    harness.wait_completed(transfer_id);
    assert_eq!(harness.read_download("orphan.bin"), *body);

    let other = harness.add(harness.spec(server.url("/other.bin")));
    harness.wait_completed(other);
    assert_eq!(harness.read_download("other (1).bin"), *body);
    assert_eq!(std::fs::read(&stranger).expect("read"), b"someone else's");
    assert_eq!(
        harness.downloaded_names(),
        vec!["orphan.bin", "other (1).bin", "other.bin.part"]
    );
}
