//! The status bar: total speed, active/queued/paused counts, the last notice.

use super::app::FerryApp;
use super::format;
use crate::model::Status;

pub fn status_bar_ui(app: &mut FerryApp, ui: &mut egui::Ui) {
    let now_secs = app.now_secs();
    let (mut active, mut queued, mut paused) = (0, 0, 0);
    let mut total_speed = 0.0;
    for row in app.rows.rows() {
        match row.transfer.status {
            Status::Running => {
                active += 1;
                total_speed += row.speed.bytes_per_sec(now_secs);
            }
            Status::Idle => queued += 1,
            status if status.is_paused() => paused += 1,
            _ => {}
        }
    }
    ui.horizontal(|ui| {
        let speed = format::speed(total_speed);
        ui.label(if speed.is_empty() {
            "idle".to_owned()
        } else {
            format!("{speed} total")
        });
        ui.separator();
        ui.label(format!(
            "{active} active · {queued} queued · {paused} paused"
        ));
        if let Some(notice) = &app.notice {
            ui.separator();
            ui.label(notice);
        }
    });
}
