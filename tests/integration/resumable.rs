//! Resumable uploads (tus 1.0) against a tus server written from the spec:
//! checked chunks, a refused checksum sent again, `ferry put --resumable`
//! killed with SIGKILL ten times and continued from the server's offset,
//! a changed file started over (the old upload deleted), an expired upload
//! replaced, a cancel that deletes it, and a server that is not tus.

use std::path::PathBuf;
use std::process::{Command as Process, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use base64::Engine as _;
use ferry::engine::Command;
use ferry::model::{Status, TransferId, TransferSpec, UploadMethod};
use rand::Rng;

use crate::cli::stderr_of;
use crate::support::tus::start_tus_server;
use crate::support::{Harness, ferry_binary, sha256_hex, test_bytes};

fn source_file(harness: &Harness, name: &str, bytes: &[u8]) -> PathBuf {
    let path = harness.download_dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the file to send");
    path
}

fn resumable(harness: &Harness, url: url::Url, file: PathBuf) -> TransferId {
    harness.add(TransferSpec::upload(url, file, UploadMethod::Resumable))
}

/// A resumable upload held to `rate` bytes a second, once the server
/// confirmed more than `offset` bytes of it.
fn slow_resumable(
    harness: &Harness,
    url: url::Url,
    file: PathBuf,
    rate: u64,
    offset: u64,
) -> TransferId {
    let mut spec = TransferSpec::upload(url, file, UploadMethod::Resumable);
    spec.max_bytes_per_second = Some(rate);
    let transfer_id = harness.add(spec);
    harness.wait_for(transfer_id, |transfer| {
        transfer
            .resumable
            .as_ref()
            .is_some_and(|resumable| resumable.offset > offset)
    });
    transfer_id
}

/// Lifts the upload's limit and resumes it.
fn resume_unlimited(harness: &Harness, transfer_id: TransferId) {
    harness
        .call(Command::SetTransferLimit {
            transfer_id,
            bytes_per_second: None,
        })
        .expect("no limit");
    harness.call(Command::Resume(transfer_id)).expect("resume");
}

#[test]
fn a_resumable_upload_sends_checked_chunks_and_resends_a_refused_one() {
    let (server, tus) = start_tus_server();
    let harness = Harness::start();
    let bytes = test_bytes(5 * 1024 * 1024 + 123, 7);
    let file = source_file(&harness, "$(id) report.pdf", &bytes);
    tus.refuse_next_checksum.store(true, Ordering::SeqCst);
    let transfer_id = resumable(&harness, server.url("/files"), file);
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    assert_eq!(tus.completed_data(), std::slice::from_ref(&bytes));
    let uploads = tus.uploads.lock().expect("uploads").clone();
    let upload = uploads.values().next().expect("one upload");
    assert_eq!(
        upload.metadata,
        format!(
            "filename {}",
            base64::engine::general_purpose::STANDARD.encode("$(id) report.pdf")
        )
    );
    // Five 1 MiB chunks and the rest, one of them twice (the refused one).
    let patches: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|request| request.method == "PATCH")
        .collect();
    assert_eq!(patches.len(), 7, "six chunks, one sent again");
    assert!(patches.iter().all(|request| {
        request
            .header("Upload-Checksum")
            .is_some_and(|value| value.starts_with("sha1 "))
    }));
    assert_eq!(transfer.progress.bytes_sent, bytes.len() as u64);
    let resumable = transfer.resumable.expect("kept");
    assert_eq!(resumable.offset, bytes.len() as u64);
    assert_eq!(resumable.upload_url.path(), "/files/u0");
}

/// The test: `ferry put --resumable` of 200 MiB killed with
/// SIGKILL at ten random moments, then run to the end: the server's file
/// is the source, and what went over the wire stays under 1.3 times it.
#[test]
fn ferry_put_resumable_survives_ten_kills_and_sends_little_twice() {
    let (server, tus) = start_tus_server();
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let file = root.path().join("big.bin");
    let bytes = test_bytes(200 * 1024 * 1024, 13);
    std::fs::write(&file, &bytes).expect("write");
    let url = server.url("/files").to_string();
    let put = |arguments: &[&str]| {
        let mut command = Process::new(ferry_binary());
        command
            .arg("--state-dir")
            .arg(&state_dir)
            .args(["put", "--resumable", "--quiet"])
            .arg(&file)
            .arg(&url)
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        command
    };
    let mut rng = rand::rng();
    let mut moments = Vec::new();
    for _ in 0..10 {
        let mut child = put(&["--limit-rate", "25M"]).spawn().expect("ferry put");
        let moment = Duration::from_millis(rng.random_range(300..900));
        moments.push(moment);
        std::thread::sleep(moment);
        child.kill().expect("SIGKILL");
        let _ = child.wait();
    }
    let offset_before_last = tus
        .uploads
        .lock()
        .expect("uploads")
        .values()
        .map(|upload| upload.data.len())
        .max()
        .unwrap_or(0);
    let started = Instant::now();
    let last = put(&[]).output().expect("ferry put");
    assert_eq!(last.status.code(), Some(0), "{}", stderr_of(&last));
    let sent = tus.patch_bytes.load(Ordering::SeqCst);
    let uploads = tus.uploads.lock().expect("uploads").len();
    eprintln!(
        "kills after {moments:?}; the server had {offset_before_last} bytes before the last run, \
         which took {:?}; {sent} bytes sent for {} ({:.3}x); {uploads} upload(s) created",
        started.elapsed(),
        bytes.len(),
        sent as f64 / bytes.len() as f64
    );
    assert!(offset_before_last > 0, "the killed runs sent something");
    let completed = tus.completed_data();
    assert_eq!(completed.len(), 1);
    assert_eq!(sha256_hex(&completed[0]), sha256_hex(&bytes));
    assert!(
        (sent as f64) < 1.3 * bytes.len() as f64,
        "{sent} bytes went out for {}",
        bytes.len()
    );
    assert_eq!(uploads, 1, "every run continued the same upload");
}

