//! Settings: download folder, simultaneous transfers, the global download
//! and upload limits, the proxy (its password goes to the keyring), the
//! trusted certificates, the network and battery switches, notifications,
//! theme (and the schedule, shown). Saved into state.ron by the engine.

use ferry_i18n::{Locale, tr};
use std::path::{Path, PathBuf};

use super::categories_form::CategoriesForm;
use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::desktop::{FilePicker, PickSlot};
use crate::engine::input::parse_rate;
use crate::model::{
    BATTERY_THRESHOLD_PERCENT, CONNECTIONS_PER_DOWNLOAD, CONNECTIONS_PER_HOST, Credentials,
    ManualProxy, ProxyChoice, RemoveUnfinished, SIMULTANEOUS_TRANSFERS, Schedule, SettingChange,
    Settings, Theme,
};

/// How the proxy row is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ProxyMode {
    FromEnvironment,
    Direct,
    Manual,
}

/// The proxy as typed.
struct ProxyForm {
    mode: ProxyMode,
    url: String,
    no_proxy: String,
    user_name: String,
    password: String,
    /// The user name or password was typed in: they replace what the
    /// keyring holds (the dialog never shows the password kept there).
    credentials_edited: bool,
}

impl ProxyForm {
    fn of(choice: &ProxyChoice) -> ProxyForm {
        let (mode, url, no_proxy) = match choice {
            ProxyChoice::FromEnvironment => (ProxyMode::FromEnvironment, "", ""),
            ProxyChoice::Direct => (ProxyMode::Direct, "", ""),
            ProxyChoice::Manual(proxy) => {
                (ProxyMode::Manual, proxy.url_text(), proxy.no_proxy.as_str())
            }
        };
        ProxyForm {
            mode,
            url: url.to_owned(),
            no_proxy: no_proxy.to_owned(),
            user_name: String::new(),
            password: String::new(),
            credentials_edited: false,
        }
    }

    /// The choice typed, and the credentials to keep when they were
    /// edited (`Some(None)`: forget them).
    fn typed(&self) -> Result<(ProxyChoice, Option<Option<Credentials>>), String> {
        let (proxy, in_url) = match self.mode {
            ProxyMode::FromEnvironment => return Ok((ProxyChoice::FromEnvironment, None)),
            ProxyMode::Direct => return Ok((ProxyChoice::Direct, None)),
            ProxyMode::Manual => {
                ManualProxy::parse(&self.url, &self.no_proxy).map_err(|error| error.to_string())?
            }
        };
        let typed = (!self.user_name.trim().is_empty()).then(|| Credentials {
            user_name: self.user_name.trim().to_owned(),
            password: self.password.clone(),
        });
        let credentials = match (in_url, self.credentials_edited) {
            (Some(in_url), false) => Some(Some(in_url)),
            (_, true) => Some(typed),
            (None, false) => None,
        };
        Ok((ProxyChoice::Manual(proxy), credentials))
    }
}

pub struct SettingsDialog {
    /// The settings as they were when the dialog opened.
    opened: Settings,
    settings: Settings,
    /// The global download limit as typed ("2M"; empty is unlimited).
    limit_text: String,
    /// The global upload limit as typed.
    upload_limit_text: String,
    /// The extra CA certificate's path as typed (empty is none).
    ca_cert_text: String,
    proxy: ProxyForm,
    /// The categories by file type, as typed.
    categories: CategoriesForm,
    /// The download folder's dialog.
    pending_folder: PickSlot<()>,
    /// "Start with my session" (the autostart entry, not in state.ron).
    start_with_session: bool,
}

impl SettingsDialog {
    pub fn new(settings: Settings, start_with_session: bool) -> Self {
        let limit_text = settings.download_limit.map(rate_text).unwrap_or_default();
        let upload_limit_text = settings.upload_limit.map(rate_text).unwrap_or_default();
        let ca_cert_text = settings
            .extra_ca_cert
            .as_ref()
            .map(|path| path.display().to_string())
            .unwrap_or_default();
        SettingsDialog {
            opened: settings.clone(),
            proxy: ProxyForm::of(&settings.proxy),
            categories: CategoriesForm::of(&settings.categories),
            settings,
            limit_text,
            upload_limit_text,
            ca_cert_text,
            pending_folder: PickSlot::default(),
            start_with_session,
        }
    }

