//! The writer lock: an advisory lock on `state.lock`, released by the kernel
//! when the process dies (so kill -9 never leaves a stale lock).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use super::{LOCK_FILE_NAME, StoreError, io_error};

/// Held while this process is the state's only writer.
#[derive(Debug)]
pub struct StateLock {
    _file: File,
}

impl StateLock {
    /// Takes the lock or says who holds it.
    pub fn acquire(dir: &Path) -> Result<StateLock, StoreError> {
        let path = dir.join(LOCK_FILE_NAME);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(super::private::PRIVATE_FILE_MODE)
            .open(&path)
            .map_err(io_error(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    pid: lock_holder_pid(dir),
                    dir: dir.to_owned(),
                });
            }
            Err(fs::TryLockError::Error(error)) => return Err(io_error(&path)(error)),
        }
        file.set_len(0).map_err(io_error(&path))?;
        file.seek(SeekFrom::Start(0)).map_err(io_error(&path))?;
        write!(file, "{}", std::process::id()).map_err(io_error(&path))?;
        file.flush().map_err(io_error(&path))?;
        Ok(StateLock { _file: file })
    }
}

/// The lock file, opened, when a writer holds the lock right now.
fn held_lock_file(dir: &Path) -> Option<File> {
    let file = File::open(dir.join(LOCK_FILE_NAME)).ok()?;
    // A shared lock is refused only while a writer holds the exclusive one.
    file.try_lock_shared().is_err().then_some(file)
}

/// The pid written by the current lock holder, if the lock is held.
pub fn lock_holder_pid(dir: &Path) -> Option<u32> {
    let mut text = String::new();
    held_lock_file(dir)?.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// The lock file is there (a service checks that its folder still is).
pub fn lock_file_exists(dir: &Path) -> bool {
    dir.join(LOCK_FILE_NAME).exists()
}

/// True when a writer process holds the lock right now.
pub fn is_locked(dir: &Path) -> bool {
    held_lock_file(dir).is_some()
}
