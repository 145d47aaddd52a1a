//! The ferry window (eframe/egui) over the background engine.
//!
//! `app.rs` holds the state and the logic/ui split; one file per panel or
//! dialog. The window talks to the engine only through
//! [`crate::engine::EngineHandle`], and is woken by the engine's waker at most
//! ten times a second; nothing repaints while idle.

mod action;
mod add_dialog;
mod app;
mod credentials_dialog;
mod details_panel;
mod fonts;
mod format;
mod groups_panel;
mod rows;
mod screenshot;
mod set_url_dialog;
mod settings_dialog;
mod status_bar;
mod transfer_table;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context as _;

pub use action::UiAction;
pub use app::{AppParts, FerryApp};
pub use groups_panel::{GroupFilter, SERIALIZED_MARKER};

use crate::desktop::DesktopServices;
use crate::service::{ClientOptions, RemoteEngine};

/// Longest wait before engine news shows: about ten repaints a second.
const REPAINT_DELAY: Duration = Duration::from_millis(100);

/// The XDG Downloads folder, else the home folder.
pub fn default_download_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.download_dir()
                .map(Path::to_owned)
                .or_else(|| Some(dirs.home_dir().to_owned()))
        })
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Opens the window over the service of `state_dir` (started if none
/// runs); returns when it closes, leaving the transfers to the service.
/// `url`, when given (a link the desktop opened with ferry), waits in the add
/// dialog. With `FERRY_SCREENSHOT=FILE.png` the window saves a screenshot
/// after a few seconds and closes (used by scripts/screenshot.sh).
pub fn run_window(state_dir: &Path, url: Option<String>) -> anyhow::Result<()> {
    let context_cell: Arc<OnceLock<egui::Context>> = Arc::new(OnceLock::new());
    let waker_cell = Arc::clone(&context_cell);
    let waker: crate::engine::Waker = Arc::new(move || {
        if let Some(ctx) = waker_cell.get() {
            ctx.request_repaint_after(REPAINT_DELAY);
        }
    });
    if let Some(url) = &url
        && let Some(service) =
            RemoteEngine::connect(state_dir, ClientOptions::running_service_only(), None)?
        && service.offer_url_to_window(url)?
    {
        // A window is open: the link waits in its add dialog there.
        return Ok(());
    }
    let options = ClientOptions {
        is_window: true,
        ..ClientOptions::starting_service()
    };
    let mut connection = RemoteEngine::connect(state_dir, options, Some(waker))?
        .context("the ferry service did not start")?;
    let offers = connection.take_offers();
    let events = connection
        .take_events()
        .context("the connection has no event stream")?;
    let handle = connection.handle();
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
                offers,
                desktop: DesktopServices::system(),
                fallback_download_folder: default_download_folder(),
            });
            if let Some(url) = url {
                app.offer_download(&url);
            }
            if let Some(path) = screenshot_path {
                app.take_screenshot_and_close(path);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}
