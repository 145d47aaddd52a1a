//! Prefetch lists (Windows' `ContentPrefetcher`) against a server that
//! counts requests and answers conditional ones: an unchanged resource
//! costs a 304 and nothing else; a changed one replaces the copy only once
//! the new bytes are whole (a broken or slow answer leaves the old copy in
//! place); an indirect list keeps each resource it names; a metered
//! network (the stand-in NetworkManager) sends no request at all.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ferry::engine::Command;
use ferry::model::{PrefetchEntry, PrefetchId, PrefetchKind};

use crate::support::server::{RecordedRequest, Reply, TestServer};
use crate::support::system_bus::*;
use crate::support::{Harness, fast_config, test_bytes};

/// What the server serves at a path: its bytes, its ETag, and how the
/// next full answer misbehaves.
#[derive(Clone)]
struct Served {
    body: Vec<u8>,
    etag: String,
    /// Cut the connection after this many bytes of a 200.
    cut_after: Option<usize>,
    /// Send a 200 slowly.
    drip: Option<(usize, Duration)>,
}

type Site = Arc<Mutex<Vec<(String, Served)>>>;

fn served(body: Vec<u8>, etag: &str) -> Served {
    Served {
        body,
        etag: etag.to_owned(),
        cut_after: None,
        drip: None,
    }
}

/// A server of `site`: 304 when If-None-Match names the current ETag,
/// else 200 with the body and its ETag; 404 for paths it does not know.
fn start_site(site: &Site) -> TestServer {
    let site = Arc::clone(site);
    TestServer::start(move |request: &RecordedRequest, _| {
        let site = site.lock().expect("site");
        let Some((_, served)) = site.iter().find(|(path, _)| *path == request.path) else {
            return Reply::status(404);
        };
        if request.header("if-none-match") == Some(served.etag.as_str()) {
            return Reply::status(304).with_header("ETag", &served.etag);
        }
        let mut reply = Reply {
            body: served.body.clone(),
            ..Reply::status(200)
        }
        .with_header("ETag", &served.etag);
        if let Some(bytes) = served.cut_after {
            reply = reply.cut_after(bytes);
        }
        if let Some((chunk, pause)) = served.drip {
            reply = reply.drip(chunk, pause);
        }
        reply
    })
}

fn set(site: &Site, path: &str, served: Served) {
    let mut site = site.lock().expect("site");
    site.retain(|(known, _)| known != path);
    site.push((path.to_owned(), served));
}

fn requests_for<'a>(requests: &'a [RecordedRequest], path: &str) -> Vec<&'a RecordedRequest> {
    requests
        .iter()
        .filter(|request| request.path == path)
        .collect()
}

fn entry(harness: &Harness, id: PrefetchId) -> PrefetchEntry {
    harness
        .handle
        .prefetch()
        .into_iter()
        .find(|entry| entry.id == id)
        .expect("the entry")
}

