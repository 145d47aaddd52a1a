//! The formats other processes and other versions read, pinned by golden
//! files in `tests/golden/`: state.ron (`state-vN.ron`, N the schema
//! version) and the service's welcome (`welcome-vN.json`, N the protocol
//! version), each of a state that sets every field. A change of shape
//! fails here until the golden file is renewed on purpose
//! (`FERRY_UPDATE_GOLDEN=1 cargo test formats`), which shows in review; a
//! change an older ferry cannot read also raises the version, which makes
//! a new file beside the old ones. Every older state file still loads.

use std::path::{Path, PathBuf};

use ferry::model::{
    ActionOutcome, ByteRange, CompletionAction, CompletionGroup, CompletionGroupId, ContentPart,
    CostPolicy, Credentials, Destination, FileIdentity, Firing, GroupBehavior, HeaderPair,
    LimitWindow, ManualProxy, MemberResult, PartFileId, PolicySwitches, Priority, ProgramAction,
    ProxyChoice, ResponseInfo, ResumableUpload, Schedule, Settings, Status, SystemConditions,
    Theme, TimeWindow, Transfer, TransferError, TransferGroup, TransferId, TransferSpec,
    UploadMethod, Validator, Weekdays, WhenDone,
};
use ferry::service::{PROTOCOL_VERSION, Welcome};
use ferry::store::{PersistedState, SCHEMA_VERSION, StateStore};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `text` with the golden file `name`, or writes it when asked.
fn check_golden(name: &str, text: &str, version_words: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("FERRY_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).expect("write the golden file");
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no golden file {}: the {version_words} was raised; write it with FERRY_UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert!(
        golden == text,
        "the shape of {name} changed. If older readers cannot read it, raise the {version_words}; \
         then renew the golden file with FERRY_UPDATE_GOLDEN=1 cargo test formats.\n--- golden\n{golden}\n--- now\n{text}"
    );
}

fn url(text: &str) -> url::Url {
    url::Url::parse(text).expect("url")
}

/// A state in which every field holds something.
fn full_state() -> PersistedState {
    let mut download = Transfer::new(TransferSpec::download(
        url("http://127.0.0.1:9/full.iso"),
        Destination::File("/home/me/Downloads/full.iso".into()),
    ));
    download.spec.transfer_id = TransferId(1);
    download.spec.request_headers = vec![
        HeaderPair {
            name: "User-Agent".to_owned(),
            value: "7".to_owned(),
        },
        HeaderPair {
            name: "Authorization".to_owned(),
            value: "Bearer never-on-disk".to_owned(),
        },
    ];
    download.spec.credentials = Some(Credentials {
        user_name: "ana".to_owned(),
        password: "never-on-disk".to_owned(),
    });
    download.spec.proxy = Some(ProxyChoice::Manual(ManualProxy {
        url: url("socks5h://127.0.0.1:1080"),
        no_proxy: "localhost,.lan".to_owned(),
    }));
    download.spec.proxy_credentials = Some(Credentials {
        user_name: "bo".to_owned(),
        password: "never-on-disk".to_owned(),
    });
    download.spec.note_secrets();
    download.spec.group = Some("nightly".to_owned());
    download.spec.priority = Priority::High;
    download.spec.cost_policy = CostPolicy::UnrestrictedOnly;
    download.spec.recoverable_statuses = vec![403, 410];
    download.spec.sha256 = Some("ab".repeat(32));
    download.spec.connections = Some(4);
    download.spec.random_access = true;
    download.spec.max_bytes_per_second = Some(1_048_576);
    download.spec.unconstrained = true;
    download.status = Status::PausedRecoverableWebErrorStatus;
    download.error = Some(TransferError::Retrying {
        cause: Box::new(TransferError::Http { status: 503 }),
        delay_secs: 2,
    });
    download.progress.bytes_received = 300;
    download.progress.total_bytes_to_receive = Some(1000);
    download.progress.has_restarted = true;
    download.progress.has_response_changed = true;
    download.response = Some(ResponseInfo {
        actual_url: url("http://127.0.0.1:9/mirror/full.iso"),
        status_code: 206,
        headers: vec![("etag".to_owned(), "\"v1\"".to_owned())],
        is_resumable: true,
        body_text: Some("short answer".to_owned()),
        headers_left_out: 3,
    });
    download.validator = Some(Validator::ETag("\"v1\"".to_owned()));
    download.ranges = vec![ByteRange { start: 0, end: 300 }];
    download.file_path = Some("/home/me/Downloads/full.iso".into());
    download.part_file = Some(PartFileId {
        device: 2049,
        inode: 77,
        is_tagged: true,
    });
    download.restarts = 2;
    download.created_unix_secs = 1_765_000_000;

    let mut form = Transfer::new(TransferSpec::multipart(
        url("https://127.0.0.1:9/upload"),
        vec![
            ContentPart::text("title", "Trip"),
            ContentPart {
                headers: vec![HeaderPair {
                    name: "X-Part".to_owned(),
                    value: "1".to_owned(),
                }],
                ..ContentPart::file("photos", "/home/me/a.jpg".into())
            },
        ],
    ));
    form.spec.transfer_id = TransferId(2);
    form.status = Status::Completed;
    form.progress.bytes_sent = 10;
    form.progress.total_bytes_to_send = Some(10);
    form.created_unix_secs = 1_765_000_001;

    let mut resumable = Transfer::new(TransferSpec::upload(
        url("https://127.0.0.1:9/files"),
        "/home/me/big.mkv".into(),
        UploadMethod::Resumable,
    ));
    resumable.spec.transfer_id = TransferId(3);
    resumable.status = Status::Error;
    resumable.error = Some(TransferError::PartFileReplaced {
        reason: "it is a symbolic link".to_owned(),
    });
    resumable.resumable = Some(ResumableUpload {
        upload_url: url("https://127.0.0.1:9/files/abc"),
        file: FileIdentity {
            size: 5_000_000,
            modified_secs: 1_765_000_000,
            modified_nanos: 5,
            edges_sha256: "cd".repeat(32),
        },
        offset: 4_000_000,
    });
    resumable.created_unix_secs = 1_765_000_002;

    let completion = CompletionGroup {
        id: CompletionGroupId(9),
        members: vec![TransferId(1), TransferId(2)],
        enabled: true,
        transfer_group: Some("nightly".to_owned()),
        firing: Some(Firing {
            fired_unix_secs: 1_765_000_100,
            results: vec![MemberResult {
                transfer_id: TransferId(2),
                url: Some(url("https://127.0.0.1:9/upload")),
                path: Some("/home/me/a.jpg".into()),
                status: "completed".to_owned(),
                error: Some("none".to_owned()),
                bytes: 10,
                is_upload: true,
            }],
            outcome: ActionOutcome::Exited {
                code: Some(0),
                output_tail: vec!["done".to_owned()],
            },
        }),
        ..CompletionGroup::new(
            "nightly run",
            WhenDone {
                notify: true,
                action: Some(CompletionAction::Run(ProgramAction {
                    program: "/usr/bin/notify-send".into(),
                    args: vec!["{group}".to_owned(), "{status}".to_owned()],
                    timeout_secs: 60,
                })),
            },
        )
    };
    let group = TransferGroup {
        current: Some(TransferId(1)),
        when_done: WhenDone {
            notify: true,
            action: Some(CompletionAction::OpenFolder),
        },
        ..TransferGroup::new("nightly", GroupBehavior::Serialized)
    };
    let office = TimeWindow {
        days: Weekdays(0b001_1111),
        start_minute: 8 * 60,
        end_minute: 18 * 60,
    };
    let settings = Settings {
        max_simultaneous_transfers: 6,
        connections_per_download: 12,
        connections_per_host: 20,
        download_limit: Some(2_000_000),
        upload_limit: Some(500_000),
        download_folder: Some("/home/me/Downloads".into()),
        policy: PolicySwitches {
            metered: true,
            over_data_limit: true,
            block_background_data: true,
            save_battery: true,
            battery_threshold_percent: 30,
        },
        schedule: Schedule {
            limit_windows: vec![LimitWindow {
                window: office,
                download_limit: Some(1_000_000),
            }],
            only_between: Some(TimeWindow {
                days: Weekdays(0b111_1111),
                start_minute: 22 * 60,
                end_minute: 6 * 60,
            }),
        },
        notifications_enabled: false,
        notify_failures_only: true,
        theme: Theme::Dark,
        extra_ca_cert: Some("/home/me/ca.pem".into()),
        keep_running_in_background: false,
        proxy: ProxyChoice::Manual(ManualProxy {
            url: url("http://127.0.0.1:3128"),
            no_proxy: String::new(),
        }),
        pinned_certificates: [("nas.lan".to_owned(), "AB:".repeat(31) + "AB")]
            .into_iter()
            .collect(),
        browser_starts_without_asking: true,
        ftp_over_tls: true,
        remove_unfinished: ferry::model::RemoveUnfinished::KeepPartial,
        watch_clipboard: true,
        categories: vec![ferry::model::CategoryRule {
            name: "Books".to_owned(),
            extensions: vec!["epub".to_owned(), "mobi".to_owned()],
            mime_types: vec!["application/epub+zip".to_owned()],
        }],
        sort_into_category_folders: true,
        language: Some(ferry::model::Locale::Korean),
    };
    PersistedState {
        version: SCHEMA_VERSION,
        journal_generation: 4,
        groups: vec![group],
        transfers: vec![download, form, resumable, ftp_download()],
        settings,
        completion_groups: vec![completion],
        prefetch: prefetch_entries(),
    }
}

/// A resource kept fresh and an indirect list with one member fetched.
fn prefetch_entries() -> Vec<ferry::model::PrefetchEntry> {
    use ferry::model::{PrefetchCopy, PrefetchEntry, PrefetchId, PrefetchKind, PrefetchMember};
    let mut resource = PrefetchEntry::new(
        PrefetchId(1),
        url("https://127.0.0.1:8443/news/feed.xml"),
        PrefetchKind::Resource,
        6 * 3600,
    );
    resource.copy = PrefetchCopy {
        file: Some("/home/me/.local/share/ferry/prefetched/1/feed.xml".into()),
        etag: Some("\"v7\"".to_owned()),
        last_modified: Some("Mon, 07 Dec 2026 08:00:00 GMT".to_owned()),
        bytes: 5120,
        checked_unix_secs: Some(1_765_000_200),
        changed_unix_secs: Some(1_765_000_100),
        error: None,
    };
    resource.attempted_unix_secs = Some(1_765_000_200);
    let mut list = PrefetchEntry::new(
        PrefetchId(2),
        url("https://127.0.0.1:8443/lists/today.txt"),
        PrefetchKind::IndirectList,
        86_400,
    );
    list.copy.etag = Some("W/\"l1\"".to_owned());
    list.members = vec![PrefetchMember {
        url: url("https://127.0.0.1:8443/episodes/1.mp3"),
        copy: PrefetchCopy {
            error: Some("HTTP 503; the copy was kept".to_owned()),
            ..PrefetchCopy::default()
        },
    }];
    vec![resource, list]
}

/// An FTP download part way, with the validator FTP gives (schema 3).
fn ftp_download() -> Transfer {
    let mut ftp = Transfer::new(TransferSpec::download(
        url("ftp://127.0.0.1:21/pub/image.iso"),
        Destination::Folder("/home/me/Downloads".into()),
    ));
    ftp.spec.transfer_id = TransferId(4);
    ftp.status = Status::Idle;
    ftp.validator = Some(Validator::SizeAndModified {
        size: 4_000_000,
        modified: "2026-12-01 10:00:00".to_owned(),
    });
    ftp.progress.total_bytes_to_receive = Some(4_000_000);
    ftp.progress.bytes_received = 1_000_000;
    ftp.ranges = vec![ByteRange {
        start: 0,
        end: 1_000_000,
    }];
    ftp.file_path = Some("/home/me/Downloads/image.iso".into());
    ftp.created_unix_secs = 1_765_000_003;
    ftp
}

#[test]
fn state_ron_keeps_its_shape_until_its_version_is_raised() {
    let text = StateStore::serialize(&full_state()).expect("serialize");
    assert!(
        !text.contains("never-on-disk"),
        "a secret reached state.ron"
    );
    check_golden(
        &format!("state-v{SCHEMA_VERSION}.ron"),
        &text,
        "schema version (store::SCHEMA_VERSION)",
    );
}

#[test]
fn the_welcome_keeps_its_shape_until_the_protocol_is_raised() {
    let state = full_state();
    let welcome = Welcome {
        protocol: PROTOCOL_VERSION,
        version: "0.0.0-golden".to_owned(),
        pid: 42,
        transfers: state.transfers,
        pieces_to_follow: 0,
        groups: state.groups,
        completion_groups: state.completion_groups,
        prefetch: state.prefetch,
        speed_history: vec![
            [1_765_000_000.0, 1_048_576.0],
            [1_765_000_001.0, 2_097_152.0],
        ],
        settings: state.settings,
        conditions: SystemConditions::default(),
        tray_is_shown: Some(true),
    };
    let frames: Vec<String> = welcome
        .into_frames()
        .iter()
        .map(|frame| String::from_utf8(frame.to_vec()).expect("utf-8"))
        .collect();
    check_golden(
        &format!("welcome-v{PROTOCOL_VERSION}.json"),
        &(frames.join("\n") + "\n"),
        "protocol version (service::PROTOCOL_VERSION)",
    );
}

// Every state file an earlier ferry wrote (the golden files of older
// schema versions) still loads, with nothing set aside.
#[test]
fn every_older_state_file_still_loads() {
    let mut checked = 0;
    for entry in std::fs::read_dir(golden_dir()).expect("golden dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let Some(version) = name
            .strip_prefix("state-v")
            .and_then(|rest| rest.strip_suffix(".ron"))
            .and_then(|number| number.parse::<u32>().ok())
        else {
            continue;
        };
        assert!(version <= SCHEMA_VERSION, "{name} is newer than this ferry");
        let dir = tempfile::tempdir().expect("dir");
        std::fs::copy(&path, dir.path().join("state.ron")).expect("copy");
        let loaded = ferry::store::read_state(dir.path()).expect("load");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        assert!(!loaded.state.transfers.is_empty(), "{name}");
        checked += 1;
    }
    assert!(checked >= 1);
}
