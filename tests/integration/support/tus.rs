//! A tus 1.0 server written from the protocol's text (core, creation,
//! checksum with sha1, termination, expiration), on the test HTTP server:
//! uploads live in memory; a PATCH at the wrong offset gets 409, a chunk
//! whose checksum does not match 460 (and is dropped), a cut chunk is
//! dropped. Switches make the next chunk's checksum fail and expire an
//! upload.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use sha1::Digest as _;

use super::server::{RecordedRequest, Reply, TestServer};

/// One upload on the server.
#[derive(Clone, Debug, Default)]
pub struct StoredUpload {
    pub length: u64,
    pub data: Vec<u8>,
    /// `Upload-Metadata` as sent.
    pub metadata: String,
    pub is_expired: bool,
}

/// What the server keeps and its switches.
#[derive(Default)]
pub struct TusState {
    pub uploads: Mutex<HashMap<String, StoredUpload>>,
    pub deleted: Mutex<Vec<String>>,
    next_id: AtomicU64,
    /// Bytes that came in PATCH bodies, accepted or not.
    pub patch_bytes: AtomicU64,
    /// The next chunk is answered 460 as if its checksum did not match.
    pub refuse_next_checksum: AtomicBool,
    /// Refuse OPTIONS as a server that does not speak tus would.
    pub is_plain_http: AtomicBool,
}

impl TusState {
    /// The one upload's data once it is complete.
    pub fn completed_data(&self) -> Vec<Vec<u8>> {
        self.uploads
            .lock()
            .expect("uploads")
            .values()
            .filter(|upload| upload.data.len() as u64 == upload.length)
            .map(|upload| upload.data.clone())
            .collect()
    }

    pub fn expire_all(&self) {
        for upload in self.uploads.lock().expect("uploads").values_mut() {
            upload.is_expired = true;
        }
    }
}

/// Starts the server; uploads are created at `/files`.
pub fn start_tus_server() -> (TestServer, Arc<TusState>) {
    let state = Arc::new(TusState::default());
    let served = Arc::clone(&state);
    let server = TestServer::start_keep_alive(move |request, _| answer(&served, request));
    (server, state)
}

fn tus_reply(status: u16) -> Reply {
    Reply::status(status).with_header("Tus-Resumable", "1.0.0")
}

fn answer(state: &TusState, request: &RecordedRequest) -> Reply {
    if state.is_plain_http.load(Ordering::SeqCst) {
        return Reply::status(405);
    }
    if request.method == "OPTIONS" {
        return Reply::status(204)
            .with_header("Tus-Resumable", "1.0.0")
            .with_header("Tus-Version", "1.0.0")
            .with_header("Tus-Extension", "creation,checksum,termination,expiration")
            .with_header("Tus-Checksum-Algorithm", "md5,sha1");
    }
    if request.header("Tus-Resumable") != Some("1.0.0") {
        return Reply::status(412).with_header("Tus-Version", "1.0.0");
    }
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/files") => create(state, request),
        (method, path) if path.starts_with("/files/") => {
            let id = path.trim_start_matches("/files/").to_owned();
            match method {
                "HEAD" => head(state, &id),
                "PATCH" => patch(state, &id, request),
                "DELETE" => {
                    let removed = state.uploads.lock().expect("uploads").remove(&id);
                    state.deleted.lock().expect("deleted").push(id);
                    tus_reply(if removed.is_some() { 204 } else { 404 })
                }
                _ => Reply::status(405),
            }
        }
        _ => Reply::status(404),
    }
}

fn create(state: &TusState, request: &RecordedRequest) -> Reply {
    let Some(length) = request
        .header("Upload-Length")
        .and_then(|text| text.parse::<u64>().ok())
    else {
        return tus_reply(400);
    };
    let id = format!("u{}", state.next_id.fetch_add(1, Ordering::SeqCst));
    state.uploads.lock().expect("uploads").insert(
        id.clone(),
        StoredUpload {
            length,
            metadata: request
                .header("Upload-Metadata")
                .unwrap_or_default()
                .to_owned(),
            ..StoredUpload::default()
        },
    );
    // A relative Location, as servers often send.
    tus_reply(201).with_header("Location", &format!("/files/{id}"))
}

fn head(state: &TusState, id: &str) -> Reply {
    let uploads = state.uploads.lock().expect("uploads");
    match uploads.get(id) {
        None => tus_reply(404),
        Some(upload) if upload.is_expired => tus_reply(410),
        Some(upload) => tus_reply(200)
            .with_header("Upload-Offset", &upload.data.len().to_string())
            .with_header("Upload-Length", &upload.length.to_string())
            .with_header("Cache-Control", "no-store"),
    }
}

fn patch(state: &TusState, id: &str, request: &RecordedRequest) -> Reply {
    state
        .patch_bytes
        .fetch_add(request.body.len() as u64, Ordering::SeqCst);
    if request.header("Content-Type") != Some("application/offset+octet-stream") {
        return tus_reply(415);
    }
    let declared: Option<usize> = request
        .header("Content-Length")
        .and_then(|text| text.parse().ok());
    if declared != Some(request.body.len()) {
        // Cut midway: a chunk that cannot be checked is not kept.
        return tus_reply(400);
    }
    let mut uploads = state.uploads.lock().expect("uploads");
    let Some(upload) = uploads.get_mut(id) else {
        return tus_reply(404);
    };
    if upload.is_expired {
        return tus_reply(410);
    }
    let offset: Option<u64> = request
        .header("Upload-Offset")
        .and_then(|text| text.parse().ok());
    if offset != Some(upload.data.len() as u64) {
        return tus_reply(409);
    }
    if let Some(checksum) = request.header("Upload-Checksum") {
        let Some(("sha1", encoded)) = checksum.split_once(' ') else {
            return tus_reply(400);
        };
        let expected =
            base64::engine::general_purpose::STANDARD.encode(sha1::Sha1::digest(&request.body));
        let is_refused = state.refuse_next_checksum.swap(false, Ordering::SeqCst);
        if encoded != expected || is_refused {
            return tus_reply(460);
        }
    }
    if upload.data.len() as u64 + request.body.len() as u64 > upload.length {
        return tus_reply(413);
    }
    upload.data.extend_from_slice(&request.body);
    tus_reply(204).with_header("Upload-Offset", &upload.data.len().to_string())
}
