//! What the service and its clients say on the socket: length-prefixed JSON
//! frames (a 4-byte big-endian length, then one message). The first frame
//! each way is the handshake ([`ClientMessage::Hello`], then
//! [`ServiceMessage::Welcome`] or [`ServiceMessage::Refused`]); their shape
//! never changes between versions, so a client of another version hears why
//! instead of reading garbage.

use serde::{Deserialize, Serialize};
use tokio_util::codec::LengthDelimitedCodec;

use crate::engine::{Command, Event};
use crate::model::{
    CompletionGroup, PrefetchEntry, Settings, SystemConditions, Transfer, TransferGroup, TransferId,
};

/// Changes whenever a message below changes shape. (2: the welcome's
/// transfers come in pieces. 3: FTP downloads' validator, proxies, the
/// browser's requests for the window. 4: the prefetch list.)
pub const PROTOCOL_VERSION: u32 = 4;

/// The largest frame either side accepts after the handshake: a command
/// with a large form, a piece of a welcome. A larger length is garbage, and
/// its sender is dropped. No message depends on the whole table fitting in
/// one frame.
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// The largest first frame (the hello) the service reads from a client.
pub const MAX_HELLO_BYTES: usize = 64 * 1024;

/// What a client's bytes become on the service's side before anything
/// acts on them: the frames of the hello framing (short frames only), each
/// read as a [`ClientMessage`]; how many frames there were and how many
/// were messages. For the fuzz targets (`fuzz/`): the service reads the
/// same way, and no bytes may make it panic or take a frame past
/// [`MAX_HELLO_BYTES`].
#[doc(hidden)]
pub fn read_client_bytes(bytes: &[u8]) -> (usize, usize) {
    use tokio_util::codec::Decoder;
    let mut codec = hello_codec();
    let mut buffer = bytes::BytesMut::from(bytes);
    let (mut frames, mut messages) = (0, 0);
    while let Ok(Some(frame)) = codec.decode(&mut buffer) {
        assert!(
            frame.len() <= MAX_HELLO_BYTES,
            "a frame of {} bytes",
            frame.len()
        );
        frames += 1;
        if serde_json::from_slice::<ClientMessage>(&frame).is_ok() {
            messages += 1;
        }
    }
    (frames, messages)
}

/// A welcome's transfers go in frames of about this size.
pub const WELCOME_PIECE_BYTES: usize = 1024 * 1024;

/// The framing both sides use.
pub fn codec() -> LengthDelimitedCodec {
    framing(MAX_FRAME_BYTES)
}

/// The framing of a connection before its hello: short frames only.
pub fn hello_codec() -> LengthDelimitedCodec {
    framing(MAX_HELLO_BYTES)
}

fn framing(max_frame_bytes: usize) -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .max_frame_length(max_frame_bytes)
        .new_codec()
}

/// Client -> service.
#[derive(Debug, Serialize, Deserialize)]
pub enum ClientMessage {
    /// The first frame: who is asking.
    Hello { protocol: u32, version: String },
    /// A command for the engine; with a `request_id`, the service answers
    /// with a [`ServiceMessage::Reply`] once it was applied (after the
    /// events it caused), else a refusal comes as `Event::CommandFailed`.
    Command {
        request_id: Option<u64>,
        command: Command,
    },
    /// Answer with a [`ServiceMessage::Reply`] once everything applied so
    /// far is saved in state.ron.
    WhenSaved { request_id: u64 },
    /// This client is a window: links opened with ferry go to it.
    WindowOpened,
    /// This window draws: requests kept for the next window go to it.
    WindowReady,
    /// Pass `request` to the open windows; the reply fails when no window
    /// is open. With `keep_for_next_window`, the service keeps it instead
    /// (a short while) for the next window that opens.
    ToWindow {
        request_id: u64,
        request: WindowRequest,
        #[serde(default)]
        keep_for_next_window: bool,
    },
    /// Stop the service: every transfer stops where it stands (and resumes
    /// when a service starts again).
    Quit,
}

/// Service -> client.
#[derive(Debug, Serialize, Deserialize)]
pub enum ServiceMessage {
    /// The handshake's answer, and again whenever the client missed events
    /// (it then replaces what it knew). Its transfers follow in
    /// [`Welcome::pieces_to_follow`] frames of `WelcomeTransfers`.
    Welcome(Box<Welcome>),
    /// A piece of the welcome's transfers, in order.
    WelcomeTransfers(Vec<Transfer>),
    /// The connection is refused; the reason is for people.
    Refused { reason: String },
    /// An engine event; `current` is the transfer it concerns as it is now,
    /// for events that do not carry the whole transfer.
    Event {
        event: Event,
        current: Option<Box<Transfer>>,
    },
    /// What another client asks of this window.
    ToWindow(WindowRequest),
    /// A tray host shows the service's icon now, or no longer.
    TrayShown(Option<bool>),
    /// The user quit ferry: the service stops, and its clients do not
    /// start another (windows close).
    Quitting,
    /// The outcome of a command sent with a request id.
    Reply {
        request_id: u64,
        result: Result<(), String>,
    },
}

