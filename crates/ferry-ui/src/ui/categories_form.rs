//! Settings › File types: the categories by file type (name, extensions,
//! MIME types), edited as text, and whether downloads into the download
//! folder are sorted into a folder per category.

use crate::model::{CategoryRule, SettingChange, default_categories};
use ferry_i18n::tr;

/// One category as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct CategoryRow {
    name: String,
    /// Space- or comma-separated, with or without dots.
    extensions: String,
    mime_types: String,
}

/// The categories as the form holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoriesForm {
    rows: Vec<CategoryRow>,
}

impl CategoriesForm {
    pub fn of(categories: &[CategoryRule]) -> Self {
        CategoriesForm {
            rows: categories
                .iter()
                .map(|category| CategoryRow {
                    name: category.name.clone(),
                    extensions: category.extensions.join(" "),
                    mime_types: category.mime_types.join(" "),
                })
                .collect(),
        }
    }

    /// The categories typed, checked as the engine checks them.
    pub fn typed(&self) -> Result<Vec<CategoryRule>, String> {
        let words = |text: &str| -> Vec<String> {
            text.split([' ', ',', ';'])
                .map(|word| word.trim().trim_start_matches('.').to_ascii_lowercase())
                .filter(|word| !word.is_empty())
                .collect()
        };
        let categories: Vec<CategoryRule> = self
            .rows
            .iter()
            .map(|row| CategoryRule {
                name: row.name.trim().to_owned(),
                extensions: words(&row.extensions),
                mime_types: words(&row.mime_types),
            })
            .collect();
        SettingChange::Categories(categories.clone())
            .checked()
            .map_err(|error| error.to_string())?;
        Ok(categories)
    }

    /// The editor: one line per category, then Add and the defaults.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let mut removed = None;
        egui::Grid::new("categories_grid")
            .num_columns(4)
            .spacing([6.0, 4.0])
            .show(ui, |ui| {
                ui.weak(tr!("categories-name"));
                ui.weak(tr!("categories-extensions"));
                ui.weak(tr!("categories-mime-types"));
                ui.label("");
                ui.end_row();
                for (position, row) in self.rows.iter_mut().enumerate() {
                    ui.add(egui::TextEdit::singleline(&mut row.name).desired_width(90.0))
                        .on_hover_text(tr!("categories-name-tip"));
                    ui.add(egui::TextEdit::singleline(&mut row.extensions).desired_width(220.0));
                    ui.add(egui::TextEdit::singleline(&mut row.mime_types).desired_width(160.0))
                        .on_hover_text(tr!("categories-mime-types-tip"));
                    if ui
                        .small_button("×")
                        .on_hover_text(tr!("categories-remove"))
                        .clicked()
                    {
                        removed = Some(position);
                    }
                    ui.end_row();
                }
            });
        if let Some(position) = removed {
            self.rows.remove(position);
        }
        ui.horizontal(|ui| {
            if ui.button(tr!("categories-add")).clicked() {
                self.rows.push(CategoryRow {
                    name: String::new(),
                    extensions: String::new(),
                    mime_types: String::new(),
                });
            }
            if ui.button(tr!("categories-restore")).clicked() {
                *self = CategoriesForm::of(&default_categories());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_categories_are_cleaned_and_checked() {
        let mut form = CategoriesForm::of(&default_categories());
        assert_eq!(form.typed(), Ok(default_categories()));
        form.rows.push(CategoryRow {
            name: "Books".to_owned(),
            extensions: ".EPUB, mobi;azw3".to_owned(),
            mime_types: String::new(),
        });
        let typed = form.typed().expect("valid");
        assert_eq!(
            typed.last().expect("books").extensions,
            ["epub", "mobi", "azw3"]
        );
        form.rows.push(CategoryRow {
            name: "a/b".to_owned(),
            extensions: "x".to_owned(),
            mime_types: String::new(),
        });
        assert!(form.typed().is_err(), "a slash cannot name a folder");
    }
}
