//! The compact monitor (`ferry-window --monitor`, the window's Monitor
//! button): a small always-on-top window with the total speeds and one thin
//! bar per running transfer; a click on a row shows that transfer in the
//! main window. It is drawn only when the service reports something (a few
//! times a second at most), so it costs nothing while nothing moves.

use ferry_i18n::tr;
use std::path::PathBuf;
use std::time::Instant;

use tokio::sync::mpsc;

use super::format;
use super::rows::RowTable;
use super::screenshot::ScreenshotPlan;
use crate::engine::{EngineHandle, Event};
use crate::model::{Status, TransferId};
use crate::service::RemoteEngine;

/// Width of the monitor, in points.
pub const MONITOR_WIDTH: f32 = 320.0;
/// The most rows it shows; more are summed up in one line.
const MAX_LINES: usize = 8;

/// One running transfer as the monitor shows it.
#[derive(Debug, PartialEq)]
pub struct MonitorLine {
    pub transfer_id: TransferId,
    pub name: String,
    /// Done, 0 to 1, when the size is known.
    pub fraction: Option<f32>,
    pub is_upload: bool,
}

/// What the monitor shows: speeds down and up (bytes per second) and the
/// running transfers.
#[derive(Debug, Default, PartialEq)]
pub struct MonitorSummary {
    pub down_bytes_per_sec: f64,
    pub up_bytes_per_sec: f64,
    pub lines: Vec<MonitorLine>,
}

/// Sums up `rows` at `now_secs`.
pub fn summarize(rows: &RowTable, now_secs: f64) -> MonitorSummary {
    let mut summary = MonitorSummary::default();
    for row in rows.rows() {
        let speed = row.speed.bytes_per_sec(now_secs);
        let is_upload = row.transfer.spec.is_upload();
        if is_upload {
            summary.up_bytes_per_sec += speed;
        } else {
            summary.down_bytes_per_sec += speed;
        }
        if row.transfer.status == Status::Running {
            summary.lines.push(MonitorLine {
                transfer_id: row.transfer.transfer_id(),
                name: row.transfer.display_name(),
                fraction: row
                    .transfer
                    .bytes_to_move()
                    .filter(|total| *total > 0)
                    .map(|total| (row.transfer.bytes_moved() as f64 / total as f64) as f32),
                is_upload,
            });
        }
    }
    summary
}

/// The monitor's state.
pub struct MonitorApp {
    handle: EngineHandle,
    events: mpsc::Receiver<Event>,
    rows: RowTable,
    started: Instant,
    /// Where the monitor remembers its place.
    position_file: Option<PathBuf>,
    saved_position: Option<egui::Pos2>,
    /// Asks the main window to show a transfer (off the UI thread).
    show_transfer: Box<dyn Fn(TransferId)>,
    /// Kept open while the monitor is.
    _connection: Option<RemoteEngine>,
    screenshot: Option<ScreenshotPlan>,
    /// The height last asked of the window.
    height: f32,
    /// The window is where it belongs: at its remembered place, or moved
    /// to the screen's corner once the screen's size is known (without a
    /// window manager it would sit at 0,0, over other windows' toolbars).
    is_placed: bool,
}

impl MonitorApp {
    pub fn new(
        handle: EngineHandle,
        events: mpsc::Receiver<Event>,
        connection: Option<RemoteEngine>,
        position_file: Option<PathBuf>,
        show_transfer: Box<dyn Fn(TransferId)>,
    ) -> Self {
        let mut rows = RowTable::default();
        rows.replace_all(handle.snapshot());
        ferry_i18n::select_choice(handle.settings().language);
        let saved_position = position_file.as_deref().and_then(read_position);
        MonitorApp {
            handle,
            events,
            rows,
            started: Instant::now(),
            position_file,
            saved_position,
            show_transfer,
            _connection: connection,
            screenshot: None,
            height: 0.0,
            is_placed: saved_position.is_some(),
        }
    }

    /// Saves a screenshot to `path` after a few seconds, then closes
    /// (scripts/screenshot.sh).
    pub fn take_screenshot_and_close(&mut self, path: PathBuf) {
        self.screenshot = Some(ScreenshotPlan::new(path));
    }

