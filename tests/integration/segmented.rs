//! Segmented downloads: several connections, one `.part` file, every segment
//! response checked like a single download, never a mix of two versions.

use std::sync::Arc;
use std::time::Duration;

use ferry::engine::Event;
use ferry::model::{ByteRange, Status, TransferSpec};

use crate::support::server::{RecordedRequest, Reply, TestServer, serve_bytes};
use crate::support::{Harness, sha256_hex, test_bytes};

const SIZE: usize = 2_000_000;

/// A slow server: each response arrives in small pieces, so several
/// connections are open at once.
fn slow(reply: Reply) -> Reply {
    reply.drip(16 * 1024, Duration::from_millis(4))
}

fn range_start(request: &RecordedRequest) -> Option<u64> {
    request
        .header("range")?
        .strip_prefix("bytes=")?
        .strip_suffix('-')?
        .parse()
        .ok()
}

fn segmented(harness: &Harness, url: url::Url, connections: u32) -> TransferSpec {
    let mut spec = harness.spec(url);
    spec.connections = Some(connections);
    spec
}

fn restarted_in(events: &[Event]) -> bool {
    events.iter().any(|event| match event {
        Event::Progress(batch) => batch.iter().any(|(_, progress)| progress.has_restarted),
        Event::RangesDownloaded { restarted, .. } => *restarted,
        _ => false,
    })
}

#[test]
fn several_connections_fetch_one_file_with_checked_ranges() {
    let body = Arc::new(test_bytes(SIZE, 70));
    let served = Arc::clone(&body);
    let server =
        TestServer::start(move |request, _| slow(serve_bytes(request, &served, Some("\"s1\""))));
    let mut harness = Harness::start();
    let transfer_id = harness.add(segmented(&harness, server.url("/four.bin"), 4));
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("four.bin")),
        sha256_hex(&body)
    );
    assert_eq!(harness.downloaded_names(), vec!["four.bin"]);
    let requests = server.requests();
    assert_eq!(requests[0].header("range"), None);
    let ranged: Vec<&RecordedRequest> = requests
        .iter()
        .filter(|r| r.header("range").is_some())
        .collect();
    assert!(
        ranged.len() >= 3,
        "expected at least 3 more connections, saw {requests:?}"
    );
    for request in &ranged {
        assert_eq!(request.header("if-range"), Some("\"s1\""));
        let start = range_start(request).expect("an open-ended range");
        assert!(start > 0 && start < SIZE as u64);
    }
    assert_eq!(transfer.restarts, 0);
    assert_eq!(
        transfer.ranges,
        vec![ByteRange {
            start: 0,
            end: SIZE as u64
        }]
    );
    // RangesDownloaded events add up to the whole file, without a restart.
    let events = harness.drain_events();
    let mut covered = ferry::model::RangeSet::default();
    for event in &events {
        if let Event::RangesDownloaded {
            transfer_id: id,
            added,
            restarted,
        } = event
        {
            assert_eq!(*id, transfer_id);
            assert!(!restarted);
            for range in added {
                assert!(!covered.contains(*range), "{range:?} reported twice");
                covered.insert(*range);
            }
        }
    }
    assert!(covered.contains(ByteRange {
        start: 0,
        end: SIZE as u64
    }));
}

#[test]
fn a_segment_cut_mid_body_is_fetched_again() {
    let body = Arc::new(test_bytes(SIZE, 71));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        let reply = slow(serve_bytes(request, &served, Some("\"s2\"")));
        // The first extra connection breaks after 100 kB.
        if index == 1 {
            reply.cut_after(100_000)
        } else {
            reply
        }
    });
    let harness = Harness::start();
    let transfer_id = harness.add(segmented(&harness, server.url("/cut.bin"), 3));
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("cut.bin")),
        sha256_hex(&body)
    );
    assert_eq!(transfer.restarts, 0);
}

// Gopeed #1460: a 206 that starts at 0 when a later range was asked for must
// never be written at the segment's offset.
#[test]
fn a_range_answered_from_byte_zero_is_never_spliced() {
    let body = Arc::new(test_bytes(SIZE, 72));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        if index == 1 {
            return slow(
                Reply {
                    status: 206,
                    body: served.to_vec(),
                    ..Reply::default()
                }
                .with_header("Content-Range", &format!("bytes 0-{}/{SIZE}", SIZE - 1))
                .with_header("ETag", "\"s3\""),
            );
        }
        slow(serve_bytes(request, &served, Some("\"s3\"")))
    });
    let harness = Harness::start();
    let transfer_id = harness.add(segmented(&harness, server.url("/zero.bin"), 3));
    harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("zero.bin")),
        sha256_hex(&body)
    );
    assert!(range_start(&server.requests()[1]).is_some_and(|start| start > 0));
}

