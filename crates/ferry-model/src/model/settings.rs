//! User settings: persisted in state.ron, changed from the window.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{
    CategoryRule, Credentials, ManualProxy, ProxyChoice, Schedule, default_categories, is_default,
};

/// The window's color theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    FollowSystem,
    Light,
    Dark,
}

/// The XDG Downloads folder, else the home folder.
pub fn default_download_folder() -> std::path::PathBuf {
    directories::UserDirs::new()
        .and_then(|dirs| {
            dirs.download_dir()
                .map(std::path::Path::to_owned)
                .or_else(|| Some(dirs.home_dir().to_owned()))
        })
        .unwrap_or_else(|| std::path::PathBuf::from("."))
}

/// What the window's Remove does with an unfinished download's partial
/// file (a completed file is never deleted by Remove).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RemoveUnfinished {
    /// Ask each time.
    #[default]
    Ask,
    DeletePartial,
    KeepPartial,
}

/// Settings that apply to the whole of ferry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// How many transfers run at once.
    pub max_simultaneous_transfers: usize,
    /// The most connections one download opens when it chooses by itself
    /// (one per 8 MiB left, for servers that serve ranges).
    pub connections_per_download: u32,
    /// The most connections to one host, all downloads together.
    pub connections_per_host: u32,
    /// Download speed limit for all transfers together, bytes per second;
    /// `None` is unlimited.
    pub download_limit: Option<u64>,
    /// Upload speed limit for all uploads together, bytes per second;
    /// `None` is unlimited.
    pub upload_limit: Option<u64>,
    /// Where new downloads go; None means the XDG Downloads folder.
    pub download_folder: Option<PathBuf>,
    /// The user's network and power switches (they add to what the system
    /// reports).
    pub policy: PolicySwitches,
    /// Time windows with their own global limit, and when transfers may run.
    pub schedule: Schedule,
    /// Desktop notifications when transfers end.
    pub notifications_enabled: bool,
    /// With notifications on, only transfers that failed notify.
    pub notify_failures_only: bool,
    pub theme: Theme,
    /// A PEM file of CA certificates trusted besides the system's roots
    /// (private servers).
    pub extra_ca_cert: Option<PathBuf>,
    /// The service stays after its transfers ended (with the tray icon);
    /// off, it exits once nothing runs or waits and no window is open.
    pub keep_running_in_background: bool,
    /// How requests reach the network (a transfer's own `--proxy` wins).
    /// The proxy's credentials are in the keyring, not here.
    #[serde(skip_serializing_if = "is_default")]
    pub proxy: ProxyChoice,
    /// Certificates trusted for one host whatever vouches for them, as
    /// ssh's known_hosts: host name (or IP address) → SHA-256 fingerprint
    /// of its certificate ([`canonical_fingerprint`] form). Any other
    /// certificate from that host is refused, even one a CA vouches for.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub pinned_certificates: BTreeMap<String, String>,
    /// Downloads handed over by the browser start at once into the
    /// download folder; off, ferry's add dialog asks first.
    #[serde(skip_serializing_if = "is_default")]
    pub browser_starts_without_asking: bool,
    /// Every `ftp://` download goes over explicit TLS (AUTH TLS), as
    /// `--ftp-ssl` asks for one: the login and the data are encrypted and
    /// the certificate checked, or the download fails.
    #[serde(skip_serializing_if = "is_default")]
    pub ftp_over_tls: bool,
    /// The window's Remove of an unfinished download: ask, or the answer
    /// the user asked it to remember.
    #[serde(skip_serializing_if = "is_default")]
    pub remove_unfinished: RemoveUnfinished,
    /// The window offers links to files copied to the clipboard (off
    /// unless the user turns it on).
    #[serde(skip_serializing_if = "is_default")]
    pub watch_clipboard: bool,
    /// Categories by file type, in the order they are tried.
    #[serde(skip_serializing_if = "is_default_categories")]
    pub categories: Vec<CategoryRule>,
    /// A download into a folder goes to the subfolder of its category
    /// (Downloads/Videos, …; a file of no category stays in the folder).
    #[serde(skip_serializing_if = "is_default")]
    pub sort_into_category_folders: bool,
    /// The language of the window, the tray and the notifications; none
    /// follows the environment (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
    /// `LANG`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<crate::model::Locale>,
}

