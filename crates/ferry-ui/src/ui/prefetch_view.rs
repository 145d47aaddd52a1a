//! The "Prefetched" view: the prefetch list (Windows' `ContentPrefetcher`)
//! in place of the transfer table. Each entry shows when its copies were
//! last confirmed, how often it refreshes and why it waits; a form adds a
//! URL (or a list of URLs), and each entry can be opened, refreshed now or
//! removed.

use ferry_i18n::tr;
use std::path::PathBuf;

use super::app::{AppCommand, FerryApp};
use super::format;
use crate::engine::Command;
use crate::engine::input::parse_prefetch_url;
use crate::model::{
    DEFAULT_PREFETCH_EVERY_SECS, PrefetchCopy, PrefetchEntry, PrefetchKind, describe_interval,
};

/// The intervals the form offers.
const INTERVALS: [u64; 5] = [3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

/// What is typed into "Keep a fresh copy of".
#[derive(Clone, Debug)]
pub struct NewPrefetchForm {
    pub url: String,
    pub is_list: bool,
    pub every_secs: u64,
}

impl Default for NewPrefetchForm {
    fn default() -> Self {
        NewPrefetchForm {
            url: String::new(),
            is_list: false,
            every_secs: DEFAULT_PREFETCH_EVERY_SECS,
        }
    }
}

/// Draws the view; what was asked (a command, a file to open).
pub fn prefetch_view_ui(app: &mut FerryApp, ui: &mut egui::Ui) -> Vec<AppCommand> {
    let mut asked = Vec::new();
    ui.heading(tr!("prefetch-heading"));
    ui.label(tr!("prefetch-explanation"));
    ui.add_space(6.0);
    asked.extend(new_entry_ui(&mut app.new_prefetch, ui).map(AppCommand::Engine));
    ui.separator();
    if app.prefetch.is_empty() {
        ui.label(tr!("prefetch-empty"));
        return asked;
    }
    let now_secs = crate::model::unix_now_secs();
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("prefetch_list")
            .striped(true)
            .num_columns(6)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for title in [
                    String::new(),
                    tr!("add-url"),
                    tr!("prefetch-every"),
                    tr!("prefetch-last-fetched"),
                    tr!("column-size"),
                    tr!("prefetch-state"),
                ] {
                    ui.strong(title);
                }
                ui.end_row();
                for entry in &app.prefetch {
                    asked.extend(entry_ui(entry, now_secs, ui));
                    ui.end_row();
                    for member in &entry.members {
                        ui.label("");
                        ui.label(format!("    • {}", member.url));
                        ui.label("");
                        ui.label(checked_words(&member.copy, now_secs));
                        ui.label(format::bytes(member.copy.bytes));
                        ui.label(member.copy.error.as_deref().unwrap_or(""));
                        ui.end_row();
                    }
                }
            });
    });
    asked
}

