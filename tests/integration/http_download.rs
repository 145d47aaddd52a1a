//! Plain downloads: bytes, names, errors, checksums, duplicates.

use std::sync::Arc;
use std::time::Duration;

use ferry::engine::{Command, EngineError};
use ferry::model::{Destination, SettingChange, Status, TransferError, TransferSpec};

use crate::support::server::{Reply, TestServer, serve_bytes};
use crate::support::{Harness, sha256_hex, test_bytes};

#[test]
fn plain_download_is_byte_identical_and_asks_for_identity() {
    let body = Arc::new(test_bytes(3_000_000, 1));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"v1\"")));
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/files/data.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    assert_eq!(harness.downloaded_names(), vec!["data.bin"]);
    assert_eq!(
        sha256_hex(&harness.read_download("data.bin")),
        sha256_hex(&body)
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("accept-encoding"), Some("identity"));
    assert_eq!(requests[0].header("range"), None);
    let info = transfer.response.expect("response info");
    assert_eq!(info.status_code, 200);
    assert!(info.is_resumable);
    assert_eq!(transfer.progress.bytes_received, body.len() as u64);
}

#[test]
fn not_found_leaves_no_file_and_says_why() {
    let server = TestServer::start(|_, _| Reply {
        status: 404,
        body: b"<html>no such file</html>".to_vec(),
        ..Reply::default()
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/missing.iso")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error);
    assert_eq!(
        transfer.error,
        Some(TransferError::Http { status: 404 }),
        "{transfer:?}"
    );
    assert!(
        harness.downloaded_names().is_empty(),
        "{:?}",
        harness.downloaded_names()
    );
    // 404 is not retried.
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn server_errors_are_retried_three_times_then_fail() {
    let server = TestServer::start(|_, _| Reply {
        status: 500,
        body: b"oops".to_vec(),
        ..Reply::default()
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/flaky")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error);
    assert_eq!(server.requests().len(), 4, "one attempt and three retries");
    assert!(harness.downloaded_names().is_empty());
}

#[test]
fn retry_after_is_honoured() {
    let body = Arc::new(test_bytes(10_000, 2));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        if index == 0 {
            Reply::status(503).with_header("Retry-After", "1")
        } else {
            serve_bytes(request, &served, Some("\"r\""))
        }
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/busy.bin")));
    harness.wait_completed(transfer_id);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let waited = requests[1].received_at - requests[0].received_at;
    assert!(
        waited >= std::time::Duration::from_millis(950),
        "waited only {waited:?}"
    );
    assert_eq!(harness.read_download("busy.bin"), *body);
}

#[test]
fn content_disposition_cannot_escape_the_folder() {
    let server = TestServer::start(|request, _| {
        let disposition = if request.path.contains("evil") {
            "attachment; filename=\"../../etc/cron.d/evil\""
        } else {
            "attachment; filename=\"fallback.txt\"; filename*=UTF-8''%ED%95%9C%EA%B8%80%20caf%C3%A9.txt"
        };
        serve_bytes(request, b"hello", None).with_header("Content-Disposition", disposition)
    });
    let harness = Harness::start();
    let evil = harness.add(harness.spec(server.url("/dl?evil=1")));
    let utf8 = harness.add(harness.spec(server.url("/dl?name=2")));
    harness.wait_completed(evil);
    harness.wait_completed(utf8);
    assert_eq!(harness.downloaded_names(), vec!["evil", "한글 café.txt"]);
    let parent = harness.download_dir.path().parent().expect("parent");
    assert!(!parent.join("etc").exists());
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"new content", None));
    let harness = Harness::start();
    let existing = harness.download_dir.path().join("report.pdf");
    std::fs::write(&existing, b"precious").expect("write");
    let transfer_id = harness.add(harness.spec(server.url("/report.pdf")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(std::fs::read(&existing).expect("read"), b"precious");
    assert_eq!(harness.read_download("report (1).pdf"), b"new content");
    assert_eq!(
        transfer.file_path.as_deref(),
        Some(harness.download_dir.path().join("report (1).pdf").as_path())
    );
}

/// A small body that fails its checksum is not kept (it never gets the
/// file's name).
#[test]
fn checksum_mismatch_deletes_the_download() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"tampered", None));
    let harness = Harness::start();
    let mut spec = harness.spec(server.url("/tool.tar.gz"));
    spec.sha256 = Some(sha256_hex(b"original"));
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error);
    assert!(
        matches!(transfer.error, Some(TransferError::ChecksumMismatch { .. })),
        "{transfer:?}"
    );
    assert!(harness.downloaded_names().is_empty());
}

/// A large download that fails its checksum never gets the file's name:
/// it is kept aside as NAME.corrupt and the failure says where (issue
/// 42, item 9), rather than deleting gigabytes unasked.
#[test]
fn a_large_download_that_fails_its_checksum_is_kept_as_corrupt() {
    let body = test_bytes(1_000_000, 77);
    let served = body.clone();
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"x\"")));
    let harness = Harness::start();
    let mut spec = harness.spec(server.url("/debian.iso"));
    spec.sha256 = Some(sha256_hex(b"another file"));
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error);
    let Some(TransferError::ChecksumMismatch {
        kept: Some(kept), ..
    }) = &transfer.error
    else {
        panic!("{transfer:?}");
    };
    assert_eq!(
        kept,
        &harness.download_dir.path().join("debian.iso.corrupt")
    );
    assert_eq!(std::fs::read(kept).expect("kept"), body);
    assert_eq!(harness.downloaded_names(), ["debian.iso.corrupt"]);
    let words = transfer.error.as_ref().expect("error").to_string();
    assert!(words.contains("debian.iso.corrupt"), "{words}");
}

