//! The file a resumable upload sends: what identifies its version (size,
//! modification time, a hash of its ends), whether it changed, and its
//! chunks read from disk and handed out in pieces through the limits.

// The upload's types and imports, as `mod.rs` has them.
use super::*;

/// The file's identity: size, modification time, and a hash of its first
/// and last MiB.
pub(crate) async fn file_identity(path: &Path) -> Result<FileIdentity, AttemptFailure> {
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|error| cannot_read(path, &error))?;
    if !metadata.is_file() {
        return Err(AttemptFailure::fatal(TransferError::NotAFile {
            path: path.to_owned(),
        }));
    }
    let size = metadata.len();
    let (modified_secs, modified_nanos) = modified_time(&metadata);
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(|error| cannot_read(path, &error))?;
    let mut hasher = sha2::Sha256::new();
    let head = read_chunk(&mut file, path, 0, size.min(EDGE_BYTES)).await?;
    hasher.update(&head);
    if size > EDGE_BYTES {
        let start = size.saturating_sub(EDGE_BYTES).max(EDGE_BYTES);
        let tail = read_chunk(&mut file, path, start, size - start).await?;
        hasher.update(&tail);
    }
    Ok(FileIdentity {
        size,
        modified_secs,
        modified_nanos,
        edges_sha256: hex::encode(hasher.finalize()),
    })
}

pub(super) fn modified_time(metadata: &std::fs::Metadata) -> (i64, u32) {
    match metadata
        .modified()
        .ok()
        .map(|time| time.duration_since(UNIX_EPOCH))
    {
        Some(Ok(since)) => (since.as_secs() as i64, since.subsec_nanos()),
        Some(Err(before)) => (-(before.duration().as_secs() as i64), 0),
        None => (0, 0),
    }
}

/// True when the file's size or time is no longer `identity`'s (checked
/// before each chunk; cheaper than hashing again).
pub(super) async fn has_file_changed(
    path: &Path,
    identity: &FileIdentity,
) -> Result<bool, AttemptFailure> {
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|error| cannot_read(path, &error))?;
    let (modified_secs, modified_nanos) = modified_time(&metadata);
    Ok(metadata.len() != identity.size
        || modified_secs != identity.modified_secs
        || modified_nanos != identity.modified_nanos)
}

pub(super) async fn read_chunk(
    file: &mut tokio::fs::File,
    path: &Path,
    offset: u64,
    length: u64,
) -> Result<Bytes, AttemptFailure> {
    let mut chunk = vec![0_u8; usize::try_from(length).unwrap_or(0)];
    file.seek(std::io::SeekFrom::Start(offset))
        .await
        .map_err(|error| cannot_read(path, &error))?;
    file.read_exact(&mut chunk).await.map_err(|error| {
        if error.kind() == std::io::ErrorKind::UnexpectedEof {
            changed(path)
        } else {
            cannot_read(path, &error)
        }
    })?;
    Ok(Bytes::from(chunk))
}

/// The chunk as pieces of at most [`PIECE_BYTES`], each let through by the
/// speed limits first and counted in `sent`.
pub(super) fn chunk_pieces(
    chunk: Bytes,
    sent: Arc<AtomicU64>,
    limits: Limits,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::unfold(
        (chunk, sent, limits),
        |(mut chunk, sent, limits)| async move {
            if chunk.is_empty() {
                return None;
            }
            let piece = chunk.split_to(chunk.len().min(PIECE_BYTES as usize));
            limits.consume(piece.len()).await;
            sent.fetch_add(piece.len() as u64, Ordering::Relaxed);
            Some((Ok(piece), (chunk, sent, limits)))
        },
    )
}