/// One entry's row; its buttons' commands.
fn entry_ui(entry: &PrefetchEntry, now_secs: u64, ui: &mut egui::Ui) -> Vec<AppCommand> {
    let mut asked = Vec::new();
    ui.horizontal(|ui| {
        let openable = openable_path(entry);
        if ui
            .add_enabled(openable.is_some(), egui::Button::new(tr!("prefetch-open")))
            .on_hover_text(tr!("prefetch-open-tip"))
            .clicked()
            && let Some(path) = openable
        {
            asked.push(AppCommand::OpenPath(path));
        }
        if ui
            .button(tr!("prefetch-refresh"))
            .on_hover_text(tr!("prefetch-refresh-tip"))
            .clicked()
        {
            asked.push(AppCommand::Engine(Command::RefreshPrefetch(Some(entry.id))));
        }
        if ui
            .button(tr!("action-remove"))
            .on_hover_text(tr!("prefetch-remove-tip"))
            .clicked()
        {
            asked.push(AppCommand::Engine(Command::RemovePrefetch(entry.id)));
        }
    });
    let kind = match entry.kind {
        PrefetchKind::Resource => String::new(),
        PrefetchKind::IndirectList => {
            format!(" {}", tr!("prefetch-list-of", count = entry.members.len()))
        }
    };
    ui.label(format!("{}{kind}", entry.url));
    ui.label(describe_interval(entry.every_secs));
    let checked = entry.checked_unix_secs();
    ui.label(match checked {
        Some(checked) => ago(checked, now_secs),
        None => tr!("prefetch-not-yet"),
    });
    let bytes: u64 = entry.copies().iter().map(|(_, copy)| copy.bytes).sum();
    ui.label(format::bytes(bytes));
    let state = match (&entry.waiting, entry.error()) {
        _ if entry.is_refreshing => tr!("prefetch-refreshing"),
        (_, Some(error)) => error,
        (Some(waiting), None) => tr!("prefetch-waits", reason = waiting.as_str()),
        (None, None) if checked.is_some() => tr!("prefetch-up-to-date"),
        (None, None) => tr!("prefetch-soon"),
    };
    ui.label(state);
    asked
}

/// The form that adds an entry; the command once Add is pressed with a
/// valid URL.
fn new_entry_ui(form: &mut NewPrefetchForm, ui: &mut egui::Ui) -> Option<Command> {
    let mut command = None;
    ui.horizontal(|ui| {
        let label = ui.label(tr!("prefetch-keep-copy-of"));
        ui.add(
            egui::TextEdit::singleline(&mut form.url)
                .hint_text("https://…")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        ui.checkbox(&mut form.is_list, tr!("prefetch-is-list"))
            .on_hover_text(tr!("prefetch-is-list-tip"));
        let label = ui.label(tr!("prefetch-refreshed"));
        egui::ComboBox::from_id_salt("prefetch_every")
            .selected_text(tr!(
                "prefetch-every-interval",
                interval = describe_interval(form.every_secs)
            ))
            .show_ui(ui, |ui| {
                for secs in INTERVALS {
                    ui.selectable_value(
                        &mut form.every_secs,
                        secs,
                        tr!(
                            "prefetch-every-interval",
                            interval = describe_interval(secs)
                        ),
                    );
                }
            })
            .response
            .labelled_by(label.id);
        let parsed = parse_prefetch_url(&form.url);
        if ui
            .add_enabled(parsed.is_ok(), egui::Button::new(tr!("add-add")))
            .clicked()
            && let Ok(url) = parsed
        {
            command = Some(Command::AddPrefetch {
                url,
                kind: if form.is_list {
                    PrefetchKind::IndirectList
                } else {
                    PrefetchKind::Resource
                },
                every_secs: form.every_secs,
            });
            *form = NewPrefetchForm::default();
        }
    });
    if let Err(error) = parse_prefetch_url(&form.url)
        && !form.url.trim().is_empty()
    {
        ui.colored_label(ui.visuals().error_fg_color, error.to_string());
    }
    command
}

/// The copy to open, or a list's folder.
fn openable_path(entry: &PrefetchEntry) -> Option<PathBuf> {
    match entry.kind {
        PrefetchKind::Resource => entry.copy.file.clone(),
        PrefetchKind::IndirectList => entry
            .members
            .iter()
            .find_map(|member| member.copy.file.as_ref()?.parent().map(PathBuf::from)),
    }
}

fn checked_words(copy: &PrefetchCopy, now_secs: u64) -> String {
    copy.checked_unix_secs
        .map_or_else(|| tr!("prefetch-not-yet"), |checked| ago(checked, now_secs))
}

/// "3 min ago".
fn ago(unix_secs: u64, now_secs: u64) -> String {
    let seconds = now_secs.saturating_sub(unix_secs);
    if seconds < 60 {
        return tr!("prefetch-just-now");
    }
    tr!("prefetch-ago", duration = format::duration(seconds as f64))
}
