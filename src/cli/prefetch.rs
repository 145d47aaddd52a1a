//! `ferry prefetch add URL [--every 6h] [--list]`, `list [--json]`,
//! `remove ID` and `refresh [ID]`: the prefetch list (Windows'
//! `ContentPrefetcher`). The service keeps it and refreshes each entry
//! when the policy allows; `list` reads the service's table, or the last
//! saved state when none runs.

use ferry_i18n::tr;

use super::table;
use std::path::Path;

use serde::Serialize;

use super::{exit, session};
use crate::engine::Command;
use crate::engine::input::{parse_interval, parse_prefetch_url};
use crate::model::{
    DEFAULT_PREFETCH_EVERY_SECS, PrefetchCopy, PrefetchEntry, PrefetchId, PrefetchKind,
    describe_interval,
};

/// Adds an entry; the service (started if none runs) fetches it as soon as
/// the policy allows.
pub fn add(state_dir: &Path, url: &str, every: Option<&str>, is_list: bool) -> anyhow::Result<u8> {
    let url = parse_prefetch_url(url)?;
    let every_secs = every
        .map(parse_interval)
        .transpose()?
        .unwrap_or(DEFAULT_PREFETCH_EVERY_SECS);
    let kind = if is_list {
        PrefetchKind::IndirectList
    } else {
        PrefetchKind::Resource
    };
    let added = session::with_engine(state_dir, async |handle| {
        handle
            .call(Command::AddPrefetch {
                url: url.clone(),
                kind,
                every_secs,
            })
            .await?;
        Ok(handle.prefetch().into_iter().find(|entry| entry.url == url))
    })?;
    let id = added.map_or_else(|| "?".to_owned(), |entry| entry.id.to_string());
    eprintln!(
        "ferry: {}",
        tr!(
            "cli-prefetch-added",
            id = id,
            url = url.as_str(),
            interval = describe_interval(every_secs)
        )
    );
    Ok(exit::SUCCESS)
}

/// Forgets an entry and deletes its copies.
pub fn remove(state_dir: &Path, id: &str) -> anyhow::Result<u8> {
    let id = parse_id(id)?;
    session::apply_one(state_dir, |_| Command::RemovePrefetch(id))?;
    eprintln!(
        "ferry: {}",
        tr!("cli-prefetch-removed", id = id.to_string())
    );
    Ok(exit::SUCCESS)
}

/// Asks for a refresh of one entry, or all, as soon as the policy allows.
pub fn refresh(state_dir: &Path, id: Option<&str>) -> anyhow::Result<u8> {
    let id = id.map(parse_id).transpose()?;
    let waiting = session::with_engine(state_dir, async |handle| {
        handle.call(Command::RefreshPrefetch(id)).await?;
        Ok(handle
            .prefetch()
            .into_iter()
            .find_map(|entry| entry.waiting))
    })?;
    match waiting {
        Some(reason) => eprintln!(
            "ferry: {}",
            tr!("cli-prefetch-asked-waits", reason = reason)
        ),
        None => eprintln!("ferry: {}", tr!("cli-prefetch-asked")),
    }
    Ok(exit::SUCCESS)
}

#[derive(Serialize)]
struct EntryView<'a> {
    id: PrefetchId,
    url: &'a str,
    /// "resource" or "list".
    kind: &'static str,
    every_secs: u64,
    /// When every copy was last confirmed by the server (oldest of them).
    last_fetched_unix_secs: Option<u64>,
    waiting: Option<&'a str>,
    is_refreshing: bool,
    error: Option<String>,
    copies: Vec<CopyView<'a>>,
}

#[derive(Serialize)]
struct CopyView<'a> {
    url: &'a str,
    path: Option<String>,
    bytes: u64,
    last_fetched_unix_secs: Option<u64>,
    last_changed_unix_secs: Option<u64>,
    error: Option<&'a str>,
}

impl<'a> CopyView<'a> {
    fn of(url: &'a url::Url, copy: &'a PrefetchCopy) -> Self {
        CopyView {
            url: url.as_str(),
            path: copy.file.as_ref().map(|path| path.display().to_string()),
            bytes: copy.bytes,
            last_fetched_unix_secs: copy.checked_unix_secs,
            last_changed_unix_secs: copy.changed_unix_secs,
            error: copy.error.as_deref(),
        }
    }
}

