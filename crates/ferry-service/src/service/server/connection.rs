//! One client's connection: the hello (short frames only), then its
//! commands carried to the engine and its frames written out; and the
//! accept loop, which refuses clients past the cap.

// The service's types and imports, as `mod.rs` has them.
use super::*;

/// What each connection needs.
#[derive(Clone)]
pub(super) struct Connections {
    pub(super) handle: EngineHandle,
    pub(super) hub: mpsc::Sender<HubInput>,
    pub(super) status: watch::Sender<ServiceStatus>,
    pub(super) outstanding: Arc<AtomicUsize>,
    pub(super) tracker: TaskTracker,
}

pub(super) async fn sleep_until_deadline(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

pub(super) async fn accept(listener: UnixListener, connections: Connections) {
    let mut next_client_id = 0_u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, say: wait instead of spinning.
                tracing::warn!(%error, "cannot accept a client");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        next_client_id += 1;
        if connections.tracker.len() >= MAX_CLIENTS {
            tracing::warn!("{MAX_CLIENTS} clients are connected; refusing one more");
            connections.tracker.spawn(async move {
                let mut framed = Framed::new(stream, hello_codec());
                refuse(
                    &mut framed,
                    &format!("this ferry service serves {MAX_CLIENTS} clients at most; close some"),
                )
                .await;
            });
            continue;
        }
        connections
            .tracker
            .spawn(serve_client(stream, next_client_id, connections.clone()));
    }
}

/// One client: the handshake, then its commands in, its frames out.
pub(super) async fn serve_client(stream: UnixStream, client_id: u64, connections: Connections) {
    let hub = &connections.hub;
    let is_same_user = socket::is_same_user(&stream);
    // Short frames until the hello: a stranger's 64 MiB first frame is
    // never read into memory.
    let mut framed = Framed::new(stream, hello_codec());
    if !is_same_user {
        refuse(&mut framed, "this ferry service belongs to another user").await;
        return;
    }
    match tokio::time::timeout(HELLO_TIMEOUT, framed.next()).await {
        Ok(Some(Ok(frame))) => match serde_json::from_slice::<ClientMessage>(&frame) {
            Ok(ClientMessage::Hello { protocol, .. }) if protocol == PROTOCOL_VERSION => {}
            Ok(ClientMessage::Hello { protocol, version }) => {
                refuse(&mut framed, &version_mismatch(protocol, &version)).await;
                return;
            }
            _ => {
                refuse(
                    &mut framed,
                    "this socket speaks ferry's protocol; the first message must be a hello",
                )
                .await;
                return;
            }
        },
        // Silence, a frame too long, or a client that went away.
        _ => return,
    }
    framed.codec_mut().set_max_frame_length(MAX_FRAME_BYTES);
    let (outbox_sender, mut outbox) = mpsc::channel(OUTBOX_CAPACITY);
    if hub
        .send(HubInput::Join {
            client_id,
            outbox: outbox_sender,
        })
        .await
        .is_err()
    {
        return;
    }
    // A client that sends faster than it reads its replies waits: nothing
    // it asks piles up here.
    let mut awaited_replies = 0_usize;
    loop {
        tokio::select! {
            frame = framed.next(), if awaited_replies < MAX_AWAITED_REPLIES => {
                let Some(Ok(frame)) = frame else { break };
                let Ok(message) = serde_json::from_slice::<ClientMessage>(&frame) else {
                    tracing::warn!(client_id, "a client sent a message that is not ferry's; dropped");
                    break;
                };
                match forward(message, client_id, &connections).await {
                    Forwarded::AwaitsReply => awaited_replies += 1,
                    Forwarded::Done => {}
                    Forwarded::EndConnection => break,
                }
            }
            outgoing = outbox.recv() => {
                let (frame, is_reply) = match outgoing {
                    Some(Outgoing::Frame(frame)) => (frame, false),
                    Some(Outgoing::Reply(frame)) => (frame, true),
                    None => break,
                };
                match tokio::time::timeout(WRITE_TIMEOUT, framed.send(frame)).await {
                    Ok(Ok(())) => {}
                    _ => break,
                }
                if is_reply {
                    awaited_replies = awaited_replies.saturating_sub(1);
                }
            }
        }
    }
    let _ = hub.send(HubInput::Leave { client_id }).await;
}

/// What became of one client message.
pub(super) enum Forwarded {
    /// A reply will follow.
    AwaitsReply,
    Done,
    EndConnection,
}

/// Carries one client message out.
pub(super) async fn forward(
    message: ClientMessage,
    client_id: u64,
    connections: &Connections,
) -> Forwarded {
    let Connections {
        handle,
        hub,
        status,
        outstanding,
        ..
    } = connections;
    let sent = |is_sent: bool, awaits_reply: bool| match (is_sent, awaits_reply) {
        (false, _) => Forwarded::EndConnection,
        (true, true) => Forwarded::AwaitsReply,
        (true, false) => Forwarded::Done,
    };
    match message {
        ClientMessage::Hello { .. } => Forwarded::EndConnection,
        ClientMessage::WindowOpened => sent(
            hub.send(HubInput::WindowOpened { client_id }).await.is_ok(),
            false,
        ),
        ClientMessage::WindowReady => sent(
            hub.send(HubInput::WindowReady { client_id }).await.is_ok(),
            false,
        ),
        ClientMessage::ToWindow {
            request_id,
            request,
            keep_for_next_window,
        } => sent(
            hub.send(HubInput::ToWindow {
                client_id,
                request_id,
                request,
                keep_for_next_window,
            })
            .await
            .is_ok(),
            true,
        ),
        ClientMessage::Quit => {
            status.send_modify(|status| status.is_quit_requested = true);
            Forwarded::Done
        }
        ClientMessage::WhenSaved { request_id } => {
            outstanding.fetch_add(1, Ordering::AcqRel);
            let handle = handle.clone();
            let hub = hub.clone();
            tokio::spawn(async move {
                let result = handle.saved().await.map_err(|error| error.to_string());
                let _ = hub
                    .send(HubInput::Reply {
                        client_id,
                        request_id,
                        result,
                    })
                    .await;
            });
            Forwarded::AwaitsReply
        }
        ClientMessage::Command {
            request_id,
            command,
        } => {
            // Submitted here, in the client's order; waited for apart.
            let submitted = handle.submit_in_order(command, request_id.is_some()).await;
            let Some(request_id) = request_id else {
                return sent(submitted.is_ok(), false);
            };
            outstanding.fetch_add(1, Ordering::AcqRel);
            let hub = hub.clone();
            tokio::spawn(async move {
                let result = match submitted {
                    Ok(Some(submitted)) => submitted.applied().await,
                    Ok(None) => Ok(()),
                    Err(error) => Err(error),
                };
                let _ = hub
                    .send(HubInput::Reply {
                        client_id,
                        request_id,
                        result: result.map_err(|error| error.to_string()),
                    })
                    .await;
            });
            Forwarded::AwaitsReply
        }
    }
}

pub(super) async fn refuse(
    framed: &mut Framed<UnixStream, tokio_util::codec::LengthDelimitedCodec>,
    reason: &str,
) {
    if let Some(frame) = encode(&ServiceMessage::Refused {
        reason: reason.to_owned(),
    }) {
        let _ = tokio::time::timeout(WRITE_TIMEOUT, framed.send(frame)).await;
    }
}