/// What one client asks of the open windows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowRequest {
    /// A link opened with ferry: wait in the add dialog.
    AddUrl(String),
    /// A download the browser handed over: wait in the add dialog, with
    /// the browser's name, referrer, user agent and cookies.
    AddFromBrowser(Box<crate::model::BrowserDownload>),
    /// The links of a page ("Download all links with ferry…"): the user
    /// picks which to download.
    PickLinks(Box<crate::model::BrowserLinks>),
    /// Show this transfer (the monitor's rows, a notification).
    ShowTransfer(TransferId),
    /// Close: the user quit ferry.
    Close,
}

/// Everything a client needs to start mirroring the service.
#[derive(Debug, Serialize, Deserialize)]
pub struct Welcome {
    pub protocol: u32,
    pub version: String,
    /// The service's process, for messages and `ferry service`.
    pub pid: u32,
    /// The transfers; more follow in `pieces_to_follow` frames.
    pub transfers: Vec<Transfer>,
    #[serde(default)]
    pub pieces_to_follow: usize,
    pub groups: Vec<TransferGroup>,
    #[serde(default)]
    pub completion_groups: Vec<CompletionGroup>,
    #[serde(default)]
    pub prefetch: Vec<PrefetchEntry>,
    /// All transfers' speed over the last minutes, `[unix seconds, bytes
    /// per second]`: a window that opens draws them.
    #[serde(default)]
    pub speed_history: Vec<[f64; 2]>,
    pub settings: Settings,
    pub conditions: SystemConditions,
    /// Whether a tray host shows the service's icon; `None` when this
    /// service has no tray (the engine of a `ferry get`).
    pub tray_is_shown: Option<bool>,
}

impl Welcome {
    /// The frames of this welcome: the welcome itself, then its transfers
    /// in pieces of about [`WELCOME_PIECE_BYTES`] (each transfer is
    /// encoded once), so neither side ever needs the whole table in one
    /// frame. A transfer that cannot be encoded is left out, logged.
    pub fn into_frames(mut self) -> Vec<bytes::Bytes> {
        let transfers = std::mem::take(&mut self.transfers);
        let mut pieces: Vec<Vec<u8>> = Vec::new();
        for transfer in &transfers {
            let encoded = match serde_json::to_vec(transfer) {
                Ok(encoded) => encoded,
                Err(error) => {
                    tracing::error!(%error, transfer_id = %transfer.transfer_id(), "cannot encode a transfer for clients");
                    continue;
                }
            };
            match pieces.last_mut() {
                Some(piece) if piece.len() + encoded.len() < WELCOME_PIECE_BYTES => {
                    piece.push(b',');
                    piece.extend_from_slice(&encoded);
                }
                _ => {
                    let mut piece = br#"{"WelcomeTransfers":["#.to_vec();
                    piece.extend_from_slice(&encoded);
                    pieces.push(piece);
                }
            }
        }
        self.pieces_to_follow = pieces.len();
        let mut frames = Vec::with_capacity(pieces.len() + 1);
        match serde_json::to_vec(&ServiceMessage::Welcome(Box::new(self))) {
            Ok(welcome) => frames.push(bytes::Bytes::from(welcome)),
            Err(error) => {
                tracing::error!(%error, "cannot encode a welcome");
                return Vec::new();
            }
        }
        frames.extend(pieces.into_iter().map(|mut piece| {
            piece.extend_from_slice(b"]}");
            bytes::Bytes::from(piece)
        }));
        frames
    }
}

/// A welcome whose transfers are still arriving.
#[derive(Debug)]
pub struct PendingWelcome {
    welcome: Box<Welcome>,
}

impl PendingWelcome {
    /// Starts with the welcome frame: `Ok` at once when no piece follows.
    pub fn start(welcome: Box<Welcome>) -> Result<Box<Welcome>, PendingWelcome> {
        PendingWelcome { welcome }.finished()
    }

    /// Adds the next piece: `Ok` with the whole welcome after the last.
    pub fn add(mut self, piece: Vec<Transfer>) -> Result<Box<Welcome>, PendingWelcome> {
        self.welcome.transfers.extend(piece);
        self.welcome.pieces_to_follow = self.welcome.pieces_to_follow.saturating_sub(1);
        self.finished()
    }

    fn finished(self) -> Result<Box<Welcome>, PendingWelcome> {
        if self.welcome.pieces_to_follow == 0 {
            Ok(self.welcome)
        } else {
            Err(self)
        }
    }
}

