//! The left panel: All, each named group, Completed, Failed, with counts.
//! Choosing one filters the table. A group's menu switches it between
//! parallel and one at a time; "New group" creates one.

use ferry_i18n::tr;
use std::collections::BTreeMap;

use super::app::{AppCommand, FerryApp};
use super::dialog::Dialog;
use super::when_done_dialog::{WhenDoneDialog, WhenDoneTarget};
use crate::engine::Command;
use crate::engine::input::check_group_name;
use crate::model::{
    CategoryRule, GroupBehavior, OTHER_CATEGORY, Status, Transfer, WhenDone, category_of,
    category_words,
};

/// After the name of a group that runs one member at a time: words, not a
/// sign to decode (its tooltip says more), in glyphs of egui's own fonts
/// (a test checks), so it never shows as a missing-glyph box.
pub fn serialized_marker() -> String {
    tr!("group-serialized-marker")
}

/// Which transfers the table shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupFilter {
    All,
    Group(String),
    Completed,
    Failed,
    /// The prefetch list, shown instead of the table.
    Prefetched,
    /// Downloads of one category (by file type).
    Category(String),
}

impl GroupFilter {
    pub fn matches(&self, transfer: &Transfer, categories: &[CategoryRule]) -> bool {
        match self {
            GroupFilter::All => true,
            GroupFilter::Group(name) => transfer.spec.group.as_deref() == Some(name.as_str()),
            GroupFilter::Completed => transfer.status == Status::Completed,
            GroupFilter::Failed => transfer.status == Status::Error,
            GroupFilter::Prefetched => false,
            GroupFilter::Category(name) => {
                !transfer.spec.is_upload() && category_of_transfer(transfer, categories) == name
            }
        }
    }
}

/// A download's category: by its file's name, else the server's type.
pub fn category_of_transfer<'a>(transfer: &Transfer, categories: &'a [CategoryRule]) -> &'a str {
    // Borrowed where the file has its name (every frame counts them all).
    let name: std::borrow::Cow<'_, str> = match transfer
        .file_path
        .as_deref()
        .and_then(std::path::Path::file_name)
    {
        Some(name) => name.to_string_lossy(),
        None => std::borrow::Cow::Owned(transfer.display_name()),
    };
    let mime = transfer.response.as_ref().and_then(|response| {
        response
            .headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.as_str())
    });
    category_of(categories, &name, mime)
}

/// The panel; what was asked of the window (a command, a dialog).
pub fn groups_panel_ui(app: &mut FerryApp, ui: &mut egui::Ui) -> Vec<AppCommand> {
    let mut group_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut type_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut completed, mut failed) = (0, 0);
    for row in app.rows.rows() {
        if let Some(group) = &row.transfer.spec.group {
            *group_counts.entry(group.as_str()).or_default() += 1;
        }
        if !row.transfer.spec.is_upload() {
            let category = category_of_transfer(&row.transfer, &app.settings.categories);
            *type_counts.entry(category).or_default() += 1;
        }
        match row.transfer.status {
            Status::Completed => completed += 1,
            Status::Error => failed += 1,
            _ => {}
        }
    }
    let type_entries = type_entries(&app.settings.categories, &type_counts);
    // Named groups in creation order (empty ones too), then any name only
    // a transfer knows.
    let mut groups: Vec<(String, GroupBehavior, usize)> = app
        .groups
        .iter()
        .map(|group| {
            let count = group_counts.remove(group.name.as_str()).unwrap_or(0);
            (group.name.clone(), group.behavior, count)
        })
        .collect();
    groups.extend(
        group_counts
            .into_iter()
            .map(|(name, count)| (name.to_owned(), GroupBehavior::Parallel, count)),
    );
    ui.add_space(4.0);
    ui.strong(tr!("panel-transfers"));
    ui.add_space(4.0);
    let all = (
        GroupFilter::All,
        tr!("panel-all", count = app.rows.rows().len()),
    );
    filter_entry_ui(app, ui, all);
    let mut command = None;
    let mut when_done = None;
    for (name, behavior, count) in groups {
        let is_serialized = behavior == GroupBehavior::Serialized;
        let marker = if is_serialized {
            serialized_marker()
        } else {
            String::new()
        };
        let entry = (
            GroupFilter::Group(name.clone()),
            format!("{name} ({count}){marker}"),
        );
        let when_done_words = app
            .groups
            .iter()
            .find(|group| group.name == name)
            .map(|group| &group.when_done)
            .filter(|when_done| **when_done != WhenDone::default())
            .map(|when_done| {
                format!(
                    "\n{}",
                    tr!("group-when-done-tip", action = when_done.describe())
                )
            })
            .unwrap_or_default();
        let behavior_words = if is_serialized {
            tr!("group-serialized-tip")
        } else {
            tr!("group-parallel-tip")
        };
        let response = filter_entry_ui(app, ui, entry)
            .on_hover_text(format!("{behavior_words}{when_done_words}"));
        response.context_menu(|ui| {
            let mut one_at_a_time = is_serialized;
            if ui
                .checkbox(&mut one_at_a_time, tr!("group-one-at-a-time"))
                .clicked()
            {
                command = Some(Command::PutGroup {
                    name: name.clone(),
                    behavior: if one_at_a_time {
                        GroupBehavior::Serialized
                    } else {
                        GroupBehavior::Parallel
                    },
                });
                ui.close();
            }
            if ui
                .button(tr!("group-when-done"))
                .on_hover_text(tr!("group-when-done-button-tip"))
                .clicked()
            {
                let current = app
                    .groups
                    .iter()
                    .find(|group| group.name == name)
                    .map(|group| group.when_done.clone())
                    .unwrap_or_default();
                when_done = Some((name.clone(), current));
                ui.close();
            }
            if ui
                .button(tr!("group-delete"))
                .on_hover_text(tr!("group-delete-tip"))
                .clicked()
            {
                command = Some(Command::RemoveGroup { name: name.clone() });
                ui.close();
            }
        });
    }
    filter_entry_ui(
        app,
        ui,
        (
            GroupFilter::Completed,
            tr!("panel-completed", count = completed),
        ),
    );
    filter_entry_ui(
        app,
        ui,
        (GroupFilter::Failed, tr!("panel-failed", count = failed)),
    );
    if !type_entries.is_empty() {
        ui.add_space(4.0);
        ui.weak(tr!("panel-by-type"));
        for entry in type_entries {
            filter_entry_ui(app, ui, entry);
        }
    }
    ui.add_space(4.0);
    let prefetched = tr!("panel-prefetched", count = app.prefetch.len());
    filter_entry_ui(app, ui, (GroupFilter::Prefetched, prefetched))
        .on_hover_text(tr!("panel-prefetched-tip"));
    ui.add_space(8.0);
    if let Some(new_group) = new_group_ui(app, ui) {
        command = Some(new_group);
    }
    total_speed_ui(app, ui);
    let mut asked: Vec<AppCommand> = command.map(AppCommand::Engine).into_iter().collect();
    if let Some((name, current)) = when_done {
        let dialog = WhenDoneDialog::new(WhenDoneTarget::Group(name), &current);
        asked.push(AppCommand::OpenDialog(Box::new(Dialog::WhenDone(dialog))));
    }
    asked
}

