//! Which file a `.part` file is, checked before any byte is written to it
//! or it is published: opened without following a link, a regular file of
//! ours with one name, the device and inode ferry recorded when it made it,
//! and ferry's tag (an extended attribute naming the transfer). A file that
//! fails is never written: for a fresh start its name is taken back; to
//! continue, the download starts over in a new file.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use crate::model::{PartFileId, TransferId};

/// Extended attribute naming the transfer a `.part` file belongs to, so a
/// transfer whose path was not yet saved when the machine died recognizes
/// its own file instead of leaving it behind.
const OWNER_ATTRIBUTE: &str = "user.ferry.transfer";

/// The `.part` file under a transfer's name is not the one ferry made for
/// it; the words say why.
#[derive(Debug, thiserror::Error)]
#[error("the .part file is not the one ferry made ({0})")]
pub(crate) struct NotOurs(pub String);

impl NotOurs {
    /// The reason, when `error` says a `.part` file is not ferry's.
    pub fn reason_in(error: &io::Error) -> Option<&str> {
        error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<NotOurs>())
            .map(|not_ours| not_ours.0.as_str())
    }
}

/// The `.part` file at a transfer's name, as found before any byte counts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FoundPart {
    /// No file there.
    Missing,
    /// The file ferry made for the transfer, this long.
    Ours { length: u64 },
    /// Something else took the name; the words say what.
    Foreign(String),
}

/// Opens (or makes) the `.part` file at `path`; see [`PartFile::open`](super::part_file::PartFile::open).
/// Returns the file and, when a file found there was set aside, why.
pub(super) fn open_checked(
    path: &Path,
    is_fresh_start: bool,
    owner: TransferId,
    only_new: bool,
    expected: Option<PartFileId>,
) -> io::Result<(File, Option<String>)> {
    if only_new {
        return Ok((create_new(path)?, None));
    }
    let found = match open_ours(path, owner, expected) {
        Ok(Ok(file)) => return Ok((file, None)),
        Ok(Err(reason)) => reason,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok((create_new(path)?, None));
        }
        Err(error) => return Err(error),
    };
    if !is_fresh_start {
        return Err(io::Error::other(NotOurs(found)));
    }
    tracing::warn!(path = %path.display(), reason = %found, "the .part file is not ferry's; making a new one");
    // Unlinking a name removes the link itself, never what it points to.
    std::fs::remove_file(path)?;
    Ok((create_new(path)?, Some(found)))
}

/// Opens the `.part` file at `path` for a fresh start, cut to nothing:
/// see [`PartFile::open`](super::part_file::PartFile::open) (an impostor is unlinked, never written).
pub(crate) fn open_fresh(path: &Path, owner: TransferId, only_new: bool) -> io::Result<File> {
    let (file, _) = open_checked(path, true, owner, only_new, None)?;
    file.set_len(0)?;
    Ok(file)
}

/// Opens the finished `.part` file at `path` to publish it: only the one
/// ferry made for `owner` (the recorded `expected` file, if known).
pub(crate) fn open_to_publish(
    path: &Path,
    owner: TransferId,
    expected: Option<PartFileId>,
) -> io::Result<File> {
    open_ours(path, owner, expected)?.map_err(|reason| io::Error::other(NotOurs(reason)))
}

/// Opens the existing file at `path` without following a link: the file
/// when it is the one ferry made for `owner`, else why not.
fn open_ours(
    path: &Path,
    owner: TransferId,
    expected: Option<PartFileId>,
) -> io::Result<Result<File, String>> {
    let file = match open_no_follow(path) {
        Ok(file) => file,
        Err(error) if is_symbolic_link_refused(&error) => {
            return Ok(Err("it is a symbolic link".to_owned()));
        }
        Err(error) => return Err(error),
    };
    let stat = rustix::fs::fstat(&file)?;
    Ok(
        match why_not_ours(&stat, owner_tag_of(&file), owner, expected) {
            None => Ok(file),
            Some(reason) => Err(reason),
        },
    )
}

