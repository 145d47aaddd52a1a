//! A `multipart/form-data` body (RFC 7578): text fields and files, each
//! part with its `Content-Disposition` name (and file name) and, for a
//! file, its `Content-Type`. The length is known before the first byte, so
//! it is announced; files are streamed in pieces drawn from the limits.
//! A `"`, CR or LF in a name is percent-encoded (as browsers do), so a
//! name can never end its header, add one, or start a part.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use futures_util::Stream;

use crate::engine::net::request::AttemptFailure;
use crate::engine::rate::Limits;
use crate::model::{ContentPart, PartContent, TransferError};

use super::put::{FilePieces, FileVersion, file_version};

/// One stretch of the body.
enum Segment {
    Memory(Bytes),
    File { path: PathBuf, length: u64 },
}

/// Where the body stream stands: the segments left, the file being read
/// (and its bytes left), the count of bytes sent, the limits.
type BodyState = (
    std::vec::IntoIter<Segment>,
    Option<FilePieces>,
    Arc<AtomicU64>,
    Limits,
);

/// A form ready to send.
pub(super) struct Form {
    boundary: String,
    segments: Vec<Segment>,
    /// The body's length in bytes.
    pub total: u64,
    /// Each file's version when the form was made.
    files: Vec<(PathBuf, FileVersion)>,
}

impl Form {
    /// Lays out the body of `parts`: headers in memory, files by length.
    pub async fn prepare(parts: &[ContentPart]) -> Result<Form, AttemptFailure> {
        let boundary = boundary_avoiding(parts);
        let mut segments = Vec::new();
        let mut files = Vec::new();
        let memory = |bytes: Vec<u8>| Segment::Memory(Bytes::from(bytes));
        for part in parts {
            segments.push(memory(part_head(&boundary, part)?.into_bytes()));
            match &part.content {
                PartContent::Text(value) => segments.push(memory(value.clone().into_bytes())),
                PartContent::File { path, .. } => {
                    let version = file_version(path).await?;
                    segments.push(Segment::File {
                        path: path.clone(),
                        length: version.length,
                    });
                    files.push((path.clone(), version));
                }
            }
            segments.push(memory(b"\r\n".to_vec()));
        }
        segments.push(memory(format!("--{boundary}--\r\n").into_bytes()));
        let total = segments
            .iter()
            .map(|segment| match segment {
                Segment::Memory(bytes) => bytes.len() as u64,
                Segment::File { length, .. } => *length,
            })
            .sum();
        Ok(Form {
            boundary,
            segments,
            total,
            files,
        })
    }

    /// The request's Content-Type.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// Each file and its version when the form was made (to check that
    /// none changed while it was sent).
    pub fn files(&self) -> Vec<(PathBuf, FileVersion)> {
        self.files.clone()
    }

    /// The body as pieces, each let through by the limits and counted in
    /// `sent`. A file that ends early is an error (the length was
    /// announced).
    pub fn body(
        self,
        sent: Arc<AtomicU64>,
        limits: Limits,
    ) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
        let state = (self.segments.into_iter(), None, sent, limits);
        futures_util::stream::try_unfold(
            state,
            |(mut rest, mut open, sent, limits): BodyState| async move {
                loop {
                    if let Some(pieces) = &mut open {
                        let Some(piece) = pieces.next_piece().await? else {
                            open = None;
                            continue;
                        };
                        limits.consume(piece.len()).await;
                        sent.fetch_add(piece.len() as u64, Ordering::Relaxed);
                        return Ok(Some((piece, (rest, open, sent, limits))));
                    }
                    match rest.next() {
                        None => return Ok(None),
                        Some(Segment::Memory(bytes)) => {
                            limits.consume(bytes.len()).await;
                            sent.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                            return Ok(Some((bytes, (rest, open, sent, limits))));
                        }
                        Some(Segment::File { path, length }) => {
                            let file = tokio::fs::File::open(&path).await?;
                            open = Some(FilePieces::new(file, length));
                        }
                    }
                }
            },
        )
    }
}

/// The delimiter and headers that open `part`.
fn part_head(boundary: &str, part: &ContentPart) -> Result<String, AttemptFailure> {
    let mut head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
        escape_name(&part.name)
    );
    if let PartContent::File {
        path,
        file_name,
        content_type,
    } = &part.content
    {
        let file_name = file_name.clone().unwrap_or_else(|| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        head.push_str(&format!("; filename=\"{}\"", escape_name(&file_name)));
        let content_type = content_type.clone().unwrap_or_else(|| {
            mime_guess::from_path(path)
                .first_or_octet_stream()
                .essence_str()
                .to_owned()
        });
        head.push_str(&format!(
            "\r\nContent-Type: {}",
            header_value(&content_type)?
        ));
    }
    for header in &part.headers {
        let name =
            reqwest::header::HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| {
                AttemptFailure::fatal(TransferError::InvalidHeader {
                    name: header.name.clone(),
                })
            })?;
        let value = reqwest::header::HeaderValue::from_str(&header.value).map_err(|_| {
            AttemptFailure::fatal(TransferError::InvalidHeader {
                name: header.name.clone(),
            })
        })?;
        head.push_str(&format!(
            "\r\n{}: {}",
            name.as_str(),
            value.to_str().unwrap_or_default()
        ));
    }
    head.push_str("\r\n\r\n");
    Ok(head)
}

/// A value fit for a header line: visible characters only.
fn header_value(text: &str) -> Result<&str, AttemptFailure> {
    if reqwest::header::HeaderValue::from_str(text).is_ok() {
        Ok(text)
    } else {
        Err(AttemptFailure::fatal(TransferError::InvalidHeader {
            name: "Content-Type".to_owned(),
        }))
    }
}

/// A name or file name inside the quotes of Content-Disposition: `"`, CR
/// and LF percent-encoded (the encoding of HTML's form submission), other
/// characters (UTF-8 included) as they are.
pub fn escape_name(name: &str) -> String {
    let mut escaped = String::with_capacity(name.len());
    for character in name.chars() {
        match character {
            '"' => escaped.push_str("%22"),
            '\r' => escaped.push_str("%0D"),
            '\n' => escaped.push_str("%0A"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A boundary no text part contains (files are not read for it: 128
/// random bits make a match in a file practically impossible).
fn boundary_avoiding(parts: &[ContentPart]) -> String {
    loop {
        let boundary = format!("ferry-form-{:032x}", rand::random::<u128>());
        let is_clear = parts.iter().all(|part| match &part.content {
            PartContent::Text(value) => !value.contains(&boundary),
            PartContent::File { .. } => true,
        }) && parts.iter().all(|part| !part.name.contains(&boundary));
        if is_clear {
            return boundary;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_line_breaks_in_names_cannot_leave_their_header() {
        assert_eq!(
            escape_name("a\"b\r\nX-Injected: 1.txt"),
            "a%22b%0D%0AX-Injected: 1.txt"
        );
        assert_eq!(escape_name("résumé ☃.pdf"), "résumé ☃.pdf");
        let part = ContentPart::text("we\"ird\nname", "v");
        let head = part_head("B", &part).expect("head");
        assert_eq!(
            head,
            "--B\r\nContent-Disposition: form-data; name=\"we%22ird%0Aname\"\r\n\r\n"
        );
    }

    #[test]
    fn a_part_header_with_a_line_break_is_refused() {
        let mut part = ContentPart::text("a", "b");
        part.headers.push(crate::model::HeaderPair {
            name: "X-Note".to_owned(),
            value: "one\r\nX-Evil: 1".to_owned(),
        });
        assert!(part_head("B", &part).is_err());
    }
}