impl Settings {
    /// Where downloads go when nobody says: the setting, else the XDG
    /// Downloads folder.
    pub fn download_folder_or_default(&self) -> PathBuf {
        self.download_folder
            .clone()
            .unwrap_or_else(default_download_folder)
    }
}

fn is_default_categories(categories: &Vec<CategoryRule>) -> bool {
    *categories == default_categories()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_simultaneous_transfers: 4,
            connections_per_download: 8,
            connections_per_host: 16,
            download_limit: None,
            upload_limit: None,
            download_folder: None,
            policy: PolicySwitches::default(),
            schedule: Schedule::default(),
            notifications_enabled: true,
            notify_failures_only: false,
            theme: Theme::FollowSystem,
            extra_ca_cert: None,
            keep_running_in_background: true,
            proxy: ProxyChoice::default(),
            pinned_certificates: BTreeMap::new(),
            browser_starts_without_asking: false,
            ftp_over_tls: false,
            remove_unfinished: RemoveUnfinished::Ask,
            watch_clipboard: false,
            categories: default_categories(),
            sort_into_category_folders: false,
            language: None,
        }
    }
}

/// What the user tells ferry about the network and the battery, on top of
/// what NetworkManager and UPower report (and instead of them where absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicySwitches {
    /// "This network is metered": treat the network as costed whatever the
    /// system says.
    pub metered: bool,
    /// "I am over my data limit": on a metered network only transfers with
    /// cost policy `Always` run.
    pub over_data_limit: bool,
    /// "Block background data": every transfer waits, `Always` included.
    pub block_background_data: bool,
    /// "Save battery": transfers not marked unconstrained pause, as in
    /// power-saving mode.
    pub save_battery: bool,
    /// On battery below this charge (percent), transfers not marked
    /// unconstrained pause.
    pub battery_threshold_percent: u8,
}

impl Default for PolicySwitches {
    fn default() -> Self {
        PolicySwitches {
            metered: false,
            over_data_limit: false,
            block_background_data: false,
            save_battery: false,
            battery_threshold_percent: 20,
        }
    }
}

/// Transfers that may run at once (the dialog, `-j`, the engine).
pub const SIMULTANEOUS_TRANSFERS: RangeInclusive<usize> = 1..=64;
/// Connections one download may open (the dialog, `-c`, the engine).
pub const CONNECTIONS_PER_DOWNLOAD: RangeInclusive<u32> = 1..=32;
/// Connections to one server, all downloads together.
pub const CONNECTIONS_PER_HOST: RangeInclusive<u32> = 1..=64;
/// The battery charge below which transfers wait, percent.
pub const BATTERY_THRESHOLD_PERCENT: RangeInclusive<u8> = 0..=100;

/// One setting a person changed. Commands carry only these, so two writers
/// at once (the window's Settings dialog and `ferry limit`) never undo each
/// other's change: each field is set by whoever touched it last.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingChange {
    MaxSimultaneousTransfers(usize),
    ConnectionsPerDownload(u32),
    ConnectionsPerHost(u32),
    DownloadLimit(Option<u64>),
    UploadLimit(Option<u64>),
    DownloadFolder(Option<PathBuf>),
    Metered(bool),
    OverDataLimit(bool),
    BlockBackgroundData(bool),
    SaveBattery(bool),
    BatteryThresholdPercent(u8),
    Schedule(Schedule),
    NotificationsEnabled(bool),
    NotifyFailuresOnly(bool),
    Theme(Theme),
    ExtraCaCert(Option<PathBuf>),
    KeepRunningInBackground(bool),
    Proxy(ProxyChoice),
    /// The user name and password of the settings' proxy. The engine
    /// keeps them (in memory and the keyring); applied to [`Settings`]
    /// they change nothing, so they are never saved with them.
    ProxyCredentials(Option<Credentials>),
    PinnedCertificates(BTreeMap<String, String>),
    /// Trusts one more certificate (host, fingerprint), keeping the others.
    PinCertificate {
        host: String,
        fingerprint: String,
    },
    BrowserStartsWithoutAsking(bool),
    FtpOverTls(bool),
    RemoveUnfinished(RemoveUnfinished),
    WatchClipboard(bool),
    Categories(Vec<CategoryRule>),
    SortIntoCategoryFolders(bool),
    Language(Option<crate::model::Locale>),
}