#[test]
fn a_validator_change_while_segments_run_restarts_every_segment() {
    let old = Arc::new(test_bytes(SIZE, 73));
    let new = Arc::new(test_bytes(SIZE, 74));
    let served_new = Arc::clone(&new);
    let server = TestServer::start(move |request, index| {
        if index == 0 {
            // The first response is the old version, slowly.
            return slow(serve_bytes(request, &old, Some("\"old\"")));
        }
        // Then the file changes: If-Range no longer matches, so range
        // requests get the whole new file.
        slow(serve_bytes(request, &served_new, Some("\"new\"")))
    });
    let mut harness = Harness::start();
    let transfer_id = harness.add(segmented(&harness, server.url("/changed.bin"), 3));
    let transfer = harness.wait_completed(transfer_id);
    let downloaded = harness.read_download("changed.bin");
    assert_eq!(
        sha256_hex(&downloaded),
        sha256_hex(&new),
        "must be the new version, whole"
    );
    assert!(transfer.restarts >= 1);
    assert!(restarted_in(&harness.drain_events()));
}

#[test]
fn a_server_with_ranges_only_for_the_first_request_still_gives_the_right_file() {
    let body = Arc::new(test_bytes(SIZE, 75));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        if index == 0 {
            return slow(serve_bytes(request, &served, Some("\"s5\"")));
        }
        // Ignores Range: the whole file, same version.
        let mut whole = request.clone();
        whole
            .headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("range"));
        slow(serve_bytes(&whole, &served, Some("\"s5\"")))
    });
    let harness = Harness::start();
    let transfer_id = harness.add(segmented(&harness, server.url("/first.bin"), 4));
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("first.bin")),
        sha256_hex(&body)
    );
    assert_eq!(
        transfer.restarts, 0,
        "the same version: nothing to throw away"
    );
    assert!(server.requests().len() >= 2, "more connections were tried");
}

#[test]
fn a_large_file_gets_several_connections_without_asking() {
    let body = Arc::new(test_bytes(20 * 1024 * 1024, 76));
    let server = TestServer::start_dripping(&body, "\"s6\"", 256 * 1024, Duration::from_millis(2));
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/large.bin")));
    harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("large.bin")),
        sha256_hex(&body)
    );
    // 20 MiB: one connection per 8 MiB left, so two.
    let ranged = server
        .requests()
        .iter()
        .filter(|r| r.header("range").is_some())
        .count();
    assert!(ranged >= 1, "expected a second connection");
}

#[test]
fn a_reader_gets_the_last_kib_before_the_rest_has_arrived() {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let body = Arc::new(test_bytes(SIZE, 77));
    let server = TestServer::start_dripping(&body, "\"r1\"", 8 * 1024, Duration::from_millis(10));
    let harness = Harness::start();
    let mut spec = segmented(&harness, server.url("/movie.bin"), 2);
    spec.random_access = true;
    let transfer_id = harness.add(spec);
    let mut reader = harness.handle.open_reader(transfer_id).expect("reader");
    let tail = harness.runtime.block_on(async {
        reader
            .seek(std::io::SeekFrom::Start(SIZE as u64 - 1024))
            .await
            .expect("seek");
        let mut tail = vec![0_u8; 1024];
        reader.read_exact(&mut tail).await.expect("read the tail");
        tail
    });
    let meanwhile = harness.handle.transfer(transfer_id).expect("transfer");
    assert_eq!(tail, body[SIZE - 1024..]);
    assert_ne!(meanwhile.status, Status::Completed);
    assert!(
        meanwhile.progress.bytes_received < SIZE as u64 / 2,
        "the tail came first: {} bytes had arrived",
        meanwhile.progress.bytes_received
    );
    // Reading on from the start waits for the bytes and gets the whole file.
    let whole = harness.runtime.block_on(async {
        reader
            .seek(std::io::SeekFrom::Start(0))
            .await
            .expect("seek");
        let mut whole = Vec::new();
        reader.read_to_end(&mut whole).await.expect("read all");
        whole
    });
    assert_eq!(sha256_hex(&whole), sha256_hex(&body));
    harness.wait_completed(transfer_id);
}

