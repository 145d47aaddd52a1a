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
    CompletionGroup, Settings, SystemConditions, Transfer, TransferGroup, TransferId,
};

/// Changes whenever a message below changes shape.
pub const PROTOCOL_VERSION: u32 = 1;

/// The largest frame either side accepts: a welcome with 10,000 transfers
/// is a few MiB; a larger length is garbage, and its sender is dropped.
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// The framing both sides use.
pub fn codec() -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .max_frame_length(MAX_FRAME_BYTES)
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
    /// Pass `request` to the open windows; the reply fails when no window
    /// is open.
    ToWindow {
        request_id: u64,
        request: WindowRequest,
    },
    /// Stop the service: every transfer stops where it stands (and resumes
    /// when a service starts again).
    Quit,
}

/// Service -> client.
#[derive(Debug, Serialize, Deserialize)]
pub enum ServiceMessage {
    /// The handshake's answer, and again whenever the client missed events
    /// (it then replaces what it knew).
    Welcome(Box<Welcome>),
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
    pub transfers: Vec<Transfer>,
    pub groups: Vec<TransferGroup>,
    #[serde(default)]
    pub completion_groups: Vec<CompletionGroup>,
    pub settings: Settings,
    pub conditions: SystemConditions,
    /// Whether a tray host shows the service's icon; `None` when this
    /// service has no tray (the engine of a `ferry get`).
    pub tray_is_shown: Option<bool>,
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
            name: "X-Plain".to_owned(),
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