/// A setting out of its range, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name} must be {}, not {value}", bounds_in_words(*low, *high))]
pub struct SettingOutOfRange {
    pub name: &'static str,
    pub value: u64,
    pub low: u64,
    pub high: u64,
}

/// A setting change that cannot be applied, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingRefused {
    #[error(transparent)]
    OutOfRange(#[from] SettingOutOfRange),
    #[error("{0}")]
    Invalid(String),
}

/// Categories whose names can be folder names, each once, with at least
/// one extension or type each.
fn check_categories(categories: &[CategoryRule]) -> Result<(), SettingRefused> {
    let mut seen = std::collections::HashSet::new();
    for category in categories {
        let name = category.name.as_str();
        let is_folder_name = !name.trim().is_empty()
            && name.trim() == name
            && !name.contains(['/', '\\', '\0'])
            && name != "."
            && name != ".."
            && !name.chars().any(char::is_control)
            && name.len() <= 64;
        if !is_folder_name {
            return Err(SettingRefused::Invalid(format!(
                "{name:?} cannot name a category: it becomes a folder's name (no slashes, at most 64 bytes)"
            )));
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(SettingRefused::Invalid(format!(
                "two categories are named {name:?}"
            )));
        }
        if category.extensions.is_empty() && category.mime_types.is_empty() {
            return Err(SettingRefused::Invalid(format!(
                "category {name:?} takes no extension and no type"
            )));
        }
    }
    Ok(())
}

/// A certificate fingerprint as ferry keeps and shows it: SHA-256 in
/// upper-case hex pairs joined by colons (as browsers and `openssl x509
/// -fingerprint -sha256` show it). Accepts that form, or the hex without
/// colons, in either case.
pub fn canonical_fingerprint(text: &str) -> Result<String, SettingRefused> {
    let hex: String = text
        .trim()
        .trim_start_matches("sha256:")
        .trim_start_matches("SHA256:")
        .chars()
        .filter(|character| *character != ':')
        .collect();
    if hex.len() != 64 || !hex.chars().all(|character| character.is_ascii_hexdigit()) {
        return Err(SettingRefused::Invalid(format!(
            "{text:?} is not a SHA-256 fingerprint (64 hex digits, as AB:CD:…)"
        )));
    }
    let upper = hex.to_ascii_uppercase();
    Ok(upper
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect::<Vec<_>>()
        .join(":"))
}

/// The host a certificate is pinned for, as TLS names it: lower case,
/// an IPv6 address without brackets.
fn pinned_host(text: &str) -> Result<String, SettingRefused> {
    let host = text.trim().trim_start_matches('[').trim_end_matches(']');
    let is_name = !host.is_empty()
        && host
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || ".-_:".contains(character));
    if !is_name {
        return Err(SettingRefused::Invalid(format!(
            "{text:?} is not a host name or an IP address"
        )));
    }
    Ok(host.to_ascii_lowercase())
}

/// "between 1 and 64", or "at least 1" without an upper bound.
fn bounds_in_words(low: u64, high: u64) -> String {
    if high == u64::MAX {
        format!("at least {low}")
    } else {
        format!("between {low} and {high}")
    }
}

