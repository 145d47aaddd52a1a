//! Prefetch lists (Windows' `ContentPrefetcher`): resources ferry keeps a
//! fresh copy of, fetched ahead of time when the network and the power
//! supply allow it. An entry names one resource, or an indirect list (a
//! text file of up to [`MAX_LIST_URLS`] URLs, Windows' `IndirectContentUri`)
//! whose resources are each kept. Each copy remembers the validators of
//! its response, so a refresh asks with `If-None-Match` /
//! `If-Modified-Since` and an unchanged resource costs a 304.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use url::Url;

/// The most URLs an indirect list may name (as Windows' prefetcher).
pub const MAX_LIST_URLS: usize = 40;
/// How often an entry is refreshed unless told (`--every`).
pub const DEFAULT_PREFETCH_EVERY_SECS: u64 = 6 * 60 * 60;
/// The shortest interval between refreshes of one entry.
pub const MIN_PREFETCH_EVERY_SECS: u64 = 60;

/// An entry's number, shown by `ferry prefetch list` and taken by `remove`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PrefetchId(pub u32);

impl fmt::Display for PrefetchId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, formatter)
    }
}

/// What an entry's URL is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrefetchKind {
    /// The resource itself.
    #[default]
    Resource,
    /// A text file naming the resources, one URL per line.
    IndirectList,
}

/// A copy of one resource (or, for a list, what is known of the list's
/// own response).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrefetchCopy {
    /// Where the copy is; `None` before the first successful fetch (and
    /// for a list, whose text is not kept).
    pub file: Option<PathBuf>,
    /// The validators of the response the copy came from.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The copy's length in bytes.
    pub bytes: u64,
    /// When the server last confirmed the copy (a 200 or a 304).
    pub checked_unix_secs: Option<u64>,
    /// When the copy last changed (a 200).
    pub changed_unix_secs: Option<u64>,
    /// Why the last refresh of this resource failed (the copy is kept).
    pub error: Option<String>,
}

impl PrefetchCopy {
    /// Whether a copy exists to be refreshed conditionally.
    pub fn has_validator(&self) -> bool {
        self.etag.is_some() || self.last_modified.is_some()
    }
}

/// A resource an indirect list names, with its copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefetchMember {
    pub url: Url,
    pub copy: PrefetchCopy,
}

/// One entry of the prefetch list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefetchEntry {
    pub id: PrefetchId,
    pub url: Url,
    #[serde(default)]
    pub kind: PrefetchKind,
    /// Seconds between refreshes.
    pub every_secs: u64,
    /// A resource's copy; for a list, the list's own validators.
    #[serde(default)]
    pub copy: PrefetchCopy,
    /// For a list: the resources it named at its last reading.
    #[serde(default)]
    pub members: Vec<PrefetchMember>,
    /// When a refresh last started (successful or not).
    #[serde(default)]
    pub attempted_unix_secs: Option<u64>,
    /// Why it waits, when the network or the power supply hold refreshes
    /// back (read again from the conditions at each start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<String>,
    /// A refresh of it runs now (false again at each start).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_refreshing: bool,
}

impl PrefetchEntry {
    /// A new entry, never fetched.
    pub fn new(id: PrefetchId, url: Url, kind: PrefetchKind, every_secs: u64) -> Self {
        PrefetchEntry {
            id,
            url,
            kind,
            every_secs,
            copy: PrefetchCopy::default(),
            members: Vec::new(),
            attempted_unix_secs: None,
            waiting: None,
            is_refreshing: false,
        }
    }

    /// Whether a refresh is due at `now_unix_secs`: never tried, or tried
    /// at least `every_secs` ago (or in the future: the clock went back).
    pub fn is_due(&self, now_unix_secs: u64) -> bool {
        match self.attempted_unix_secs {
            None => true,
            Some(attempted) => {
                attempted > now_unix_secs
                    || now_unix_secs - attempted >= self.every_secs.max(MIN_PREFETCH_EVERY_SECS)
            }
        }
    }

    /// Every copy this entry keeps (the resource's, or each member's).
    pub fn copies(&self) -> Vec<(&Url, &PrefetchCopy)> {
        match self.kind {
            PrefetchKind::Resource => vec![(&self.url, &self.copy)],
            PrefetchKind::IndirectList => self
                .members
                .iter()
                .map(|member| (&member.url, &member.copy))
                .collect(),
        }
    }

    /// When every copy was last confirmed: the oldest of them (`None`
    /// while one never was).
    pub fn checked_unix_secs(&self) -> Option<u64> {
        let copies = self.copies();
        if copies.is_empty() {
            return self.copy.checked_unix_secs;
        }
        copies
            .iter()
            .map(|(_, copy)| copy.checked_unix_secs)
            .try_fold(u64::MAX, |oldest, checked| Some(oldest.min(checked?)))
    }

    /// The first error of the last refresh: the list's, else a member's.
    pub fn error(&self) -> Option<String> {
        if let Some(error) = &self.copy.error {
            return Some(error.clone());
        }
        self.members
            .iter()
            .find_map(|member| Some(format!("{}: {}", member.url, member.copy.error.as_ref()?)))
    }
}

/// "6h", "90m", "1d 12h" in words of the largest units.
pub fn describe_interval(secs: u64) -> String {
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    let mut words = Vec::new();
    for (count, unit) in [(days, "d"), (hours, "h"), (minutes, "m")] {
        if count > 0 {
            words.push(format!("{count}{unit}"));
        }
    }
    if words.is_empty() || !secs.is_multiple_of(60) {
        words.push(format!("{}s", secs % 60));
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(every_secs: u64) -> PrefetchEntry {
        PrefetchEntry::new(
            PrefetchId(1),
            Url::parse("https://127.0.0.1/a").expect("url"),
            PrefetchKind::Resource,
            every_secs,
        )
    }

    #[test]
    fn an_entry_is_due_when_never_tried_or_its_interval_passed() {
        let mut entry = entry(3600);
        assert!(entry.is_due(1000));
        entry.attempted_unix_secs = Some(1000);
        assert!(!entry.is_due(1000 + 3599));
        assert!(entry.is_due(1000 + 3600));
        // The clock went back: due, rather than never again.
        assert!(entry.is_due(10));
    }

    #[test]
    fn a_list_is_checked_when_every_member_was() {
        let mut list = entry(3600);
        list.kind = PrefetchKind::IndirectList;
        list.copy.checked_unix_secs = Some(50);
        assert_eq!(list.checked_unix_secs(), Some(50));
        let member = |checked| PrefetchMember {
            url: Url::parse("https://127.0.0.1/m").expect("url"),
            copy: PrefetchCopy {
                checked_unix_secs: checked,
                ..PrefetchCopy::default()
            },
        };
        list.members = vec![member(Some(70)), member(Some(60))];
        assert_eq!(list.checked_unix_secs(), Some(60));
        list.members.push(member(None));
        assert_eq!(list.checked_unix_secs(), None);
    }

    #[test]
    fn intervals_read_in_their_largest_units() {
        assert_eq!(describe_interval(6 * 3600), "6h");
        assert_eq!(describe_interval(90 * 60), "1h 30m");
        assert_eq!(describe_interval(86_400 + 60), "1d 1m");
        assert_eq!(describe_interval(45), "45s");
    }
}
