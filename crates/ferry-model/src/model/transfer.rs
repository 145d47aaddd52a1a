//! A transfer: what was asked for ([`TransferSpec`]) and where it stands
//! ([`Transfer`]).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize, Serializer};
use url::Url;

use super::{
    ContentPart, CostPolicy, Priority, Progress, ProxyChoice, ResponseInfo, ResumableUpload,
    Status, TransferError, TransferKind, UploadMethod, UploadSource, is_default,
};

/// Identifies one transfer for its whole life, across restarts of ferry.
/// Shown as 16 hex digits; people may type any unique prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TransferId(pub u64);

/// A map keyed by transfer. Ids are ferry's own random numbers, so foldhash
/// (keyed per process) does instead of the slower SipHash.
pub type TransferMap<V> = std::collections::HashMap<TransferId, V, foldhash::fast::RandomState>;

/// A set of transfers, hashed as in [`TransferMap`].
pub type TransferSet = std::collections::HashSet<TransferId, foldhash::fast::RandomState>;

impl TransferId {
    /// A fresh random id (callers create ids, so creating a transfer needs no
    /// round trip to the engine).
    pub fn new_random() -> Self {
        TransferId(rand::random::<u64>())
    }

    /// The first 8 hex digits, enough to tell transfers apart in a list.
    pub fn short(self) -> String {
        format!("{:08x}", self.0 >> 32)
    }
}

impl fmt::Display for TransferId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:016x}", self.0)
    }
}

impl FromStr for TransferId {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(text, 16).map(TransferId)
    }
}

/// Where a download goes. (An upload keeps its file's folder here; what it
/// sends is [`TransferSpec::kind`].)
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Destination {
    /// This exact file (if it exists, `NAME (1).ext` is used instead).
    File(PathBuf),
    /// A file in this folder, named from Content-Disposition or the URL.
    Folder(PathBuf),
}

impl Destination {
    /// The folder the file will be in.
    pub fn folder(&self) -> &Path {
        match self {
            Destination::File(path) => path.parent().unwrap_or(Path::new(".")),
            Destination::Folder(folder) => folder,
        }
    }
}

/// One request header set by the user. Its `Debug` hides a secret
/// value, so no log line (`FERRY_LOG=debug`) shows one.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HeaderPair {
    pub name: String,
    pub value: String,
}

impl fmt::Debug for HeaderPair {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value: &dyn fmt::Debug = if is_sensitive_header(&self.name) {
            &"<hidden>"
        } else {
            &self.value
        };
        formatter
            .debug_struct("HeaderPair")
            .field("name", &self.name)
            .field("value", value)
            .finish()
    }
}

/// Sets `header`, replacing any header of the same name (names are
/// case-insensitive).
pub fn replace_header(headers: &mut Vec<HeaderPair>, header: HeaderPair) {
    remove_header(headers, &header.name);
    headers.push(header);
}

/// Removes every header named `name` (case-insensitive).
pub fn remove_header(headers: &mut Vec<HeaderPair>, name: &str) {
    headers.retain(|existing| !existing.name.eq_ignore_ascii_case(name));
}

/// Request headers whose values are plainly public: they describe the
/// client or the request, never the person. Every other header a user
/// sets may carry a secret (`X-Api-Key`, `Private-Token`, a cookie).
const PUBLIC_HEADERS: [&str; 9] = [
    "user-agent",
    "referer",
    "accept",
    "accept-language",
    "dnt",
    "origin",
    "cache-control",
    "pragma",
    "x-requested-with",
];

/// True for headers that may carry secrets: all but [`PUBLIC_HEADERS`].
/// Their values are never written to state.ron (secrets do not touch disk
/// in clear).
pub fn is_sensitive_header(name: &str) -> bool {
    !PUBLIC_HEADERS
        .iter()
        .any(|public| name.eq_ignore_ascii_case(public))
}

/// Takes the user name and password written in `url`, if any, out of it.
pub fn take_url_credentials(url: &mut Url) -> Option<Credentials> {
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = Credentials {
        user_name: decode(url.username()),
        password: decode(url.password().unwrap_or_default()),
    };
    // Neither fails for a URL that has a host (one with userinfo has).
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(credentials)
}

/// One cookie as a cookies.txt line (Netscape's format, which browsers
/// export and wget, curl and yt-dlp read) or a browser gives it. Its
/// `Debug` hides the value.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GivenCookie {
    /// The host it belongs to (a leading dot is ignored).
    pub domain: String,
    /// Sent to the subdomains of `domain` too.
    #[serde(default)]
    pub include_subdomains: bool,
    pub path: String,
    /// Sent over HTTPS only.
    #[serde(default)]
    pub secure: bool,
    /// When it expires; `None` lasts the session (the transfer).
    #[serde(default)]
    pub expires_unix_secs: Option<i64>,
    pub name: String,
    pub value: String,
}

