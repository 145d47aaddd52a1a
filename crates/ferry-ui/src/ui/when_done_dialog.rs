//! "When these finish…": what happens once every chosen transfer (or each
//! time a group's transfers) ended: a notification, opening the folder or
//! the file, or a program with its arguments, one per line (never a shell
//! line; placeholders become whole arguments).

use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::engine::input::find_program;
use crate::model::{
    CompletionAction, DEFAULT_ACTION_TIMEOUT_SECS, ProgramAction, TransferId, WhenDone,
};
use ferry_i18n::tr;

/// What the dialog is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhenDoneTarget {
    /// These transfers: a completion group over them.
    Transfers(Vec<TransferId>),
    /// A named group, each time its transfers have all ended.
    Group(String),
}

/// The action chosen with the radio buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ActionChoice {
    Nothing,
    OpenFolder,
    OpenFile,
    Run,
}

pub struct WhenDoneDialog {
    target: WhenDoneTarget,
    notify: bool,
    action: ActionChoice,
    program: String,
    /// One argument per line.
    arguments: String,
    timeout_minutes: u64,
}

impl WhenDoneDialog {
    /// A dialog for `target`, showing what it does now (`current`).
    pub fn new(target: WhenDoneTarget, current: &WhenDone) -> Self {
        let (action, program, arguments, timeout_secs) = match &current.action {
            None => (ActionChoice::Nothing, String::new(), String::new(), None),
            Some(CompletionAction::OpenFolder) => {
                (ActionChoice::OpenFolder, String::new(), String::new(), None)
            }
            Some(CompletionAction::OpenFile) => {
                (ActionChoice::OpenFile, String::new(), String::new(), None)
            }
            Some(CompletionAction::Run(run)) => (
                ActionChoice::Run,
                run.program.display().to_string(),
                run.args.join("\n"),
                Some(run.timeout_secs),
            ),
        };
        let is_new = *current == WhenDone::default();
        WhenDoneDialog {
            target,
            notify: current.notify || is_new,
            action,
            program,
            arguments,
            timeout_minutes: timeout_secs
                .unwrap_or(DEFAULT_ACTION_TIMEOUT_SECS)
                .div_ceil(60),
        }
    }

    /// What the form says, or why it cannot be used.
    fn checked(&self) -> Result<WhenDone, String> {
        let action = match self.action {
            ActionChoice::Nothing => None,
            ActionChoice::OpenFolder => Some(CompletionAction::OpenFolder),
            ActionChoice::OpenFile => Some(CompletionAction::OpenFile),
            ActionChoice::Run => {
                let program =
                    find_program(self.program.trim(), std::env::var_os("PATH").as_deref())
                        .map_err(|error| error.to_string())?;
                Some(CompletionAction::Run(ProgramAction {
                    program,
                    args: self.arguments.lines().map(str::to_owned).collect(),
                    timeout_secs: self.timeout_minutes.max(1) * 60,
                }))
            }
        };
        let when_done = WhenDone {
            notify: self.notify,
            action,
        };
        if when_done == WhenDone::default() && matches!(self.target, WhenDoneTarget::Transfers(_)) {
            return Err(tr!("when-done-choose"));
        }
        Ok(when_done)
    }

    pub fn show(&mut self, ctx: &egui::Context) -> DialogStep {
        let title = match &self.target {
            WhenDoneTarget::Transfers(members) => {
                tr!("when-done-title-transfers", count = members.len())
            }
            WhenDoneTarget::Group(name) => tr!("when-done-title-group", group = name.as_str()),
        };
        dialog_window(ctx, title, None, |ui| {
            let mut outcome = DialogStep::Open;
            ui.label(match &self.target {
                WhenDoneTarget::Transfers(_) => tr!("when-done-once"),
                WhenDoneTarget::Group(_) => tr!("when-done-each-time"),
            });
            ui.checkbox(&mut self.notify, tr!("when-done-notify"));
            ui.radio_value(
                &mut self.action,
                ActionChoice::Nothing,
                tr!("when-done-no-action"),
            );
            ui.radio_value(
                &mut self.action,
                ActionChoice::OpenFolder,
                tr!("when-done-open-folder"),
            );
            ui.radio_value(
                &mut self.action,
                ActionChoice::OpenFile,
                tr!("when-done-open-files"),
            );
            ui.radio_value(&mut self.action, ActionChoice::Run, tr!("when-done-run"));
            if self.action == ActionChoice::Run {
                self.program_ui(ui);
            }
            let checked = self.checked();
            if let Err(error) = &checked {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(checked.is_ok(), egui::Button::new(tr!("dialog-ok")))
                    .clicked()
                    && let Ok(when_done) = checked
                {
                    outcome = DialogStep::Done(DialogResult::WhenDone {
                        target: self.target.clone(),
                        when_done,
                    });
                }
                if ui.button(tr!("dialog-cancel")).clicked() {
                    outcome = DialogStep::Canceled;
                }
            });
            outcome
        })
    }

    fn program_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("when_done_program")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(tr!("when-done-program"));
                ui.add(egui::TextEdit::singleline(&mut self.program).desired_width(320.0))
                    .labelled_by(label.id)
                    .on_hover_text(tr!("when-done-program-tip"));
                ui.end_row();
                let label = ui.label(tr!("when-done-arguments"));
                ui.add(
                    egui::TextEdit::multiline(&mut self.arguments)
                        .desired_rows(3)
                        .desired_width(320.0),
                )
                .labelled_by(label.id)
                .on_hover_text(tr!("when-done-arguments-tip"));
                ui.end_row();
                let label = ui.label(tr!("when-done-time-limit"));
                ui.horizontal(|ui| {
                    ui.add(egui::DragValue::new(&mut self.timeout_minutes).range(1..=1440))
                        .labelled_by(label.id);
                    ui.label(tr!("when-done-minutes"));
                });
                ui.end_row();
            });
        ui.small(tr!("when-done-json-note"));
    }
}
