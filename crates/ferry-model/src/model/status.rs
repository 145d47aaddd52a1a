//! The status of a transfer: Windows' `BackgroundTransferStatus` set.

use serde::{Deserialize, Serialize};

/// Where a transfer stands. Every variant of `BackgroundTransferStatus` exists, including the
/// ones only later policies (network, battery) set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Queued: waiting for its turn, or not started yet.
    #[default]
    Idle,
    /// Bytes are moving (or a request is on its way).
    Running,
    /// The user paused it.
    PausedByApplication,
    /// Waiting for an unmetered network (cost policy).
    PausedCostedNetwork,
    /// Waiting for the network to come back.
    PausedNoNetwork,
    /// The server answered a status the transfer marked recoverable (e.g. 403
    /// for an expired link); set a fresh URL and resume.
    PausedRecoverableWebErrorStatus,
    /// Paused by a system condition (battery, power saving).
    PausedSystemPolicy,
    /// Every byte is on disk under its final name.
    Completed,
    /// The user canceled it; its partial data was removed.
    Canceled,
    /// It failed and will not retry by itself.
    Error,
}

impl Status {
    /// True once the transfer has ended and will never run again by itself.
    pub fn is_terminal(self) -> bool {
        matches!(self, Status::Completed | Status::Canceled | Status::Error)
    }

    /// True for every paused variant.
    pub fn is_paused(self) -> bool {
        matches!(
            self,
            Status::PausedByApplication
                | Status::PausedCostedNetwork
                | Status::PausedNoNetwork
                | Status::PausedRecoverableWebErrorStatus
                | Status::PausedSystemPolicy
        )
    }

    /// True for the statuses the network and power policies set: the
    /// transfer runs again by itself when the condition ends.
    pub fn is_held_by_policy(self) -> bool {
        matches!(
            self,
            Status::PausedCostedNetwork | Status::PausedNoNetwork | Status::PausedSystemPolicy
        )
    }

    /// True when the transfer will not move again without the user: it
    /// ended, or it is paused by the user or by a server answer that needs
    /// a new URL. One held by the network or power policy runs again by
    /// itself, so it has not settled.
    pub fn is_settled(self) -> bool {
        self.is_terminal() || (self.is_paused() && !self.is_held_by_policy())
    }

    /// The status in words with why the policy holds it, when it does
    /// and the reason says more than the status ("waiting: background
    /// data is blocked" rather than "waiting for an unmetered network").
    pub fn words_with(self, error: Option<&crate::model::TransferError>) -> String {
        let reason = match error {
            Some(crate::model::TransferError::Held { reason })
                if self.is_held_by_policy() || self == Status::Running =>
            {
                reason
            }
            _ => return self.as_words(),
        };
        // The first clause: what holds it, without the way out.
        let first_clause = |reason: &str| {
            reason
                .split([';', '('])
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let short = first_clause(reason);
        // Where the status says it all already.
        let says_nothing_more = short.is_empty()
            || short == first_clause(&ferry_i18n::tr!("hold-no-network"))
            || short == first_clause(&ferry_i18n::tr!("hold-metered"));
        match short.as_str() {
            _ if says_nothing_more => self.as_words(),
            // A running transfer's wait says itself ("waiting for a
            // connection to HOST").
            short if self == Status::Running => short.to_owned(),
            short => ferry_i18n::tr!("status-waiting-because", reason = short),
        }
    }

    /// Short words for people (CLI list, window), in their language.
    pub fn as_words(self) -> String {
        use ferry_i18n::tr;
        match self {
            Status::Idle => tr!("status-queued"),
            Status::Running => tr!("status-running"),
            Status::PausedByApplication => tr!("status-paused"),
            Status::PausedCostedNetwork => tr!("status-waiting-unmetered"),
            Status::PausedNoNetwork => tr!("status-waiting-network"),
            Status::PausedRecoverableWebErrorStatus => tr!("status-needs-new-url"),
            Status::PausedSystemPolicy => tr!("status-paused-by-policy"),
            Status::Completed => tr!("status-completed"),
            Status::Canceled => tr!("status-canceled"),
            Status::Error => tr!("status-failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TransferError;

    #[test]
    fn a_held_transfer_says_what_holds_it() {
        let held = |reason: &str| {
            Some(TransferError::Held {
                reason: reason.to_owned(),
            })
        };
        assert_eq!(
            Status::PausedCostedNetwork.words_with(
                held("background data is blocked (ferry policy --block-background-data off)")
                    .as_ref()
            ),
            "waiting: background data is blocked"
        );
        assert_eq!(
            Status::PausedCostedNetwork.words_with(
                held("the network is metered; this transfer runs on unmetered networks only")
                    .as_ref()
            ),
            "waiting for an unmetered network"
        );
        assert_eq!(
            Status::PausedSystemPolicy.words_with(held("on battery below 20 %").as_ref()),
            "waiting: on battery below 20 %"
        );
        assert_eq!(Status::Running.words_with(None), "running");
    }
}
