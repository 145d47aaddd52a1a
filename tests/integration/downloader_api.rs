//! The library API in the shape of Windows' `BackgroundDownloader`:
//! Downloader defaults, create_download, the operation's controls,
//! re-attaching after a restart, and the waker a UI gives the engine.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ferry::engine::{
    Command, Downloader, Engine, EngineConfig, EngineError, TransferCompletionGroup,
};
use ferry::model::{ActionOutcome, Destination, Status, WhenDone};
use ferry::store::StateStore;

use crate::support::server::TestServer;
use crate::support::{Harness, fast_config, sha256_hex, test_bytes};

#[test]
fn downloader_defaults_operations_and_reattach() {
    let body = Arc::new(test_bytes(2_000_000, 60));
    let server = TestServer::start_dripping(&body, "\"api\"", 32 * 1024, Duration::from_millis(5));
    let state_dir = tempfile::tempdir().expect("state");
    let downloads = tempfile::tempdir().expect("downloads");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let wakeups = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&wakeups);
    let start = |config: EngineConfig| {
        let (store, loaded) = StateStore::open(state_dir.path()).expect("open");
        let counter = Arc::clone(&counter);
        Engine::start(
            config,
            store,
            loaded.state,
            Some(Arc::new(move || {
                counter.fetch_add(1, Ordering::Relaxed);
            })),
        )
        .expect("engine")
    };

    let engine = start(fast_config());
    let mut downloader = Downloader::new(engine.handle());
    // Public headers: state.ron keeps them (other headers may hold
    // secrets, which go to the keyring; see secrets.rs).
    downloader.set_request_header("User-Agent", "ferry-test");
    let mut operation = downloader.create_download(
        server.url("/api/file.bin"),
        Destination::File(downloads.path().join("file.bin")),
    );
    assert_eq!(
        operation.status(),
        None,
        "not known to the engine before start"
    );
    runtime.block_on(async {
        operation
            .set_request_header("Accept-Language", "ko")
            .await
            .expect("header");
        operation.start().await.expect("start");
        while operation
            .progress()
            .is_none_or(|progress| progress.bytes_received < 300_000)
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        operation.pause().await.expect("pause");
        let paused = operation.wait_until_settled().await.expect("transfer");
        assert_eq!(paused.status, Status::PausedByApplication);
    });
    let info = operation.response_info().expect("response info");
    assert_eq!(info.status_code, 200);
    assert!(info.is_resumable);
    engine.shutdown();
    assert!(wakeups.load(Ordering::Relaxed) > 0, "the waker was called");

    // A new engine (a new process) finds the download and re-attaches.
    let engine = start(EngineConfig {
        resume_on_start: false,
        ..fast_config()
    });
    let downloader = Downloader::new(engine.handle());
    let current = downloader.current_downloads();
    assert_eq!(current.len(), 1);
    let mut attached = current.into_iter().next().expect("one");
    assert_eq!(attached.transfer_id(), operation.transfer_id());
    let finished = runtime.block_on(async {
        attached.start().await.expect("resume");
        attached.wait_until_settled().await.expect("transfer")
    });
    assert_eq!(finished.status, Status::Completed);
    assert_eq!(
        sha256_hex(&std::fs::read(downloads.path().join("file.bin")).expect("file")),
        sha256_hex(&body)
    );
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .all(|request| request.header("user-agent") == Some("ferry-test"))
    );
    assert!(
        requests
            .iter()
            .all(|request| request.header("accept-language") == Some("ko"))
    );
    assert!(requests.last().expect("request").header("range").is_some());
    engine.shutdown();
}

#[test]
fn settled_resolves_when_the_last_transfer_of_the_list_settles() {
    let body = Arc::new(test_bytes(2_000_000, 62));
    let server =
        TestServer::start_dripping(&body, "\"settle\"", 16 * 1024, Duration::from_millis(10));
    let harness = Harness::start();
    let paused = harness.add(harness.spec(server.url("/settle/paused.bin")));
    let completed = harness.add(harness.spec(server.url("/settle/completed.bin")));
    harness.wait_for(paused, |transfer| transfer.progress.bytes_received > 0);
    let mut settled = harness
        .runtime
        .block_on(harness.handle.settled(vec![paused, completed]))
        .expect("engine");

    // Paused by the user counts as settled; the other one still runs.
    harness.call(Command::Pause(paused)).expect("pause");
    let early = harness
        .runtime
        .block_on(async { tokio::time::timeout(Duration::from_millis(200), &mut settled).await });
    assert!(early.is_err(), "settled while a transfer still runs");
    assert_eq!(
        harness.handle.transfer(completed).expect("transfer").status,
        Status::Running
    );

    harness
        .runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(60), settled).await })
        .expect("settled once the last one completed");
    let finished = harness.handle.transfer(completed).expect("transfer");
    assert_eq!(finished.status, Status::Completed);
    assert_eq!(
        sha256_hex(&harness.read_download("completed.bin")),
        sha256_hex(&body)
    );

    // A list that already settled, or names unknown transfers, resolves at once.
    let unknown = ferry::model::TransferId::new_random();
    harness.runtime.block_on(async {
        let again = harness
            .handle
            .settled(vec![paused, completed, unknown])
            .await
            .expect("engine");
        tokio::time::timeout(Duration::from_secs(5), again)
            .await
            .expect("settled at once");
    });
}

/// Windows' completion-group shape: a downloader given the group makes
/// its downloads members; nothing fires before `enable`, members cannot
/// join after it, and the group fires once with every member's result.
#[test]
fn a_completion_group_fires_once_its_downloads_ended_after_enable() {
    let body = Arc::new(test_bytes(64 * 1024, 61));
    let server = TestServer::start(move |request, _| {
        if request.path == "/gone.bin" {
            crate::support::server::Reply::status(410)
        } else {
            crate::support::server::serve_bytes(request, &body, Some("\"cg\""))
        }
    });
    let harness = Harness::start();
    harness.runtime.block_on(async {
        let group = TransferCompletionGroup::create(&harness.handle, "api", WhenDone::default())
            .await
            .expect("group");
        let mut downloader = Downloader::new(harness.handle.clone());
        downloader.set_completion_group(Some(&group));
        let mut operations = vec![
            downloader.create_download(server.url("/a.bin"), harness.folder()),
            downloader.create_download(server.url("/gone.bin"), harness.folder()),
        ];
        for operation in &mut operations {
            operation.start().await.expect("start");
        }
        for operation in &operations {
            operation.wait_until_settled().await.expect("settled");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            group.group().expect("group").firing.is_none(),
            "not enabled: it does not fire"
        );
        group.enable().await.expect("enable");
        assert!(group.is_enabled());
        let firing = group.wait_until_fired().await.expect("fired");
        let statuses: Vec<&str> = firing
            .results
            .iter()
            .map(|result| result.status.as_str())
            .collect();
        assert_eq!(statuses, ["completed", "failed"]);
        assert_eq!(firing.outcome, ActionOutcome::NoAction);
        assert_eq!(firing.summary(), "2 downloads finished, 1 failed");
        let late = downloader.create_download(server.url("/late.bin"), harness.folder());
        let refused = group.add(late.transfer_id()).await;
        assert!(
            matches!(refused, Err(EngineError::CompletionGroupEnabled(_))),
            "{refused:?}"
        );

        // Once its transfers are off the list, the fired group goes too.
        for operation in &operations {
            harness
                .handle
                .call(Command::Remove(operation.transfer_id()))
                .await
                .expect("remove");
        }
        assert!(group.group().is_none(), "{:?}", group.group());
    });
}
