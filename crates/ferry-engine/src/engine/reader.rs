//! [`TransferReader`]: read a transfer's file while it downloads (Windows'
//! `IsRandomAccessRequired`). A read at a position whose bytes are not on disk yet
//! waits for them; in random-access mode the download fetches them first.
//! Reads come from the `.part` file (only ranges the download wrote) and,
//! once the transfer completed, from the published file.

use std::fs::File;
use std::future::Future;
use std::io::{self, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncSeek, ReadBuf};
use tokio::sync::watch;

use super::download::live::{Availability, LiveFile};

/// The most one read copies (reads hit the page cache of a local file).
const MAX_READ: usize = 256 * 1024;

type Waiting = Pin<Box<dyn Future<Output = ()> + Send>>;

/// AsyncRead + AsyncSeek over a transfer's bytes. Made by
/// [`crate::engine::EngineHandle::open_reader`].
pub struct TransferReader {
    live: Arc<LiveFile>,
    availability: watch::Receiver<Availability>,
    position: u64,
    /// The file open for reading and the path it was opened at.
    open: Option<(PathBuf, File)>,
    waiting: Option<Waiting>,
    /// The restart count when the reader opened: a later restart means the
    /// file changed under it, and reading on would mix two versions.
    restarts_at_open: u32,
}

impl TransferReader {
    pub(crate) fn new(live: Arc<LiveFile>) -> Self {
        let availability = live.subscribe();
        let restarts_at_open = availability.borrow().restarts;
        TransferReader {
            live,
            availability,
            position: 0,
            open: None,
            waiting: None,
            restarts_at_open,
        }
    }

    /// The file's size, once the server told it.
    pub fn total(&self) -> Option<u64> {
        self.availability.borrow().total
    }

    /// Reads into `buffer` from the file at `path`, at the current position.
    fn read_from(&mut self, path: PathBuf, buffer: &mut [u8]) -> io::Result<usize> {
        if self
            .open
            .as_ref()
            .is_none_or(|(open_path, _)| *open_path != path)
        {
            let file = File::open(&path)?;
            self.open = Some((path, file));
        }
        let (_, file) = self.open.as_ref().expect("opened above");
        file.read_at(buffer, self.position)
    }
}

impl AsyncRead for TransferReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if let Some(waiting) = this.waiting.as_mut() {
                match waiting.as_mut().poll(context) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(()) => this.waiting = None,
                }
            }
            let availability = this.availability.borrow_and_update().clone();
            if availability.restarts != this.restarts_at_open {
                return Poll::Ready(Err(io::Error::other(
                    "the file changed on the server and the download started over; \
                     open a new reader",
                )));
            }
            let wanted = buffer.remaining().min(MAX_READ);
            if availability
                .total
                .is_some_and(|total| this.position >= total)
                || wanted == 0
            {
                this.live.want(None);
                return Poll::Ready(Ok(()));
            }
            let source = match (&availability.final_path, &availability.part_path) {
                (Some(final_path), _) => Some((final_path.clone(), wanted)),
                (None, Some(part_path)) => {
                    let run_end = availability.readable.end_of_run_at(this.position);
                    (run_end > this.position).then(|| {
                        let length = usize::try_from(run_end - this.position)
                            .unwrap_or(usize::MAX)
                            .min(wanted);
                        (part_path.clone(), length)
                    })
                }
                (None, None) => None,
            };
            if let Some((path, length)) = source {
                match this.read_from(path, buffer.initialize_unfilled_to(length)) {
                    Ok(read) => {
                        buffer.advance(read);
                        this.position += read as u64;
                        this.live.want(None);
                        return Poll::Ready(Ok(()));
                    }
                    // Published meanwhile: the next turn reads the final file.
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                    Err(error) => return Poll::Ready(Err(error)),
                }
            } else if let Some(ended) = &availability.ended {
                return Poll::Ready(Err(io::Error::other(ended.clone())));
            }
            // Not there yet: say where we wait and wake on the next change.
            this.live.want(Some(this.position));
            let mut changes = this.availability.clone();
            this.waiting = Some(Box::pin(async move {
                let _ = changes.changed().await;
            }));
        }
    }
}

impl AsyncSeek for TransferReader {
    fn start_seek(mut self: Pin<&mut Self>, position: SeekFrom) -> io::Result<()> {
        let new_position = match position {
            SeekFrom::Start(offset) => Some(offset),
            SeekFrom::Current(delta) => self.position.checked_add_signed(delta),
            SeekFrom::End(delta) => {
                let total = self.total().ok_or_else(|| {
                    io::Error::other("the size is not known yet; seek from the start")
                })?;
                total.checked_add_signed(delta)
            }
        };
        self.position = new_position
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before byte 0"))?;
        self.waiting = None;
        Ok(())
    }

    fn poll_complete(self: Pin<&mut Self>, _context: &mut Context<'_>) -> Poll<io::Result<u64>> {
        Poll::Ready(Ok(self.position))
    }
}

impl Drop for TransferReader {
    fn drop(&mut self) {
        self.live.want(None);
    }
}