impl fmt::Debug for GivenCookie {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("GivenCookie")
            .field("domain", &self.domain)
            .field("include_subdomains", &self.include_subdomains)
            .field("path", &self.path)
            .field("secure", &self.secure)
            .field("name", &self.name)
            .field("value", &"<hidden>")
            .finish()
    }
}

/// A user name and password for the transfer's origin. Runtime only: never
/// written to state.ron (a spec skips it); only commands to the service
/// carry it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub user_name: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Credentials")
            .field("user_name", &self.user_name)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// What the caller asked for. Set when the transfer is created; `url` and
/// `request_headers` can change later (set-url, set_request_header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferSpec {
    pub transfer_id: TransferId,
    pub url: Url,
    pub destination: Destination,
    /// Extra request headers, sent to the origin of `url` only. Sensitive
    /// values are kept in memory only.
    #[serde(
        serialize_with = "serialize_headers_without_secrets",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub request_headers: Vec<HeaderPair>,
    #[serde(skip)]
    pub credentials: Option<Credentials>,
    /// Cookies given with the transfer (a cookies.txt, the browser's):
    /// sent only to the hosts and paths they belong to. Secret: never in
    /// state.ron (the keyring keeps them).
    #[serde(skip)]
    pub cookies: Vec<GivenCookie>,
    /// This transfer's own way to the network (`--proxy`, `--noproxy`);
    /// `None` follows the settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<ProxyChoice>,
    /// The user name and password for this transfer's own proxy. Secret,
    /// like `credentials`: the keyring keeps them.
    #[serde(skip)]
    pub proxy_credentials: Option<Credentials>,
    /// An `ftp://` download over explicit TLS (`--ftp-ssl`: AUTH TLS, then
    /// PBSZ and PROT P), refused when the server cannot.
    #[serde(default, skip_serializing_if = "is_default")]
    pub ftp_tls: bool,
    /// From a private browser window: its secrets are forgotten once it
    /// completes (a private window keeps no cookies after it closes).
    #[serde(default, skip_serializing_if = "is_default")]
    pub is_private: bool,
    /// The transfer was given credentials or secret headers, which state.ron
    /// does not keep: after a restart they must be given again before it
    /// runs (see [`TransferSpec::is_missing_secrets`]).
    #[serde(default, skip_serializing_if = "is_default")]
    pub has_secrets: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub priority: Priority,
    #[serde(default, skip_serializing_if = "is_default")]
    pub cost_policy: CostPolicy,
    /// HTTP statuses that pause the transfer (PausedRecoverableWebErrorStatus)
    /// instead of failing it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recoverable_statuses: Vec<u16>,
    /// Expected SHA-256 of the whole file, lowercase hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Connections to use for this file; `None` lets ferry choose (more for
    /// large files on servers that serve byte ranges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<u32>,
    /// Random access (Windows' `IsRandomAccessRequired`): bytes a reader
    /// waits for are fetched first.
    #[serde(default, skip_serializing_if = "is_default")]
    pub random_access: bool,
    /// This transfer's own speed limit, bytes per second (the global one
    /// applies too); `None` is unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes_per_second: Option<u64>,
    /// Runs on battery and in power-saving mode too (Windows'
    /// unconstrained transfers); others pause as `PausedSystemPolicy`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub unconstrained: bool,
    /// Download or upload, and for an upload what it sends. Kept in
    /// state.ron and on the socket as it always was (`upload: Some(…)`
    /// for an upload, nothing for a download), so no schema changed.
    #[serde(
        rename = "upload",
        with = "super::upload::kind_as_upload",
        default,
        skip_serializing_if = "TransferKind::is_download"
    )]
    pub kind: TransferKind,
}

impl TransferSpec {
    /// A download of `url` to `destination` with default policies.
    pub fn download(url: Url, destination: Destination) -> Self {
        TransferSpec {
            transfer_id: TransferId::new_random(),
            url,
            destination,
            request_headers: Vec::new(),
            credentials: None,
            cookies: Vec::new(),
            proxy: None,
            proxy_credentials: None,
            ftp_tls: false,
            is_private: false,
            has_secrets: false,
            group: None,
            priority: Priority::Default,
            cost_policy: CostPolicy::Default,
            recoverable_statuses: Vec::new(),
            sha256: None,
            connections: None,
            random_access: false,
            max_bytes_per_second: None,
            unconstrained: false,
            kind: TransferKind::Download,
        }
    }

    /// An upload of `file` to `url` with `method` and default policies.
    pub fn upload(url: Url, file: PathBuf, method: UploadMethod) -> Self {
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        TransferSpec {
            kind: TransferKind::Upload(UploadSource {
                file,
                method,
                parts: Vec::new(),
            }),
            ..TransferSpec::download(url, Destination::Folder(folder))
        }
    }

