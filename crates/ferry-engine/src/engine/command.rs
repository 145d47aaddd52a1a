//! Requests to the engine. Outcomes come back as [`crate::engine::Event`]s
//! and in the snapshot.

use serde::{Deserialize, Serialize};
use url::Url;

use crate::model::{
    CompletionGroup, CompletionGroupId, CostPolicy, Credentials, GroupBehavior, HeaderPair,
    PrefetchId, PrefetchKind, Priority, SettingChange, TransferId, TransferSpec, WhenDone,
};

/// A request to the engine (caller -> engine). Serializable for the
/// service's socket, secrets included (see [`spec_with_secrets`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Create a transfer; `start` queues it at once, else it waits in Idle
    /// until [`Command::Resume`].
    Add {
        #[serde(with = "spec_with_secrets")]
        spec: Box<TransferSpec>,
        start: bool,
    },
    /// Queue an idle or paused transfer (resume it).
    Resume(TransferId),
    /// Pause it, keeping the bytes on disk.
    Pause(TransferId),
    /// Stop it and delete its partial data.
    Cancel(TransferId),
    /// Take a transfer off the list: a finished file stays, an unfinished
    /// one's partial file is deleted.
    Remove(TransferId),
    /// Take an unfinished transfer off the list and leave its partial
    /// file where it is (as `NAME.part`).
    RemoveKeepingPartial(TransferId),
    /// Point the transfer at a new URL (e.g. after 403 on an expired link).
    /// The kept bytes are reused only if the validator still matches.
    SetUrl { transfer_id: TransferId, url: Url },
    /// Set (replace) one request header.
    SetRequestHeader {
        transfer_id: TransferId,
        header: HeaderPair,
    },
    /// Remove one request header.
    RemoveRequestHeader {
        transfer_id: TransferId,
        name: String,
    },
    /// Set the credentials for the transfer's origin (memory only).
    SetCredentials {
        transfer_id: TransferId,
        credentials: Option<Credentials>,
    },
    /// Replace the cookies given with the transfer (memory and keyring);
    /// they apply from its next request.
    SetCookies {
        transfer_id: TransferId,
        cookies: Vec<crate::model::GivenCookie>,
    },
    /// Read the transfer's bytes in the order a reader asks for them
    /// (Windows' `IsRandomAccessRequired`): a running download starts
    /// again from what is on disk to follow it.
    SetRandomAccess {
        transfer_id: TransferId,
        random_access: bool,
    },
    /// Give the transfer its own way to the network (`None` follows the
    /// settings) and its proxy's credentials (memory and keyring), from
    /// its next start.
    SetProxy {
        transfer_id: TransferId,
        proxy: Option<crate::model::ProxyChoice>,
        credentials: Option<Credentials>,
    },
    /// Change one transfer's own speed limit (bytes per second; `None`
    /// lifts it), at once if it runs.
    SetTransferLimit {
        transfer_id: TransferId,
        bytes_per_second: Option<u64>,
    },
    /// Change which transfer goes first when the scheduler chooses.
    SetPriority {
        transfer_id: TransferId,
        priority: Priority,
    },
    /// Change when the transfer may use a metered network (applies at once:
    /// it may be held or released).
    SetCostPolicy {
        transfer_id: TransferId,
        cost_policy: CostPolicy,
    },
    /// Create the named group, or change its behavior.
    PutGroup {
        name: String,
        behavior: GroupBehavior,
    },
    /// Delete the named group; its members stay, in no group.
    RemoveGroup { name: String },
    /// Windows' `DownloadOperation.MakeCurrentInTransferGroup` ("Download next"): the
    /// transfer goes before every other member of its group; in a
    /// serialized group the running member yields to it (it waits, queued,
    /// with its bytes kept).
    MakeCurrent(TransferId),
    /// Set what a named group does each time it runs dry (its members
    /// join a completion group with this notification and action).
    SetGroupWhenDone { name: String, when_done: WhenDone },
    /// Create a completion group (Windows' `BackgroundTransferCompletionGroup`)
    /// with its members; created enabled, it fires once they all ended.
    CreateCompletionGroup(Box<CompletionGroup>),
    /// Add transfers to a completion group that is not enabled yet.
    AddToCompletionGroup {
        group: CompletionGroupId,
        members: Vec<TransferId>,
    },
    /// Every member was added: the group fires once they all ended.
    EnableCompletionGroup(CompletionGroupId),
    /// Forget a completion group (one that has not fired never will).
    RemoveCompletionGroup(CompletionGroupId),
    /// Keep a fresh copy of a resource, or of every resource an indirect
    /// list names, refreshed every `every_secs` when the policy allows
    /// (Windows' `ContentPrefetcher`).
    AddPrefetch {
        url: Url,
        kind: PrefetchKind,
        every_secs: u64,
    },
    /// Forget a prefetch entry and delete its copies.
    RemovePrefetch(PrefetchId),
    /// Refresh these entries (all with `None`) as soon as the policy
    /// allows, without waiting for their interval.
    RefreshPrefetch(Option<PrefetchId>),
    /// Change these settings (saved, and applied at once); the others stay
    /// as they are. Every change is checked first: one out of range
    /// refuses them all.
    ChangeSettings(Vec<SettingChange>),
    /// Stop every transfer where it stands (they resume at the next start),
    /// save, and end the engine thread.
    Shutdown,
}

/// A spec as a command carries it to the service: unlike state.ron, with
/// its credentials and secret header values (the socket is the user's own).
mod spec_with_secrets {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::model::{Credentials, GivenCookie, HeaderPair, TransferSpec, is_sensitive_header};

    #[derive(Serialize)]
    struct Outgoing<'a> {
        spec: &'a TransferSpec,
        credentials: &'a Option<Credentials>,
        secret_headers: Vec<&'a HeaderPair>,
        #[serde(skip_serializing_if = "<[GivenCookie]>::is_empty")]
        cookies: &'a [GivenCookie],
        #[serde(skip_serializing_if = "Option::is_none")]
        proxy_credentials: &'a Option<Credentials>,
    }

    #[derive(Deserialize)]
    struct Incoming {
        spec: Box<TransferSpec>,
        credentials: Option<Credentials>,
        secret_headers: Vec<HeaderPair>,
        #[serde(default)]
        cookies: Vec<GivenCookie>,
        #[serde(default)]
        proxy_credentials: Option<Credentials>,
    }

    pub fn serialize<S: Serializer>(spec: &TransferSpec, serializer: S) -> Result<S::Ok, S::Error> {
        Outgoing {
            spec,
            credentials: &spec.credentials,
            secret_headers: spec
                .request_headers
                .iter()
                .filter(|header| is_sensitive_header(&header.name))
                .collect(),
            cookies: &spec.cookies,
            proxy_credentials: &spec.proxy_credentials,
        }
        .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Box<TransferSpec>, D::Error> {
        let Incoming {
            mut spec,
            credentials,
            secret_headers,
            cookies,
            proxy_credentials,
        } = Incoming::deserialize(deserializer)?;
        spec.credentials = credentials;
        spec.cookies = cookies;
        spec.proxy_credentials = proxy_credentials;
        spec.request_headers.extend(secret_headers);
        Ok(spec)
    }
}

impl Command {
    /// The command that turns `before` into `after`: the settings that
    /// differ, and only those.
    pub fn change_settings(
        before: &crate::model::Settings,
        after: &crate::model::Settings,
    ) -> Command {
        Command::ChangeSettings(SettingChange::between(before, after))
    }
}