/// The categories that hold downloads, with their counts, in the order of
/// the rules (Other last).
fn type_entries(
    categories: &[CategoryRule],
    counts: &BTreeMap<&str, usize>,
) -> Vec<(GroupFilter, String)> {
    categories
        .iter()
        .map(|category| category.name.as_str())
        .chain([OTHER_CATEGORY])
        .filter_map(|name| {
            let count = counts.get(name)?;
            Some((
                GroupFilter::Category(name.to_owned()),
                format!("{} ({count})", category_words(name)),
            ))
        })
        .collect()
}

/// All transfers' speed together over the last minutes, at the panel's
/// foot.
fn total_speed_ui(app: &FerryApp, ui: &mut egui::Ui) {
    let points: Vec<[f64; 2]> = app
        .rows
        .total_history
        .points()
        .map(|[secs, bytes_per_sec]| [*secs, *bytes_per_sec / (1024.0 * 1024.0)])
        .collect();
    if points.is_empty() {
        return;
    }
    ui.with_layout(egui::Layout::bottom_up(egui::Align::LEFT), |ui| {
        egui_plot::Plot::new("total_speed_plot")
            .height(90.0)
            .allow_scroll(false)
            .allow_zoom(false)
            .allow_drag(false)
            .show_axes([false, true])
            .include_y(0.0)
            .include_y(1.0)
            .show(ui, |plot_ui| {
                plot_ui.line(egui_plot::Line::new("all transfers", points));
            });
        ui.weak(tr!("panel-total-speed-plot"));
    });
}

fn filter_entry_ui(
    app: &mut FerryApp,
    ui: &mut egui::Ui,
    (filter, label): (GroupFilter, String),
) -> egui::Response {
    let response = ui.selectable_label(app.filter == filter, label);
    if response.clicked() {
        app.filter = filter;
    }
    response
}

/// "New group": a name and "one at a time"; the command once Create is
/// pressed with a valid name.
fn new_group_ui(app: &mut FerryApp, ui: &mut egui::Ui) -> Option<Command> {
    let mut command = None;
    egui::CollapsingHeader::new(tr!("group-new"))
        .id_salt("new_group")
        .show(ui, |ui| {
            let form = &mut app.new_group;
            let label = ui.label(tr!("group-name"));
            ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(140.0))
                .labelled_by(label.id);
            ui.checkbox(&mut form.one_at_a_time, tr!("group-one-at-a-time"));
            let checked = check_group_name(&form.name);
            if let Err(error) = &checked
                && !form.name.is_empty()
            {
                ui.colored_label(ui.visuals().error_fg_color, error.to_string());
            }
            let create = ui.add_enabled(checked.is_ok(), egui::Button::new(tr!("group-create")));
            if create.clicked()
                && let Ok(name) = checked
            {
                command = Some(Command::PutGroup {
                    name,
                    behavior: if form.one_at_a_time {
                        GroupBehavior::Serialized
                    } else {
                        GroupBehavior::Parallel
                    },
                });
                *form = NewGroupForm::default();
            }
        });
    command
}

/// What is typed into "New group".
#[derive(Clone, Debug, Default)]
pub struct NewGroupForm {
    pub name: String,
    pub one_at_a_time: bool,
}
