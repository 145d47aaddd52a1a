//! Play while downloading: `ferry stream ID` gives the address where the
//! service serves a download's bytes; a player that asks for the end of a
//! large file first gets it long before the whole file arrived (the
//! download fetches what is asked for first), byte for byte.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use ferry::model::Status;

use crate::cli::stderr_of;
use crate::support::server::TestServer;
use crate::support::service::ServiceFolder;
use crate::support::{test_bytes, wait_until_saved};

/// `GET path` with `range` from the loopback server at `port`: the status
/// code and the body.
fn get_range(port: u16, path: &str, range: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: {range}\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("answer");
    let split = answer
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status");
    (status, answer[split + 4..].to_vec())
}

#[test]
fn the_end_of_a_large_download_is_served_long_before_the_rest() {
    // About 1.6 MB/s per connection: the whole file needs many seconds.
    let body = Arc::new(test_bytes(24_000_000, 61));
    let server = TestServer::start_dripping(&body, "\"st\"", 16 * 1024, Duration::from_millis(10));
    let folder = ServiceFolder::new();
    let downloads = folder.downloads();
    std::fs::create_dir_all(&downloads).expect("mkdir");
    let ids = folder.add_with(&[server.url("/film.mkv").as_str(), "-c", "2"]);
    wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.progress.total_bytes_to_receive.is_some() && transfer.bytes_on_disk() > 0
    });
    let streamed = folder.ferry(&["stream", &ids[0]]);
    assert_eq!(streamed.status.code(), Some(0), "{}", stderr_of(&streamed));
    let url = url::Url::parse(String::from_utf8_lossy(&streamed.stdout).trim()).expect("a URL");
    assert_eq!(url.host_str(), Some("127.0.0.1"));
    assert!(url.path().ends_with("/film.mkv"), "{url}");
    let port = url.port().expect("port");

    let tail = 1024 * 1024;
    let (status, bytes) = get_range(port, url.path(), &format!("bytes=-{tail}"));
    assert_eq!(status, 206);
    assert_eq!(bytes, body[body.len() - tail..]);
    let client = folder.client();
    let transfer = client
        .handle()
        .snapshot()
        .into_iter()
        .next()
        .expect("the transfer");
    assert_ne!(
        transfer.status,
        Status::Completed,
        "the whole file came first"
    );
    assert!(
        transfer.bytes_on_disk() < body.len() as u64 / 2,
        "{}",
        transfer.bytes_on_disk()
    );

    // Another token, or none: nothing.
    let mut wrong = url.path().to_owned();
    wrong.replace_range(1..3, if &wrong[1..3] == "00" { "11" } else { "00" });
    assert_eq!(get_range(port, &wrong, "bytes=0-9").0, 404);
    assert_eq!(
        get_range(port, &format!("/x/{}", ids[0]), "bytes=0-9").0,
        404
    );
    drop(client);
    let _ = folder.ferry(&["quit"]);
}