impl<'a> EntryView<'a> {
    fn of(entry: &'a PrefetchEntry) -> Self {
        EntryView {
            id: entry.id,
            url: entry.url.as_str(),
            kind: match entry.kind {
                PrefetchKind::Resource => "resource",
                PrefetchKind::IndirectList => "list",
            },
            every_secs: entry.every_secs,
            last_fetched_unix_secs: entry.checked_unix_secs(),
            waiting: entry.waiting.as_deref(),
            is_refreshing: entry.is_refreshing,
            error: entry.error(),
            copies: entry
                .copies()
                .into_iter()
                .map(|(url, copy)| CopyView::of(url, copy))
                .collect(),
        }
    }
}

/// Prints every entry with its last successful fetch and where its copies are.
pub fn list(state_dir: &Path, json: bool) -> anyhow::Result<u8> {
    let (state, _) = session::read_state(state_dir)?;
    if json {
        let views: Vec<EntryView<'_>> = state.prefetch.iter().map(EntryView::of).collect();
        // Output for programs: the same in every language.
        say!(
            "{}",
            ferry_i18n::english(|| serde_json::to_string_pretty(&views))?
        );
        return Ok(exit::SUCCESS);
    }
    if state.prefetch.is_empty() {
        eprintln!("ferry: {}", tr!("cli-prefetch-nothing"));
        return Ok(exit::SUCCESS);
    }
    let now = crate::model::unix_now_secs();
    say!(
        "{}  {}  {}  {}  {}",
        table::right(&tr!("cli-column-id"), 3),
        table::left(&tr!("cli-column-every"), 8),
        table::left(&tr!("cli-column-last-fetched"), 19),
        table::right(&tr!("cli-column-size"), 10),
        tr!("cli-column-url")
    );
    for entry in &state.prefetch {
        let copies = entry.copies();
        let bytes: u64 = copies.iter().map(|(_, copy)| copy.bytes).sum();
        let kind = match entry.kind {
            PrefetchKind::Resource => String::new(),
            PrefetchKind::IndirectList => {
                format!("  {}", tr!("prefetch-list-of", count = copies.len()))
            }
        };
        say!(
            "{}  {}  {}  {}  {}{kind}",
            table::right(&entry.id.to_string(), 3),
            table::left(&describe_interval(entry.every_secs), 8),
            table::left(&when(entry.checked_unix_secs(), now), 19),
            table::right(&bytes.to_string(), 10),
            entry.url
        );
        if entry.kind == PrefetchKind::IndirectList {
            for (url, copy) in &copies {
                say!(
                    "{}  {}  {}  {}  ↳ {url}",
                    table::right("", 3),
                    table::left("", 8),
                    table::left(&when(copy.checked_unix_secs, now), 19),
                    table::right(&copy.bytes.to_string(), 10)
                );
            }
        }
        for (_, copy) in copies {
            if let Some(path) = &copy.file {
                say!("{:>3}  → {}", "", path.display());
            }
        }
        if let Some(error) = entry.error() {
            say!("{:>3}  ! {error}", "");
        } else if let Some(waiting) = &entry.waiting {
            say!(
                "{:>3}  {}",
                "",
                tr!("prefetch-waits", reason = waiting.as_str())
            );
        }
    }
    Ok(exit::SUCCESS)
}

/// "3 h ago", or "never".
fn when(unix_secs: Option<u64>, now: u64) -> String {
    let Some(unix_secs) = unix_secs else {
        return tr!("cli-never");
    };
    match now.saturating_sub(unix_secs) {
        0..60 => tr!("prefetch-just-now"),
        ago => tr!("prefetch-ago", duration = super::clock::age_words(ago)),
    }
}

fn parse_id(text: &str) -> anyhow::Result<PrefetchId> {
    text.trim()
        .parse::<u32>()
        .map(PrefetchId)
        .map_err(|_| anyhow::anyhow!(tr!("cli-bad-prefetch-id", id = text)))
}