/// Waits until the server saw `count` requests for `path` and the
/// refresh they belong to was applied.
fn wait_refreshed(
    harness: &Harness,
    server: &TestServer,
    path: &str,
    count: usize,
) -> PrefetchEntry {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let seen = requests_for(&server.requests(), path).len();
        let entries = harness.handle.prefetch();
        if seen >= count && entries.iter().all(|entry| !entry.is_refreshing) {
            assert_eq!(seen, count, "more requests than refreshes asked for");
            return entries.into_iter().next().expect("an entry");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no refresh: {seen} requests for {path}, {entries:#?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn add(harness: &Harness, url: &url::Url, kind: PrefetchKind) -> PrefetchId {
    harness
        .call(Command::AddPrefetch {
            url: url.clone(),
            kind,
            every_secs: 6 * 3600,
        })
        .expect("added");
    harness
        .handle
        .prefetch()
        .into_iter()
        .find(|entry| entry.url == *url)
        .expect("listed")
        .id
}

fn copy_bytes(entry: &PrefetchEntry) -> Vec<u8> {
    std::fs::read(entry.copy.file.as_ref().expect("a copy")).expect("read the copy")
}

#[test]
fn an_unchanged_resource_costs_a_304_and_a_changed_one_replaces_the_copy_once_whole() {
    let harness = Harness::start();
    let site: Site = Arc::default();
    let first = test_bytes(200_000, 3);
    set(&site, "/feed.xml", served(first.clone(), "\"v1\""));
    let server = start_site(&site);
    let id = add(&harness, &server.url("/feed.xml"), PrefetchKind::Resource);

    let fetched = wait_refreshed(&harness, &server, "/feed.xml", 1);
    assert_eq!(copy_bytes(&fetched), first);
    assert_eq!(fetched.copy.etag.as_deref(), Some("\"v1\""));
    assert!(fetched.copy.checked_unix_secs.is_some());
    let copy_path = fetched.copy.file.clone().expect("a copy");
    assert!(copy_path.starts_with(harness.state_dir.path().join("prefetched")));
    assert_eq!(copy_path.file_name().expect("name"), "feed.xml");
    assert!(
        requests_for(&server.requests(), "/feed.xml")[0]
            .header("if-none-match")
            .is_none(),
        "the first fetch is not conditional"
    );

    // Unchanged: one conditional request, answered 304; the copy stays.
    harness
        .call(Command::RefreshPrefetch(Some(id)))
        .expect("asked");
    let unchanged = wait_refreshed(&harness, &server, "/feed.xml", 2);
    let requests = server.requests();
    assert_eq!(
        requests_for(&requests, "/feed.xml")[1].header("if-none-match"),
        Some("\"v1\"")
    );
    assert_eq!(unchanged.copy.error, None);
    assert_eq!(copy_bytes(&unchanged), first);

    // Changed, but the answer breaks half way: the old copy is kept whole.
    let second = test_bytes(300_000, 9);
    set(
        &site,
        "/feed.xml",
        Served {
            cut_after: Some(100_000),
            ..served(second.clone(), "\"v2\"")
        },
    );
    harness
        .call(Command::RefreshPrefetch(Some(id)))
        .expect("asked");
    let broken = wait_refreshed(&harness, &server, "/feed.xml", 3);
    assert!(broken.copy.error.is_some(), "{broken:#?}");
    assert_eq!(broken.copy.etag.as_deref(), Some("\"v1\""));
    assert_eq!(copy_bytes(&broken), first);

    // Changed, sent slowly: while it arrives the old copy is what is there;
    // once whole, the new one replaces it.
    set(
        &site,
        "/feed.xml",
        Served {
            drip: Some((20_000, Duration::from_millis(30))),
            ..served(second.clone(), "\"v2\"")
        },
    );
    harness
        .call(Command::RefreshPrefetch(Some(id)))
        .expect("asked");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while requests_for(&server.requests(), "/feed.xml").len() < 4 {
        assert!(std::time::Instant::now() < deadline, "no fourth request");
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(entry(&harness, id).is_refreshing);
    assert_eq!(std::fs::read(&copy_path).expect("the copy"), first);
    let replaced = wait_refreshed(&harness, &server, "/feed.xml", 4);
    assert_eq!(replaced.copy.error, None);
    assert_eq!(replaced.copy.etag.as_deref(), Some("\"v2\""));
    assert_eq!(replaced.copy.bytes, second.len() as u64);
    assert_eq!(copy_bytes(&replaced), second);
    // No temporary file is left beside the copy.
    let folder = copy_path.parent().expect("folder");
    assert_eq!(crate::support::file_names(folder), ["feed.xml"]);

    // Removing the entry deletes its copies.
    harness.call(Command::RemovePrefetch(id)).expect("removed");
    assert!(harness.handle.prefetch().is_empty());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while folder.exists() {
        assert!(std::time::Instant::now() < deadline, "the copies stayed");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn an_indirect_list_keeps_each_resource_it_names() {
    let mut harness = Harness::start();
    let site: Site = Arc::default();
    let server = start_site(&site);
    let list = |paths: &[&str]| {
        let mut text = "# today's episodes\n\n".to_owned();
        for path in paths {
            text.push_str(&format!("{}\n", server.url(path)));
        }
        text.into_bytes()
    };
    set(
        &site,
        "/list.txt",
        served(list(&["/a.bin", "/b/a.bin"]), "\"l1\""),
    );
    set(&site, "/a.bin", served(test_bytes(5000, 1), "\"a\""));
    set(&site, "/b/a.bin", served(test_bytes(7000, 2), "\"b\""));
    let id = add(
        &harness,
        &server.url("/list.txt"),
        PrefetchKind::IndirectList,
    );

    let fetched = wait_refreshed(&harness, &server, "/list.txt", 1);
    assert_eq!(fetched.members.len(), 2, "{fetched:#?}");
    let files: Vec<_> = fetched
        .members
        .iter()
        .map(|member| member.copy.file.clone().expect("a copy"))
        .collect();
    assert_ne!(
        files[0], files[1],
        "two resources named alike keep two copies"
    );
    assert_eq!(std::fs::read(&files[0]).expect("a"), test_bytes(5000, 1));
    assert_eq!(std::fs::read(&files[1]).expect("b"), test_bytes(7000, 2));
    assert!(fetched.checked_unix_secs().is_some());

    // A list of more than 40 URLs is refused; what was kept stays.
    let many: Vec<String> = (0..41).map(|index| format!("/{index}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    set(&site, "/list.txt", served(list(&many), "\"l2\""));
    harness
        .call(Command::RefreshPrefetch(Some(id)))
        .expect("asked");
    let refused = wait_refreshed(&harness, &server, "/list.txt", 2);
    assert!(
        refused
            .copy
            .error
            .as_deref()
            .is_some_and(|error| error.contains("at most 40")),
        "{refused:#?}"
    );
    assert_eq!(refused.members.len(), 2);
    assert!(files.iter().all(|file| file.exists()));

    // A resource no longer listed loses its copy; the other is asked
    // about conditionally (304).
    set(&site, "/list.txt", served(list(&["/a.bin"]), "\"l3\""));
    harness
        .call(Command::RefreshPrefetch(Some(id)))
        .expect("asked");
    let shorter = wait_refreshed(&harness, &server, "/list.txt", 3);
    assert_eq!(shorter.members.len(), 1);
    assert_eq!(shorter.copy.error, None);
    assert!(files[0].exists());
    assert!(
        !files[1].exists(),
        "the copy of a resource no longer listed goes"
    );
    let requests = server.requests();
    let asked_for_a = requests_for(&requests, "/a.bin");
    assert_eq!(
        asked_for_a
            .last()
            .and_then(|request| request.header("if-none-match")),
        Some("\"a\"")
    );

    // The list and its copies survive a restart.
    harness.restart();
    let kept = entry(&harness, id);
    assert_eq!(kept.members, shorter.members);
    assert!(!kept.is_refreshing);
}

#[test]
fn a_metered_network_sends_no_prefetch_request_until_it_is_not() {
    let mut bus = PrivateBus::start();
    bus.serve_network_manager(CONNECTIVITY_FULL, METERED_YES, "gsm");
    let harness = Harness::start_with(ferry::engine::EngineConfig {
        system_bus: ferry::engine::policy::SystemBus::Address(bus.address.clone()),
        ..fast_config()
    });
    let site: Site = Arc::default();
    set(&site, "/feed.xml", served(test_bytes(1000, 4), "\"v1\""));
    let server = start_site(&site);
    let id = add(&harness, &server.url("/feed.xml"), PrefetchKind::Resource);
    harness
        .call(Command::RefreshPrefetch(Some(id)))
        .expect("asked");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let waiting = entry(&harness, id).waiting;
        if waiting
            .as_deref()
            .is_some_and(|reason| reason.contains("metered"))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never waited: {waiting:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.requests().is_empty(),
        "a request on a metered network"
    );

    bus.change::<NetworkManager>(NETWORK_MANAGER_PATH, |manager| {
        manager.metered = METERED_NO;
    });
    let fetched = wait_refreshed(&harness, &server, "/feed.xml", 1);
    assert_eq!(fetched.waiting, None);
    assert_eq!(copy_bytes(&fetched), test_bytes(1000, 4));
}
