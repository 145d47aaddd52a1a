//! state.ron: atomic saves, the backup, corrupt and newer files, the lock.

use std::fs;

use ferry::model::{Destination, Transfer, TransferSpec};
use ferry::store::{PersistedState, SCHEMA_VERSION, StateStore, StoreError, read_state};

fn state_with_one_transfer() -> PersistedState {
    let spec = TransferSpec::download(
        url::Url::parse("http://127.0.0.1:9/kept.bin").expect("url"),
        Destination::Folder("/tmp".into()),
    );
    PersistedState {
        transfers: vec![Transfer::new(spec)],
        ..PersistedState::default()
    }
}

fn save(dir: &std::path::Path, state: &PersistedState) {
    let (store, _) = StateStore::open(dir).expect("open");
    store
        .save_text(&StateStore::serialize(state).expect("serialize"))
        .expect("save");
}

#[test]
fn saves_round_trip_and_keep_a_backup() {
    let dir = tempfile::tempdir().expect("dir");
    let first = state_with_one_transfer();
    save(dir.path(), &first);
    let mut second = first.clone();
    second.settings.max_simultaneous_transfers = 9;
    save(dir.path(), &second);
    let (_, loaded) = StateStore::open(dir.path()).expect("open");
    assert_eq!(loaded.state, second);
    assert!(loaded.warnings.is_empty());
    let backup = fs::read_to_string(dir.path().join("state.ron.bak")).expect("backup");
    assert!(backup.contains("max_simultaneous_transfers:4"));
}

fn corrupt_main_file_loads_the_backup(corrupt: &[u8]) {
    let dir = tempfile::tempdir().expect("dir");
    let good = state_with_one_transfer();
    save(dir.path(), &good);
    save(dir.path(), &good); // now state.ron.bak is good too
    fs::write(dir.path().join("state.ron"), corrupt).expect("write");
    let (_, loaded) = StateStore::open(dir.path()).expect("open");
    assert_eq!(loaded.state.transfers.len(), 1, "the backup was loaded");
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    let names = crate::support::file_names(dir.path());
    let aside: Vec<_> = names
        .iter()
        .filter(|name| name.starts_with("state.ron.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{names:?}");
    assert_eq!(
        fs::read(dir.path().join(aside[0])).expect("kept aside"),
        corrupt
    );
}

#[test]
fn empty_state_file_is_kept_aside() {
    corrupt_main_file_loads_the_backup(b"");
}

#[test]
fn truncated_state_file_is_kept_aside() {
    let text = StateStore::serialize(&state_with_one_transfer()).expect("serialize");
    corrupt_main_file_loads_the_backup(&text.as_bytes()[..text.len() / 2]);
}

#[test]
fn garbage_state_file_is_kept_aside() {
    corrupt_main_file_loads_the_backup(b"\x00\xff not ron at all {{{");
}

fn newer_state_file_is_refused_untouched(newer: &str) {
    let dir = tempfile::tempdir().expect("dir");
    fs::write(dir.path().join("state.ron"), newer).expect("write");
    let error = StateStore::open(dir.path()).expect_err("refused");
    assert!(matches!(error, StoreError::NewerVersion { .. }), "{error}");
    assert_eq!(
        fs::read_to_string(dir.path().join("state.ron")).expect("read"),
        newer
    );
    assert!(!dir.path().join("state.ron.bak").exists());
    assert_eq!(
        crate::support::file_names(dir.path()).len(),
        2,
        "state.ron and the lock"
    );
}

#[test]
fn a_newer_state_file_is_refused_untouched() {
    newer_state_file_is_refused_untouched(&format!(
        "(version: {}, transfers: [], shiny_new_field: 3)",
        SCHEMA_VERSION + 1
    ));
}

#[test]
fn a_newer_state_file_that_is_not_ours_to_parse_is_refused_untouched() {
    newer_state_file_is_refused_untouched(&format!(
        "(version: {}, transfers: \"now a string\")",
        SCHEMA_VERSION + 1
    ));
}

#[test]
fn a_state_file_without_a_version_is_kept_aside() {
    corrupt_main_file_loads_the_backup(b"(transfers: [])");
}

#[test]
fn only_one_writer_and_readers_still_read() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), &state_with_one_transfer());
    let (_writer, _) = StateStore::open(dir.path()).expect("first writer");
    let second = StateStore::open(dir.path()).expect_err("second writer refused");
    assert!(
        matches!(second, StoreError::Locked { pid: Some(pid), .. } if pid == std::process::id()),
        "{second}"
    );
    let read = read_state(dir.path()).expect("reader");
    assert_eq!(read.state.transfers.len(), 1);
}

/// A state.ron of version 1 (before resumable and multipart uploads) reads
/// as it is, its transfers and settings kept.
#[test]
fn a_version_1_state_file_still_reads() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("state.ron"),
        "(version: 1, settings: (max_simultaneous_transfers: 7), groups: [(name: \"nightly\")], \
         transfers: [(spec: (transfer_id: 5, url: \"http://127.0.0.1/a.iso\", destination: Folder(\"/tmp\")), status: Completed)])",
    )
    .expect("write");
    let loaded = read_state(dir.path()).expect("read");
    assert_eq!(loaded.state.transfers.len(), 1);
    assert_eq!(loaded.state.settings.max_simultaneous_transfers, 7);
    assert_eq!(loaded.state.groups[0].name, "nightly");
    assert!(loaded.state.completion_groups.is_empty());
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}
