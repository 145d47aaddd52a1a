//! Priorities and cost policies, named after Windows' Background Transfer
//! API (`BackgroundTransferPriority`, `BackgroundTransferCostPolicy`). The engine stores them now; the scheduler and the network
//! policy act on them.

use ferry_i18n::tr;
use serde::{Deserialize, Serialize};

/// Which transfer goes first when the scheduler has to choose.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Priority {
    /// Before everything else.
    High,
    /// The usual order: arrival.
    #[default]
    Default,
    /// After everything else.
    Low,
}

impl Priority {
    /// The word used on the command line and in the window.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Default => "default",
            Priority::Low => "low",
        }
    }

    /// The word for people, in their language.
    pub fn words(self) -> String {
        match self {
            Priority::High => tr!("priority-high"),
            Priority::Default => tr!("priority-default"),
            Priority::Low => tr!("priority-low"),
        }
    }

    pub const ALL: [Priority; 3] = [Priority::High, Priority::Default, Priority::Low];
}

/// When a transfer may use a costed (metered) network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CostPolicy {
    /// Runs on metered networks, pauses when roaming or over the data limit.
    #[default]
    Default,
    /// Runs only on unmetered networks.
    UnrestrictedOnly,
    /// Runs on any network unless the user blocked background data.
    Always,
}

impl CostPolicy {
    /// The word used on the command line and in the window.
    pub fn as_str(self) -> &'static str {
        match self {
            CostPolicy::Default => "default",
            CostPolicy::UnrestrictedOnly => "unrestricted-only",
            CostPolicy::Always => "always",
        }
    }

    /// What it means, for menus.
    pub fn as_words(self) -> String {
        match self {
            CostPolicy::Default => tr!("cost-policy-default"),
            CostPolicy::UnrestrictedOnly => tr!("cost-policy-unrestricted-only"),
            CostPolicy::Always => tr!("cost-policy-always"),
        }
    }

    pub const ALL: [CostPolicy; 3] = [
        CostPolicy::Default,
        CostPolicy::UnrestrictedOnly,
        CostPolicy::Always,
    ];
}
