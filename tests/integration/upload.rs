//! Uploads: a file sent whole by PUT or POST to a real server that reads
//! the body; broken uploads sent again from the first byte; error answers;
//! upload limits (lower bounds on elapsed time only); `ferry put`.

use std::path::PathBuf;
use std::process::Command as Process;
use std::sync::Arc;
use std::time::Instant;

use ferry::engine::Command;
use ferry::model::{Credentials, HeaderPair, Status, TransferError, TransferSpec, UploadMethod};

use crate::support::server::{BodyCut, RecordedRequest, Reply, TestServer};
use crate::support::{
    Harness, ferry_binary, least_time, saw_restart_in_progress, sha256_hex, test_bytes,
};

const SIZE: usize = 600_000;
const RATE: u64 = 300_000;

/// A server that takes every upload: 201 Created, saying where it is.
fn accepting_server() -> TestServer {
    TestServer::start(|request, _| {
        let mut reply = Reply::status(201)
            .with_header("Content-Type", "text/plain; charset=utf-8")
            .with_header("Location", &format!("/stored{}", request.path));
        reply.body = format!("stored at /stored{}\n", request.path).into_bytes();
        reply
    })
}

/// Writes `bytes` into a file beside the harness's downloads.
fn source_file(harness: &Harness, name: &str, bytes: &[u8]) -> PathBuf {
    let path = harness.download_dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the file to send");
    path
}

/// The requests that carried a body to `path`.
fn uploads_to(server: &TestServer, path: &str) -> Vec<RecordedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|request| request.path == path)
        .collect()
}

