//! Removing an unfinished download from the list: its partial file can go
//! with it or stay (as `NAME.part`). Asked each time unless the user ticks
//! "Remember my choice" (Settings › Removing changes it back). A completed
//! file is never deleted by Remove, so nothing is asked for one.

use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::model::{RemoveUnfinished, TransferId};

pub struct RemoveDialog {
    transfer_id: TransferId,
    name: String,
    remember: bool,
}

impl RemoveDialog {
    pub fn new(transfer_id: TransferId, name: String) -> Self {
        RemoveDialog {
            transfer_id,
            name,
            remember: false,
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> DialogStep {
        dialog_window(ctx, "Remove an unfinished download", None, |ui| {
            let mut outcome = DialogStep::Open;
            ui.label(format!(
                "{} has not finished. What happens to what was downloaded so far?",
                self.name
            ));
            ui.add_space(6.0);
            let mut chosen = None;
            ui.horizontal(|ui| {
                if ui
                    .button("Remove and delete the partial file")
                    .on_hover_text("Frees the space; the download cannot continue")
                    .clicked()
                {
                    chosen = Some(RemoveUnfinished::DeletePartial);
                }
                if ui
                    .button("Remove from the list")
                    .on_hover_text("The partial file stays beside the others, as NAME.part")
                    .clicked()
                {
                    chosen = Some(RemoveUnfinished::KeepPartial);
                }
                if ui.button("Cancel").clicked() {
                    outcome = DialogStep::Canceled;
                }
            });
            ui.checkbox(&mut self.remember, "Remember my choice")
                .on_hover_text("Settings › Removing asks again");
            if let Some(choice) = chosen {
                outcome = DialogStep::Done(DialogResult::Remove {
                    transfer_id: self.transfer_id,
                    choice,
                    remember: self.remember,
                });
            }
            outcome
        })
    }
}