    /// A multipart form POST of `parts` to `url` (the first file part
    /// names the transfer).
    pub fn multipart(url: Url, parts: Vec<ContentPart>) -> Self {
        let first_file = parts
            .iter()
            .find_map(ContentPart::file_path)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut spec = TransferSpec::upload(url, first_file, UploadMethod::Multipart);
        if let TransferKind::Upload(upload) = &mut spec.kind {
            upload.parts = parts;
        }
        spec
    }

    pub fn is_upload(&self) -> bool {
        !self.kind.is_download()
    }

    /// What an upload sends; `None` for a download.
    pub fn upload_source(&self) -> Option<&UploadSource> {
        match &self.kind {
            TransferKind::Upload(source) => Some(source),
            TransferKind::Download => None,
        }
    }

    /// Moves a user name and password written in the URL
    /// (`https://ana:secret@host/f`) into the credentials, unless others
    /// were given, so the URL kept and shown holds no password.
    pub fn take_url_credentials(&mut self) {
        let taken = take_url_credentials(&mut self.url);
        if self.credentials.is_none() {
            self.credentials = taken;
        }
    }

    /// Whether credentials, a secret header or cookies are in memory now.
    pub fn holds_secrets(&self) -> bool {
        self.credentials.is_some()
            || self.proxy_credentials.is_some()
            || !self.cookies.is_empty()
            || self
                .request_headers
                .iter()
                .any(|header| is_sensitive_header(&header.name))
    }

    /// Records whether the transfer holds secrets; called after its
    /// credentials or headers were given or changed.
    pub fn note_secrets(&mut self) {
        self.has_secrets = self.holds_secrets();
    }

    /// The transfer was given secrets that are gone (a restart: state.ron
    /// never keeps them): it must not run without them.
    pub fn is_missing_secrets(&self) -> bool {
        self.has_secrets && !self.holds_secrets()
    }
}

fn serialize_headers_without_secrets<S: Serializer>(
    headers: &[HeaderPair],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let kept: Vec<&HeaderPair> = headers
        .iter()
        .filter(|header| !is_sensitive_header(&header.name))
        .collect();
    kept.serialize(serializer)
}

/// What identifies the version of a resource, so a resume never mixes two.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Validator {
    /// A strong entity tag, with its quotes, e.g. `"abc"`.
    ETag(String),
    /// A Last-Modified date as the server sent it.
    LastModified(String),
    /// What a protocol without entity tags tells of a file (FTP's `SIZE`
    /// and `MDTM`): its length and modification time, as the server wrote
    /// it. HTTP cannot send it as `If-Range`, so an HTTP resume with it
    /// starts over.
    SizeAndModified { size: u64, modified: String },
}

impl Validator {
    /// The value to send as HTTP's `If-Range`, when it has one.
    pub fn as_if_range(&self) -> Option<&str> {
        match self {
            Validator::ETag(tag) | Validator::LastModified(tag) => Some(tag),
            Validator::SizeAndModified { .. } => None,
        }
    }
}

/// Half-open byte range `[start, end)` of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ByteRange {
    pub start: u64,
    pub end: u64,
}

impl ByteRange {
    pub fn len(self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// Which file on disk a download's `.part` file is (device and inode),
/// recorded when ferry made it: a file put under its name later is not it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartFileId {
    pub device: u64,
    pub inode: u64,
    /// It carries the transfer's tag (the file system keeps extended
    /// attributes): a file without it is not the one (inodes are reused).
    #[serde(default)]
    pub is_tagged: bool,
}

/// A transfer as the engine knows it and state.ron keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub spec: TransferSpec,
    #[serde(default)]
    pub status: Status,
    /// What went wrong, or why it waits (Error and paused statuses, and a
    /// running transfer between retries); its `Display` says what to do.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::transfer_error::deserialize_error"
    )]
    pub error: Option<TransferError>,
    #[serde(default)]
    pub progress: Progress,
    #[serde(default)]
    pub response: Option<ResponseInfo>,
    /// The validator of the bytes on disk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validator: Option<Validator>,
    /// Byte ranges of the file that are flushed to disk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<ByteRange>,
    /// The final path once chosen; data goes to this path plus `.part`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_path: Option<PathBuf>,
    /// The `.part` file ferry made for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_file: Option<PartFileId>,
    /// How many times the transfer started over from zero.
    #[serde(default, skip_serializing_if = "is_default")]
    pub restarts: u32,
    /// A resumable upload's place on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resumable: Option<ResumableUpload>,
    /// Seconds since the Unix epoch when it was created.
    #[serde(default)]
    pub created_unix_secs: u64,
}