#[test]
fn checksum_match_completes() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"original", None));
    let harness = Harness::start();
    let mut spec = harness.spec(server.url("/tool.tar.gz"));
    spec.sha256 = Some(sha256_hex(b"original"));
    let transfer_id = harness.add(spec);
    harness.wait_completed(transfer_id);
}

#[test]
fn a_second_download_of_the_same_url_or_file_is_refused() {
    let body = test_bytes(2_000_000, 3);
    let server = TestServer::start(move |request, _| {
        serve_bytes(request, &body, Some("\"d\""))
            .drip(64 * 1024, std::time::Duration::from_millis(20))
    });
    let harness = Harness::start();
    let first = harness.add(harness.spec(server.url("/same.bin")));
    let again = harness.spec(server.url("/same.bin"));
    let refused = harness.call(Command::Add {
        spec: Box::new(again),
        start: true,
    });
    assert!(
        matches!(refused, Err(EngineError::DuplicateUrl { .. })),
        "{refused:?}"
    );
    let target = harness.download_dir.path().join("one.bin");
    let first_file =
        TransferSpec::download(server.url("/a.bin"), Destination::File(target.clone()));
    harness.add(first_file);
    let same_file = TransferSpec::download(server.url("/b.bin"), Destination::File(target));
    let refused = harness.call(Command::Add {
        spec: Box::new(same_file),
        start: true,
    });
    assert!(
        matches!(refused, Err(EngineError::DuplicateDestination { .. })),
        "{refused:?}"
    );
    // The same URL into another folder is a second copy, not a conflict
    // (issue 42, item 13).
    let elsewhere = tempfile::tempdir().expect("dir");
    let copy = harness.add(TransferSpec::download(
        server.url("/same.bin"),
        Destination::Folder(elsewhere.path().to_owned()),
    ));
    let copied = harness.wait_completed(copy);
    assert_eq!(
        std::fs::read(copied.file_path.expect("a file")).expect("read"),
        test_bytes(2_000_000, 3)
    );
    // (The first may have completed meanwhile.)
    let _ = harness.call(Command::Cancel(first));
}

