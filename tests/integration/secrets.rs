//! Secrets never touch disk in clear, and what ferry keeps is the user's
//! alone: a password in the URL, custom header values, the modes of the
//! state folder and its files.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;

use ferry::model::Status;

use crate::support::server::{Reply, TestServer, serve_bytes};
use crate::support::service::ServiceFolder;
use crate::support::{test_bytes, wait_until_saved};

const PASSWORD: &str = "s3cr3t-pw";
const API_KEY: &str = "TOPSECRET-KEY-41";
const PRIVATE_TOKEN: &str = "PRIVATE-TOKEN-97";

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").mode() & 0o777
}

/// Every file under `dir` whose bytes hold `needle`.
fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(files_holding(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes
                .windows(needle.len())
                .any(|window| window == needle.as_bytes())
        {
            found.push(path.display().to_string());
        }
    }
    found
}

// `ferry get http://ana:secret@HOST/f -H 'X-Api-Key: …'` wrote the
// password (in the URL) and the key into state.ron and its backup.
#[test]
fn a_password_in_the_url_and_secret_headers_never_reach_the_state_folder() {
    let body = Arc::new(test_bytes(200_000, 31));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        // "ana:s3cr3t-pw" in Basic form.
        if request.header("authorization") != Some("Basic YW5hOnMzY3IzdC1wdw==")
            || request.header("x-api-key") != Some(API_KEY)
        {
            return Reply {
                status: 401,
                ..Reply::default()
            }
            .with_header("WWW-Authenticate", "Basic realm=\"files\"");
        }
        serve_bytes(request, &served, Some("\"k1\""))
    });
    let folder = ServiceFolder::new();
    let url = server.url("/protected.bin").as_str().replacen(
        "http://",
        &format!("http://ana:{PASSWORD}@"),
        1,
    );
    folder.add_with(&[
        &url,
        "-H",
        &format!("X-Api-Key: {API_KEY}"),
        "-H",
        &format!("Private-Token: {PRIVATE_TOKEN}"),
        "-H",
        "User-Agent: ferry-test-agent",
    ]);
    let saved = wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.status == Status::Completed
    });
    assert_eq!(
        std::fs::read(folder.downloads().join("protected.bin")).expect("downloaded"),
        *body
    );
    assert!(
        !saved.spec.url.as_str().contains("ana"),
        "the URL kept holds no user info: {}",
        saved.spec.url
    );
    // A second save makes the backup: it must be as clean.
    let listed = folder.ferry(&["list", "--json"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    for secret in [PASSWORD, API_KEY, PRIVATE_TOKEN] {
        assert_eq!(
            files_holding(&folder.state_dir(), secret),
            Vec::<String>::new(),
            "{secret} is on disk"
        );
        assert!(!listed.contains(secret), "{secret} in ferry list --json");
    }
    // A plainly public header is kept, so the transfer needs nothing back
    // for it after a restart.
    assert!(
        saved
            .spec
            .request_headers
            .iter()
            .any(|header| header.value == "ferry-test-agent")
    );
}

// The state folder was created 0755 and its files 0644: every local user
// could read which URLs and files a person fetched.
#[test]
fn the_state_folder_and_its_files_are_the_users_alone() {
    let body = Arc::new(test_bytes(50_000, 32));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"m1\"")));
    let folder = ServiceFolder::new();
    let state_dir = folder.state_dir();
    // As an older ferry (or a wide umask) left them.
    std::fs::create_dir(&state_dir).expect("mkdir");
    std::fs::set_permissions(&state_dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    for name in ["service.log", "state.ron"] {
        let path = state_dir.join(name);
        let text = if name == "state.ron" {
            "(version: 2)\n"
        } else {
            "an old line\n"
        };
        std::fs::write(&path, text).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    folder.add(server.url("/modes.bin").as_str());
    wait_until_saved(&state_dir, |transfer| transfer.status == Status::Completed);
    let _ = folder.ferry(&["list"]);

    assert_eq!(mode_of(&state_dir), 0o700, "the state folder");
    for entry in std::fs::read_dir(&state_dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            assert_eq!(mode_of(&path), 0o600, "{}", path.display());
        }
    }
    for name in ["state.ron", "service.log"] {
        assert!(state_dir.join(name).exists(), "{name} exists");
    }
}
