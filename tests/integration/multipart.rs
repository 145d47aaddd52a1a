//! Multipart form uploads (RFC 7578): the body checked byte for byte by
//! the server, hostile names that must not inject a header or a part,
//! many files in one form, and `ferry upload`.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use ferry::model::{ContentPart, HeaderPair, PartContent, TransferSpec};

use crate::cli::stderr_of;
use crate::support::server::{RecordedRequest, Reply, TestServer};
use crate::support::{Harness, ferry_binary, test_bytes};

/// The boundary the request's Content-Type names.
fn boundary_of(request: &RecordedRequest) -> String {
    let content_type = request.header("Content-Type").expect("a Content-Type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a form: {content_type}"));
    assert!(
        !boundary.is_empty() && boundary.len() <= 70,
        "RFC 2046: 1 to 70 characters"
    );
    boundary.to_owned()
}

/// The body RFC 7578 prescribes for `parts` (written here from the RFC,
/// not taken from ferry), with names encoded as HTML forms do.
fn expected_body(boundary: &str, parts: &[(&str, Expected)]) -> Vec<u8> {
    let encode = |name: &str| {
        name.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut body = Vec::new();
    for (name, content) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match content {
            Expected::Text(value) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
                        encode(name)
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(value.as_bytes());
            }
            Expected::File {
                file_name,
                content_type,
                bytes,
                extra_header,
            } => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n",
                        encode(name),
                        encode(file_name)
                    )
                    .as_bytes(),
                );
                if let Some(header) = extra_header {
                    body.extend_from_slice(format!("{header}\r\n").as_bytes());
                }
                body.extend_from_slice(b"\r\n");
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}

enum Expected {
    Text(String),
    File {
        file_name: String,
        content_type: &'static str,
        bytes: Vec<u8>,
        extra_header: Option<&'static str>,
    },
}

