//! UI benchmark: the window, headless, with 10,000 transfers (500 of them
//! receiving progress every frame) while the table scrolls. Prints frame
//! times (mean, p99) and the process's peak memory.
//!   cargo bench --bench ui_frames
//! Targets (issue 3): p99 <= 8 ms, peak RSS <= 150 MiB.

// A report to a terminal: print! is what it needs.
#![allow(clippy::disallowed_macros)]

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ferry::desktop::DesktopServices;
use ferry::engine::Event;
use ferry::engine::fake::FakeEngine;
use ferry::model::{Destination, Progress, Status, Transfer, TransferSpec};
use ferry::ui::{AppParts, FerryApp};

const TRANSFERS: usize = 10_000;
const RUNNING: usize = 500;
const FRAMES: usize = 600;

fn main() {
    let (fake, handle, events) = FakeEngine::new();
    let statuses = [
        Status::Completed,
        Status::PausedByApplication,
        Status::Idle,
        Status::Error,
        Status::Completed,
    ];
    let mut running_ids = Vec::new();
    for index in 0..TRANSFERS {
        let url =
            url::Url::parse(&format!("http://127.0.0.1:9/files/file-{index:05}.bin")).expect("url");
        let mut spec = TransferSpec::download(url, Destination::Folder("/tmp".into()));
        spec.group = Some(["Videos", "ISOs", "Music", "Work"][index % 4].to_owned());
        let mut transfer = Transfer::new(spec);
        transfer.status = if index < RUNNING {
            running_ids.push(transfer.transfer_id());
            Status::Running
        } else {
            statuses[index % statuses.len()]
        };
        transfer.progress.total_bytes_to_receive = Some(100_000_000);
        fake.add_transfer(transfer);
    }
    let app = FerryApp::new(AppParts {
        handle,
        events,
        connection: None,
        window_requests: None,
        state_dir: None,
        tray_shown: None,
        desktop: DesktopServices::inert(),
        fallback_download_folder: "/tmp".into(),
    });
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::new(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut FerryApp| {
                app.logic(ui.ctx());
                app.ui(ui);
            },
            app,
        );
    harness.step();
    // The pointer rests over the table, so the wheel scrolls it.
    harness.event(egui::Event::PointerMoved(egui::pos2(640.0, 300.0)));
    harness.step();
    let mut frame_times = Vec::with_capacity(FRAMES);
    for frame in 0..FRAMES {
        let progress: Vec<_> = running_ids
            .iter()
            .map(|transfer_id| {
                (
                    *transfer_id,
                    Progress {
                        bytes_received: (frame as u64 + 1) * 100_000,
                        total_bytes_to_receive: Some(100_000_000),
                        ..Progress::default()
                    },
                )
            })
            .collect();
        fake.send_event(Event::Progress(progress));
        // Scroll the table down, then back up.
        let delta = if frame < FRAMES / 2 { -120.0 } else { 120.0 };
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, delta),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        let started = Instant::now();
        harness.step();
        frame_times.push(started.elapsed());
    }
    frame_times.sort();
    let mean = frame_times.iter().sum::<Duration>() / frame_times.len() as u32;
    let p99 = frame_times[frame_times.len() * 99 / 100];
    let peak_rss_mib = peak_rss_kib() as f64 / 1024.0;
    println!(
        "ui_frames: {TRANSFERS} transfers ({RUNNING} updating every frame), {FRAMES} frames while scrolling"
    );
    println!(
        "frame time mean {:.2} ms, p99 {:.2} ms, max {:.2} ms; peak RSS {peak_rss_mib:.1} MiB",
        mean.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        frame_times
            .last()
            .map_or(0.0, |max| max.as_secs_f64() * 1000.0)
    );
    println!(
        "targets: p99 <= 8 ms ({}), peak RSS <= 150 MiB ({})",
        if p99 <= Duration::from_millis(8) {
            "met"
        } else {
            "MISSED"
        },
        if peak_rss_mib <= 150.0 {
            "met"
        } else {
            "MISSED"
        }
    );
}

/// VmHWM of this process, in KiB.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