/// Looks at the `.part` file at `path` without opening or following it:
/// missing, the one ferry made for `owner` (and its length), or not.
pub(crate) fn find_part(
    path: &Path,
    owner: TransferId,
    expected: Option<PartFileId>,
) -> io::Result<FoundPart> {
    let stat = match rustix::fs::lstat(path) {
        Ok(stat) => stat,
        Err(rustix::io::Errno::NOENT) => return Ok(FoundPart::Missing),
        Err(error) => return Err(error.into()),
    };
    if rustix::fs::FileType::from_raw_mode(stat.st_mode) == rustix::fs::FileType::Symlink {
        return Ok(FoundPart::Foreign("it is a symbolic link".to_owned()));
    }
    Ok(match why_not_ours(&stat, tag_at(path), owner, expected) {
        None => FoundPart::Ours {
            length: u64::try_from(stat.st_size).unwrap_or(0),
        },
        Some(reason) => FoundPart::Foreign(reason),
    })
}

/// Why a file with `stat` and owner `tag` is not the `.part` file ferry
/// made for `owner`, or `None` when it is.
fn why_not_ours(
    stat: &rustix::fs::Stat,
    tag: Option<Vec<u8>>,
    owner: TransferId,
    expected: Option<PartFileId>,
) -> Option<String> {
    if rustix::fs::FileType::from_raw_mode(stat.st_mode) != rustix::fs::FileType::RegularFile {
        return Some("it is not a regular file".to_owned());
    }
    if stat.st_uid != rustix::process::geteuid().as_raw() {
        return Some(format!("it belongs to user {}", stat.st_uid));
    }
    if stat.st_nlink != 1 {
        return Some("it has other names (hard links)".to_owned());
    }
    if let Some(expected) = expected
        && (expected.device, expected.inode) != (stat.st_dev, stat.st_ino)
    {
        return Some("another file took its name".to_owned());
    }
    match tag {
        Some(tag) if tag != owner.to_string().as_bytes() => {
            Some("it belongs to another transfer".to_owned())
        }
        // A new file may get the inode of a deleted one: the tag tells.
        None if expected.is_some_and(|expected| expected.is_tagged) => {
            Some("it does not carry the transfer's tag".to_owned())
        }
        _ => None,
    }
}

/// Which file `file` is.
pub(crate) fn identity_of(file: &File) -> io::Result<PartFileId> {
    let stat = rustix::fs::fstat(file)?;
    Ok(PartFileId {
        device: stat.st_dev,
        inode: stat.st_ino,
        is_tagged: owner_tag_of(file).is_some(),
    })
}

fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

/// A new file at `path`; fails if the name is taken (by anything,
/// a dangling symbolic link too).
pub(super) fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
}

fn is_symbolic_link_refused(error: &io::Error) -> bool {
    error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
}

fn owner_tag_of(file: &File) -> Option<Vec<u8>> {
    let mut value = [0_u8; 64];
    rustix::fs::fgetxattr(file, OWNER_ATTRIBUTE, &mut value[..])
        .ok()
        .map(|length| value[..length].to_vec())
}

/// The owner tag of the file at `path` (a link itself, not followed).
fn tag_at(path: &Path) -> Option<Vec<u8>> {
    let mut value = [0_u8; 64];
    rustix::fs::lgetxattr(path, OWNER_ATTRIBUTE, &mut value[..])
        .ok()
        .map(|length| value[..length].to_vec())
}

/// True when the `.part` file at `path` is tagged as `owner`'s.
pub(crate) fn is_owned_by(path: &Path, owner: TransferId) -> bool {
    tag_at(path).is_some_and(|tag| tag == owner.to_string().as_bytes())
}

/// Tags `file` as `owner`'s; false when the file system keeps no extended
/// attributes.
pub(crate) fn set_owner_tag(file: &File, owner: TransferId) -> bool {
    rustix::fs::fsetxattr(
        file,
        OWNER_ATTRIBUTE,
        owner.to_string().as_bytes(),
        rustix::fs::XattrFlags::empty(),
    )
    .is_ok()
}

/// Drops the owner tag (before the file is published under its name).
pub(crate) fn remove_owner_tag(file: &File) {
    // Absent on file systems without extended attributes: nothing to do.
    let _ = rustix::fs::fremovexattr(file, OWNER_ATTRIBUTE);
}
