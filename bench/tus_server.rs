//! A small tus 1.0 server (core and creation) for `bench/run.sh`'s upload
//! case: std only, a thread per connection, each PATCH body written
//! straight to its file, so the measure is of the client rather than of a
//! slower server. Not for anything but the benchmark (no checksum, no
//! expiry, no limits). Built with `rustc -O bench/tus_server.rs`.
//!   tus_server PORT DIR

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

struct Upload {
    length: u64,
    offset: u64,
}

struct Store {
    dir: PathBuf,
    uploads: Mutex<HashMap<String, Upload>>,
    next_id: AtomicU64,
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (Some(port), Some(dir)) = (arguments.first(), arguments.get(1)) else {
        eprintln!("usage: tus_server PORT DIR");
        std::process::exit(2);
    };
    let store = Arc::new(Store {
        dir: PathBuf::from(dir),
        uploads: Mutex::new(HashMap::new()),
        next_id: AtomicU64::new(0),
    });
    std::fs::create_dir_all(&store.dir).expect("the store folder");
    let listener =
        TcpListener::bind(("127.0.0.1", port.parse::<u16>().expect("a port"))).expect("bind");
    for stream in listener.incoming().flatten() {
        let store = Arc::clone(&store);
        std::thread::spawn(move || {
            let _ = stream.set_nodelay(true);
            serve(stream, &store);
        });
    }
}

fn serve(stream: TcpStream, store: &Store) {
    let Ok(writer) = stream.try_clone() else {
        return;
    };
    let mut writer = writer;
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut headers = HashMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let number = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.parse::<u64>().ok())
        };
        let body_length = number("content-length").unwrap_or(0);
        let reply = match (method.as_str(), path.as_str()) {
            ("OPTIONS", _) => {
                "204 No Content\r\nTus-Version: 1.0.0\r\nTus-Extension: creation".to_owned()
            }
            ("POST", "/files") => {
                let id = store.next_id.fetch_add(1, Ordering::SeqCst).to_string();
                let length = number("upload-length").unwrap_or(0);
                File::create(store.dir.join(&id)).expect("create");
                store
                    .uploads
                    .lock()
                    .expect("uploads")
                    .insert(id.clone(), Upload { length, offset: 0 });
                format!("201 Created\r\nLocation: /files/{id}")
            }
            ("HEAD", path) => match offset_of(store, path) {
                Some((offset, length)) => format!(
                    "200 OK\r\nUpload-Offset: {offset}\r\nUpload-Length: {length}\r\nCache-Control: no-store"
                ),
                None => "404 Not Found".to_owned(),
            },
            ("PATCH", path) => {
                let id = path.trim_start_matches("/files/").to_owned();
                match patch(
                    store,
                    &id,
                    number("upload-offset"),
                    body_length,
                    &mut reader,
                ) {
                    Ok(offset) => format!("204 No Content\r\nUpload-Offset: {offset}"),
                    Err(status) => status.to_owned(),
                }
            }
            _ => "404 Not Found".to_owned(),
        };
        let answer =
            format!("HTTP/1.1 {reply}\r\nTus-Resumable: 1.0.0\r\nContent-Length: 0\r\n\r\n");
        if writer.write_all(answer.as_bytes()).is_err() {
            return;
        }
    }
}

fn offset_of(store: &Store, path: &str) -> Option<(u64, u64)> {
    let uploads = store.uploads.lock().expect("uploads");
    let upload = uploads.get(path.trim_start_matches("/files/"))?;
    Some((upload.offset, upload.length))
}

/// Appends the body at the upload's offset; the new offset, or the status.
fn patch(
    store: &Store,
    id: &str,
    offset: Option<u64>,
    body_length: u64,
    reader: &mut BufReader<TcpStream>,
) -> Result<u64, &'static str> {
    let current = {
        let uploads = store.uploads.lock().expect("uploads");
        let upload = uploads.get(id).ok_or("404 Not Found")?;
        if offset != Some(upload.offset) {
            return Err("409 Conflict");
        }
        upload.offset
    };
    let mut file = OpenOptions::new()
        .append(true)
        .open(store.dir.join(id))
        .map_err(|_| "500 Internal Server Error")?;
    let mut left = body_length;
    let mut buffer = vec![0_u8; 256 * 1024];
    while left > 0 {
        let wanted = buffer.len().min(left as usize);
        let read = reader
            .read(&mut buffer[..wanted])
            .map_err(|_| "400 Bad Request")?;
        if read == 0 {
            return Err("400 Bad Request");
        }
        file.write_all(&buffer[..read])
            .map_err(|_| "500 Internal Server Error")?;
        left -= read as u64;
    }
    let mut uploads = store.uploads.lock().expect("uploads");
    let upload = uploads.get_mut(id).ok_or("404 Not Found")?;
    upload.offset = current + body_length;
    Ok(upload.offset)
}
