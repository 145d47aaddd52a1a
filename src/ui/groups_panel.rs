//! The left panel: All, each named group, Completed, Failed, with counts.
//! Choosing one filters the table.

use std::collections::BTreeMap;

use super::app::FerryApp;
use crate::model::{Status, Transfer};

/// Which transfers the table shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupFilter {
    All,
    Group(String),
    Completed,
    Failed,
}

impl GroupFilter {
    pub fn matches(&self, transfer: &Transfer) -> bool {
        match self {
            GroupFilter::All => true,
            GroupFilter::Group(name) => transfer.spec.group.as_deref() == Some(name.as_str()),
            GroupFilter::Completed => transfer.status == Status::Completed,
            GroupFilter::Failed => transfer.status == Status::Error,
        }
    }
}

pub fn groups_panel_ui(app: &mut FerryApp, ui: &mut egui::Ui) {
    let mut group_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut completed, mut failed) = (0, 0);
    for row in app.rows.rows() {
        if let Some(group) = &row.transfer.spec.group {
            *group_counts.entry(group.as_str()).or_default() += 1;
        }
        match row.transfer.status {
            Status::Completed => completed += 1,
            Status::Error => failed += 1,
            _ => {}
        }
    }
    let mut entries = vec![(GroupFilter::All, format!("All ({})", app.rows.rows().len()))];
    entries.extend(group_counts.into_iter().map(|(name, count)| {
        (
            GroupFilter::Group(name.to_owned()),
            format!("{name} ({count})"),
        )
    }));
    entries.push((GroupFilter::Completed, format!("Completed ({completed})")));
    entries.push((GroupFilter::Failed, format!("Failed ({failed})")));
    ui.add_space(4.0);
    ui.strong("Transfers");
    ui.add_space(4.0);
    for (filter, label) in entries {
        if ui.selectable_label(app.filter == filter, label).clicked() {
            app.filter = filter;
        }
    }
}
