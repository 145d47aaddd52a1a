//! "Set URL…": a fresh URL for a transfer (typically after a recoverable
//! error such as an expired link). The kept bytes are reused only if the
//! server's validator still matches.

use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::engine::input::parse_download_url;
use crate::model::TransferId;
use ferry_i18n::tr;

pub struct SetUrlDialog {
    transfer_id: TransferId,
    url_text: String,
}

impl SetUrlDialog {
    pub fn new(transfer_id: TransferId, current_url: &str) -> Self {
        SetUrlDialog {
            transfer_id,
            url_text: current_url.to_owned(),
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> DialogStep {
        dialog_window(ctx, tr!("set-url-title"), None, |ui| {
            let mut outcome = DialogStep::Open;
            ui.label(tr!("set-url-explanation"));
            let label = ui.label(tr!("set-url-new"));
            ui.add(egui::TextEdit::singleline(&mut self.url_text).desired_width(460.0))
                .labelled_by(label.id);
            let parsed = parse_download_url(&self.url_text);
            if let Err(error) = &parsed {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(parsed.is_ok(), egui::Button::new(tr!("set-url-set")))
                    .clicked()
                    && let Ok(url) = parsed
                {
                    outcome = DialogStep::Done(DialogResult::SetUrl {
                        transfer_id: self.transfer_id,
                        url,
                    });
                }
                if ui.button(tr!("dialog-cancel")).clicked() {
                    outcome = DialogStep::Canceled;
                }
            });
            outcome
        })
    }
}