/// The per-host cap holds for all downloads from one server together: no
/// more requests are being answered at once than it allows, though more
/// transfers than that are running, and connections are reused.
#[test]
fn many_small_files_stay_within_the_per_host_cap() {
    const CAP: u32 = 2;
    let body = Arc::new(test_bytes(4096, 90));
    let served = Arc::clone(&body);
    // Each answer takes a few milliseconds, so requests overlap.
    let server = TestServer::start_keep_alive(move |request, _| {
        serve_bytes(request, &served, Some("\"m\"")).drip(2048, Duration::from_millis(2))
    });
    let harness = Harness::start();
    harness.update_settings(|settings| {
        settings.connections_per_host = CAP;
        settings.max_simultaneous_transfers = 8;
    });
    let transfer_ids: Vec<_> = (0..40)
        .map(|index| harness.add(harness.spec(server.url(&format!("/small{index}.bin")))))
        .collect();
    for transfer_id in transfer_ids {
        harness.wait_completed(transfer_id);
    }
    assert_eq!(harness.read_download("small39.bin"), *body);
    assert_eq!(server.peak_in_flight(), CAP as usize);
    // Sockets too: connections are kept and reused. reqwest's pool gets a
    // finished connection back in a task of its own, so a request sent in
    // that moment may open one more socket (it then stays in the pool).
    let sockets = server.connections_accepted();
    assert!(
        (CAP as usize..=CAP as usize + 1).contains(&sockets),
        "{sockets} sockets for a cap of {CAP}"
    );
}

#[test]
fn a_segmented_download_stays_within_the_per_host_cap() {
    const CAP: u32 = 3;
    let body = Arc::new(test_bytes(SIZE, 91));
    let served = Arc::clone(&body);
    let server = TestServer::start_keep_alive(move |request, _| {
        slow(serve_bytes(request, &served, Some("\"c\"")))
    });
    let harness = Harness::start();
    harness.update_settings(|settings| settings.connections_per_host = CAP);
    let transfer_id = harness.add(segmented(&harness, server.url("/capped.bin"), 8));
    harness.wait_completed(transfer_id);
    assert_eq!(
        sha256_hex(&harness.read_download("capped.bin")),
        sha256_hex(&body)
    );
    assert_eq!(server.peak_in_flight(), CAP as usize);
}

/// A download that finds every connection to its host taken says it waits
/// for one, and gets one from the download holding them long before that
/// one ends; the cap holds all along and both files are whole (issue 42,
/// item 2).
#[test]
fn a_download_waiting_for_the_host_gets_a_connection_from_one_holding_them() {
    const CAP: u32 = 4;
    let big = Arc::new(test_bytes(8_000_000, 5));
    let small = Arc::new(test_bytes(200_000, 6));
    let (served_big, served_small) = (Arc::clone(&big), Arc::clone(&small));
    let server = TestServer::start_keep_alive(move |request, _| {
        let body = if request.path == "/big.bin" {
            &served_big
        } else {
            &served_small
        };
        serve_bytes(request, body, Some("\"h\"")).drip(16 * 1024, Duration::from_millis(50))
    });
    let mut harness = Harness::start();
    harness.update_settings(|settings| settings.connections_per_host = CAP);
    let big_id = harness.add(segmented(&harness, server.url("/big.bin"), CAP));
    harness.wait_for(big_id, |transfer| {
        transfer.progress.bytes_received > 100_000
    });
    let small_id = harness.add(segmented(&harness, server.url("/small.bin"), 1));
    let small_done = harness.wait_for(small_id, |transfer| transfer.status.is_terminal());
    assert_eq!(small_done.status, Status::Completed, "{small_done:#?}");
    let big_now = harness.handle.transfer(big_id).expect("big");
    assert_eq!(
        big_now.status,
        Status::Running,
        "the newcomer waited for the big download to end"
    );
    let said_waiting = harness.drain_events().iter().any(|event| {
        matches!(
            event,
            Event::StatusChanged {
                transfer_id,
                status: Status::Running,
                error: Some(ferry::model::TransferError::Held { reason }),
            } if *transfer_id == small_id && reason.starts_with("waiting for a connection to 127.0.0.1")
        )
    });
    assert!(
        said_waiting,
        "the newcomer never said it waits for a connection"
    );
    harness.wait_completed(big_id);
    assert_eq!(
        sha256_hex(&harness.read_download("big.bin")),
        sha256_hex(&big)
    );
    assert_eq!(
        sha256_hex(&harness.read_download("small.bin")),
        sha256_hex(&small)
    );
    assert!(
        server.peak_in_flight() <= CAP as usize,
        "{}",
        server.peak_in_flight()
    );
}
