//! The window over the service: 10,000 transfers in a real `ferry daemon`
//! (64 of them downloading from a slow loopback server: the most the
//! engine runs at once; ui_frames feeds 500 through a fake), the window
//! (headless, egui_kittest) connected to it while the table scrolls.
//! Prints the window's frame times, the service's memory, and how often a
//! client hears progress.
//!   cargo bench --bench ui_service
//! Targets (issue 29): frame p99 <= 8 ms, service RSS <= 100 MiB, events
//! batched (a few a second per transfer).

// A report to a terminal: print! is what it needs.
#![allow(clippy::disallowed_macros)]

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use ferry::desktop::DesktopServices;
use ferry::engine::{Command, Event};
use ferry::model::{Destination, Settings, Status, TransferSpec};
use ferry::service::{ClientOptions, RemoteEngine};
use ferry::ui::{AppParts, FerryApp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TRANSFERS: usize = 10_000;
/// The engine runs at most 64 transfers at once.
const RUNNING: usize = 64;
const FRAMES: usize = 600;
/// A window at 60 frames a second.
const FRAME_INTERVAL: Duration = Duration::from_millis(16);

fn main() {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let port = server.block_on(start_drip_server());
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let options = ClientOptions {
        service_program: Some(env!("CARGO_BIN_EXE_ferry").into()),
        reconnect: false,
        is_window: true,
    };
    let mut window = RemoteEngine::connect(&state_dir, options.clone(), None)
        .expect("connect")
        .expect("a service");
    let service_pid = window.service_pid();
    let handle = window.handle();
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let started = Instant::now();
    client_runtime.block_on(async {
        let before = handle.settings();
        let settings = Settings {
            max_simultaneous_transfers: RUNNING,
            connections_per_host: RUNNING as u32 + 12,
            keep_running_in_background: false,
            ..before.clone()
        };
        handle
            .call(Command::change_settings(&before, &settings))
            .await
            .expect("settings");
        let mut submitted = Vec::with_capacity(TRANSFERS);
        for index in 0..TRANSFERS {
            let url = url::Url::parse(&format!("http://127.0.0.1:{port}/file-{index:05}.bin"))
                .expect("url");
            let mut spec = TransferSpec::download(url, Destination::Folder(downloads.clone()));
            spec.group = Some(["Videos", "ISOs", "Music", "Work"][index % 4].to_owned());
            submitted.push(
                handle
                    .submit(Command::Add {
                        spec: Box::new(spec),
                        start: index < RUNNING,
                    })
                    .await
                    .expect("add"),
            );
        }
        for add in submitted {
            add.applied().await.expect("added");
        }
    });
    println!(
        "ui_service: {TRANSFERS} transfers added through the socket in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while running_count(&handle) < RUNNING {
        assert!(
            Instant::now() < deadline,
            "{} running",
            running_count(&handle)
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // A second client counts what a client hears.
    let mut listener = RemoteEngine::connect(&state_dir, options, None)
        .expect("connect")
        .expect("a service");
    let mut heard = listener.take_events().expect("events");

    let app = FerryApp::new(AppParts {
        handle: window.handle(),
        events: window.take_events().expect("events"),
        window_requests: window.take_window_requests(),
        tray_shown: Some(window.tray_shown()),
        connection: Some(window),
        state_dir: None,
        desktop: DesktopServices::inert(),
        fallback_download_folder: downloads.clone(),
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
    harness.event(egui::Event::PointerMoved(egui::pos2(640.0, 300.0)));
    harness.step();
    let listened = Instant::now();
    let mut frame_times = Vec::with_capacity(FRAMES);
    for frame in 0..FRAMES {
        std::thread::sleep(FRAME_INTERVAL);
        let delta = if frame < FRAMES / 2 { -120.0 } else { 120.0 };
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, delta),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        let frame_started = Instant::now();
        harness.step();
        frame_times.push(frame_started.elapsed());
    }
    let listened_secs = listened.elapsed().as_secs_f64();
    let (mut progress_events, mut progress_updates, mut other_events) = (0_usize, 0_usize, 0_usize);
    while let Ok(event) = heard.try_recv() {
        match event {
            Event::Progress(batch) => {
                progress_events += 1;
                progress_updates += batch.len();
            }
            _ => other_events += 1,
        }
    }
    let (service_rss_mib, service_peak_mib) = service_memory_mib(service_pid);
    frame_times.sort();
    let mean = frame_times.iter().sum::<Duration>() / frame_times.len() as u32;
    let p99 = frame_times[frame_times.len() * 99 / 100];
    println!(
        "window over the service: {TRANSFERS} transfers, {} running, {FRAMES} frames while scrolling",
        running_count(&listener.handle())
    );
    println!(
        "frame time mean {:.2} ms, p99 {:.2} ms (target <= 8 ms: {})",
        mean.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        if p99 <= Duration::from_millis(8) {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "service RSS {service_rss_mib:.1} MiB, peak {service_peak_mib:.1} MiB (target <= 100 MiB: {})",
        if service_peak_mib <= 100.0 {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "a client heard {:.1} progress events a second carrying {:.1} updates per running transfer a second, and {other_events} other events",
        progress_events as f64 / listened_secs,
        progress_updates as f64 / listened_secs / RUNNING as f64
    );
    let quit = listener.quit_service();
    drop(listener);
    drop(harness);
    quit.expect("quit");
    drop(server);
}

fn running_count(handle: &ferry::engine::EngineHandle) -> usize {
    handle.with_every_transfer(|transfers| {
        transfers
            .iter()
            .filter(|transfer| transfer.status == Status::Running)
            .count()
    })
}

/// VmRSS and VmHWM of the service, in MiB.
fn service_memory_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let read = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
            .map_or(0.0, |kib| kib / 1024.0)
    };
    (read("VmRSS:"), read("VmHWM:"))
}

/// A server on 127.0.0.1 that answers every GET with a large body dripped
/// slowly (4 KiB every 250 ms), so downloads stay running and report.
async fn start_drip_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0_u8; 1024];
                while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buffer[..read]),
                    }
                }
                let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\nContent-Type: application/octet-stream\r\n\r\n";
                if stream.write_all(head).await.is_err() {
                    return;
                }
                let chunk = vec![7_u8; 4096];
                loop {
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    if stream.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}