#[test]
fn a_url_is_free_again_once_its_download_completed() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"again", Some("\"a\"")));
    let harness = Harness::start();
    let url = server.url("/again.txt");
    let first = harness.add(harness.spec(url.clone()));
    // A burst of adds: the engine keeps its conflict index between them.
    let refused = harness.call(Command::Add {
        spec: Box::new(harness.spec(url.clone())),
        start: true,
    });
    assert!(matches!(refused, Err(EngineError::DuplicateUrl { .. })));
    harness.wait_completed(first);
    // The finished transfer no longer holds its URL.
    let second = harness.add(harness.spec(url));
    harness.wait_completed(second);
    assert_eq!(harness.downloaded_names().len(), 2);
}

#[test]
fn recoverable_status_pauses_and_set_url_resumes_with_the_kept_bytes() {
    let body = Arc::new(test_bytes(400_000, 4));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        if request.path.starts_with("/expired") {
            if index == 0 {
                return serve_bytes(request, &served, Some("\"same\"")).cut_after(150_000);
            }
            return Reply::status(403);
        }
        serve_bytes(request, &served, Some("\"same\""))
    });
    let harness = Harness::start();
    let mut spec = harness.spec(server.url("/expired/movie.mkv"));
    spec.recoverable_statuses = vec![403];
    let transfer_id = harness.add(spec);
    let paused = harness.wait_settled(transfer_id);
    assert_eq!(
        paused.status,
        Status::PausedRecoverableWebErrorStatus,
        "{paused:?}"
    );
    assert_eq!(paused.bytes_on_disk(), 150_000);
    harness
        .call(Command::SetUrl {
            transfer_id,
            url: server.url("/fresh/movie.mkv"),
        })
        .expect("set url");
    let transfer = harness.wait_for(transfer_id, |transfer| transfer.status == Status::Completed);
    assert_eq!(transfer.restarts, 0);
    assert_eq!(harness.read_download("movie.mkv"), *body);
    let fresh = server
        .requests()
        .into_iter()
        .find(|request| request.path.starts_with("/fresh"))
        .expect("request to the new URL");
    assert_eq!(fresh.header("range"), Some("bytes=150000-"));
    assert_eq!(fresh.header("if-range"), Some("\"same\""));
}

#[test]
fn pause_keeps_the_bytes_and_cancel_deletes_them() {
    let body = test_bytes(4_000_000, 5);
    let server = TestServer::start(move |request, _| {
        serve_bytes(request, &body, Some("\"p\""))
            .drip(32 * 1024, std::time::Duration::from_millis(10))
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/slow.bin")));
    harness.wait_for(transfer_id, |transfer| {
        transfer.progress.bytes_received > 100_000
    });
    harness.call(Command::Pause(transfer_id)).expect("pause");
    let paused = harness.wait_settled(transfer_id);
    assert_eq!(paused.status, Status::PausedByApplication);
    // The stop is asynchronous; wait for the final checkpoint.
    let paused = harness.wait_for(transfer_id, |transfer| transfer.bytes_on_disk() > 0);
    assert!(paused.bytes_on_disk() > 0);
    assert_eq!(harness.downloaded_names(), vec!["slow.bin.part"]);
    let part_length = std::fs::metadata(harness.download_dir.path().join("slow.bin.part"))
        .expect("part")
        .len();
    assert!(part_length >= paused.bytes_on_disk());
    harness.call(Command::Cancel(transfer_id)).expect("cancel");
    let canceled = harness.wait_settled(transfer_id);
    assert_eq!(canceled.status, Status::Canceled);
    // A task still stopping from the pause deletes its bytes as it ends.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !harness.downloaded_names().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "{:?} left after a cancel",
            harness.downloaded_names()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn stalled_connection_is_dropped_and_resumed() {
    let body = Arc::new(test_bytes(200_000, 6));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        let reply = serve_bytes(request, &served, Some("\"s\""));
        if index == 0 {
            reply.stall_after(50_000)
        } else {
            reply
        }
    });
    let mut config = crate::support::fast_config();
    config.stall_timeout = std::time::Duration::from_millis(500);
    let harness = Harness::start_with(config);
    let transfer_id = harness.add(harness.spec(server.url("/stall.bin")));
    harness.wait_completed(transfer_id);
    assert_eq!(harness.read_download("stall.bin"), *body);
    assert_eq!(server.requests()[1].header("range"), Some("bytes=50000-"));
}

#[test]
fn a_small_body_cut_short_is_fetched_again_whole() {
    let body = Arc::new(test_bytes(20_000, 7));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        let reply = serve_bytes(request, &served, Some("\"s\""));
        if index == 0 {
            reply.cut_after(8_000)
        } else {
            reply
        }
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/small.bin")));
    harness.wait_completed(transfer_id);
    assert_eq!(harness.read_download("small.bin"), *body);
    assert_eq!(harness.downloaded_names(), vec!["small.bin"]);
    // Nothing of the cut body was kept: the retry asked for all of it.
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].header("range"), None);
}

