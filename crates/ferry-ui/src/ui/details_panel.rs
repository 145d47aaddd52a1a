//! The details of the selected transfer: URLs, response, path, bytes on disk
//! (with a bar of the ranges on disk), restarts, the error in words (with
//! "Trust this certificate" for a server whose certificate nobody vouches
//! for), and a speed plot.

use egui_plot::{Line, Plot, PlotPoints};
use ferry_i18n::tr;

use super::app::FerryApp;
use super::format;
use crate::engine::Command;
use crate::model::{SettingChange, Transfer, TransferError, TransferId};

pub fn details_panel_ui(app: &mut FerryApp, ui: &mut egui::Ui) {
    let Some(row) = app
        .selected
        .and_then(|transfer_id| app.rows.get(transfer_id))
    else {
        ui.label(tr!("details-nothing-selected"));
        return;
    };
    let transfer = &row.transfer;
    let mut trusted = None;
    ui.columns(2, |columns| {
        egui::ScrollArea::vertical()
            .id_salt("details_fields")
            .show(&mut columns[0], |ui| {
                egui::Grid::new("details_grid")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        field_ui(
                            ui,
                            &tr!("details-requested-url"),
                            transfer.spec.url.as_str(),
                        );
                        if let Some(response) = &transfer.response {
                            field_ui(ui, &tr!("details-actual-url"), response.actual_url.as_str());
                            field_ui(
                                ui,
                                &tr!("details-response"),
                                &response.status_code.to_string(),
                            );
                            field_ui(
                                ui,
                                &tr!("details-resumable"),
                                &if response.is_resumable {
                                    tr!("details-yes")
                                } else {
                                    tr!("details-no")
                                },
                            );
                            if let Some(text) = &response.body_text {
                                ui.label(tr!("details-answer"));
                                ui.add(
                                    egui::Label::new(egui::RichText::new(text).monospace()).wrap(),
                                );
                                ui.end_row();
                            }
                        }
                        if let Some(upload) = transfer.spec.upload_source() {
                            field_ui(
                                ui,
                                &tr!("details-sends"),
                                &upload.file.display().to_string(),
                            );
                            field_ui(ui, &tr!("details-method"), upload.method.as_str());
                            let sent = amount_of(transfer.bytes_moved(), transfer.bytes_to_move());
                            field_ui(ui, &tr!("details-sent"), &sent);
                        } else {
                            download_fields_ui(ui, transfer);
                        }
                        if let Some(proxy) = &transfer.spec.proxy {
                            field_ui(ui, &tr!("details-proxy"), &proxy_words(proxy));
                        }
                        if transfer.created_unix_secs > 0 {
                            field_ui(
                                ui,
                                &tr!("details-added"),
                                &ferry_i18n::current().date_time(transfer.created_unix_secs),
                            );
                        }
                        field_ui(ui, &tr!("details-restarts"), &transfer.restarts.to_string());
                        field_ui(
                            ui,
                            &tr!("details-status"),
                            &transfer.status.words_with(transfer.error.as_ref()),
                        );
                        if let Some(error) = &transfer.error {
                            // The way out first: the words below are long.
                            if let Some(pin) = certificate_to_trust(error) {
                                ui.label(tr!("details-certificate"));
                                if trust_certificate_ui(ui, &pin) {
                                    trusted = Some((transfer.transfer_id(), pin));
                                }
                                ui.end_row();
                            }
                            // A policy's wait is not a problem: said plainly.
                            let is_wait = matches!(error, TransferError::Held { .. });
                            ui.label(if is_wait {
                                tr!("details-waits-because")
                            } else {
                                tr!("details-problem")
                            });
                            // Wrapped: a long problem must not run under
                            // the speed plot beside the fields.
                            let mut words = egui::RichText::new(format::problem_words(error));
                            if !is_wait {
                                words = words.color(ui.visuals().error_fg_color);
                            }
                            ui.add(egui::Label::new(words).wrap());
                            ui.end_row();
                        }
                        when_done_fields_ui(ui, app, transfer.transfer_id());
                        // (After the status and the way out.) Windows' progress flags, as the last report had them.
                        let progress = &transfer.progress;
                        let flags = match (progress.has_restarted, progress.has_response_changed) {
                            (true, true) => tr!("details-flags-restarted-and-changed"),
                            (true, false) => tr!("details-flags-restarted"),
                            (false, true) => tr!("details-flags-changed"),
                            (false, false) => tr!("details-flags-none"),
                        };
                        field_ui(ui, &tr!("details-progress-flags"), &flags);
                        field_ui(
                            ui,
                            &tr!("details-priority"),
                            &transfer.spec.priority.words(),
                        );
                        if let Some(group) = &transfer.spec.group {
                            field_ui(ui, &tr!("details-group"), group);
                        }
                    });
                if let Some(response) = &transfer.response {
                    egui::CollapsingHeader::new(tr!("details-response-headers"))
                        .id_salt("response_headers")
                        .show(ui, |ui| {
                            for (name, value) in &response.headers {
                                ui.monospace(format!("{name}: {value}"));
                            }
                            if response.headers_left_out > 0 {
                                ui.weak(tr!(
                                    "details-headers-left-out",
                                    count = response.headers_left_out
                                ));
                            }
                        });
                }
            });
        let points: PlotPoints<'_> = row
            .speed
            .history
            .points()
            .map(|[secs, bytes_per_sec]| [*secs, *bytes_per_sec / (1024.0 * 1024.0)])
            .collect();
        Plot::new("speed_plot")
            .allow_scroll(false)
            .allow_zoom(false)
            .allow_drag(false)
            .y_axis_label(tr!("plot-speed-unit"))
            // Speeds are never negative: the axis starts at 0 even when
            // nothing was measured yet.
            .include_y(0.0)
            .include_y(1.0)
            .show(&mut columns[1], |plot_ui| {
                plot_ui.line(Line::new("speed", points));
            });
    });
    if let Some((transfer_id, pin)) = trusted {
        app.send(Command::ChangeSettings(vec![
            SettingChange::PinCertificate {
                host: pin.host,
                fingerprint: pin.fingerprint,
            },
        ]));
        app.send(Command::Resume(transfer_id));
    }
}

