//! Settings: download folder, simultaneous transfers, notifications, theme.
//! Saved into state.ron by the engine.

use std::path::{Path, PathBuf};

use crate::desktop::{FilePicker, PendingPick};
use crate::model::{Settings, Theme};

pub enum SettingsOutcome {
    Open,
    Canceled,
    Save(Box<Settings>),
}

pub struct SettingsDialog {
    settings: Settings,
    pending_folder: Option<PendingPick>,
}

impl SettingsDialog {
    pub fn new(settings: Settings) -> Self {
        SettingsDialog {
            settings,
            pending_folder: None,
        }
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        picker: &dyn FilePicker,
        fallback_folder: &Path,
    ) -> SettingsOutcome {
        if let Some(answer) = self.pending_folder.as_ref().and_then(PendingPick::poll) {
            self.pending_folder = None;
            if let Some(folder) = answer {
                self.settings.download_folder = Some(folder);
            }
        }
        let mut outcome = SettingsOutcome::Open;
        let mut is_open = true;
        egui::Window::new("Settings")
            .collapsible(false)
            .resizable(false)
            .open(&mut is_open)
            .show(ctx, |ui| {
                egui::Grid::new("settings_grid")
                    .num_columns(2)
                    .spacing([8.0, 8.0])
                    .show(ui, |ui| {
                        ui.label("Download folder");
                        ui.horizontal(|ui| {
                            let folder: PathBuf = self
                                .settings
                                .download_folder
                                .clone()
                                .unwrap_or_else(|| fallback_folder.to_owned());
                            ui.label(folder.display().to_string());
                            if ui.button("Choose…").clicked() {
                                self.pending_folder = Some(picker.pick_folder(&folder));
                            }
                        });
                        ui.end_row();

                        let label = ui.label("Simultaneous transfers");
                        ui.add(
                            egui::DragValue::new(&mut self.settings.max_simultaneous_transfers)
                                .range(1..=16),
                        )
                        .labelled_by(label.id);
                        ui.end_row();

                        let label = ui.label("Connections per download");
                        ui.add(
                            egui::DragValue::new(&mut self.settings.connections_per_download)
                                .range(1..=32),
                        )
                        .labelled_by(label.id)
                        .on_hover_text(
                            "The most a large file gets when the server serves byte ranges",
                        );
                        ui.end_row();

                        let label = ui.label("Connections per server");
                        ui.add(
                            egui::DragValue::new(&mut self.settings.connections_per_host)
                                .range(1..=64),
                        )
                        .labelled_by(label.id);
                        ui.end_row();

                        ui.label("Notifications");
                        ui.checkbox(
                            &mut self.settings.notifications_enabled,
                            "Notify when transfers end",
                        );
                        ui.end_row();

                        ui.label("Theme");
                        ui.horizontal(|ui| {
                            ui.radio_value(
                                &mut self.settings.theme,
                                Theme::FollowSystem,
                                "Follow system",
                            );
                            ui.radio_value(&mut self.settings.theme, Theme::Light, "Light");
                            ui.radio_value(&mut self.settings.theme, Theme::Dark, "Dark");
                        });
                        ui.end_row();
                    });
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        outcome = SettingsOutcome::Save(Box::new(self.settings.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        outcome = SettingsOutcome::Canceled;
                    }
                });
            });
        if !is_open {
            return SettingsOutcome::Canceled;
        }
        outcome
    }
}
