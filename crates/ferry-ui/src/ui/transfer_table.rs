//! The transfer table. Only the visible rows are laid out, so 10,000
//! transfers scroll as smoothly as 10.

use egui_extras::{Column, TableBuilder};
use ferry_i18n::tr;

use super::action::UiAction;
use super::app::{AppCommand, FerryApp};
use super::format;
use super::rows::TransferRow;
use crate::engine::Command;
use crate::model::{CostPolicy, Priority, Status, Transfer, TransferId};

const ROW_HEIGHT: f32 = 22.0;

/// Draws the table; what a row's context menu asked for (an action on
/// that row, now selected, or a priority or cost policy command).
pub fn transfer_table_ui(app: &mut FerryApp, ui: &mut egui::Ui) -> Option<AppCommand> {
    let now_secs = app.now_secs();
    let visible = app.visible_positions();
    if visible.is_empty() {
        ui.centered_and_justified(|ui| {
            ui.label(tr!("table-empty"));
        });
        return None;
    }
    let mut chosen_action = None;
    let mut chosen_command = None;
    let mut clicked_row: Option<TransferId> = None;
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for column in TableColumn::ALL {
        table = table.column(column.width());
    }
    table
        .header(20.0, |mut header| {
            for column in TableColumn::ALL {
                header.col(|ui| {
                    ui.strong(column.title());
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, visible.len(), |mut table_row| {
                let row = &app.rows.rows()[visible[table_row.index()]];
                let transfer = &row.transfer;
                let transfer_id = transfer.transfer_id();
                table_row.set_selected(
                    app.selected == Some(transfer_id) || app.marked.contains(&transfer_id),
                );
                for column in TableColumn::ALL {
                    table_row.col(|ui| cell_ui(ui, column, row, now_secs));
                }
                let response = table_row.response();
                if response.clicked() || response.secondary_clicked() {
                    clicked_row = Some(transfer_id);
                }
                response.context_menu(|ui| {
                    for action in UiAction::ON_TRANSFER {
                        let button = egui::Button::new(action.text());
                        if ui
                            .add_enabled(action.is_enabled_for(transfer), button)
                            .clicked()
                        {
                            chosen_action = Some((transfer_id, action));
                            ui.close();
                        }
                    }
                    ui.separator();
                    if let Some(command) = policy_menus_ui(ui, transfer) {
                        chosen_command = Some(command);
                        ui.close();
                    }
                });
            });
        });
    if let Some(transfer_id) = clicked_row {
        // The click's own modifiers (Ctrl may be let go within the frame).
        let is_picking = ui.input(|input| {
            input.events.iter().any(|event| {
                matches!(event, egui::Event::PointerButton { pressed: false, modifiers, .. } if modifiers.command)
            })
        });
        if is_picking {
            // Ctrl+click picks several (for "When these finish…").
            if let Some(previous) = app.selected
                && !app.marked.contains(&previous)
            {
                app.marked.push(previous);
            }
            if let Some(position) = app.marked.iter().position(|marked| *marked == transfer_id) {
                app.marked.remove(position);
            } else {
                app.marked.push(transfer_id);
            }
        } else if !app.marked.contains(&transfer_id) {
            app.marked.clear();
        }
        app.selected = Some(transfer_id);
    }
    if let Some((transfer_id, action)) = chosen_action {
        app.selected = Some(transfer_id);
        return Some(AppCommand::Action(action));
    }
    chosen_command.map(AppCommand::Engine)
}

/// The table's columns, in order: what each shows, its title and width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableColumn {
    Name,
    Size,
    Progress,
    Speed,
    Eta,
    Status,
    Priority,
}

impl TableColumn {
    pub const ALL: [TableColumn; 7] = [
        TableColumn::Name,
        TableColumn::Size,
        TableColumn::Progress,
        TableColumn::Speed,
        TableColumn::Eta,
        TableColumn::Status,
        TableColumn::Priority,
    ];

    pub fn title(self) -> String {
        match self {
            TableColumn::Name => tr!("column-name"),
            TableColumn::Size => tr!("column-size"),
            TableColumn::Progress => tr!("column-progress"),
            TableColumn::Speed => tr!("column-speed"),
            TableColumn::Eta => tr!("column-eta"),
            TableColumn::Status => tr!("column-status"),
            TableColumn::Priority => tr!("column-priority"),
        }
    }

    fn width(self) -> Column {
        match self {
            TableColumn::Name => Column::remainder().at_least(160.0).clip(true),
            TableColumn::Size => Column::exact(80.0),
            TableColumn::Progress => Column::exact(130.0),
            TableColumn::Speed => Column::exact(85.0),
            TableColumn::Eta => Column::exact(75.0),
            TableColumn::Status => Column::initial(230.0).at_least(80.0).clip(true),
            TableColumn::Priority => Column::exact(60.0),
        }
    }
}

/// One cell: `column` of `row`.
fn cell_ui(ui: &mut egui::Ui, column: TableColumn, row: &TransferRow, now_secs: f64) {
    let transfer = &row.transfer;
    match column {
        TableColumn::Name => {
            if transfer.spec.is_upload() {
                // Uploads are marked, so they are told from downloads: an
                // arrow drawn (egui's fonts have no arrow glyph) and the word.
                up_arrow_ui(ui);
                ui.add(
                    egui::Label::new(tr!("table-upload-name", name = transfer.display_name()))
                        .truncate()
                        .selectable(false),
                )
                .on_hover_text(tr!("table-upload-to", url = transfer.spec.url.as_str()));
            } else {
                ui.add(
                    egui::Label::new(transfer.display_name())
                        .truncate()
                        .selectable(false),
                );
            }
        }
        TableColumn::Size => {
            let size = transfer
                .bytes_to_move()
                .map(format::bytes)
                .unwrap_or_default();
            ui.label(size);
        }
        TableColumn::Progress => {
            let fraction = match transfer.bytes_to_move() {
                Some(total) if total > 0 => transfer.bytes_moved() as f32 / total as f32,
                _ if transfer.status == Status::Completed => 1.0,
                _ => 0.0,
            };
            ui.add(
                egui::ProgressBar::new(fraction.clamp(0.0, 1.0))
                    .text(format::percent(fraction))
                    .desired_height(ROW_HEIGHT - 6.0),
            );
        }
        TableColumn::Speed => {
            ui.label(format::speed(row.speed.bytes_per_sec(now_secs)));
        }
        TableColumn::Eta => {
            ui.label(
                row.eta_secs(now_secs)
                    .map(format::duration)
                    .unwrap_or_default(),
            );
        }
        TableColumn::Status => {
            let words = transfer.status.words_with(transfer.error.as_ref());
            let label = if transfer.status == Status::Error {
                egui::RichText::new(&words).color(ui.visuals().error_fg_color)
            } else {
                egui::RichText::new(&words)
            };
            let response = ui.add(egui::Label::new(label).truncate().selectable(false));
            // The whole status, and why, however narrow the column.
            let hover = match &transfer.error {
                Some(error) => format!("{words}\n{}", format::problem_words(error)),
                None => words,
            };
            response.on_hover_text(hover);
        }
        TableColumn::Priority => {
            ui.label(transfer.spec.priority.words());
        }
    }
}

/// A small upward arrow, painted.
fn up_arrow_ui(ui: &mut egui::Ui) {
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(10.0, ROW_HEIGHT - 8.0), egui::Sense::hover());
    let color = ui.visuals().text_color();
    let stroke = egui::Stroke::new(1.5, color);
    let bottom = rect.center_bottom();
    ui.painter()
        .arrow(bottom, egui::vec2(0.0, -(rect.height() - 1.0)), stroke);
}

/// The row menu's "Priority" and "On metered networks" submenus; the command
/// for what was chosen.
fn policy_menus_ui(ui: &mut egui::Ui, transfer: &Transfer) -> Option<Command> {
    let transfer_id = transfer.transfer_id();
    let mut chosen = None;
    ui.menu_button(tr!("menu-priority"), |ui| {
        for priority in Priority::ALL {
            let is_current = transfer.spec.priority == priority;
            if ui.radio(is_current, priority.words()).clicked() && !is_current {
                chosen = Some(Command::SetPriority {
                    transfer_id,
                    priority,
                });
            }
        }
    });
    ui.menu_button(tr!("menu-on-metered-networks"), |ui| {
        for cost_policy in CostPolicy::ALL {
            let is_current = transfer.spec.cost_policy == cost_policy;
            if ui.radio(is_current, cost_policy.as_words()).clicked() && !is_current {
                chosen = Some(Command::SetCostPolicy {
                    transfer_id,
                    cost_policy,
                });
            }
        }
    });
    chosen
}
