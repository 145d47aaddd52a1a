//! The command line in the reader's language: errors and tables follow
//! `LANGUAGE`/`LC_ALL`/`LC_MESSAGES`/`LANG`; output for programs
//! (`--json`, exit codes) is the same bytes in every language.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::ferry_binary;
use crate::support::server::{Reply, TestServer, serve_bytes};

/// Locale settings that name a language (the rest removed, so the
/// person's own do not leak in).
const FRENCH: [(&str, &str); 1] = [("LANG", "fr_FR.UTF-8")];
const KOREAN: [(&str, &str); 2] = [("LANG", "ko_KR.UTF-8"), ("LANGUAGE", "ko")];
const ENGLISH: [(&str, &str); 1] = [("LANG", "C.UTF-8")];

/// `ferry --state-dir STATE ARGUMENTS` in the language `locale` names.
fn ferry_in(locale: &[(&str, &str)], state_dir: &Path, arguments: &[&str]) -> Output {
    let mut command = Command::new(ferry_binary());
    command
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null());
    for (name, value) in locale {
        command.env(name, value);
    }
    command.output().expect("run ferry")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn errors_are_written_in_the_readers_language() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().to_str().expect("utf-8").to_owned();
    let arguments = ["get", "example.org/x.iso", "-d", &downloads];
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&ENGLISH, "no scheme; write https://example.org/x.iso"),
        (&FRENCH, "pas de schéma ; écrivez https://example.org/x.iso"),
        (
            &KOREAN,
            "스킴이 없습니다. https://example.org/x.iso처럼 쓰세요",
        ),
    ];
    for (locale, words) in cases {
        let output = ferry_in(locale, &state_dir, &arguments);
        assert_eq!(output.status.code(), Some(2), "{locale:?}");
        let stderr = stderr_of(&output);
        assert!(stderr.contains(words), "{locale:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let output = ferry_in(&FRENCH, &state_dir, &["resume", "zz"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr_of(&output).contains("identifiant de transfert invalide"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn json_is_the_same_bytes_in_every_language_and_tables_are_translated() {
    let server = TestServer::start(|request, _| {
        if request.path.ends_with("gone.bin") {
            Reply::status(404)
        } else {
            serve_bytes(request, b"the file", None)
        }
    });
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let folder = downloads.to_str().expect("utf-8");
    let saved = ferry_in(
        &ENGLISH,
        &state_dir,
        &["get", server.url("/kept.bin").as_str(), "-d", folder, "-q"],
    );
    assert_eq!(saved.status.code(), Some(0), "{}", stderr_of(&saved));
    let failed = ferry_in(
        &FRENCH,
        &state_dir,
        &["get", server.url("/gone.bin").as_str(), "-d", folder, "-q"],
    );
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr_of(&failed).contains("le serveur a répondu 404 Not Found ; vérifiez l'URL"),
        "{}",
        stderr_of(&failed)
    );
    let json: Vec<Vec<u8>> = [&ENGLISH[..], &FRENCH[..], &KOREAN[..]]
        .into_iter()
        .map(|locale| {
            let listed = ferry_in(locale, &state_dir, &["list", "--json"]);
            assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
            listed.stdout
        })
        .collect();
    assert_eq!(json[0], json[1], "French --json differs from English");
    assert_eq!(json[0], json[2], "Korean --json differs from English");
    let text = String::from_utf8_lossy(&json[0]);
    assert!(text.contains("\"status_words\": \"completed\""), "{text}");
    assert!(text.contains("the server answered 404"), "{text}");

    let table = ferry_in(&FRENCH, &state_dir, &["list"]);
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(table.contains("ÉTAT"), "{table}");
    assert!(table.contains("terminé"), "{table}");
    assert!(table.contains("échoué"), "{table}");
    let table = ferry_in(&KOREAN, &state_dir, &["list"]);
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(table.contains("완료됨"), "{table}");
    // Hangul takes two cells: the columns after the status still line up.
    let name_column: Vec<usize> = table
        .lines()
        .filter(|line| line.contains(".bin") || line.contains("이름"))
        .map(|line| {
            let before = line
                .find("kept.bin")
                .or_else(|| line.find("gone.bin"))
                .or_else(|| line.find("이름"))
                .expect("name");
            unicode_width::UnicodeWidthStr::width(&line[..before])
        })
        .collect();
    assert_eq!(name_column.len(), 3, "{table}");
    assert!(
        name_column.windows(2).all(|pair| pair[0] == pair[1]),
        "{name_column:?}\n{table}"
    );
}
