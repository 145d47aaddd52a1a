//! "Credentials…": the user name and password for a transfer's server,
//! given again when the keyring did not keep them, or after the server
//! asked for them. The engine keeps them in the keyring (in memory only
//! when none answers), never in its files.

use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::model::{Credentials, TransferId};
use ferry_i18n::tr;

pub struct CredentialsDialog {
    transfer_id: TransferId,
    host: String,
    user_name: String,
    password: String,
}

impl CredentialsDialog {
    pub fn new(transfer_id: TransferId, host: &str) -> Self {
        CredentialsDialog {
            transfer_id,
            host: host.to_owned(),
            user_name: String::new(),
            password: String::new(),
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> DialogStep {
        dialog_window(ctx, tr!("credentials-title"), None, |ui| {
            let mut outcome = DialogStep::Open;
            ui.label(tr!("credentials-for", host = self.host.as_str()));
            egui::Grid::new("credentials_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let label = ui.label(tr!("credentials-user"));
                    ui.add(egui::TextEdit::singleline(&mut self.user_name))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(tr!("credentials-password"));
                    ui.add(egui::TextEdit::singleline(&mut self.password).password(true))
                        .labelled_by(label.id);
                    ui.end_row();
                });
            let is_valid = !self.user_name.is_empty() && !self.user_name.contains(':');
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(is_valid, egui::Button::new(tr!("credentials-resume")))
                    .clicked()
                {
                    outcome = DialogStep::Done(DialogResult::Credentials {
                        transfer_id: self.transfer_id,
                        credentials: Credentials {
                            user_name: self.user_name.clone(),
                            password: std::mem::take(&mut self.password),
                        },
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