impl SettingChange {
    /// The changes that turn `before` into `after`: the fields that differ.
    pub fn between(before: &Settings, after: &Settings) -> Vec<SettingChange> {
        // Every field is named (no `..`): a new setting must be added here.
        let Settings {
            max_simultaneous_transfers,
            connections_per_download,
            connections_per_host,
            download_limit,
            upload_limit,
            download_folder,
            policy:
                PolicySwitches {
                    metered,
                    over_data_limit,
                    block_background_data,
                    save_battery,
                    battery_threshold_percent,
                },
            schedule,
            notifications_enabled,
            notify_failures_only,
            theme,
            extra_ca_cert,
            keep_running_in_background,
            proxy,
            pinned_certificates,
            browser_starts_without_asking,
            ftp_over_tls,
            remove_unfinished,
            watch_clipboard,
            categories,
            sort_into_category_folders,
            language,
        } = after.clone();
        let candidates = [
            SettingChange::MaxSimultaneousTransfers(max_simultaneous_transfers),
            SettingChange::ConnectionsPerDownload(connections_per_download),
            SettingChange::ConnectionsPerHost(connections_per_host),
            SettingChange::DownloadLimit(download_limit),
            SettingChange::UploadLimit(upload_limit),
            SettingChange::DownloadFolder(download_folder),
            SettingChange::Metered(metered),
            SettingChange::OverDataLimit(over_data_limit),
            SettingChange::BlockBackgroundData(block_background_data),
            SettingChange::SaveBattery(save_battery),
            SettingChange::BatteryThresholdPercent(battery_threshold_percent),
            SettingChange::Schedule(schedule),
            SettingChange::NotificationsEnabled(notifications_enabled),
            SettingChange::NotifyFailuresOnly(notify_failures_only),
            SettingChange::Theme(theme),
            SettingChange::ExtraCaCert(extra_ca_cert),
            SettingChange::KeepRunningInBackground(keep_running_in_background),
            SettingChange::Proxy(proxy),
            SettingChange::PinnedCertificates(pinned_certificates),
            SettingChange::BrowserStartsWithoutAsking(browser_starts_without_asking),
            SettingChange::FtpOverTls(ftp_over_tls),
            SettingChange::RemoveUnfinished(remove_unfinished),
            SettingChange::WatchClipboard(watch_clipboard),
            SettingChange::Categories(categories),
            SettingChange::SortIntoCategoryFolders(sort_into_category_folders),
            SettingChange::Language(language),
        ];
        candidates
            .into_iter()
            .filter(|change| {
                let mut changed = before.clone();
                change.clone().apply(&mut changed);
                changed != *before
            })
            .collect()
    }

    /// The change, when its value is in range.
    pub fn checked(self) -> Result<SettingChange, SettingRefused> {
        fn within<T: Copy + PartialOrd + Into<u64>>(
            name: &'static str,
            value: T,
            range: &RangeInclusive<T>,
        ) -> Result<(), SettingOutOfRange> {
            if range.contains(&value) {
                return Ok(());
            }
            Err(SettingOutOfRange {
                name,
                value: value.into(),
                low: (*range.start()).into(),
                high: (*range.end()).into(),
            })
        }
        match &self {
            SettingChange::Categories(categories) => check_categories(categories)?,
            SettingChange::MaxSimultaneousTransfers(value) => {
                let range =
                    *SIMULTANEOUS_TRANSFERS.start() as u64..=*SIMULTANEOUS_TRANSFERS.end() as u64;
                within("simultaneous transfers", *value as u64, &range)?;
            }
            SettingChange::ConnectionsPerDownload(value) => {
                within(
                    "connections per download",
                    *value,
                    &CONNECTIONS_PER_DOWNLOAD,
                )?;
            }
            SettingChange::ConnectionsPerHost(value) => {
                within("connections per server", *value, &CONNECTIONS_PER_HOST)?;
            }
            SettingChange::BatteryThresholdPercent(value) => {
                within("the battery threshold", *value, &BATTERY_THRESHOLD_PERCENT)?;
            }
            SettingChange::DownloadLimit(Some(value)) => {
                within("the download limit (bytes/s)", *value, &(1..=u64::MAX))?;
            }
            SettingChange::UploadLimit(Some(value)) => {
                within("the upload limit (bytes/s)", *value, &(1..=u64::MAX))?;
            }
            SettingChange::Proxy(ProxyChoice::Manual(proxy)) => {
                let (checked, credentials) =
                    ManualProxy::parse(proxy.url.as_str(), &proxy.no_proxy)
                        .map_err(|error| SettingRefused::Invalid(error.to_string()))?;
                if credentials.is_some() {
                    return Err(SettingRefused::Invalid(
                        "the proxy's user name and password go apart from its URL, to the keyring"
                            .to_owned(),
                    ));
                }
                return Ok(SettingChange::Proxy(ProxyChoice::Manual(checked)));
            }
            SettingChange::PinCertificate { host, fingerprint } => {
                return Ok(SettingChange::PinCertificate {
                    host: pinned_host(host)?,
                    fingerprint: canonical_fingerprint(fingerprint)?,
                });
            }
            SettingChange::PinnedCertificates(pins) => {
                return pins
                    .iter()
                    .map(|(host, fingerprint)| {
                        Ok((pinned_host(host)?, canonical_fingerprint(fingerprint)?))
                    })
                    .collect::<Result<BTreeMap<_, _>, SettingRefused>>()
                    .map(SettingChange::PinnedCertificates);
            }
            _ => {}
        }
        Ok(self)
    }