    fn now_secs(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// Applies what the service said; remembers a new place.
    pub fn logic(&mut self, ctx: &egui::Context) {
        let now_secs = self.now_secs();
        while let Ok(event) = self.events.try_recv() {
            if let Event::SettingsChanged(settings) = &event {
                ferry_i18n::select_choice(settings.language);
            }
            let is_status = matches!(event, Event::StatusChanged { .. });
            let transfer_id = match &event {
                Event::StatusChanged { transfer_id, .. } => Some(*transfer_id),
                _ => None,
            };
            if !self.rows.apply(event, now_secs) {
                self.rows.replace_all(self.handle.snapshot());
            }
            if is_status && let Some(transfer) = transfer_id.and_then(|id| self.handle.transfer(id))
            {
                self.rows.refresh(transfer);
            }
        }
        if let Some(plan) = &mut self.screenshot {
            plan.tick(ctx);
        }
        if !self.is_placed {
            self.place_in_the_corner(ctx);
            return;
        }
        let position = ctx.input(|input| input.viewport().outer_rect.map(|rect| rect.min));
        if let Some(position) = position
            && self.saved_position != Some(position)
            && !ctx.input(|input| input.pointer.any_down())
        {
            self.saved_position = Some(position);
            if let Some(file) = &self.position_file {
                let _ = std::fs::write(file, format!("{} {}\n", position.x, position.y));
            }
        }
    }

    /// Moves a monitor with no remembered place to the screen's lower
    /// right corner, clear of a panel, once the screen's size is known.
    fn place_in_the_corner(&mut self, ctx: &egui::Context) {
        let (monitor, outer) =
            ctx.input(|input| (input.viewport().monitor_size, input.viewport().outer_rect));
        let Some(monitor) = monitor else {
            return;
        };
        let size = outer.map_or(egui::vec2(MONITOR_WIDTH, 150.0), |rect| rect.size());
        const MARGIN: f32 = 24.0;
        const PANEL: f32 = 48.0;
        let corner = egui::pos2(
            (monitor.x - size.x - MARGIN).max(0.0),
            (monitor.y - size.y - MARGIN - PANEL).max(0.0),
        );
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(corner));
        self.is_placed = true;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let summary = summarize(&self.rows, self.now_secs());
        // Dragging anywhere but a row moves the window.
        let background = ui.interact(
            ui.max_rect(),
            egui::Id::unique("monitor_background"),
            egui::Sense::drag(),
        );
        if background.drag_started() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::StartDrag);
        }
        ui.horizontal(|ui| {
            ui.strong(tr!(
                "monitor-speeds",
                down = format::bytes(summary.down_bytes_per_sec as u64),
                up = format::bytes(summary.up_bytes_per_sec as u64)
            ));
        });
        if summary.lines.is_empty() {
            ui.weak(tr!("monitor-nothing-running"));
        }
        for line in summary.lines.iter().take(MAX_LINES) {
            if monitor_line_ui(ui, line).clicked() {
                (self.show_transfer)(line.transfer_id);
            }
        }
        if summary.lines.len() > MAX_LINES {
            ui.weak(tr!("monitor-more", count = summary.lines.len() - MAX_LINES));
        }
        // The window is as tall as what it shows.
        let wanted_height = (ui.min_rect().bottom() + ui.spacing().item_spacing.y * 2.0).ceil();
        if (wanted_height - self.height).abs() >= 1.0 {
            self.height = wanted_height;
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::InnerSize(egui::vec2(
                    MONITOR_WIDTH,
                    wanted_height,
                )));
        }
    }
}

/// One row: the name and percent over a thin bar; the whole row clicks.
fn monitor_line_ui(ui: &mut egui::Ui, line: &MonitorLine) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 22.0), egui::Sense::click());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    // The default fonts have no arrows: an upload says so in words.
    let name = if line.is_upload {
        tr!("monitor-upload-name", name = line.name.as_str())
    } else {
        line.name.clone()
    };
    let percent = line.fraction.map(format::percent).unwrap_or_default();
    let font = egui::FontId::proportional(12.0);
    painter.text(
        rect.left_top(),
        egui::Align2::LEFT_TOP,
        &name,
        font.clone(),
        text_color,
    );
    painter.text(
        rect.right_top(),
        egui::Align2::RIGHT_TOP,
        &percent,
        font,
        text_color,
    );
    let bar = egui::Rect::from_min_size(
        egui::pos2(rect.left(), rect.bottom() - 5.0),
        egui::vec2(width, 3.0),
    );
    painter.rect_filled(bar, 1.0, visuals.extreme_bg_color);
    if let Some(fraction) = line.fraction {
        let done =
            egui::Rect::from_min_size(bar.min, egui::vec2(width * fraction.clamp(0.0, 1.0), 3.0));
        painter.rect_filled(done, 1.0, visuals.selection.bg_fill);
    }
    // Screen readers (and tests) read the row as one button.
    let label = format!("{name} {percent}");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
    response.on_hover_text(tr!("monitor-show-tip"))
}

fn read_position(file: &std::path::Path) -> Option<egui::Pos2> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut numbers = text.split_whitespace().map(str::parse::<f32>);
    match (numbers.next(), numbers.next()) {
        (Some(Ok(x)), Some(Ok(y))) if x.is_finite() && y.is_finite() => Some(egui::pos2(x, y)),
        _ => None,
    }
}

/// Where the monitor opens: where it was last, if known.
pub fn saved_position(file: &std::path::Path) -> Option<egui::Pos2> {
    read_position(file)
}

impl eframe::App for MonitorApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        MonitorApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        MonitorApp::ui(self, ui);
    }
}
