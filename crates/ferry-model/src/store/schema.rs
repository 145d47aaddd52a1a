//! The shape of state.ron. Bump [`SCHEMA_VERSION`] when a change cannot be
//! read by an older ferry; fields added with `#[serde(default)]` need no bump.

use serde::{Deserialize, Serialize};

use crate::model::{CompletionGroup, PrefetchEntry, Settings, Transfer, TransferGroup};

/// The schema this ferry writes and the newest it reads. 2: resumable
/// and multipart uploads (an older ferry cannot read their methods, so
/// it refuses the file instead of setting it aside as corrupt). 3: FTP
/// downloads, whose validator (SIZE and MDTM) an older ferry cannot read.
/// Version 1 and 2 files read as they are.
pub const SCHEMA_VERSION: u32 = 3;

/// Everything ferry keeps between runs. Secrets are not in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    /// 0 when the file has none (a file ferry did not write whole).
    #[serde(default)]
    pub version: u32,
    /// The generation of `state.journal` that belongs to this file (0: no
    /// journal).
    #[serde(default)]
    pub journal_generation: u64,
    pub groups: Vec<TransferGroup>,
    pub transfers: Vec<Transfer>,
    pub settings: Settings,
    /// Completion groups, waiting or fired (kept until removed).
    pub completion_groups: Vec<CompletionGroup>,
    /// The prefetch list (`ferry prefetch`), with each copy's validators.
    pub prefetch: Vec<PrefetchEntry>,
}

impl Default for PersistedState {
    fn default() -> Self {
        PersistedState {
            version: SCHEMA_VERSION,
            journal_generation: 0,
            groups: Vec::new(),
            transfers: Vec::new(),
            settings: Settings::default(),
            completion_groups: Vec::new(),
            prefetch: Vec::new(),
        }
    }
}

/// Reads only the version, whatever else the file holds.
#[derive(Deserialize)]
pub(super) struct VersionProbe {
    #[serde(default)]
    pub version: u32,
}
