//! The Fluent files agree with each other and with the code: every message
//! of the English file exists in every language with the same variables,
//! no language has a message English lacks, and every message is used by
//! a `tr!` somewhere in the workspace (and every `tr!` names one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

/// The workspace's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Message id → the variables its value and attributes use.
type Catalog = BTreeMap<String, BTreeSet<String>>;

fn catalog(language: &str) -> Catalog {
    let path = root().join("i18n").join(language).join("ferry.ftl");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let resource = fluent_syntax::parser::parse(text)
        .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
    let mut catalog = Catalog::new();
    for entry in resource.body {
        if let ast::Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(value) = &message.value {
                pattern_variables(value, &mut variables);
            }
            for attribute in &message.attributes {
                pattern_variables(&attribute.value, &mut variables);
            }
            let id = message.id.name.clone();
            assert!(
                catalog.insert(id.clone(), variables).is_none(),
                "{language}: {id} twice"
            );
        }
    }
    catalog
}

fn pattern_variables(pattern: &ast::Pattern<String>, variables: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, variables);
        }
    }
}

fn expression_variables(expression: &ast::Expression<String>, variables: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, variables);
            for variant in variants {
                pattern_variables(&variant.value, variables);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, variables),
    }
}

fn inline_variables(inline: &ast::InlineExpression<String>, variables: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            variables.insert(id.name.clone());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, variables);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, variables);
        }
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = catalog("en");
    assert!(!english.is_empty());
    let mut problems = Vec::new();
    for language in ["ko", "fr"] {
        let translated = catalog(language);
        for (id, variables) in &english {
            match translated.get(id) {
                None => problems.push(format!("{language}: {id} is missing")),
                Some(theirs) if theirs != variables => problems.push(format!(
                    "{language}: {id} uses {theirs:?}, English uses {variables:?}"
                )),
                Some(_) => {}
            }
        }
        for id in translated.keys().filter(|id| !english.contains_key(*id)) {
            problems.push(format!("{language}: {id} is not in the English file"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The `.rs` files of the workspace but this crate's (whose examples name
/// no real message).
fn sources() -> Vec<PathBuf> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.ends_with("ferry-i18n") {
                continue;
            }
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("src"), &mut found);
    walk(&root().join("crates"), &mut found);
    found
}

/// The ids named by `tr!("…"` in the sources.
fn used_ids() -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (start, _) in text.match_indices("tr!(") {
            // Not `include_str!(` or another macro ending in "tr".
            let before = text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = text[start + 4..].trim_start();
            if let Some(rest) = rest.strip_prefix('"')
                && let Some(end) = rest.find('"')
            {
                used.insert(rest[..end].to_owned());
            }
        }
    }
    used
}

#[test]
fn every_message_is_used_and_every_use_has_a_message() {
    let english = catalog("en");
    let used = used_ids();
    let orphans: Vec<_> = english.keys().filter(|id| !used.contains(*id)).collect();
    assert!(orphans.is_empty(), "messages no code uses: {orphans:?}");
    // The compiler checks this too (`fl!`); here it guards the scan.
    let unknown: Vec<_> = used
        .iter()
        .filter(|id| !english.contains_key(*id))
        .collect();
    assert!(unknown.is_empty(), "ids without a message: {unknown:?}");
}

/// The browser extension's own messages (`browser/_locales/LANG/
/// messages.json`): name → its placeholders.
fn extension_messages(language: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = root()
        .join("browser/_locales")
        .join(language)
        .join("messages.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let messages: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    messages
        .into_iter()
        .map(|(name, entry)| {
            let message = entry["message"].as_str().unwrap_or_default();
            assert!(!message.is_empty(), "{language}: {name} has no message");
            let placeholders = entry["placeholders"]
                .as_object()
                .map(|placeholders| placeholders.keys().cloned().collect())
                .unwrap_or_default();
            (name, placeholders)
        })
        .collect()
}

#[test]
fn the_browser_extension_speaks_every_language_with_the_same_messages() {
    let english = extension_messages("en");
    for language in ["ko", "fr"] {
        assert_eq!(
            extension_messages(language),
            english,
            "{language}: names or placeholders differ from English"
        );
    }
    // Every name the extension asks for exists.
    let mut used = BTreeSet::new();
    for file in ["background.js", "popup.js", "options.js", "manifest.json"] {
        let text = std::fs::read_to_string(root().join("browser").join(file)).expect("read");
        for marker in ["text(\"", "getMessage(\"", "__MSG_"] {
            for (start, _) in text.match_indices(marker) {
                let name: String = text[start + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                used.insert(name.trim_end_matches('_').to_owned());
            }
        }
    }
    let unknown: Vec<_> = used
        .iter()
        .filter(|name| !english.contains_key(*name))
        .collect();
    assert!(unknown.is_empty(), "the extension asks for {unknown:?}");
}
