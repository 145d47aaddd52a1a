//! Named transfer groups (Windows' `BackgroundTransferGroup`): members of a
//! `Parallel` group run together within the global limit; members of a
//! `Serialized` group run one at a time, in priority order then arrival.

use serde::{Deserialize, Serialize};

use super::{TransferId, WhenDone, is_default};

/// How the members of a group share their turn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GroupBehavior {
    /// Members run together, within the global limit.
    #[default]
    Parallel,
    /// One member at a time.
    Serialized,
}

impl GroupBehavior {
    /// The word used on the command line and in the window.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBehavior::Parallel => "parallel",
            GroupBehavior::Serialized => "serialized",
        }
    }
}

/// A named group of transfers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferGroup {
    pub name: String,
    #[serde(default)]
    pub behavior: GroupBehavior,
    /// The member made current ("Download next"): it goes before every
    /// other member whatever their priority, until it ends.
    #[serde(default)]
    pub current: Option<TransferId>,
    /// What happens each time the group runs dry: its members join a
    /// completion group that fires once none of them is left to end.
    #[serde(default, skip_serializing_if = "is_default")]
    pub when_done: WhenDone,
}

impl TransferGroup {
    pub fn new(name: impl Into<String>, behavior: GroupBehavior) -> Self {
        TransferGroup {
            name: name.into(),
            behavior,
            current: None,
            when_done: WhenDone::default(),
        }
    }
}
