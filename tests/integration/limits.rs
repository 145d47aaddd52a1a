//! Speed limits: a transfer's own limit and the global one hold the rate
//! down (lower bounds on elapsed time only), and the file is still right.

use std::sync::Arc;
use std::time::Instant;

use ferry::model::{
    LimitWindow, MINUTES_PER_DAY, Schedule, Status, TimeWindow, TransferError, Weekdays,
};

use crate::support::server::{TestServer, serve_bytes};
use crate::support::{Harness, least_time, sha256_hex, test_bytes};

const SIZE: usize = 600_000;
const RATE: u64 = 300_000;

fn fast_server() -> (TestServer, Arc<Vec<u8>>) {
    let body = Arc::new(test_bytes(SIZE, 23));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"l\"")));
    (server, body)
}

#[test]
fn a_transfer_limit_holds_the_rate_down() {
    let (server, body) = fast_server();
    let harness = Harness::start();
    let mut spec = harness.spec(server.url("/limited.bin"));
    spec.max_bytes_per_second = Some(RATE);
    spec.connections = Some(1);
    let started = Instant::now();
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_settled(transfer_id);
    let elapsed = started.elapsed();
    assert_eq!(transfer.status, Status::Completed, "{transfer:#?}");
    assert!(elapsed >= least_time(SIZE, RATE), "took only {elapsed:?}");
    assert_eq!(
        sha256_hex(&harness.read_download("limited.bin")),
        sha256_hex(&body)
    );
}

#[test]
fn the_global_limit_holds_for_several_connections_and_is_saved() {
    let (server, body) = fast_server();
    let mut harness = Harness::start();
    harness.update_settings(|settings| settings.download_limit = Some(RATE));
    // Two files over several connections share the one budget.
    let mut spec_a = harness.spec(server.url("/a.bin"));
    spec_a.connections = Some(4);
    let started = Instant::now();
    let a = harness.add(spec_a);
    let b = harness.add(harness.spec(server.url("/b.bin")));
    for transfer_id in [a, b] {
        harness.wait_completed(transfer_id);
    }
    let elapsed = started.elapsed();
    // Twice SIZE at RATE.
    assert!(
        elapsed >= least_time(SIZE, RATE) * 2,
        "took only {elapsed:?}"
    );
    for name in ["a.bin", "b.bin"] {
        assert_eq!(sha256_hex(&harness.read_download(name)), sha256_hex(&body));
    }
    harness.restart();
    assert_eq!(harness.handle.settings().download_limit, Some(RATE));
}

/// A window of `length_minutes` starting `offset_minutes` from now, every
/// day, in local time (what the engine reads).
fn window_from_now(offset_minutes: i32, length_minutes: i32) -> TimeWindow {
    let now = jiff::Zoned::now();
    let minute_now = i32::from(now.hour()) * 60 + i32::from(now.minute());
    let day = i32::from(MINUTES_PER_DAY);
    let start = (minute_now + offset_minutes).rem_euclid(day);
    let end = (start + length_minutes).rem_euclid(day);
    TimeWindow {
        days: Weekdays::EVERY_DAY,
        start_minute: start as u16,
        end_minute: end as u16,
    }
}

fn set_schedule(harness: &Harness, schedule: Schedule) {
    harness.update_settings(|settings| settings.schedule = schedule);
}

#[test]
fn outside_the_schedules_hours_transfers_wait_and_run_once_inside() {
    let (server, body) = fast_server();
    let mut harness = Harness::start();
    let later = window_from_now(120, 60);
    set_schedule(
        &harness,
        Schedule {
            only_between: Some(later),
            ..Schedule::default()
        },
    );
    let transfer_id = harness.add(harness.spec(server.url("/night.bin")));
    let held = harness.wait_for(transfer_id, |transfer| {
        transfer.status == Status::PausedSystemPolicy
    });
    assert_eq!(
        held.error,
        Some(TransferError::Held {
            reason: format!("outside the schedule's hours (runs {later})")
        })
    );
    assert!(server.requests().is_empty());
    // Saved: still outside after a restart.
    harness.restart();
    assert_eq!(harness.handle.settings().schedule.only_between, Some(later));
    harness.wait_for(transfer_id, |transfer| {
        transfer.status == Status::PausedSystemPolicy
    });
    assert!(server.requests().is_empty());

    set_schedule(
        &harness,
        Schedule {
            only_between: Some(window_from_now(-60, 120)),
            ..Schedule::default()
        },
    );
    let done = harness.wait_for(transfer_id, |transfer| transfer.status.is_terminal());
    assert_eq!(done.status, Status::Completed);
    assert_eq!(
        sha256_hex(&harness.read_download("night.bin")),
        sha256_hex(&body)
    );
}

#[test]
fn a_schedule_window_sets_the_global_limit_while_it_lasts() {
    let (server, body) = fast_server();
    let harness = Harness::start();
    set_schedule(
        &harness,
        Schedule {
            limit_windows: vec![LimitWindow {
                window: window_from_now(-60, 120),
                download_limit: Some(RATE),
            }],
            only_between: None,
        },
    );
    let mut spec = harness.spec(server.url("/office.bin"));
    spec.connections = Some(2);
    let started = Instant::now();
    let transfer_id = harness.add(spec);
    harness.wait_completed(transfer_id);
    let elapsed = started.elapsed();
    assert!(elapsed >= least_time(SIZE, RATE), "took only {elapsed:?}");
    assert_eq!(
        sha256_hex(&harness.read_download("office.bin")),
        sha256_hex(&body)
    );
}