/// A transfer's own way to the network, in words.
fn proxy_words(proxy: &crate::model::ProxyChoice) -> String {
    match proxy {
        crate::model::ProxyChoice::FromEnvironment => tr!("details-proxy-environment"),
        crate::model::ProxyChoice::Direct => tr!("details-proxy-none"),
        crate::model::ProxyChoice::Manual(manual) => manual.url_text().to_owned(),
    }
}

/// A certificate the user may choose to trust for its host.
struct CertificatePin {
    host: String,
    fingerprint: String,
    /// Another certificate was trusted for the host before.
    replaces_another: bool,
}

/// The certificate a failed transfer was refused for, if the user can
/// trust it: nobody vouched for it, or it replaced a pinned one.
fn certificate_to_trust(error: &TransferError) -> Option<CertificatePin> {
    match error {
        TransferError::UntrustedCertificate {
            host,
            fingerprint: Some(fingerprint),
            ..
        } => Some(CertificatePin {
            host: host.clone(),
            fingerprint: fingerprint.clone(),
            replaces_another: false,
        }),
        TransferError::CertificateChanged { host, shown, .. } => Some(CertificatePin {
            host: host.clone(),
            fingerprint: shown.clone(),
            replaces_another: true,
        }),
        _ => None,
    }
}

/// The fingerprint to compare, and the button that trusts it; true when
/// clicked.
fn trust_certificate_ui(ui: &mut egui::Ui, pin: &CertificatePin) -> bool {
    ui.vertical(|ui| {
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!("SHA-256 {}", pin.fingerprint)).monospace(),
            )
            .wrap(),
        );
        let label = if pin.replaces_another {
            tr!("details-trust-new-certificate", host = pin.host.as_str())
        } else {
            tr!("details-trust-certificate", host = pin.host.as_str())
        };
        ui.button(label)
            .on_hover_text(tr!(
                "details-trust-certificate-tip",
                host = pin.host.as_str()
            ))
            .clicked()
    })
    .inner
}

fn field_ui(ui: &mut egui::Ui, name: &str, value: &str) {
    ui.label(name);
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// A bar as wide as the file with the byte ranges on disk filled in, so the
/// segments of a download (and a random-access reader's jumps) show.
fn ranges_bar_ui(ui: &mut egui::Ui, ranges: &[crate::model::ByteRange], total: u64) {
    let size = egui::vec2(ui.available_width().clamp(120.0, 320.0), 12.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    if total > 0 {
        for range in ranges {
            let left = rect.left() + rect.width() * (range.start as f32 / total as f32);
            let right = rect.left() + rect.width() * (range.end.min(total) as f32 / total as f32);
            let filled = egui::Rect::from_min_max(
                egui::pos2(left, rect.top()),
                egui::pos2(right.max(left + 1.0), rect.bottom()),
            );
            painter.rect_filled(filled, 0.0, visuals.selection.bg_fill);
        }
    }
    response.on_hover_text(tr!("details-ranges-on-disk", count = ranges.len()));
}

/// Where a download goes, what of it is on disk, and the bar of its ranges.
fn download_fields_ui(ui: &mut egui::Ui, transfer: &Transfer) {
    let path = transfer
        .file_path
        .as_ref()
        .map(|path| path.display().to_string())
        .unwrap_or_else(|| {
            tr!(
                "details-path-in-folder",
                folder = transfer.spec.destination.folder().display().to_string()
            )
        });
    field_ui(ui, &tr!("details-path"), &path);
    let on_disk = amount_of(
        transfer.bytes_on_disk(),
        transfer.progress.total_bytes_to_receive,
    );
    field_ui(ui, &tr!("details-on-disk"), &on_disk);
    if let Some(total) = transfer.progress.total_bytes_to_receive {
        ui.label(tr!("details-ranges"));
        ranges_bar_ui(ui, &transfer.ranges, total);
        ui.end_row();
    }
}

/// "1.5 MiB of 4 MiB", or "1.5 MiB" when the total is not known.
fn amount_of(bytes: u64, total: Option<u64>) -> String {
    match total {
        Some(total) => tr!(
            "amount-of",
            done = format::bytes(bytes),
            total = format::bytes(total)
        ),
        None => format::bytes(bytes),
    }
}

/// The completion groups the transfer is in: what they do, where they
/// stand, and how the action went (its exit status and last lines).
fn when_done_fields_ui(ui: &mut egui::Ui, app: &FerryApp, transfer_id: TransferId) {
    for group in app
        .completion_groups
        .iter()
        .filter(|group| group.members.contains(&transfer_id))
    {
        let ended =
            group.ended_members(|member| app.rows.get(member).map(|row| row.transfer.status));
        ui.label(tr!("details-when-done"));
        ui.vertical(|ui| {
            ui.label(format!("{}: {}", group.name, group.when_done.describe()));
            ui.add(egui::Label::new(group.state_words(ended)).wrap());
            if let Some(firing) = &group.firing {
                for line in firing.outcome.output_tail() {
                    ui.monospace(line);
                }
            }
        });
        ui.end_row();
    }
}