#[test]
fn put_sends_the_file_whole_with_the_users_headers_and_credentials() {
    let server = accepting_server();
    let harness = Harness::start();
    let bytes = test_bytes(SIZE, 41);
    let file = source_file(&harness, "report.bin", &bytes);
    let mut spec = TransferSpec::upload(server.url("/in/report.bin"), file, UploadMethod::Put);
    spec.request_headers.push(HeaderPair {
        name: "X-Batch".to_owned(),
        value: "7".to_owned(),
    });
    spec.credentials = Some(Credentials {
        user_name: "ada".to_owned(),
        password: "secret".to_owned(),
    });
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_settled(transfer_id);

    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    let answer = transfer.response.as_ref().expect("the answer");
    assert_eq!(answer.status_code, 201);
    assert_eq!(
        answer.body_text.as_deref(),
        Some("stored at /stored/in/report.bin")
    );
    assert_eq!(transfer.progress.bytes_sent, SIZE as u64);
    assert_eq!(transfer.progress.total_bytes_to_send, Some(SIZE as u64));
    assert_eq!(transfer.restarts, 0);
    assert_eq!(
        transfer.response.as_ref().map(|info| info.status_code),
        Some(201)
    );
    let requests = uploads_to(&server, "/in/report.bin");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(sha256_hex(&request.body), sha256_hex(&bytes));
    assert_eq!(request.header("Content-Length"), Some("600000"));
    assert_eq!(
        request.header("Content-Type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.header("X-Batch"), Some("7"));
    assert!(
        request
            .header("Authorization")
            .is_some_and(|value| value.starts_with("Basic ")),
        "{request:?}"
    );
    // The file sent is the user's: untouched.
    assert_eq!(
        std::fs::read(harness.download_dir.path().join("report.bin")).expect("file"),
        bytes
    );
}

#[test]
fn a_put_broken_midway_is_sent_again_from_the_first_byte() {
    let server = TestServer::start_cutting_bodies(
        BodyCut {
            requests: 1,
            after_bytes: 100_000,
        },
        |_, _| Reply::status(204),
    );
    let mut harness = Harness::start();
    let bytes = test_bytes(SIZE, 42);
    let file = source_file(&harness, "broken.bin", &bytes);
    let transfer_id = harness.add(TransferSpec::upload(
        server.url("/broken.bin"),
        file,
        UploadMethod::Put,
    ));
    let transfer = harness.wait_settled(transfer_id);

    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    assert!(saw_restart_in_progress(&harness.drain_events()));
    assert_eq!(transfer.restarts, 1);
    let requests = uploads_to(&server, "/broken.bin");
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert!(requests.iter().all(|request| request.method == "PUT"));
    assert_eq!(requests[0].body.len(), 100_000);
    // The second attempt carries the whole file, from its first byte.
    assert_eq!(sha256_hex(&requests[1].body), sha256_hex(&bytes));
}

/// Windows' rule for POST: it cannot be paused, and one that broke off
/// fails instead of being sent twice behind the user's back; Resume sends
/// it again, whole.
#[test]
fn a_post_broken_midway_fails_and_is_sent_again_only_when_resumed() {
    let server = TestServer::start_cutting_bodies(
        BodyCut {
            requests: 1,
            after_bytes: 100_000,
        },
        |_, _| Reply::status(204),
    );
    let harness = Harness::start();
    let bytes = test_bytes(SIZE, 44);
    let file = source_file(&harness, "form.bin", &bytes);
    let transfer_id = harness.add(TransferSpec::upload(
        server.url("/post.bin"),
        file,
        UploadMethod::Post,
    ));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error, "{transfer:#?}");
    assert!(
        matches!(transfer.error, Some(TransferError::PostNotRepeated { .. })),
        "{transfer:#?}"
    );
    assert!(
        transfer
            .error
            .as_ref()
            .is_some_and(|error| error.to_string().contains("a POST is not sent twice")),
        "{transfer:#?}"
    );
    assert_eq!(uploads_to(&server, "/post.bin").len(), 1);

    // Slowed down, so it still runs when Pause is asked.
    harness
        .call(Command::SetTransferLimit {
            transfer_id,
            bytes_per_second: Some(RATE),
        })
        .expect("limit");
    harness.call(Command::Resume(transfer_id)).expect("resume");
    harness.wait_for(transfer_id, |transfer| transfer.progress.bytes_sent > 0);
    let refused = harness.call(Command::Pause(transfer_id));
    assert!(
        matches!(refused, Err(ferry::engine::EngineError::PostCannotPause(_))),
        "{refused:?}"
    );
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    let requests = uploads_to(&server, "/post.bin");
    assert_eq!(requests.len(), 2);
    assert_eq!(sha256_hex(&requests[1].body), sha256_hex(&bytes));
}

#[test]
fn an_error_answer_fails_the_upload_and_a_recoverable_one_pauses_it() {
    let server = TestServer::start(|request, _| match request.path.as_str() {
        "/refused.bin" => Reply::status(404),
        _ => Reply::status(403),
    });
    let harness = Harness::start();
    let file = source_file(&harness, "a.bin", &test_bytes(10_000, 43));

    let refused = harness.add(TransferSpec::upload(
        server.url("/refused.bin"),
        file.clone(),
        UploadMethod::Put,
    ));
    let transfer = harness.wait_settled(refused);
    assert_eq!(transfer.status, Status::Error);
    assert_eq!(transfer.error, Some(TransferError::Http { status: 404 }));

    let mut spec = TransferSpec::upload(server.url("/expired.bin"), file, UploadMethod::Put);
    spec.recoverable_statuses = vec![403];
    let expired = harness.add(spec);
    let transfer = harness.wait_settled(expired);
    assert_eq!(transfer.status, Status::PausedRecoverableWebErrorStatus);
}

#[test]
fn a_missing_file_fails_with_its_name_and_nothing_is_sent() {
    let server = accepting_server();
    let harness = Harness::start();
    let missing = harness.download_dir.path().join("gone.bin");
    let transfer_id = harness.add(TransferSpec::upload(
        server.url("/gone.bin"),
        missing.clone(),
        UploadMethod::Put,
    ));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error);
    assert!(
        matches!(&transfer.error, Some(TransferError::CannotRead { path, .. }) if *path == missing),
        "{transfer:?}"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn a_transfer_limit_holds_an_upload_down() {
    let server = accepting_server();
    let harness = Harness::start();
    let bytes = test_bytes(SIZE, 44);
    let file = source_file(&harness, "limited.bin", &bytes);
    let mut spec = TransferSpec::upload(server.url("/limited.bin"), file, UploadMethod::Put);
    spec.max_bytes_per_second = Some(RATE);
    let started = Instant::now();
    let transfer = harness.wait_settled(harness.add(spec));
    let elapsed = started.elapsed();
    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    assert!(elapsed >= least_time(SIZE, RATE), "took only {elapsed:?}");
    assert_eq!(
        sha256_hex(&uploads_to(&server, "/limited.bin")[0].body),
        sha256_hex(&bytes)
    );
}

#[test]
fn the_global_upload_limit_holds_leaves_downloads_alone_and_is_saved() {
    let server = accepting_server();
    let mut harness = Harness::start();
    harness.update_settings(|settings| settings.upload_limit = Some(RATE));
    let bytes = test_bytes(SIZE, 45);
    let file_a = source_file(&harness, "a.bin", &bytes);
    let file_b = source_file(&harness, "b.bin", &bytes);
    let started = Instant::now();
    let a = harness.add(TransferSpec::upload(
        server.url("/a.bin"),
        file_a,
        UploadMethod::Put,
    ));
    let b = harness.add(TransferSpec::upload(
        server.url("/b.bin"),
        file_b,
        UploadMethod::Put,
    ));
    for transfer_id in [a, b] {
        harness.wait_completed(transfer_id);
    }
    // Both share the one budget: twice SIZE at RATE.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= least_time(SIZE, RATE) * 2,
        "took only {elapsed:?}"
    );
    harness.restart();
    let settings = harness.handle.settings();
    assert_eq!(settings.upload_limit, Some(RATE));
    assert_eq!(settings.download_limit, None);
}

#[test]
fn a_waiting_upload_is_kept_across_a_restart_and_sent_when_resumed() {
    let server = accepting_server();
    let mut harness = Harness::start();
    let bytes = test_bytes(SIZE, 46);
    let file = source_file(&harness, "later.bin", &bytes);
    let spec = TransferSpec::upload(server.url("/later.bin"), file.clone(), UploadMethod::Post);
    let transfer_id = spec.transfer_id;
    harness
        .call(Command::Add {
            spec: Box::new(spec),
            start: false,
        })
        .expect("add");
    harness.restart();
    let kept = harness.handle.transfer(transfer_id).expect("kept");
    let upload = kept.spec.upload_source().cloned().expect("still an upload");
    assert_eq!(upload.file, file);
    assert_eq!(upload.method, UploadMethod::Post);
    harness.call(Command::Resume(transfer_id)).expect("resume");
    harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&uploads_to(&server, "/later.bin")[0].body),
        sha256_hex(&bytes)
    );
}

