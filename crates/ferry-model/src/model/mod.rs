//! Plain data shared by every layer: what a transfer is, its status and
//! progress, and the policies attached to it. No I/O and no async here, so the
//! engine, the store, the CLI and the window all speak the same words.

mod browser;
mod category;
mod completion;
mod conditions;
mod group;
mod policy;
mod prefetch;
mod progress;
mod proxy;
mod ranges;
mod schedule;
mod settings;
mod status;
mod transfer;
mod transfer_error;
mod upload;

pub use browser::{BrowserDownload, BrowserLinks};
pub use category::{CategoryRule, OTHER_CATEGORY, category_of, category_words, default_categories};
pub use completion::{
    ActionOutcome, CompletionAction, CompletionGroup, CompletionGroupId,
    DEFAULT_ACTION_TIMEOUT_SECS, Firing, MemberResult, Placeholders, ProgramAction, WhenDone,
    expand_arguments, summarize,
};
pub use conditions::{
    Connectivity, NetworkSource, NetworkState, PowerSource, PowerState, SystemConditions,
};
pub use ferry_i18n::Locale;
pub use group::{GroupBehavior, TransferGroup};
pub use policy::{CostPolicy, Priority};
pub use prefetch::{
    DEFAULT_PREFETCH_EVERY_SECS, MAX_LIST_URLS, MIN_PREFETCH_EVERY_SECS, PrefetchCopy,
    PrefetchEntry, PrefetchId, PrefetchKind, PrefetchMember, describe_interval,
};
pub use progress::{Progress, ResponseInfo};
pub use proxy::{ManualProxy, PROXY_SCHEMES, ProxyChoice, ProxyUrlError};
pub use ranges::RangeSet;
pub use schedule::{LimitWindow, MINUTES_PER_DAY, Schedule, ScheduleNow, TimeWindow, Weekdays};
pub use settings::{
    BATTERY_THRESHOLD_PERCENT, CONNECTIONS_PER_DOWNLOAD, CONNECTIONS_PER_HOST, PolicySwitches,
    RemoveUnfinished, SIMULTANEOUS_TRANSFERS, SettingChange, SettingOutOfRange, SettingRefused,
    Settings, Theme, canonical_fingerprint, default_download_folder,
};
pub use status::Status;
pub use transfer::{
    ByteRange, Credentials, Destination, GivenCookie, HeaderPair, PartFileId, Transfer, TransferId,
    TransferMap, TransferSet, TransferSpec, Validator, is_sensitive_header, remove_header,
    replace_header, take_url_credentials,
};
pub use transfer_error::TransferError;
pub use upload::{
    ContentPart, FileIdentity, PartContent, ResumableUpload, TransferKind, UploadMethod,
    UploadSource,
};

/// Seconds since the Unix epoch now (0 on a clock set before it).
pub fn unix_now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// For `skip_serializing_if`: state.ron leaves out what reads back as the
/// default anyway, so lines stay short and quick to write.
pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
