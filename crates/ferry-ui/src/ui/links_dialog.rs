//! "Download all links with ferry…": the links of a page the browser
//! handed over, to pick from. A filter by file type ticks the matching
//! ones (zip pdf iso); each picked link becomes a download into the folder,
//! with the page as referrer and the browser's cookies.

use ferry_i18n::tr;
use std::path::PathBuf;

use super::dialog::{DialogResult, DialogStep, dialog_window};
use crate::engine::file_name::name_from_url;
use crate::model::BrowserLinks;

pub struct LinksDialog {
    links: BrowserLinks,
    /// Whether each link is picked, in the order of `links.links`.
    picked: Vec<bool>,
    /// File types typed into the filter ("zip pdf").
    types_text: String,
    folder: PathBuf,
}

impl LinksDialog {
    /// Nothing picked at first: a page's links are mostly not downloads.
    pub fn new(links: BrowserLinks, folder: PathBuf) -> Self {
        LinksDialog {
            picked: vec![false; links.links.len()],
            links,
            types_text: String::new(),
            folder,
        }
    }

    /// Picks exactly the links whose file type is one typed in the filter.
    fn pick_types(&mut self) {
        let types: Vec<String> = self
            .types_text
            .split([' ', ','])
            .map(|word| word.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|word| !word.is_empty())
            .collect();
        for (picked, url) in self.picked.iter_mut().zip(&self.links.links) {
            *picked = file_type(url).is_some_and(|kind| types.contains(&kind));
        }
    }

    pub fn show(&mut self, ctx: &egui::Context) -> DialogStep {
        dialog_window(ctx, tr!("links-title"), Some(560.0), |ui| {
            let mut outcome = DialogStep::Open;
            ui.horizontal(|ui| {
                let label = ui.label(tr!("links-pick-by-type"));
                let filter = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.types_text)
                            .hint_text("zip pdf iso")
                            .desired_width(180.0),
                    )
                    .labelled_by(label.id);
                if filter.changed() {
                    self.pick_types();
                }
                if ui.button(tr!("links-all")).clicked() {
                    self.picked.fill(true);
                }
                if ui.button(tr!("links-none")).clicked() {
                    self.picked.fill(false);
                }
            });
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for (picked, url) in self.picked.iter_mut().zip(&self.links.links) {
                        ui.checkbox(picked, url.as_str());
                    }
                });
            ui.label(tr!(
                "links-into",
                folder = self.folder.display().to_string()
            ));
            let count = self.picked.iter().filter(|picked| **picked).count();
            ui.horizontal(|ui| {
                let add = ui.add_enabled(
                    count > 0 && self.folder.is_dir(),
                    egui::Button::new(tr!("links-download", count = count)),
                );
                if add.clicked() {
                    let specs = self
                        .links
                        .links
                        .iter()
                        .zip(&self.picked)
                        .filter(|(_, picked)| **picked)
                        .map(|(url, _)| self.links.download_of(url).to_spec(&self.folder))
                        .collect();
                    outcome = DialogStep::Done(DialogResult::AddAll(specs));
                }
                if ui.button(tr!("dialog-cancel")).clicked() {
                    outcome = DialogStep::Canceled;
                }
            });
            outcome
        })
    }
}

/// The file type of a link from its name: "zip" for `…/a.ZIP?x=1`.
fn file_type(url: &url::Url) -> Option<String> {
    let name = name_from_url(url)?;
    let (_, kind) = name.rsplit_once('.')?;
    Some(kind.to_ascii_lowercase())
}
