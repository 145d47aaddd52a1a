//! The ferry window (eframe/egui) over the background engine.
//!
//! `app.rs` holds the state and the logic/ui split; one file per panel or
//! dialog. The window talks to the engine only through
//! [`crate::engine::EngineHandle`], and is woken by the engine's waker at most
//! ten times a second; nothing repaints while idle.

mod action;
mod add_dialog;
mod app;
mod categories_form;
mod clipboard_watch;
mod credentials_dialog;
mod details_panel;
mod dialog;
mod fonts;
pub use fonts::install_fallback_fonts;
mod format;
mod groups_panel;
mod links_dialog;
mod monitor;
mod policy_form;
mod prefetch_view;
mod remove_dialog;
mod rows;
mod screenshot;
mod set_url_dialog;
mod settings_dialog;
mod status_bar;
mod transfer_table;
mod upload_dialog;
mod when_done_dialog;

use ferry_i18n::tr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context as _;

pub use action::UiAction;
pub use app::{AppParts, FerryApp};
pub use groups_panel::{GroupFilter, serialized_marker};
pub use monitor::{MonitorApp, MonitorLine, MonitorSummary, summarize};

use crate::desktop::DesktopServices;
use crate::service::{ClientOptions, RemoteEngine, WindowRequest};

/// Longest wait before engine news shows: about ten repaints a second.
const REPAINT_DELAY: Duration = Duration::from_millis(100);

pub use crate::desktop::default_download_folder;

/// A waker that asks the (future) egui context in the cell for a repaint
/// within `delay`: how the engine's news wakes a window.
fn repaint_waker(delay: Duration) -> (Arc<OnceLock<egui::Context>>, crate::engine::Waker) {
    let context_cell: Arc<OnceLock<egui::Context>> = Arc::new(OnceLock::new());
    let waker_cell = Arc::clone(&context_cell);
    let waker: crate::engine::Waker = Arc::new(move || {
        if let Some(ctx) = waker_cell.get() {
            ctx.request_repaint_after(delay);
        }
    });
    (context_cell, waker)
}