    /// Sets the field this change is about.
    pub fn apply(self, settings: &mut Settings) {
        match self {
            SettingChange::MaxSimultaneousTransfers(value) => {
                settings.max_simultaneous_transfers = value;
            }
            SettingChange::ConnectionsPerDownload(value) => {
                settings.connections_per_download = value
            }
            SettingChange::ConnectionsPerHost(value) => settings.connections_per_host = value,
            SettingChange::DownloadLimit(value) => settings.download_limit = value,
            SettingChange::UploadLimit(value) => settings.upload_limit = value,
            SettingChange::DownloadFolder(value) => settings.download_folder = value,
            SettingChange::Metered(value) => settings.policy.metered = value,
            SettingChange::OverDataLimit(value) => settings.policy.over_data_limit = value,
            SettingChange::BlockBackgroundData(value) => {
                settings.policy.block_background_data = value;
            }
            SettingChange::SaveBattery(value) => settings.policy.save_battery = value,
            SettingChange::BatteryThresholdPercent(value) => {
                settings.policy.battery_threshold_percent = value;
            }
            SettingChange::Schedule(value) => settings.schedule = value,
            SettingChange::NotificationsEnabled(value) => settings.notifications_enabled = value,
            SettingChange::NotifyFailuresOnly(value) => settings.notify_failures_only = value,
            SettingChange::Theme(value) => settings.theme = value,
            SettingChange::ExtraCaCert(value) => settings.extra_ca_cert = value,
            SettingChange::KeepRunningInBackground(value) => {
                settings.keep_running_in_background = value;
            }
            SettingChange::Proxy(value) => settings.proxy = value,
            SettingChange::ProxyCredentials(_) => {}
            SettingChange::PinnedCertificates(value) => settings.pinned_certificates = value,
            SettingChange::PinCertificate { host, fingerprint } => {
                settings.pinned_certificates.insert(host, fingerprint);
            }
            SettingChange::BrowserStartsWithoutAsking(value) => {
                settings.browser_starts_without_asking = value;
            }
            SettingChange::FtpOverTls(value) => settings.ftp_over_tls = value,
            SettingChange::RemoveUnfinished(value) => settings.remove_unfinished = value,
            SettingChange::WatchClipboard(value) => settings.watch_clipboard = value,
            SettingChange::Categories(value) => settings.categories = value,
            SettingChange::SortIntoCategoryFolders(value) => {
                settings.sort_into_category_folders = value;
            }
            SettingChange::Language(value) => settings.language = value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changes_between_two_settings_are_the_fields_that_differ() {
        let before = Settings::default();
        let mut after = before.clone();
        after.download_limit = Some(2 << 20);
        after.policy.metered = true;
        assert_eq!(
            SettingChange::between(&before, &after),
            vec![
                SettingChange::DownloadLimit(Some(2 << 20)),
                SettingChange::Metered(true)
            ]
        );
        let mut applied = before.clone();
        for change in SettingChange::between(&before, &after) {
            change.apply(&mut applied);
        }
        assert_eq!(applied, after);
        assert!(SettingChange::between(&after, &after).is_empty());
    }

    #[test]
    fn values_out_of_range_are_refused_in_words() {
        let refused = SettingChange::MaxSimultaneousTransfers(0)
            .checked()
            .expect_err("0 is out of range");
        assert_eq!(
            refused.to_string(),
            "simultaneous transfers must be between 1 and 64, not 0"
        );
        assert!(SettingChange::DownloadLimit(Some(0)).checked().is_err());
        assert!(SettingChange::ConnectionsPerHost(64).checked().is_ok());
    }
}