#[test]
fn ferry_put_sends_the_file_and_refuses_bad_input_without_touching_the_state() {
    let received = Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = Arc::clone(&received);
    let server = TestServer::start(move |request, _| {
        kept.lock().expect("lock").push(request.body.clone());
        Reply::status(201)
    });
    let state_dir = tempfile::tempdir().expect("state dir");
    let work = tempfile::tempdir().expect("work dir");
    let bytes = test_bytes(200_000, 47);
    std::fs::write(work.path().join("photo.jpg"), &bytes).expect("write");
    let ferry = |arguments: &[&str]| {
        Process::new(ferry_binary())
            .arg("--state-dir")
            .arg(state_dir.path())
            .args(arguments)
            .current_dir(work.path())
            .output()
            .expect("run ferry")
    };

    let url = server.url("/photos/photo.jpg").to_string();
    let output = ferry(&["put", "photo.jpg", &url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("sent") && stderr.contains("photo.jpg"),
        "{stderr}"
    );
    assert_eq!(received.lock().expect("lock").len(), 1);
    assert_eq!(
        sha256_hex(&received.lock().expect("lock")[0]),
        sha256_hex(&bytes)
    );

    let state_before = std::fs::read(state_dir.path().join("state.ron")).expect("state");
    for (arguments, words) in [
        (vec!["put", "missing.jpg", url.as_str()], "cannot read"),
        (vec!["put", ".", url.as_str()], "is not a file"),
        (
            vec!["put", "photo.jpg", "ftp://127.0.0.1/x"],
            "FTP is for downloads",
        ),
        (
            vec!["put", "photo.jpg", url.as_str(), "-H", "broken"],
            "header",
        ),
        (vec!["limit", "fast", "--upload"], "rate"),
    ] {
        let output = ferry(&arguments);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{arguments:?}: {stderr}");
        assert!(stderr.contains(words), "{arguments:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read(state_dir.path().join("state.ron")).expect("state"),
        state_before
    );
    assert_eq!(received.lock().expect("lock").len(), 1);

    let output = ferry(&["limit", "1M", "--upload"]);
    assert_eq!(output.status.code(), Some(0));
    let state = std::fs::read_to_string(state_dir.path().join("state.ron")).expect("state");
    assert!(state.contains("upload_limit:Some(1048576)"), "{state}");
    let listed = ferry(&["list", "--json"]);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.contains("\"kind\": \"upload\""), "{listed}");
}

/// `ferry put` to a real nginx (`dav_methods PUT`): the file on nginx's
/// disk is the file sent, byte for byte.
#[test]
fn ferry_put_to_nginx_leaves_the_same_bytes_on_its_disk() {
    let nginx = crate::support::nginx::Nginx::start();
    let root = tempfile::tempdir().expect("dir");
    let bytes = test_bytes(3 * 1024 * 1024 + 17, 48);
    let file = root.path().join("disk image.bin");
    std::fs::write(&file, &bytes).expect("write");
    let output = Process::new(ferry_binary())
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args(["put", "--quiet"])
        .arg(&file)
        .arg(nginx.url("/up/disk%20image.bin"))
        .output()
        .expect("ferry put");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stored = std::fs::read(nginx.uploads.join("disk image.bin")).expect("on nginx's disk");
    assert_eq!(sha256_hex(&stored), sha256_hex(&bytes));
}