/// Opens the window over the service of `state_dir` (started if none
/// runs); returns when it closes, leaving the transfers to the service.
/// `request`, when given (a link the desktop opened with ferry, a transfer
/// the monitor shows), goes to an open window instead, else to this one.
/// With `FERRY_SCREENSHOT=FILE.png` the window saves a screenshot
/// after a few seconds and closes (used by scripts/screenshot.sh).
pub fn run_window(state_dir: &Path, request: Option<WindowRequest>) -> anyhow::Result<()> {
    let (context_cell, waker) = repaint_waker(REPAINT_DELAY);
    if let Some(request) = &request
        && let Some(service) =
            RemoteEngine::connect(state_dir, ClientOptions::running_service_only(), None)?
        && service.ask_window(request.clone())?
    {
        // A window is open: it takes the link (or shows the transfer).
        return Ok(());
    }
    check_graphical_session()?;
    let options = ClientOptions {
        is_window: true,
        ..ClientOptions::starting_service()
    };
    let mut connection = RemoteEngine::connect(state_dir, options, Some(waker))?
        .with_context(|| tr!("error-service-did-not-start"))?;
    let window_requests = connection.take_window_requests();
    let tray_shown = connection.tray_shown();
    let events = connection
        .take_events()
        .with_context(|| tr!("error-no-event-stream"))?;
    let handle = connection.handle();
    let window_state_dir = state_dir.to_owned();
    let screenshot_path = std::env::var_os("FERRY_SCREENSHOT").map(PathBuf::from);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("ferry")
            .with_app_id("ferry")
            .with_inner_size([1180.0, 720.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "ferry",
        options,
        Box::new(move |creation| {
            let _ = context_cell.set(creation.egui_ctx.clone());
            fonts::install_fallback_fonts(&creation.egui_ctx);
            let mut app = FerryApp::new(AppParts {
                handle,
                events,
                connection: Some(connection),
                window_requests,
                state_dir: Some(window_state_dir),
                tray_shown: Some(tray_shown),
                desktop: DesktopServices::system(),
                fallback_download_folder: default_download_folder(),
            });
            if let Some(request) = &request {
                app.take_window_request(request);
            }
            if let Some(path) = screenshot_path {
                app.take_screenshot_and_close(path);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| window_failure(&error))
}

/// Refuses before anything starts (no service) where no window can open.
fn check_graphical_session() -> anyhow::Result<()> {
    let is_set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    if ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .into_iter()
        .any(is_set)
    {
        return Ok(());
    }
    anyhow::bail!(tr!("error-no-graphical-session"))
}

/// A window that could not open, in words: winit's message without the
/// place in its source it comes from.
fn window_failure(error: &eframe::Error) -> anyhow::Error {
    let text = error.to_string();
    // "… os error at /…/winit-0.30.13/src/…/mod.rs:788: Failed to open …"
    let words = match text.find(" at /").and_then(|at| {
        let rest = &text[at..];
        let place_end = rest.find(".rs:")? + 4;
        let after_line = rest[place_end..].find(": ")? + place_end + 2;
        Some(rest[after_line..].to_owned())
    }) {
        Some(cause) => cause,
        None => text,
    };
    let display = std::env::var("DISPLAY")
        .or_else(|_| std::env::var("WAYLAND_DISPLAY"))
        .unwrap_or_default();
    anyhow::anyhow!(tr!(
        "error-cannot-open-window",
        display = format!("{display:?}"),
        cause = words
    ))
}

/// Opens the compact monitor over the service of `state_dir` (started if
/// none runs); returns when it closes.
pub fn run_monitor(state_dir: &Path) -> anyhow::Result<()> {
    check_graphical_session()?;
    // A few frames a second at most, none while nothing moves.
    let (context_cell, waker) = repaint_waker(MONITOR_REPAINT_DELAY);
    let mut connection =
        RemoteEngine::connect(state_dir, ClientOptions::starting_service(), Some(waker))?
            .with_context(|| tr!("error-service-did-not-start"))?;
    let events = connection
        .take_events()
        .with_context(|| tr!("error-no-event-stream"))?;
    let handle = connection.handle();
    let position_file = state_dir.join("monitor-position");
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("ferry monitor")
        .with_app_id("ferry-monitor")
        .with_inner_size([monitor::MONITOR_WIDTH, 150.0])
        .with_decorations(false)
        .with_always_on_top()
        .with_resizable(false);
    if let Some(position) = monitor::saved_position(&position_file) {
        viewport = viewport.with_position(position);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let show_state_dir = state_dir.to_owned();
    let screenshot_path = std::env::var_os("FERRY_SCREENSHOT").map(PathBuf::from);
    eframe::run_native(
        "ferry monitor",
        options,
        Box::new(move |creation| {
            let _ = context_cell.set(creation.egui_ctx.clone());
            fonts::install_fallback_fonts(&creation.egui_ctx);
            let show_transfer = Box::new(move |transfer_id| {
                show_in_window(&show_state_dir, transfer_id);
            });
            let mut app = MonitorApp::new(
                handle,
                events,
                Some(connection),
                Some(position_file),
                show_transfer,
            );
            if let Some(path) = screenshot_path {
                app.take_screenshot_and_close(path);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| window_failure(&error))
}

/// How soon the monitor redraws after news: at most four frames a second.
const MONITOR_REPAINT_DELAY: Duration = Duration::from_millis(250);

/// Shows `transfer_id` in the open window, else in a new one; on a thread
/// of its own, so the monitor never waits for the service.
fn show_in_window(state_dir: &Path, transfer_id: crate::model::TransferId) {
    let state_dir = state_dir.to_owned();
    let spawned = std::thread::Builder::new()
        .name("ferry-show".to_owned())
        .spawn(move || {
            let request = WindowRequest::ShowTransfer(transfer_id);
            let is_shown =
                RemoteEngine::connect(&state_dir, ClientOptions::running_service_only(), None)
                    .ok()
                    .flatten()
                    .is_some_and(|service| service.ask_window(request).unwrap_or(false));
            if !is_shown {
                let _ = crate::desktop::launch_window(
                    &state_dir,
                    &["--show", &transfer_id.to_string()],
                );
            }
        });
    if spawned.is_err() {
        tracing::warn!("cannot start a thread to show the transfer");
    }
}
