//! The `.part` file: one file shared by every connection of a download, each
//! writing its share through its own buffer with positional writes, and a
//! sync that runs in the background. Blocking calls run on tokio's blocking
//! pool.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::engine::file_name::numbered_name;
use crate::model::{ByteRange, PartFileId, TransferId};

use super::part_check::open_checked;
pub(crate) use super::part_check::{
    FoundPart, NotOurs, find_part, identity_of, is_owned_by, open_fresh, open_to_publish,
    remove_owner_tag, set_owner_tag,
};

/// Writes are gathered into buffers of this size.
const BUFFER_BYTES: usize = 1024 * 1024;

#[derive(Clone)]
pub(crate) struct PartFile {
    file: Arc<File>,
    path: PathBuf,
}

/// A `.part` file as [`PartFile::open`] found or made it.
pub(crate) struct OpenedPart {
    pub part: PartFile,
    /// The file carries the transfer's tag (the file system keeps
    /// extended attributes).
    pub is_tagged: bool,
    /// Which file it is, to record with the transfer.
    pub identity: PartFileId,
    /// Why the file found under the name was not used (it was not the one
    /// ferry made): the bytes on disk do not count, whatever was recorded.
    pub replaced: Option<String>,
}

impl PartFile {
    /// Opens `path` for `owner`, creating it if needed, never through a
    /// symbolic link. With `cut_to`, cuts it to that length first (a fresh
    /// start drops whatever an earlier run left). With `only_new`, a file
    /// already there is not the transfer's and is left alone: the open
    /// fails. A file there that is not the one ferry made (a symbolic or
    /// hard link, another user's file, not the recorded `expected` file, or
    /// another transfer's tag) is never written: for a fresh start its name
    /// is taken back and a new file made; to continue, the open fails with
    /// [`NotOurs`] inside the error.
    pub async fn open(
        path: &Path,
        cut_to: Option<u64>,
        owner: TransferId,
        only_new: bool,
        expected: Option<PartFileId>,
    ) -> io::Result<OpenedPart> {
        let owned_path = path.to_owned();
        // One trip to the blocking pool for the whole open.
        let (file, replaced, is_tagged, identity) = tokio::task::spawn_blocking(move || {
            let (file, replaced) =
                open_checked(&owned_path, cut_to.is_some(), owner, only_new, expected)?;
            if let Some(length) = cut_to {
                file.set_len(length)?;
            }
            let is_tagged = set_owner_tag(&file, owner);
            let identity = identity_of(&file)?;
            Ok::<_, io::Error>((file, replaced, is_tagged, identity))
        })
        .await
        .map_err(io::Error::other)??;
        Ok(OpenedPart {
            part: PartFile {
                file: Arc::new(file),
                path: path.to_owned(),
            },
            is_tagged,
            identity,
            replaced,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A writer for bytes that start at `position`.
    pub fn writer(&self, position: u64) -> ShareWriter {
        ShareWriter {
            file: Arc::clone(&self.file),
            buffer: Vec::new(),
            buffer_start: position,
            buffered_since: tokio::time::Instant::now(),
        }
    }

    /// Syncs in the background; everything handed to the kernel before the
    /// call is durable when the returned future resolves.
    pub fn start_sync(&self) -> PendingSync {
        let file = Arc::clone(&self.file);
        PendingSync(tokio::task::spawn_blocking(move || file.sync_data()))
    }

    /// The open file, for a sync done elsewhere (a batch).
    pub fn file(&self) -> Arc<File> {
        Arc::clone(&self.file)
    }
}

/// Moves `part` to `wanted`, or to `wanted (n)` if that name was taken in the
/// meantime; never replaces an existing file. Returns the final path. The
/// folder is synced by the engine before it saves the transfer as completed
/// (one sync for many files).
pub(crate) fn publish(part: &Path, file: &File, wanted: &Path) -> io::Result<PathBuf> {
    // The name must still be the file that was written: a link put there
    // meanwhile is never published.
    let stat = rustix::fs::lstat(part)?;
    let written = rustix::fs::fstat(file)?;
    if (stat.st_dev, stat.st_ino) != (written.st_dev, written.st_ino)
        || rustix::fs::FileType::from_raw_mode(stat.st_mode) != rustix::fs::FileType::RegularFile
    {
        return Err(io::Error::other(NotOurs(
            "another file took its name".to_owned(),
        )));
    }
    place_under_free_name(wanted, |candidate| {
        // An atomic rename that fails if the name exists; file systems
        // without it get a hard link (which fails likewise) and an unlink.
        match rustix::fs::renameat_with(
            rustix::fs::CWD,
            part,
            rustix::fs::CWD,
            candidate,
            rustix::fs::RenameFlags::NOREPLACE,
        ) {
            Err(
                rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP,
            ) => {}
            renamed => return renamed.map_err(io::Error::from),
        }
        std::fs::hard_link(part, candidate)?;
        std::fs::remove_file(part)
    })
}

/// Gives `file`, created nameless by [`create_nameless`], the name `wanted`
/// (or `wanted (n)` if taken); never replaces an existing file.
pub(crate) fn publish_nameless(file: &File, wanted: &Path) -> io::Result<PathBuf> {
    place_under_free_name(wanted, |candidate| {
        if BY_DESCRIPTOR_REFUSED.load(Ordering::Relaxed) {
            return link_nameless(file, candidate, LinkWay::ThroughProc);
        }
        match link_nameless(file, candidate, LinkWay::ByDescriptor) {
            // How a kernel says it does not link by descriptor for us.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            linked => return linked,
        }
        let linked = link_nameless(file, candidate, LinkWay::ThroughProc);
        if linked.is_ok() {
            BY_DESCRIPTOR_REFUSED.store(true, Ordering::Relaxed);
        }
        linked
    })
}

/// The kernel refused to link a nameless file by its descriptor while its
/// /proc link worked: later files go through /proc at once.
static BY_DESCRIPTOR_REFUSED: AtomicBool = AtomicBool::new(false);

/// How a nameless file gets its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkWay {
    /// `linkat(fd, "", AT_EMPTY_PATH)`: Linux 6.10 and later allow it for
    /// a file the caller opened; before, only with CAP_DAC_READ_SEARCH.
    ByDescriptor,
    /// Through the file's `/proc/self/fd` link: allowed wherever /proc is
    /// mounted, at the price of a walk through /proc for every file.
    ThroughProc,
}

fn link_nameless(file: &File, name: &Path, way: LinkWay) -> io::Result<()> {
    use rustix::fs::{AtFlags, CWD, linkat};
    match way {
        LinkWay::ByDescriptor => linkat(file, "", CWD, name, AtFlags::EMPTY_PATH),
        LinkWay::ThroughProc => {
            let link = format!("/proc/self/fd/{}", file.as_raw_fd());
            linkat(CWD, link.as_str(), CWD, name, AtFlags::SYMLINK_FOLLOW)
        }
    }
    .map_err(io::Error::from)
}

/// A new file in `folder` with no name yet (`O_TMPFILE`): if the machine
/// dies before it is published, nothing is left behind. `None` where the
/// file system cannot make one.
pub(crate) fn create_nameless(folder: &Path) -> io::Result<Option<File>> {
    use rustix::fs::{Mode, OFlags};
    // Where the kernel does not link by descriptor, the file gets its name
    // through /proc (see `publish_nameless`); a sandbox without /proc gets
    // `.part` files.
    static PROC_LINKS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*PROC_LINKS.get_or_init(|| Path::new("/proc/self/fd").is_dir()) {
        return Ok(None);
    }
    match rustix::fs::open(
        folder,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o666),
    ) {
        Ok(fd) => Ok(Some(File::from(fd))),
        // Kernels and file systems without O_TMPFILE say so in several ways.
        Err(
            rustix::io::Errno::OPNOTSUPP
            | rustix::io::Errno::ISDIR
            | rustix::io::Errno::INVAL
            | rustix::io::Errno::NOSYS,
        ) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Calls `place` with `wanted`, `wanted (1)`, … until it does not fail
/// with "already exists"; returns the name it took.
fn place_under_free_name(
    wanted: &Path,
    mut place: impl FnMut(&Path) -> io::Result<()>,
) -> io::Result<PathBuf> {
    let folder = wanted.parent().unwrap_or(Path::new("."));
    let name = wanted
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "download".to_owned());
    for number in 0..10_000 {
        let candidate = if number == 0 {
            wanted.to_owned()
        } else {
            folder.join(numbered_name(&name, number))
        };
        match place(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free file name",
    ))
}

/// One connection's buffered writes into the shared `.part` file.
pub(crate) struct ShareWriter {
    file: Arc<File>,
    buffer: Vec<u8>,
    /// File offset of `buffer[0]`.
    buffer_start: u64,
    /// When the first byte now in the buffer came.
    buffered_since: tokio::time::Instant,
}

impl ShareWriter {
    /// Whether bytes wait in the buffer (not yet handed to the kernel).
    pub fn has_buffered_bytes(&self) -> bool {
        !self.buffer.is_empty()
    }

    /// When the oldest byte in the buffer came.
    pub fn buffered_since(&self) -> tokio::time::Instant {
        self.buffered_since
    }

    /// The file offset the next byte goes to.
    pub fn position(&self) -> u64 {
        self.buffer_start + self.buffer.len() as u64
    }

    /// Buffers `bytes`; when the buffer is full, hands it to the kernel and
    /// returns the range written.
    pub async fn write(&mut self, bytes: &[u8]) -> io::Result<Option<ByteRange>> {
        if self.buffer.capacity() == 0 {
            self.buffer.reserve_exact(BUFFER_BYTES);
        }
        if self.buffer.is_empty() {
            self.buffered_since = tokio::time::Instant::now();
        }
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= BUFFER_BYTES {
            return self.flush().await;
        }
        Ok(None)
    }

    /// Hands the buffer to the kernel; returns the range written, if any.
    pub async fn flush(&mut self) -> io::Result<Option<ByteRange>> {
        if self.buffer.is_empty() {
            return Ok(None);
        }
        let mut buffer = std::mem::take(&mut self.buffer);
        let file = Arc::clone(&self.file);
        let start = self.buffer_start;
        let end = start + buffer.len() as u64;
        // The buffer comes back to be filled again: one allocation per
        // connection, not one per megabyte.
        let (written, buffer) = tokio::task::spawn_blocking(move || {
            let written = file.write_all_at(&buffer, start);
            buffer.clear();
            (written, buffer)
        })
        .await
        .map_err(io::Error::other)?;
        self.buffer = buffer;
        written?;
        self.buffer_start = end;
        Ok(Some(ByteRange { start, end }))
    }
}

/// A sync running on the blocking pool.
pub(crate) struct PendingSync(tokio::task::JoinHandle<io::Result<()>>);

impl std::future::Future for PendingSync {
    type Output = io::Result<()>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0)
            .poll(context)
            .map(|joined| joined.map_err(io::Error::other).and_then(|synced| synced))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::super::part_check::create_new;
    use super::*;

    #[tokio::test]
    async fn a_part_file_the_transfer_does_not_know_is_not_opened_as_its_own() {
        let folder = tempfile::tempdir().expect("tempdir");
        let path = folder.path().join("movie.mkv.part");
        std::fs::write(&path, b"another download's bytes").expect("write");
        let owner = TransferId::new_random();
        let refused = PartFile::open(&path, Some(0), owner, true, None).await;
        assert_eq!(
            refused.err().map(|error| error.kind()),
            Some(io::ErrorKind::AlreadyExists)
        );
        assert_eq!(
            std::fs::read(&path).expect("read"),
            b"another download's bytes"
        );
        // Its own (known) `.part` file opens and is cut as asked.
        let opened = PartFile::open(&path, Some(0), owner, false, None)
            .await
            .expect("open");
        assert!(opened.replaced.is_none());
        assert_eq!(std::fs::read(&path).expect("read").len(), 0);
    }

    // A neighbour who can write in the download folder replaced a paused
    // download's `.part` file by a link to one of the user's files: the
    // server's bytes used to go into that file.
    #[tokio::test]
    async fn a_link_in_place_of_a_part_file_is_never_written_through() {
        let folder = tempfile::tempdir().expect("tempdir");
        let victim = folder.path().join("authorized_keys");
        std::fs::write(&victim, b"ssh-ed25519 AAAA me").expect("write");
        let owner = TransferId::new_random();
        let path = folder.path().join("file.bin.part");
        let first = PartFile::open(&path, Some(0), owner, false, None)
            .await
            .expect("made");
        let identity = first.identity;
        drop(first);
        for link in ["symbolic", "hard"] {
            std::fs::remove_file(&path).expect("remove");
            match link {
                "symbolic" => std::os::unix::fs::symlink(&victim, &path).expect("symlink"),
                _ => std::fs::hard_link(&victim, &path).expect("hard link"),
            }
            let to_continue = PartFile::open(&path, None, owner, false, Some(identity)).await;
            let error = to_continue.err().expect("refused");
            assert!(
                error.to_string().contains("not the one ferry made"),
                "{error}"
            );
            let fresh = PartFile::open(&path, Some(0), owner, false, Some(identity))
                .await
                .expect("a new file in its place");
            assert!(fresh.replaced.is_some());
            assert_eq!(
                std::fs::read(&victim).expect("read"),
                b"ssh-ed25519 AAAA me"
            );
            assert!(!std::fs::symlink_metadata(&path).expect("stat").is_symlink());
        }
        // Another file under the recorded name (not a link) is not it either.
        std::fs::remove_file(&path).expect("remove");
        std::fs::write(&path, b"planted").expect("write");
        assert!(matches!(
            find_part(&path, owner, Some(identity)).expect("stat"),
            FoundPart::Foreign(_)
        ));
    }

    #[test]
    fn a_name_that_changed_file_is_not_published() {
        let folder = tempfile::tempdir().expect("tempdir");
        let part = folder.path().join("a.part");
        let file = create_new(&part).expect("create");
        std::fs::remove_file(&part).expect("remove");
        std::os::unix::fs::symlink("/etc/passwd", &part).expect("symlink");
        let wanted = folder.path().join("a");
        assert!(publish(&part, &file, &wanted).is_err());
        assert!(std::fs::symlink_metadata(&wanted).is_err());
    }

    #[test]
    fn a_nameless_file_is_linked_whole_either_way_and_never_over_a_file() {
        let folder = tempfile::tempdir().expect("tempdir");
        for way in [LinkWay::ByDescriptor, LinkWay::ThroughProc] {
            let mut file = create_nameless(folder.path())
                .expect("create")
                .expect("this machine's file systems make files without a name");
            file.write_all(format!("{way:?}").as_bytes())
                .expect("write");
            let name = folder.path().join(format!("{way:?}.bin"));
            link_nameless(&file, &name, way).expect("linked");
            assert_eq!(
                std::fs::read(&name).expect("read"),
                format!("{way:?}").as_bytes()
            );
            let taken = link_nameless(&file, &name, way).expect_err("the name is taken");
            assert_eq!(taken.kind(), io::ErrorKind::AlreadyExists);
        }
    }
}
