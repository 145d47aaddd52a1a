//! Settings: download folder, simultaneous transfers, the global download
//! and upload limits, the proxy (its password goes to the keyring), the
//! trusted certificates, the network and battery switches, notifications,
//! theme (and the schedule, shown). Saved into state.ron by the engine.

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
            return Err(format!("no folder at {}", folder.display()));
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
        dialog_window(ctx, "Settings", None, |ui| {
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
                        let label = ui.label("Download folder");
                        ui.horizontal(|ui| {
                            let folder: PathBuf = self
                                .settings
                                .download_folder
                                .clone()
                                .unwrap_or_else(|| fallback_folder.to_owned());
                            let mut folder_text = folder.display().to_string();
                            let edit = ui.add(
                                egui::TextEdit::singleline(&mut folder_text).desired_width(260.0),
                            );
                            if edit.labelled_by(label.id).changed() {
                                self.settings.download_folder = Some(PathBuf::from(folder_text));
                            }
                            if ui.button("Choose…").clicked() {
                                self.pending_folder.start((), picker.pick_folder(&folder));
                            }
                        });
                        ui.end_row();
                        if let Some(notice) = self.pending_folder.notice() {
                            ui.label("");
                            ui.label(notice);
                            ui.end_row();
                        }

                        let label = ui.label("Simultaneous transfers");
                        ui.add(
                            egui::DragValue::new(&mut self.settings.max_simultaneous_transfers)
                                .range(SIMULTANEOUS_TRANSFERS),
                        )
                        .labelled_by(label.id);
                        ui.end_row();

                        let label = ui.label("Connections per download");
                        ui.add(
                            egui::DragValue::new(&mut self.settings.connections_per_download)
                                .range(CONNECTIONS_PER_DOWNLOAD),
                        )
                        .labelled_by(label.id)
                        .on_hover_text(
                            "The most a large file gets when the server serves byte ranges",
                        );
                        ui.end_row();

                        let label = ui.label("Connections per server");
                        ui.add(
                            egui::DragValue::new(&mut self.settings.connections_per_host)
                                .range(CONNECTIONS_PER_HOST),
                        )
                        .labelled_by(label.id);
                        ui.end_row();

                        rate_field_ui(ui, "Download limit", &mut self.limit_text, "downloads");
                        rate_field_ui(ui, "Upload limit", &mut self.upload_limit_text, "uploads");

                        let label = ui.label("Extra CA certificate");
                        ui.add(
                            egui::TextEdit::singleline(&mut self.ca_cert_text)
                                .hint_text("none: the system's roots only")
                                .desired_width(260.0),
                        )
                        .labelled_by(label.id)
                        .on_hover_text(
                            "A PEM file of your own CA (private servers), trusted besides the system's roots",
                        );
                        ui.end_row();

                        ui.label("Proxy");
                        proxy_ui(ui, &mut self.proxy);
                        ui.end_row();

                        if !self.settings.pinned_certificates.is_empty() {
                            ui.label("Trusted certificates");
                            pinned_certificates_ui(ui, &mut self.settings.pinned_certificates);
                            ui.end_row();
                        }

                        ui.label("Network");
                        ui.vertical(|ui| {
                            let switches = &mut self.settings.policy;
                            ui.checkbox(&mut switches.metered, "This network is metered")
                                .on_hover_text(
                                    "Transfers set to wait for an unmetered network wait",
                                );
                            ui.checkbox(&mut switches.over_data_limit, "I am over my data limit")
                                .on_hover_text(
                                    "On a metered network only transfers set to always use it run",
                                );
                            ui.checkbox(
                                &mut switches.block_background_data,
                                "Block background data",
                            )
                            .on_hover_text("Every transfer waits");
                        });
                        ui.end_row();

                        ui.label("Battery");
                        ui.vertical(|ui| {
                            let switches = &mut self.settings.policy;
                            ui.checkbox(&mut switches.save_battery, "Save battery")
                                .on_hover_text(
                                    "Transfers not marked to keep going on battery wait",
                                );
                            ui.horizontal(|ui| {
                                let label = ui.label("Pause on battery below");
                                ui.add(
                                    egui::DragValue::new(&mut switches.battery_threshold_percent)
                                        .range(BATTERY_THRESHOLD_PERCENT)
                                        .suffix(" %"),
                                )
                                .labelled_by(label.id);
                            });
                        });
                        ui.end_row();

                        ui.label("Schedule");
                        ui.label(schedule_words(&self.settings.schedule))
                            .on_hover_text("Change it with `ferry schedule`");
                        ui.end_row();

                        ui.label("Background");
                        ui.vertical(|ui| {
                            ui.checkbox(
                                &mut self.settings.keep_running_in_background,
                                "Keep running in the background",
                            )
                            .on_hover_text(
                                "Off: ferry's service stops once nothing runs or waits and no window is open",
                            );
                            ui.checkbox(&mut self.start_with_session, "Start with my session");
                        });
                        ui.end_row();

                        ui.label("Browser");
                        ui.checkbox(
                            &mut self.settings.browser_starts_without_asking,
                            "Start browser downloads without asking",
                        )
                        .on_hover_text(
                            "Off: a download handed over by ferry's browser extension waits in the add dialog",
                        );
                        ui.end_row();

                        let label = ui.label("Removing");
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

                        ui.label("File types");
                        ui.vertical(|ui| {
                            ui.checkbox(
                                &mut self.settings.sort_into_category_folders,
                                "Sort downloads into a folder per type (Downloads/Videos, …)",
                            )
                            .on_hover_text(
                                "Downloads into the download folder go to their type's folder; a file of no type stays in the download folder",
                            );
                            egui::CollapsingHeader::new("Types and their extensions")
                                .id_salt("categories")
                                .show(ui, |ui| self.categories.ui(ui));
                        });
                        ui.end_row();

                        ui.label("Clipboard");
                        ui.checkbox(
                            &mut self.settings.watch_clipboard,
                            "Offer links to files I copy",
                        )
                        .on_hover_text(
                            "A copied link to an archive, a disc image, a video, music or a document opens the add dialog (once per link)",
                        );
                        ui.end_row();

                        ui.label("FTP");
                        ui.checkbox(&mut self.settings.ftp_over_tls, "Always over TLS (AUTH TLS)")
                            .on_hover_text(
                                "Every ftp:// download encrypts its login and data and checks the server's certificate, or fails",
                            );
                        ui.end_row();

                        ui.label("Notifications");
                        ui.vertical(|ui| {
                            ui.checkbox(
                                &mut self.settings.notifications_enabled,
                                "Notify when transfers end",
                            );
                            ui.add_enabled(
                                self.settings.notifications_enabled,
                                egui::Checkbox::new(
                                    &mut self.settings.notify_failures_only,
                                    "Only when one fails",
                                ),
                            );
                        });
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
                });
            ui.add_space(6.0);
            let validation = self.validate();
            if let Err(problem) = &validation {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.horizontal(|ui| {
                let save = ui.add_enabled(validation.is_ok(), egui::Button::new("Save"));
                if save.clicked()
                    && let Ok(changes) = validation
                {
                    outcome = DialogStep::Done(DialogResult::Settings {
                        changes,
                        start_with_session: self.start_with_session,
                    });
                }
                if ui.button("Cancel").clicked() {
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
                "From the environment",
            )
            .on_hover_text("http_proxy, https_proxy, all_proxy and no_proxy of ferry's service");
            ui.radio_value(&mut form.mode, ProxyMode::Direct, "None");
            ui.radio_value(&mut form.mode, ProxyMode::Manual, "This proxy");
        });
        if form.mode != ProxyMode::Manual {
            return;
        }
        egui::Grid::new("proxy_grid").num_columns(2).show(ui, |ui| {
            let label = ui.label("Address");
            ui.add(
                egui::TextEdit::singleline(&mut form.url)
                    .hint_text("http://HOST:PORT or socks5h://HOST:PORT")
                    .desired_width(240.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Not for");
            ui.add(
                egui::TextEdit::singleline(&mut form.no_proxy)
                    .hint_text("localhost,.lan")
                    .desired_width(240.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Hosts and domains reached directly, comma-separated");
            ui.end_row();
            let label = ui.label("User");
            let user = ui
                .add(
                    egui::TextEdit::singleline(&mut form.user_name)
                        .hint_text("unchanged")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Password");
            let password = ui
                .add(
                    egui::TextEdit::singleline(&mut form.password)
                        .password(true)
                        .hint_text("unchanged")
                        .desired_width(160.0),
                )
                .labelled_by(label.id)
                .on_hover_text("Kept in your keyring, never in ferry's files");
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
                if ui.small_button("Forget").clicked() {
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
        return "none: transfers run at any time".to_owned();
    }
    schedule
        .lines(|limit| {
            limit.map_or_else(
                || "unlimited".to_owned(),
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
        Err(format!("no file at {text}"))
    }
}

/// One row of the grid: a speed limit typed as "2M", for all `what`
/// together.
fn rate_field_ui(ui: &mut egui::Ui, label: &str, text: &mut String, what: &str) {
    let label = ui.label(label);
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text("unlimited")
                .desired_width(90.0),
        )
        .labelled_by(label.id)
        .on_hover_text(format!("All {what} together: 500K, 2M, 1.5G per second"));
        ui.label(format!("per second, all {what} together"));
    });
    ui.end_row();
}

/// What Remove does with an unfinished download, in the setting's words.
fn remove_words(choice: RemoveUnfinished) -> &'static str {
    match choice {
        RemoveUnfinished::Ask => "Ask what to do with an unfinished download",
        RemoveUnfinished::DeletePartial => "Delete an unfinished download's partial file",
        RemoveUnfinished::KeepPartial => "Keep an unfinished download's partial file",
    }
}
