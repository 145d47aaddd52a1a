//! "Credentials…": the user name and password for a transfer's server,
//! given again after a restart (ferry never writes them to disk) or after
//! the server asked for them. They go to the engine's memory only.

use super::dialog::{DialogResult, DialogStep};
use crate::model::{Credentials, TransferId};

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
        let mut outcome = DialogStep::Open;
        let mut is_open = true;
        egui::Window::new("Credentials")
            .collapsible(false)
            .resizable(false)
            .open(&mut is_open)
            .show(ctx, |ui| {
                ui.label(format!(
                    "For {}. Kept in memory only: ferry never writes a password to disk.",
                    self.host
                ));
                egui::Grid::new("credentials_grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        let label = ui.label("User name");
                        ui.add(egui::TextEdit::singleline(&mut self.user_name))
                            .labelled_by(label.id);
                        ui.end_row();
                        let label = ui.label("Password");
                        ui.add(egui::TextEdit::singleline(&mut self.password).password(true))
                            .labelled_by(label.id);
                        ui.end_row();
                    });
                let is_valid = !self.user_name.is_empty() && !self.user_name.contains(':');
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(is_valid, egui::Button::new("Resume with these"))
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
                    if ui.button("Cancel").clicked() {
                        outcome = DialogStep::Canceled;
                    }
                });
            });
        if !is_open {
            return DialogStep::Canceled;
        }
        outcome
    }
}
