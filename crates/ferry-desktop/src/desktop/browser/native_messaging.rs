//! The browsers' native messaging framing, as Chromium and Firefox speak
//! it on the host's stdin and stdout: a 32-bit length in the machine's
//! byte order, then that many bytes of UTF-8 JSON. ferry reads at most
//! [`MAX_INCOMING_BYTES`] in one message (a length above it is refused
//! before a byte of the body is read) and writes at most
//! [`MAX_REPLY_BYTES`].

use std::io::{self, Read, Write};

/// The largest message ferry takes from the browser (Chromium sends at
/// most 4 GiB; nothing ferry is asked needs more than a URL, a few
/// headers and cookies).
pub const MAX_INCOMING_BYTES: usize = 1024 * 1024;

/// The largest reply ferry sends (the browsers take 1 MiB; a reply holds
/// an id, a reason or a few transfers).
pub const MAX_REPLY_BYTES: usize = 64 * 1024;

/// A message that cannot be read or sent.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("the browser closed the pipe within a message's length")]
    PartialLength,
    #[error("a message of {0} bytes is over ferry's limit of {MAX_INCOMING_BYTES} bytes")]
    TooLarge(u64),
    #[error("the browser closed the pipe within a message")]
    PartialBody,
    #[error("a reply of {0} bytes is over ferry's limit of {MAX_REPLY_BYTES} bytes")]
    ReplyTooLarge(usize),
    #[error("{0}")]
    Io(#[from] io::Error),
}

/// The next message's bytes; `None` when the browser closed the pipe
/// between messages (it is done with the host).
pub fn read_message(reader: &mut impl Read) -> Result<Option<Vec<u8>>, FrameError> {
    let mut length = [0_u8; 4];
    let mut filled = 0;
    while filled < length.len() {
        match reader.read(&mut length[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(FrameError::PartialLength),
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error.into()),
        }
    }
    let length = u64::from(u32::from_ne_bytes(length));
    if length > MAX_INCOMING_BYTES as u64 {
        return Err(FrameError::TooLarge(length));
    }
    let mut body = vec![0_u8; length as usize];
    reader.read_exact(&mut body).map_err(|error| {
        if error.kind() == io::ErrorKind::UnexpectedEof {
            FrameError::PartialBody
        } else {
            error.into()
        }
    })?;
    Ok(Some(body))
}

/// Sends one message; a reply over [`MAX_REPLY_BYTES`] is refused here,
/// whole, never cut.
pub fn write_message(writer: &mut impl Write, body: &[u8]) -> Result<(), FrameError> {
    if body.len() > MAX_REPLY_BYTES {
        return Err(FrameError::ReplyTooLarge(body.len()));
    }
    let length = u32::try_from(body.len()).map_err(|_| FrameError::ReplyTooLarge(body.len()))?;
    writer.write_all(&length.to_ne_bytes())?;
    writer.write_all(body)?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &[u8]) -> Vec<u8> {
        let mut bytes = (body.len() as u32).to_ne_bytes().to_vec();
        bytes.extend_from_slice(body);
        bytes
    }

    #[test]
    fn messages_are_read_one_after_another_until_the_pipe_closes() {
        let mut bytes = framed(br#"{"type":"hello"}"#);
        bytes.extend(framed(b"{}"));
        let mut reader = bytes.as_slice();
        assert_eq!(
            read_message(&mut reader).expect("first"),
            Some(br#"{"type":"hello"}"#.to_vec())
        );
        assert_eq!(
            read_message(&mut reader).expect("second"),
            Some(b"{}".to_vec())
        );
        assert_eq!(read_message(&mut reader).expect("end"), None);
    }

    #[test]
    fn cut_and_oversized_messages_are_refused() {
        let mut cut_length: &[u8] = &[5, 0];
        assert!(matches!(
            read_message(&mut cut_length),
            Err(FrameError::PartialLength)
        ));
        let cut_body = framed(b"{\"type\":");
        let mut reader = &cut_body[..cut_body.len() - 2];
        assert!(matches!(
            read_message(&mut reader),
            Err(FrameError::PartialBody)
        ));
        let huge = ((MAX_INCOMING_BYTES + 1) as u32).to_ne_bytes();
        assert!(matches!(
            read_message(&mut &huge[..]),
            Err(FrameError::TooLarge(_))
        ));
    }

    #[test]
    fn a_reply_over_the_limit_is_not_sent_at_all() {
        let mut sent = Vec::new();
        let refused = write_message(&mut sent, &vec![b'x'; MAX_REPLY_BYTES + 1]);
        assert!(matches!(refused, Err(FrameError::ReplyTooLarge(_))));
        assert!(sent.is_empty());
        write_message(&mut sent, b"{}").expect("small");
        assert_eq!(sent, framed(b"{}"));
    }
}