#[test]
fn a_file_changed_between_runs_starts_over_and_the_old_upload_is_deleted() {
    let (server, tus) = start_tus_server();
    let harness = Harness::start();
    let first = test_bytes(4 * 1024 * 1024, 1);
    let file = source_file(&harness, "notes.bin", &first);
    let transfer_id = slow_resumable(&harness, server.url("/files"), file.clone(), 2 << 20, 0);
    harness.call(Command::Pause(transfer_id)).expect("pause");
    harness.wait_for(transfer_id, |transfer| {
        transfer.status == Status::PausedByApplication
    });
    let second = test_bytes(3 * 1024 * 1024, 2);
    std::fs::write(&file, &second).expect("change the file");
    resume_unlimited(&harness, transfer_id);
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(transfer.restarts, 1, "{transfer:#?}");
    assert_eq!(tus.completed_data(), [second]);
    assert_eq!(*tus.deleted.lock().expect("deleted"), ["u0"]);
}

#[test]
fn an_expired_upload_is_replaced_and_a_cancel_deletes_the_upload() {
    let (server, tus) = start_tus_server();
    let harness = Harness::start();
    let bytes = test_bytes(3 * 1024 * 1024, 3);
    let file = source_file(&harness, "video.bin", &bytes);
    let transfer_id = slow_resumable(&harness, server.url("/files"), file.clone(), 1 << 20, 0);
    harness.call(Command::Pause(transfer_id)).expect("pause");
    tus.expire_all();
    resume_unlimited(&harness, transfer_id);
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(tus.completed_data(), std::slice::from_ref(&bytes));
    assert_eq!(
        transfer.resumable.expect("kept").upload_url.path(),
        "/files/u1"
    );

    // A cancel deletes what the server has of an unfinished upload.
    let mut spec = TransferSpec::upload(server.url("/files"), file, UploadMethod::Resumable);
    spec.max_bytes_per_second = Some(512 * 1024);
    let canceled = harness.add(spec);
    harness.wait_for(canceled, |transfer| transfer.resumable.is_some());
    harness.call(Command::Cancel(canceled)).expect("cancel");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !tus
        .deleted
        .lock()
        .expect("deleted")
        .contains(&"u2".to_owned())
    {
        assert!(
            Instant::now() < deadline,
            "the canceled upload was not deleted"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_server_that_is_not_tus_gets_a_clear_message() {
    let (server, tus) = start_tus_server();
    tus.is_plain_http.store(true, Ordering::SeqCst);
    let root = tempfile::tempdir().expect("dir");
    let file = root.path().join("a.bin");
    std::fs::write(&file, b"hello").expect("write");
    let output = Process::new(ferry_binary())
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args(["put", "--resumable", "--quiet"])
        .arg(&file)
        .arg(server.url("/files").as_str())
        .stdin(Stdio::null())
        .output()
        .expect("ferry put");
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("the server does not take resumable uploads (tus 1.0): OPTIONS")
            && stderr.contains("answered 405 without a Tus-Version header"),
        "{stderr}"
    );
}

/// The server lost what it had (its store was cut back) while the upload
/// ran: the next chunk's offset is refused (409), ferry asks the server
/// (HEAD) and continues from the server's offset, never from its own.
#[test]
fn an_offset_the_server_refuses_is_asked_again_and_followed() {
    let (server, tus) = start_tus_server();
    let harness = Harness::start();
    let bytes = test_bytes(4 * 1024 * 1024, 9);
    let file = source_file(&harness, "lost.bin", &bytes);
    let transfer_id = slow_resumable(&harness, server.url("/files"), file, 2 << 20, 2 << 20);
    for upload in tus.uploads.lock().expect("uploads").values_mut() {
        upload.data.truncate(1024 * 1024);
    }
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(tus.completed_data(), std::slice::from_ref(&bytes));
    let statuses: Vec<String> = server
        .requests()
        .iter()
        .map(|request| request.method.clone())
        .collect();
    assert!(
        statuses.iter().any(|method| method == "HEAD"),
        "the server was asked: {statuses:?}"
    );
    assert_eq!(transfer.restarts, 0);
}