    /// The changes the dialog makes, or what is wrong with them.
    fn validate(&self) -> Result<Vec<SettingChange>, String> {
        if let Some(folder) = &self.settings.download_folder
            && !folder.is_dir()
        {
            return Err(tr!(
                "settings-no-folder",
                folder = folder.display().to_string()
            ));
        }
        let (proxy, proxy_credentials) = self.proxy.typed()?;
        let settings = Settings {
            download_limit: typed_rate(&self.limit_text)?,
            upload_limit: typed_rate(&self.upload_limit_text)?,
            extra_ca_cert: typed_file(&self.ca_cert_text)?,
            proxy,
            categories: self.categories.typed()?,
            ..self.settings.clone()
        };
        let mut changes = SettingChange::between(&self.opened, &settings);
        if let Some(credentials) = proxy_credentials {
            changes.push(SettingChange::ProxyCredentials(credentials));
        }
        Ok(changes)
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        picker: &dyn FilePicker,
        fallback_folder: &Path,
    ) -> DialogStep {
        if let Some(((), folders)) = self.pending_folder.poll() {
            self.settings.download_folder = folders.into_iter().next();
        }
        dialog_window(ctx, tr!("settings-title"), None, |ui| {
            let mut outcome = DialogStep::Open;
            // The fields scroll; Save and Cancel stay in view below them.
            let fields_height = (ui.ctx().content_rect().height() - 160.0).max(200.0);
            egui::ScrollArea::vertical()
                .max_height(fields_height)
                .id_salt("settings_fields")
                .show(ui, |ui| {
                    egui::Grid::new("settings_grid")
                        .num_columns(2)
                        .spacing([8.0, 8.0])
                        .show(ui, |ui| {
                            let label = ui.label(tr!("settings-language"));
                            language_ui(ui, &mut self.settings.language, label.id);
                            ui.end_row();

                            let label = ui.label(tr!("settings-download-folder"));
                            ui.horizontal(|ui| {
                                let folder: PathBuf = self
                                    .settings
                                    .download_folder
                                    .clone()
                                    .unwrap_or_else(|| fallback_folder.to_owned());
                                let mut folder_text = folder.display().to_string();
                                let edit = ui.add(
                                    egui::TextEdit::singleline(&mut folder_text)
                                        .desired_width(260.0),
                                );
                                if edit.labelled_by(label.id).changed() {
                                    self.settings.download_folder =
                                        Some(PathBuf::from(folder_text));
                                }
                                if ui.button(tr!("add-choose-folder")).clicked() {
                                    self.pending_folder.start((), picker.pick_folder(&folder));
                                }
                            });
                            ui.end_row();
                            if let Some(notice) = self.pending_folder.notice() {
                                ui.label("");
                                ui.label(notice);
                                ui.end_row();
                            }

                            let label = ui.label(tr!("settings-simultaneous"));
                            ui.add(
                                egui::DragValue::new(&mut self.settings.max_simultaneous_transfers)
                                    .range(SIMULTANEOUS_TRANSFERS),
                            )
                            .labelled_by(label.id);
                            ui.end_row();

                            let label = ui.label(tr!("settings-connections-per-download"));
                            ui.add(
                                egui::DragValue::new(&mut self.settings.connections_per_download)
                                    .range(CONNECTIONS_PER_DOWNLOAD),
                            )
                            .labelled_by(label.id)
                            .on_hover_text(tr!("settings-connections-per-download-tip"));
                            ui.end_row();

                            let label = ui.label(tr!("settings-connections-per-server"));
                            ui.add(
                                egui::DragValue::new(&mut self.settings.connections_per_host)
                                    .range(CONNECTIONS_PER_HOST),
                            )
                            .labelled_by(label.id);
                            ui.end_row();

                            rate_field_ui(
                                ui,
                                &tr!("settings-download-limit"),
                                &mut self.limit_text,
                                &tr!("settings-download-limit-tip"),
                            );
                            rate_field_ui(
                                ui,
                                &tr!("settings-upload-limit"),
                                &mut self.upload_limit_text,
                                &tr!("settings-upload-limit-tip"),
                            );

                            let label = ui.label(tr!("settings-extra-ca"));
                            ui.add(
                                egui::TextEdit::singleline(&mut self.ca_cert_text)
                                    .hint_text(tr!("settings-extra-ca-hint"))
                                    .desired_width(260.0),
                            )
                            .labelled_by(label.id)
                            .on_hover_text(tr!("settings-extra-ca-tip"));
                            ui.end_row();

                            ui.label(tr!("settings-proxy"));
                            proxy_ui(ui, &mut self.proxy);
                            ui.end_row();

                            if !self.settings.pinned_certificates.is_empty() {
                                ui.label(tr!("settings-trusted-certificates"));
                                pinned_certificates_ui(ui, &mut self.settings.pinned_certificates);
                                ui.end_row();
                            }

                            ui.label(tr!("settings-network"));
                            ui.vertical(|ui| {
                                let switches = &mut self.settings.policy;
                                ui.checkbox(&mut switches.metered, tr!("settings-metered"))
                                    .on_hover_text(tr!("settings-metered-tip"));
                                ui.checkbox(
                                    &mut switches.over_data_limit,
                                    tr!("settings-over-limit"),
                                )
                                .on_hover_text(tr!("settings-over-limit-tip"));
                                ui.checkbox(
                                    &mut switches.block_background_data,
                                    tr!("settings-block-background"),
                                )
                                .on_hover_text(tr!("settings-block-background-tip"));
                            });
                            ui.end_row();

                            ui.label(tr!("settings-battery"));
                            ui.vertical(|ui| {
                                let switches = &mut self.settings.policy;
                                ui.checkbox(
                                    &mut switches.save_battery,
                                    tr!("settings-save-battery"),
                                )
                                .on_hover_text(tr!("settings-save-battery-tip"));
                                ui.horizontal(|ui| {
                                    let label = ui.label(tr!("settings-battery-threshold"));
                                    ui.add(
                                        egui::DragValue::new(
                                            &mut switches.battery_threshold_percent,
                                        )
                                        .range(BATTERY_THRESHOLD_PERCENT)
                                        .suffix(ferry_i18n::current().percent_sign()),
                                    )
                                    .labelled_by(label.id);
                                });
                            });
                            ui.end_row();

                            ui.label(tr!("settings-schedule"));
                            ui.label(schedule_words(&self.settings.schedule))
                                .on_hover_text(tr!("settings-schedule-tip"));
                            ui.end_row();

                            ui.label(tr!("settings-background"));
                            ui.vertical(|ui| {
                                ui.checkbox(
                                    &mut self.settings.keep_running_in_background,
                                    tr!("settings-keep-running"),
                                )
                                .on_hover_text(tr!("settings-keep-running-tip"));
                                ui.checkbox(
                                    &mut self.start_with_session,
                                    tr!("settings-autostart"),
                                );
                            });
                            ui.end_row();

                            ui.label(tr!("settings-browser"));
                            ui.checkbox(
                                &mut self.settings.browser_starts_without_asking,
                                tr!("settings-browser-without-asking"),
                            )
                            .on_hover_text(tr!("settings-browser-without-asking-tip"));
                            ui.end_row();

                            let label = ui.label(tr!("settings-removing"));
                            egui::ComboBox::from_id_salt("remove_unfinished")
                                .selected_text(remove_words(self.settings.remove_unfinished))
                                .width(300.0)
                                .show_ui(ui, |ui| {
                                    for choice in [
                                        RemoveUnfinished::Ask,
                                        RemoveUnfinished::DeletePartial,
                                        RemoveUnfinished::KeepPartial,
                                    ] {
                                        ui.selectable_value(
                                            &mut self.settings.remove_unfinished,
                                            choice,
                                            remove_words(choice),
                                        );
                                    }
                                })
                                .response
                                .labelled_by(label.id);
                            ui.end_row();

                            ui.label(tr!("settings-file-types"));
                            ui.vertical(|ui| {
                                ui.checkbox(
                                    &mut self.settings.sort_into_category_folders,
                                    tr!("settings-sort-by-type"),
                                )
                                .on_hover_text(tr!("settings-sort-by-type-tip"));
                                egui::CollapsingHeader::new(tr!("settings-types"))
                                    .id_salt("categories")
                                    .show(ui, |ui| self.categories.ui(ui));
                            });
                            ui.end_row();

                            ui.label(tr!("settings-clipboard"));
                            ui.checkbox(
                                &mut self.settings.watch_clipboard,
                                tr!("settings-watch-clipboard"),
                            )
                            .on_hover_text(tr!("settings-watch-clipboard-tip"));
                            ui.end_row();

                            ui.label(tr!("settings-ftp"));
                            ui.checkbox(&mut self.settings.ftp_over_tls, tr!("settings-ftp-tls"))
                                .on_hover_text(tr!("settings-ftp-tls-tip"));
                            ui.end_row();

                            ui.label(tr!("settings-notifications"));
                            ui.vertical(|ui| {
                                ui.checkbox(
                                    &mut self.settings.notifications_enabled,
                                    tr!("settings-notify"),
                                );
                                ui.add_enabled(
                                    self.settings.notifications_enabled,
                                    egui::Checkbox::new(
                                        &mut self.settings.notify_failures_only,
                                        tr!("settings-notify-failures-only"),
                                    ),
                                );
                            });
                            ui.end_row();

                            ui.label(tr!("settings-theme"));
                            ui.horizontal(|ui| {
                                ui.radio_value(
                                    &mut self.settings.theme,
                                    Theme::FollowSystem,
                                    tr!("settings-theme-system"),
                                );
                                ui.radio_value(
                                    &mut self.settings.theme,
                                    Theme::Light,
                                    tr!("settings-theme-light"),
                                );
                                ui.radio_value(
                                    &mut self.settings.theme,
                                    Theme::Dark,
                                    tr!("settings-theme-dark"),
                                );
                            });
                            ui.end_row();
                        });
                });
            ui.add_space(6.0);
            let validation = self.validate();
            if let Err(problem) = &validation {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.horizontal(|ui| {
                let save =
                    ui.add_enabled(validation.is_ok(), egui::Button::new(tr!("settings-save")));
                if save.clicked()
                    && let Ok(changes) = validation
                {
                    outcome = DialogStep::Done(DialogResult::Settings {
                        changes,
                        start_with_session: self.start_with_session,
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

/// The proxy row: where requests go, and a manual proxy's address, its
/// exceptions and its credentials.
fn proxy_ui(ui: &mut egui::Ui, form: &mut ProxyForm) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.radio_value(
                &mut form.mode,
                ProxyMode::FromEnvironment,
                tr!("settings-proxy-environment"),
            )
            .on_hover_text(tr!("settings-proxy-environment-tip"));
            ui.radio_value(
                &mut form.mode,
                ProxyMode::Direct,
                tr!("settings-proxy-none"),
            );
            ui.radio_value(
                &mut form.mode,
                ProxyMode::Manual,
                tr!("settings-proxy-manual"),
            );
        });
        if form.mode != ProxyMode::Manual {
            return;
        }
        egui::Grid::new("proxy_grid").num_columns(2).show(ui, |ui| {
            let label = ui.label(tr!("settings-proxy-address"));
            ui.add(
                egui::TextEdit::singleline(&mut form.url)
                    .hint_text(tr!("settings-proxy-address-hint"))
                    .desired_width(240.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(tr!("settings-proxy-not-for"));
            ui.add(
                egui::TextEdit::singleline(&mut form.no_proxy)
                    .hint_text("localhost,.lan")
                    .desired_width(240.0),
            )
            .labelled_by(label.id)
            .on_hover_text(tr!("settings-proxy-not-for-tip"));
            ui.end_row();
            let label = ui.label(tr!("settings-proxy-user"));
            let user = ui
                .add(
                    egui::TextEdit::singleline(&mut form.user_name)
                        .hint_text("unchanged")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(tr!("credentials-password"));
            let password = ui
                .add(
                    egui::TextEdit::singleline(&mut form.password)
                        .password(true)
                        .hint_text("unchanged")
                        .desired_width(160.0),
                )
                .labelled_by(label.id)
                .on_hover_text(tr!("settings-proxy-password-tip"));
            ui.end_row();
            if user.changed() || password.changed() {
                form.credentials_edited = true;
            }
        });
    });
}

/// The certificates trusted for one host each, with a way to forget one.
fn pinned_certificates_ui(
    ui: &mut egui::Ui,
    pinned: &mut std::collections::BTreeMap<String, String>,
) {
    ui.vertical(|ui| {
        let mut forgotten = None;
        for (host, fingerprint) in pinned.iter() {
            ui.horizontal(|ui| {
                let short: String = fingerprint.chars().take(23).collect();
                ui.label(host);
                ui.monospace(format!("{short}…")).on_hover_text(fingerprint);
                if ui.small_button(tr!("settings-forget")).clicked() {
                    forgotten = Some(host.clone());
                }
            });
        }
        if let Some(host) = forgotten {
            pinned.remove(&host);
        }
    });
}

/// A rate as the dialog shows it: "2M", "512K" or bytes.
fn rate_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        bytes if bytes % (KIB * KIB) == 0 => format!("{}M", bytes / (KIB * KIB)),
        bytes if bytes % KIB == 0 => format!("{}K", bytes / KIB),
        bytes => bytes.to_string(),
    }
}

/// One line per window, or "none".
fn schedule_words(schedule: &Schedule) -> String {
    if schedule.is_empty() {
        return tr!("settings-schedule-none");
    }
    schedule
        .lines(|limit| {
            limit.map_or_else(
                || tr!("settings-unlimited"),
                |bytes| format!("{}/s", rate_text(bytes)),
            )
        })
        .join("\n")
}

/// A limit as typed: empty is unlimited.
fn typed_rate(text: &str) -> Result<Option<u64>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_rate(text).map_err(|error| error.to_string())
    }
}

/// A file path as typed: empty is none; anything else must be a file.
fn typed_file(text: &str) -> Result<Option<PathBuf>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let path = PathBuf::from(text);
    if path.is_file() {
        Ok(Some(path))
    } else {
        Err(tr!("settings-no-file", path = text))
    }
}

/// One row of the grid: a speed limit typed as "2M", with what it limits.
fn rate_field_ui(ui: &mut egui::Ui, label: &str, text: &mut String, what: &str) {
    let label = ui.label(label);
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(tr!("settings-unlimited"))
                .desired_width(90.0),
        )
        .labelled_by(label.id)
        .on_hover_text(tr!("settings-rate-tip"));
        ui.label(what);
    });
    ui.end_row();
}

/// What Remove does with an unfinished download, in the setting's words.
fn remove_words(choice: RemoveUnfinished) -> String {
    match choice {
        RemoveUnfinished::Ask => tr!("settings-remove-ask"),
        RemoveUnfinished::DeletePartial => tr!("settings-remove-delete"),
        RemoveUnfinished::KeepPartial => tr!("settings-remove-keep"),
    }
}

/// The language: the system's, or one chosen here.
fn language_ui(ui: &mut egui::Ui, language: &mut Option<Locale>, label: egui::Id) {
    let words = |choice: Option<Locale>| match choice {
        None => tr!(
            "settings-language-system",
            language = ferry_i18n::environment_locale().native_name()
        ),
        Some(locale) => locale.native_name().to_owned(),
    };
    egui::ComboBox::from_id_salt("language")
        .selected_text(words(*language))
        .show_ui(ui, |ui| {
            ui.selectable_value(language, None, words(None));
            for locale in Locale::ALL {
                ui.selectable_value(language, Some(locale), words(Some(locale)));
            }
        })
        .response
        .labelled_by(label);
}