#[test]
fn a_small_body_reaches_the_disk_only_whole() {
    let body = Arc::new(test_bytes(20_000, 8));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        serve_bytes(request, &served, Some("\"d\""))
            .drip(1_000, std::time::Duration::from_millis(50))
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/drip.bin")));
    // Progress shows while the body arrives, but no byte is on disk yet.
    harness.wait_for(transfer_id, |transfer| {
        transfer.progress.bytes_received >= 3_000
    });
    assert!(harness.downloaded_names().is_empty());
    harness.call(Command::Pause(transfer_id)).expect("pause");
    let paused = harness.wait_settled(transfer_id);
    assert_eq!(paused.status, Status::PausedByApplication);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(harness.downloaded_names().is_empty());
    assert_eq!(
        harness
            .handle
            .transfer(transfer_id)
            .expect("transfer")
            .bytes_on_disk(),
        0
    );
    harness.call(Command::Resume(transfer_id)).expect("resume");
    let transfer = harness.wait_for(transfer_id, |transfer| transfer.status.is_terminal());
    assert_eq!(transfer.status, Status::Completed, "{transfer:?}");
    assert_eq!(harness.downloaded_names(), vec!["drip.bin"], "{transfer:?}");
    assert_eq!(harness.read_download("drip.bin"), *body);
}

/// The extra CA of the settings is trusted by transfers started after it
/// was set; a file that is not a certificate is refused and changes nothing.
#[test]
fn an_extra_ca_set_in_the_settings_is_trusted_from_then_on() {
    let (server, certificate) =
        TestServer::start_https(|request, _| serve_bytes(request, b"private", None));
    let harness = Harness::start();
    let untrusted = harness.add(harness.spec(server.url("/before.txt")));
    let refused = harness.wait_settled(untrusted);
    assert_eq!(refused.status, Status::Error, "{refused:?}");

    let folder = tempfile::tempdir().expect("dir");
    let not_a_certificate = folder.path().join("notes.txt");
    std::fs::write(&not_a_certificate, "words").expect("write");
    let error = harness
        .call(Command::ChangeSettings(vec![SettingChange::ExtraCaCert(
            Some(not_a_certificate),
        )]))
        .expect_err("refused");
    assert!(
        matches!(error, EngineError::CaCertificate { .. }),
        "{error}"
    );
    assert_eq!(harness.handle.settings().extra_ca_cert, None);

    let ca = folder.path().join("ca.pem");
    std::fs::write(&ca, certificate).expect("write");
    harness.update_settings(|settings| settings.extra_ca_cert = Some(ca.clone()));
    let trusted = harness.add(harness.spec(server.url("/after.txt")));
    harness.wait_completed(trusted);
    assert_eq!(harness.read_download("after.txt"), b"private");
}