impl Transfer {
    /// A new transfer in `Idle`.
    pub fn new(spec: TransferSpec) -> Self {
        let created_unix_secs = super::unix_now_secs();
        Transfer {
            spec,
            status: Status::Idle,
            error: None,
            progress: Progress::default(),
            response: None,
            validator: None,
            ranges: Vec::new(),
            file_path: None,
            part_file: None,
            restarts: 0,
            resumable: None,
            created_unix_secs,
        }
    }

    pub fn transfer_id(&self) -> TransferId {
        self.spec.transfer_id
    }

    /// Bytes moved so far: sent for an upload, received for a download.
    pub fn bytes_moved(&self) -> u64 {
        if self.spec.is_upload() {
            self.progress.bytes_sent
        } else {
            self.progress.bytes_received
        }
    }

    /// The size of what moves, when known: the upload's file, the
    /// download's body.
    pub fn bytes_to_move(&self) -> Option<u64> {
        if self.spec.is_upload() {
            self.progress.total_bytes_to_send
        } else {
            self.progress.total_bytes_to_receive
        }
    }

    /// Bytes durable on disk.
    pub fn bytes_on_disk(&self) -> u64 {
        self.ranges.iter().map(|range| range.len()).sum()
    }

    /// The name shown to people: the file name once known, else the URL's
    /// last segment.
    pub fn display_name(&self) -> String {
        if let TransferKind::Upload(upload) = &self.spec.kind
            && upload.method == UploadMethod::Multipart
        {
            let files = upload
                .parts
                .iter()
                .filter(|part| part.file_path().is_some())
                .count();
            let first = upload
                .file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| "form".to_owned());
            return match files {
                0 | 1 => first,
                files => format!("{first} and {} more", files - 1),
            };
        }
        if let Some(name) = self
            .spec
            .upload_source()
            .and_then(|upload| upload.file.file_name())
        {
            return name.to_string_lossy().into_owned();
        }
        if let Some(name) = self.file_path.as_ref().and_then(|path| path.file_name()) {
            return name.to_string_lossy().into_owned();
        }
        if let Destination::File(path) = &self.spec.destination
            && let Some(name) = path.file_name()
        {
            return name.to_string_lossy().into_owned();
        }
        self.spec
            .url
            .path_segments()
            .and_then(|mut segments| segments.next_back().map(str::to_owned))
            .filter(|segment| !segment.is_empty())
            .unwrap_or_else(|| self.spec.url.as_str().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(url: &str) -> TransferSpec {
        TransferSpec::download(
            Url::parse(url).expect("url"),
            Destination::Folder("/tmp".into()),
        )
    }

    #[test]
    fn a_password_in_the_url_becomes_credentials_and_leaves_the_url() {
        let mut with_userinfo = spec("https://ana%40home:p%3Ass@127.0.0.1:8/f?q=1");
        with_userinfo.take_url_credentials();
        assert_eq!(with_userinfo.url.as_str(), "https://127.0.0.1:8/f?q=1");
        let credentials = with_userinfo.credentials.expect("credentials");
        assert_eq!(credentials.user_name, "ana@home");
        assert_eq!(credentials.password, "p:ss");

        // Credentials given on their own win; the URL is cleaned anyway.
        let mut both = spec("https://eve:guess@127.0.0.1/f");
        both.credentials = Some(Credentials {
            user_name: "ana".to_owned(),
            password: "given".to_owned(),
        });
        both.take_url_credentials();
        assert_eq!(both.url.as_str(), "https://127.0.0.1/f");
        assert_eq!(both.credentials.expect("kept").password, "given");
    }

    #[test]
    fn a_debug_print_of_a_spec_shows_no_secret() {
        let mut secret = spec("https://127.0.0.1/f");
        secret.request_headers = vec![
            HeaderPair {
                name: "X-Api-Key".to_owned(),
                value: "KEY-VALUE".to_owned(),
            },
            HeaderPair {
                name: "User-Agent".to_owned(),
                value: "agent-value".to_owned(),
            },
        ];
        secret.credentials = Some(Credentials {
            user_name: "ana".to_owned(),
            password: "PASSWORD-VALUE".to_owned(),
        });
        let printed = format!("{secret:?}");
        assert!(!printed.contains("KEY-VALUE"), "{printed}");
        assert!(!printed.contains("PASSWORD-VALUE"), "{printed}");
        assert!(printed.contains("agent-value"), "{printed}");
    }

    #[test]
    fn only_plainly_public_headers_are_not_secret() {
        for public in ["User-Agent", "referer", "ACCEPT-LANGUAGE"] {
            assert!(!is_sensitive_header(public), "{public}");
        }
        for secret in ["X-Api-Key", "Private-Token", "Cookie", "Authorization"] {
            assert!(is_sensitive_header(secret), "{secret}");
        }
    }
}
