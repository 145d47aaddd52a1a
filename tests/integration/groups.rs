//! Transfer groups and priorities: a serialized group runs one member at a
//! time in priority order, "Download next" preempts its running member, and
//! groups survive a restart.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use ferry::engine::{Command, Event};
use ferry::model::{GroupBehavior, Priority, Status, TransferId};

use crate::support::server::TestServer;
use crate::support::{Harness, sha256_hex, test_bytes};

/// A server whose every file (by path) is `size` bytes dripped slowly.
fn slow_server(size: usize, pause: Duration) -> (TestServer, Arc<Vec<u8>>) {
    let body = Arc::new(test_bytes(size, 17));
    let server = TestServer::start_dripping(&body, "\"g\"", 16 * 1024, pause);
    (server, body)
}

fn put_group(harness: &Harness, name: &str, behavior: GroupBehavior) {
    harness
        .call(Command::PutGroup {
            name: name.to_owned(),
            behavior,
        })
        .expect("group");
}

/// The most transfers of `members` that were Running at once, replaying the
/// status events in order.
fn most_running_at_once(events: &[Event], members: &[TransferId]) -> usize {
    let mut status: HashMap<TransferId, Status> = HashMap::new();
    let mut most = 0;
    for event in events {
        if let Event::StatusChanged {
            transfer_id,
            status: new,
            ..
        } = event
            && members.contains(transfer_id)
        {
            status.insert(*transfer_id, *new);
            most = most.max(status.values().filter(|s| **s == Status::Running).count());
        }
    }
    most
}

/// The order in which the server first saw each path.
fn first_request_order(server: &TestServer) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    for request in server.requests() {
        if !order.contains(&request.path) {
            order.push(request.path);
        }
    }
    order
}

#[test]
fn a_serialized_group_runs_one_member_at_a_time_in_priority_order() {
    let (server, body) = slow_server(200_000, Duration::from_millis(20));
    let mut harness = Harness::start();
    put_group(&harness, "nightly", GroupBehavior::Serialized);
    let member = |path: &str, priority: Priority| {
        let mut spec = harness.spec(server.url(path));
        spec.group = Some("nightly".to_owned());
        spec.priority = priority;
        spec
    };
    // The first member runs; the others queue behind it whatever the order
    // they arrive in.
    let first = harness.add(member("/first.bin", Priority::Low));
    harness.wait_for(first, |transfer| transfer.status == Status::Running);
    let low = harness.add(member("/low.bin", Priority::Low));
    let default = harness.add(member("/default.bin", Priority::Default));
    let high = harness.add(member("/high.bin", Priority::High));
    // A transfer outside the group is not held back by it.
    let outside = harness.add(harness.spec(server.url("/outside.bin")));
    let members = [first, low, default, high];
    for transfer_id in members.iter().chain([&outside]) {
        let transfer = harness.wait_settled(*transfer_id);
        assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    }
    let events = harness.drain_events();
    assert_eq!(most_running_at_once(&events, &members), 1);
    let order = first_request_order(&server);
    let members_order: Vec<&str> = order
        .iter()
        .map(String::as_str)
        .filter(|path| *path != "/outside.bin")
        .collect();
    assert_eq!(
        members_order,
        vec!["/first.bin", "/high.bin", "/default.bin", "/low.bin"]
    );
    // The outside transfer ran while the group's first member did.
    assert!(order.iter().position(|path| path == "/outside.bin") < Some(2));
    for name in ["first.bin", "low.bin", "default.bin", "high.bin"] {
        assert_eq!(sha256_hex(&harness.read_download(name)), sha256_hex(&body));
    }
}

#[test]
fn download_next_preempts_the_running_member_which_resumes_later() {
    let (server, body) = slow_server(400_000, Duration::from_millis(20));
    let mut harness = Harness::start();
    put_group(&harness, "queue", GroupBehavior::Serialized);
    let member = |path: &str| {
        let mut spec = harness.spec(server.url(path));
        spec.group = Some("queue".to_owned());
        spec
    };
    let long = harness.add(member("/long.bin"));
    let urgent = harness.add(member("/urgent.bin"));
    harness.wait_for(long, |transfer| transfer.progress.bytes_received > 50_000);
    assert_eq!(
        harness.handle.transfer(urgent).expect("urgent").status,
        Status::Idle
    );
    harness
        .call(Command::MakeCurrent(urgent))
        .expect("make current");
    let groups = harness.handle.groups();
    assert_eq!(groups[0].current, Some(urgent));
    let done = harness.wait_settled(urgent);
    assert_eq!(done.status, Status::Completed);
    // The long one was still unfinished when the urgent one completed ...
    let long_then = harness.handle.transfer(long).expect("long");
    assert_ne!(long_then.status, Status::Completed);
    // ... and it finishes afterwards, resumed from its bytes on disk.
    let long_done = harness.wait_settled(long);
    assert_eq!(long_done.status, Status::Completed, "{long_done:#?}");
    assert_eq!(
        sha256_hex(&harness.read_download("long.bin")),
        sha256_hex(&body)
    );
    assert_eq!(
        sha256_hex(&harness.read_download("urgent.bin")),
        sha256_hex(&body)
    );
    let resumed = server
        .requests()
        .iter()
        .any(|request| request.path == "/long.bin" && request.header("range").is_some());
    assert!(resumed, "the preempted member resumed with a range request");
    let events = harness.drain_events();
    assert_eq!(most_running_at_once(&events, &[long, urgent]), 1);
    // Once it completed it is no longer the group's current member.
    assert_eq!(harness.handle.groups()[0].current, None);
}

#[test]
fn groups_are_saved_and_a_new_group_name_creates_a_parallel_group() {
    let (server, _) = slow_server(10_000, Duration::from_millis(1));
    let mut harness = Harness::start();
    put_group(&harness, "serial", GroupBehavior::Serialized);
    let mut spec = harness.spec(server.url("/a.bin"));
    spec.group = Some("photos".to_owned());
    let transfer_id = harness.add(spec);
    harness.wait_settled(transfer_id);
    let bad = harness.call(Command::PutGroup {
        name: "two\nlines".to_owned(),
        behavior: GroupBehavior::Parallel,
    });
    assert!(bad.is_err());
    harness.restart();
    let groups = harness.handle.groups();
    let summary: Vec<(&str, GroupBehavior)> = groups
        .iter()
        .map(|group| (group.name.as_str(), group.behavior))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("serial", GroupBehavior::Serialized),
            ("photos", GroupBehavior::Parallel)
        ]
    );
}