/// Resume right after Pause, while the task still stops: the transfer
/// runs again instead of staying paused.
#[test]
fn resume_right_after_pause_runs_again() {
    let body = Arc::new(test_bytes(512 * 1024, 21));
    let server = TestServer::start_dripping(&body, "\"pr\"", 16 * 1024, Duration::from_millis(20));
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/quick.bin")));
    harness.wait_for(transfer_id, |transfer| transfer.progress.bytes_received > 0);
    harness.call(Command::Pause(transfer_id)).expect("pause");
    harness.call(Command::Resume(transfer_id)).expect("resume");
    let transfer = harness.wait_for(transfer_id, |transfer| transfer.status.is_terminal());
    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    assert_eq!(harness.read_download("quick.bin"), *body);
}

/// Removing an unfinished download while keeping its partial file leaves
/// NAME.part as it was; the same URL added again into the same folder
/// never splices those bytes into a new file (issue 42, item 1).
#[test]
fn a_removal_that_keeps_the_partial_file_leaves_it_and_a_new_download_stays_whole() {
    let body = test_bytes(1_000_000, 21);
    let served = body.clone();
    let server = TestServer::start(move |request, _| {
        serve_bytes(request, &served, Some("\"k\""))
            .drip(32 * 1024, std::time::Duration::from_millis(20))
    });
    let harness = Harness::start();
    let first = harness.add(harness.spec(server.url("/kept.bin")));
    harness.wait_for(first, |transfer| transfer.bytes_on_disk() >= 200_000);
    let part = harness.download_dir.path().join("kept.bin.part");
    assert!(
        part.is_file(),
        "{:?}",
        crate::support::file_names(harness.download_dir.path())
    );
    harness
        .call(Command::RemoveKeepingPartial(first))
        .expect("removed");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.handle.transfer(first).is_some() {
        assert!(std::time::Instant::now() < deadline, "still listed");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let kept = std::fs::read(&part).expect("the partial file stays");
    assert!(!kept.is_empty());
    assert_eq!(kept[..], body[..kept.len()]);

    let again = harness.add(harness.spec(server.url("/kept.bin")));
    let done = harness.wait_completed(again);
    let path = done.file_path.expect("a file");
    assert_eq!(std::fs::read(&path).expect("the new file"), body);
    // The kept partial file is untouched by the new download.
    assert_eq!(std::fs::read(&part).expect("still there"), kept);
}

/// With "sort into a folder per type" on, a download into the download
/// folder goes to its category's folder (by extension, else by the
/// server's type); a file of no category, and a download into another
/// folder, stay where they were put (issue 42, item 6).
#[test]
fn downloads_are_sorted_into_category_folders_when_asked() {
    let server = TestServer::start(|request, _| {
        let reply = serve_bytes(request, b"some bytes", None);
        match request.path.as_str() {
            "/get" => reply.with_header("Content-Type", "application/pdf"),
            _ => reply.with_header("Content-Type", "application/octet-stream"),
        }
    });
    let harness = Harness::start();
    let downloads = harness.download_dir.path().to_owned();
    harness.update_settings(|settings| {
        settings.download_folder = Some(downloads.clone());
        settings.sort_into_category_folders = true;
    });
    let video = harness.add(harness.spec(server.url("/talk.mkv")));
    let by_type = harness.add(harness.spec(server.url("/get")));
    let other = harness.add(harness.spec(server.url("/notes")));
    let elsewhere_dir = tempfile::tempdir().expect("dir");
    let elsewhere = harness.add(TransferSpec::download(
        server.url("/film.mp4"),
        Destination::Folder(elsewhere_dir.path().to_owned()),
    ));
    let path_of = |transfer_id| {
        harness
            .wait_completed(transfer_id)
            .file_path
            .expect("a file")
    };
    assert_eq!(path_of(video), downloads.join("Videos/talk.mkv"));
    assert_eq!(path_of(by_type), downloads.join("Documents/get"));
    assert_eq!(path_of(other), downloads.join("notes"));
    assert_eq!(path_of(elsewhere), elsewhere_dir.path().join("film.mp4"));
}
