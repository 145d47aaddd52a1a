//! Removing an unfinished download from the list: its partial file can go
//! with it or stay (as `NAME.part`). Asked each time unless the user ticks
//! "Remember my choice" (Settings › Removing changes it back). A completed
//! file is never deleted by Remove, so nothing is asked for one.

use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::model::{RemoveUnfinished, TransferId};
use ferry_i18n::tr;

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
        dialog_window(ctx, tr!("remove-title"), None, |ui| {
            let mut outcome = DialogStep::Open;
            ui.label(tr!("remove-question", name = self.name.as_str()));
            ui.add_space(6.0);
            let mut chosen = None;
            ui.horizontal(|ui| {
                if ui
                    .button(tr!("remove-delete-partial"))
                    .on_hover_text(tr!("remove-delete-partial-tip"))
                    .clicked()
                {
                    chosen = Some(RemoveUnfinished::DeletePartial);
                }
                if ui
                    .button(tr!("remove-keep-partial"))
                    .on_hover_text(tr!("remove-keep-partial-tip"))
                    .clicked()
                {
                    chosen = Some(RemoveUnfinished::KeepPartial);
                }
                if ui.button(tr!("dialog-cancel")).clicked() {
                    outcome = DialogStep::Canceled;
                }
            });
            ui.checkbox(&mut self.remember, tr!("remove-remember"))
                .on_hover_text(tr!("remove-remember-tip"));
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
