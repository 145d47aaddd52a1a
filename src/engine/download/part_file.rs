//! The `.part` file: buffered positional writes, and a sync that says which
//! bytes are durable. Blocking calls run on tokio's blocking pool.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Writes are gathered into buffers of this size.
const BUFFER_BYTES: usize = 1024 * 1024;

pub(crate) struct PartFile {
    file: Arc<File>,
    path: PathBuf,
    buffer: Vec<u8>,
    /// File offset of `buffer[0]`.
    buffer_start: u64,
}

impl PartFile {
    /// Opens (creating if needed) `path` and cuts it to `offset` bytes, so
    /// writing continues right after the last durable byte.
    pub async fn open(path: &Path, offset: u64) -> io::Result<PartFile> {
        let owned_path = path.to_owned();
        let file = tokio::task::spawn_blocking(move || -> io::Result<File> {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&owned_path)?;
            file.set_len(offset)?;
            Ok(file)
        })
        .await
        .map_err(io::Error::other)??;
        Ok(PartFile {
            file: Arc::new(file),
            path: path.to_owned(),
            buffer: Vec::with_capacity(BUFFER_BYTES),
            buffer_start: offset,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= BUFFER_BYTES {
            self.flush().await?;
        }
        Ok(())
    }

    /// Hands the buffer to the kernel.
    pub async fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let buffer = std::mem::replace(&mut self.buffer, Vec::with_capacity(BUFFER_BYTES));
        let file = Arc::clone(&self.file);
        let position = self.buffer_start;
        let written = buffer.len() as u64;
        tokio::task::spawn_blocking(move || file.write_all_at(&buffer, position))
            .await
            .map_err(io::Error::other)??;
        self.buffer_start += written;
        Ok(())
    }

    /// Flushes and syncs; returns the offset up to which every byte is durable.
    pub async fn sync(&mut self) -> io::Result<u64> {
        self.start_sync().await?.await
    }

    /// Flushes, then syncs in the background: the returned task yields the
    /// offset up to which every byte is durable (everything written before
    /// the sync began), while writing goes on.
    pub async fn start_sync(&mut self) -> io::Result<PendingSync> {
        self.flush().await?;
        let file = Arc::clone(&self.file);
        let durable_end = self.buffer_start;
        Ok(PendingSync(tokio::task::spawn_blocking(move || {
            file.sync_data().map(|()| durable_end)
        })))
    }
}

/// A sync running on the blocking pool.
pub(crate) struct PendingSync(tokio::task::JoinHandle<io::Result<u64>>);

impl std::future::Future for PendingSync {
    type Output = io::Result<u64>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0)
            .poll(context)
            .map(|joined| joined.map_err(io::Error::other).and_then(|synced| synced))
    }
}