/// This build's version, as the handshake carries it.
pub fn ferry_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The words for a client whose protocol is not ours.
pub fn version_mismatch(client_protocol: u32, client_version: &str) -> String {
    format!(
        "this ferry service is version {} (protocol {PROTOCOL_VERSION}) and the client is version {client_version} (protocol {client_protocol}); stop the service with the `ferry quit` of its version, then try again",
        ferry_version()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // The handshake is what two versions must both understand: its JSON is
    // pinned here, so a change to it fails this test instead of a user's
    // session.
    #[test]
    fn the_handshake_frames_keep_their_shape() {
        let hello = ClientMessage::Hello {
            protocol: 7,
            version: "9.9.9".to_owned(),
        };
        assert_eq!(
            serde_json::to_string(&hello).expect("test data"),
            r#"{"Hello":{"protocol":7,"version":"9.9.9"}}"#
        );
        let refused = ServiceMessage::Refused {
            reason: "why".to_owned(),
        };
        assert_eq!(
            serde_json::to_string(&refused).expect("test data"),
            r#"{"Refused":{"reason":"why"}}"#
        );
    }

    // A welcome used to be one frame: 200 transfers with ~360 KB of
    // response headers each made it larger than the frame limit, and no
    // client could connect again.
    #[test]
    fn a_large_table_is_welcomed_in_pieces_and_put_together_again() {
        use crate::model::{Destination, TransferSpec};
        let transfers: Vec<Transfer> = (0..300)
            .map(|index| {
                let mut spec = TransferSpec::download(
                    format!("http://127.0.0.1:1/{index}")
                        .parse()
                        .expect("test data"),
                    Destination::Folder("/tmp".into()),
                );
                spec.request_headers.push(crate::model::HeaderPair {
                    name: "User-Agent".to_owned(),
                    value: "p".repeat(10_000),
                });
                Transfer::new(spec)
            })
            .collect();
        let welcome = Welcome {
            protocol: PROTOCOL_VERSION,
            version: ferry_version(),
            pid: 1,
            transfers: transfers.clone(),
            pieces_to_follow: 0,
            groups: Vec::new(),
            completion_groups: Vec::new(),
            prefetch: Vec::new(),
            speed_history: Vec::new(),
            settings: Settings::default(),
            conditions: SystemConditions::default(),
            tray_is_shown: None,
        };
        let frames = welcome.into_frames();
        assert!(frames.len() >= 3, "{} frames", frames.len());
        assert!(
            frames
                .iter()
                .all(|frame| frame.len() <= WELCOME_PIECE_BYTES + 20_000)
        );
        let mut frames = frames.iter();
        let first = frames.next().expect("the welcome");
        let ServiceMessage::Welcome(welcome) = serde_json::from_slice(first).expect("json") else {
            panic!("not a welcome");
        };
        let mut pending = Some(PendingWelcome::start(welcome).expect_err("pieces follow"));
        let mut whole = None;
        for frame in frames {
            let ServiceMessage::WelcomeTransfers(piece) =
                serde_json::from_slice(frame).expect("json")
            else {
                panic!("not a piece");
            };
            match pending.take().expect("a piece too many").add(piece) {
                Ok(welcome) => whole = Some(welcome),
                Err(still) => pending = Some(still),
            }
        }
        assert_eq!(whole.expect("put together").transfers, transfers);
    }

    #[test]
    fn a_command_carries_the_secrets_state_ron_leaves_out() {
        use crate::model::{Credentials, Destination, HeaderPair, TransferSpec};
        let mut spec = TransferSpec::download(
            "http://127.0.0.1:1/a".parse().expect("test data"),
            Destination::Folder("/tmp".into()),
        );
        spec.credentials = Some(Credentials {
            user_name: "u".to_owned(),
            password: "p".to_owned(),
        });
        spec.request_headers.push(HeaderPair {
            name: "Cookie".to_owned(),
            value: "c=1".to_owned(),
        });
        spec.request_headers.push(HeaderPair {
            name: "User-Agent".to_owned(),
            value: "v".to_owned(),
        });
        let command = Command::Add {
            spec: Box::new(spec),
            start: true,
        };
        let text = serde_json::to_string(&ClientMessage::Command {
            request_id: Some(1),
            command: command.clone(),
        })
        .expect("test data");
        let ClientMessage::Command {
            command: Command::Add { spec: back, .. },
            ..
        } = serde_json::from_str(&text).expect("test data")
        else {
            panic!("not an add: {text}");
        };
        let Command::Add { spec: sent, .. } = command else {
            unreachable!()
        };
        assert_eq!(back.credentials, sent.credentials);
        let mut names: Vec<_> = back.request_headers.iter().map(|h| &h.value).collect();
        names.sort();
        assert_eq!(names, ["c=1", "v"]);
    }
}
