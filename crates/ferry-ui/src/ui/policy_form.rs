//! The part of the add and upload dialogs that says how a transfer runs:
//! group, priority, what to do on a metered network, "keep going on a low
//! battery", and custom headers; checked into a spec.

use crate::engine::input::{check_group_name, check_header};
use crate::model::{CostPolicy, Priority, TransferSpec};
use ferry_i18n::tr;

/// The fields, as typed.
#[derive(Clone, Debug, Default)]
pub struct PolicyForm {
    /// Empty: no group.
    pub group: String,
    pub priority: Priority,
    pub cost_policy: CostPolicy,
    /// Keeps going on a low battery and in power-saving mode.
    pub unconstrained: bool,
    pub headers: Vec<(String, String)>,
}

impl PolicyForm {
    /// Sets the fields on `spec`, or says what is wrong.
    pub fn apply_to(&self, spec: &mut TransferSpec) -> Result<(), String> {
        if !self.group.trim().is_empty() {
            spec.group = Some(check_group_name(&self.group).map_err(|error| error.to_string())?);
        }
        spec.priority = self.priority;
        spec.cost_policy = self.cost_policy;
        spec.unconstrained = self.unconstrained;
        for (name, value) in &self.headers {
            if name.trim().is_empty() && value.trim().is_empty() {
                continue;
            }
            spec.request_headers
                .push(check_header(name, value).map_err(|error| error.to_string())?);
        }
        Ok(())
    }

    /// The Group, Priority and "On metered networks" rows of a two-column
    /// grid (`id_salt` keeps the combo boxes apart).
    pub fn grid_rows_ui(&mut self, ui: &mut egui::Ui, id_salt: &str) {
        let label = ui.label(tr!("details-group"));
        ui.add(
            egui::TextEdit::singleline(&mut self.group)
                .hint_text(tr!("policy-group-none"))
                .desired_width(200.0),
        )
        .labelled_by(label.id);
        ui.end_row();

        let label = ui.label(tr!("details-priority"));
        egui::ComboBox::from_id_salt(format!("{id_salt}_priority"))
            .selected_text(self.priority.words())
            .show_ui(ui, |ui| {
                for priority in Priority::ALL {
                    ui.selectable_value(&mut self.priority, priority, priority.words());
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();

        let label = ui.label(tr!("menu-on-metered-networks"));
        egui::ComboBox::from_id_salt(format!("{id_salt}_cost_policy"))
            .selected_text(self.cost_policy.as_words())
            .width(300.0)
            .show_ui(ui, |ui| {
                for cost_policy in CostPolicy::ALL {
                    ui.selectable_value(&mut self.cost_policy, cost_policy, cost_policy.as_words());
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
    }

    /// "Keep going on a low battery" and the headers, below the grid.
    pub fn extras_ui(&mut self, ui: &mut egui::Ui, id_salt: &str) {
        ui.checkbox(&mut self.unconstrained, tr!("policy-unconstrained"));
        egui::CollapsingHeader::new(tr!("policy-headers", count = self.headers.len()))
            .id_salt(format!("{id_salt}_headers"))
            .show(ui, |ui| self.headers_ui(ui));
    }

    fn headers_ui(&mut self, ui: &mut egui::Ui) {
        let mut removed = None;
        for (position, (name, value)) in self.headers.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(name)
                        .hint_text(tr!("policy-header-name"))
                        .desired_width(150.0),
                );
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(tr!("policy-header-value"))
                        .desired_width(260.0),
                );
                if ui
                    .small_button("×")
                    .on_hover_text(tr!("policy-header-remove"))
                    .clicked()
                {
                    removed = Some(position);
                }
            });
        }
        if let Some(position) = removed {
            self.headers.remove(position);
        }
        if ui.button(tr!("policy-header-add")).clicked() {
            self.headers.push((String::new(), String::new()));
        }
    }
}