fn write_file(folder: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn accepting_server() -> TestServer {
    TestServer::start(|_, _| Reply::status(201))
}

#[test]
fn a_form_is_sent_as_rfc_7578_says_and_hostile_names_stay_inside_their_quotes() {
    let server = accepting_server();
    let harness = Harness::start();
    let folder = harness.download_dir.path();
    let hostile = "a\"b\r\nX-Injected: 1.txt";
    let unicode = "résumé ☃.pdf";
    let first = test_bytes(70_000, 1);
    let second = test_bytes(1234, 2);
    let mut picture = ContentPart::file("photo", write_file(folder, "p.png", &first));
    picture.headers.push(HeaderPair {
        name: "X-Part".to_owned(),
        value: "7".to_owned(),
    });
    let parts = vec![
        ContentPart::text("title", "Holiday \"2026\"\r\nsecond line"),
        ContentPart::text("we\"ird\r\nname", "v"),
        picture,
        ContentPart::file("doc", write_file(folder, hostile, &second)),
        ContentPart {
            name: "cv".to_owned(),
            content: PartContent::File {
                path: write_file(folder, unicode, b"%PDF"),
                file_name: None,
                content_type: None,
            },
            headers: Vec::new(),
        },
    ];
    let transfer_id = harness.add(TransferSpec::multipart(server.url("/form"), parts));
    let transfer = harness.wait_completed(transfer_id);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    let boundary = boundary_of(request);
    let expected = expected_body(
        &boundary,
        &[
            (
                "title",
                Expected::Text("Holiday \"2026\"\r\nsecond line".to_owned()),
            ),
            ("we\"ird\r\nname", Expected::Text("v".to_owned())),
            (
                "photo",
                Expected::File {
                    file_name: "p.png".to_owned(),
                    content_type: "image/png",
                    bytes: first,
                    extra_header: Some("x-part: 7"),
                },
            ),
            (
                "doc",
                Expected::File {
                    file_name: hostile.to_owned(),
                    content_type: "text/plain",
                    bytes: second,
                    extra_header: None,
                },
            ),
            (
                "cv",
                Expected::File {
                    file_name: unicode.to_owned(),
                    content_type: "application/pdf",
                    bytes: b"%PDF".to_vec(),
                    extra_header: None,
                },
            ),
        ],
    );
    assert!(
        request.body == expected,
        "the body differs:\n{}\n---\n{}",
        String::from_utf8_lossy(&request.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        request.header("Content-Length"),
        Some(expected.len().to_string().as_str())
    );
    // No line of the body is the injected header.
    assert!(
        !String::from_utf8_lossy(&request.body)
            .lines()
            .any(|line| line.starts_with("X-Injected")),
        "a name injected a header"
    );
    assert_eq!(transfer.progress.bytes_sent, expected.len() as u64);
    assert_eq!(
        transfer.progress.total_bytes_to_send,
        Some(expected.len() as u64)
    );
    assert_eq!(transfer.display_name(), "p.png and 2 more");
}

#[test]
fn many_files_go_in_one_form_with_ferry_upload() {
    let server = accepting_server();
    let root = tempfile::tempdir().expect("dir");
    let report = root.path().join("when-done.json");
    let files: Vec<PathBuf> = (0..40)
        .map(|index| {
            write_file(
                root.path(),
                &format!("scan-{index:02}.jpg"),
                &test_bytes(3000 + index, index as u8),
            )
        })
        .collect();
    let output = Process::new(ferry_binary())
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args(["upload", server.url("/album").as_str()])
        .args(&files)
        .args([
            "--field",
            "album=Summer",
            "--file-field",
            "photos[]",
            "--quiet",
        ])
        .args(["--when-done", "run", "sh", "-c"])
        .arg(format!("cat > '{}'", report.display()))
        .stdin(Stdio::null())
        .output()
        .expect("ferry upload");
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let boundary = boundary_of(&requests[0]);
    let mut parts = vec![("album", Expected::Text("Summer".to_owned()))];
    for (index, file) in files.iter().enumerate() {
        parts.push((
            "photos[]",
            Expected::File {
                file_name: file
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                content_type: "image/jpeg",
                bytes: test_bytes(3000 + index, index as u8),
                extra_header: None,
            },
        ));
    }
    assert!(
        requests[0].body == expected_body(&boundary, &parts),
        "the body differs"
    );

    // --when-done ran once the form was sent, with its result on stdin.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("the action ran")).expect("JSON");
    assert_eq!(report["status"], "completed");
    assert_eq!(report["group"], "scan-00.jpg and 39 more");
    assert_eq!(report["members"][0]["is_upload"], true);

    // The list shows it as one upload of the form.
    let listed = Process::new(ferry_binary())
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args(["list"])
        .output()
        .expect("ferry list");
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(table.contains("scan-00.jpg and 39 more"), "{table}");
    assert!(table.contains("completed"), "{table}");
}

#[test]
fn bad_form_input_exits_2_and_creates_nothing() {
    let root = tempfile::tempdir().expect("dir");
    let file = write_file(root.path(), "a.txt", b"a");
    let state_dir = root.path().join("state");
    for arguments in [
        vec![
            "upload",
            "http://127.0.0.1:9/f",
            file.to_str().expect("utf-8"),
            "--field",
            "novalue",
        ],
        vec![
            "upload",
            "http://127.0.0.1:9/f",
            file.to_str().expect("utf-8"),
            "--field",
            "=v",
        ],
        vec!["upload", "http://127.0.0.1:9/f", "/nonexistent/file"],
        vec!["upload", "ftp://127.0.0.1/f", file.to_str().expect("utf-8")],
        vec!["upload", "http://127.0.0.1:9/f"],
    ] {
        let output = Process::new(ferry_binary())
            .arg("--state-dir")
            .arg(&state_dir)
            .args(&arguments)
            .stdin(Stdio::null())
            .output()
            .expect("ferry upload");
        assert_eq!(
            output.status.code(),
            Some(2),
            "{arguments:?}: {}",
            stderr_of(&output)
        );
        assert!(!state_dir.exists(), "{arguments:?} created the state");
    }
}
