//! Files only their user can read: the state folder is 0700 and what ferry
//! writes in it 0600, also when an older ferry (or a umask) left them
//! wider. state.ron names every URL and file a person fetched; the service
//! log may name more.

use std::fs::{self, DirBuilder, File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The mode of the state folder.
pub const PRIVATE_DIR_MODE: u32 = 0o700;
/// The mode of every file ferry writes in it.
pub const PRIVATE_FILE_MODE: u32 = 0o600;

/// Creates `dir` (and its parents) 0700, or narrows it to 0700 when it is
/// ours and wider.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(dir)?;
    narrow(dir, PRIVATE_DIR_MODE)
}

/// Opens `path` for writing, created 0600 (truncated when `truncate`,
/// else appended to), narrowed to 0600 if it existed wider.
pub fn open_private_file(path: &Path, truncate: bool) -> io::Result<File> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(truncate)
        .append(!truncate)
        .mode(PRIVATE_FILE_MODE)
        .open(path)?;
    if file.metadata()?.mode() & 0o077 != 0 {
        file.set_permissions(Permissions::from_mode(PRIVATE_FILE_MODE))?;
    }
    Ok(file)
}

/// Narrows `path`, if it exists and is ours, to `mode`.
pub fn narrow(path: &Path, mode: u32) -> io::Result<()> {
    let metadata = match fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    let is_ours = metadata.uid() == rustix::process::geteuid().as_raw();
    if is_ours && !metadata.is_symlink() && metadata.mode() & 0o777 & !mode != 0 {
        fs::set_permissions(path, Permissions::from_mode(mode))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode_of(path: &Path) -> u32 {
        fs::metadata(path).expect("metadata").mode() & 0o777
    }

    #[test]
    fn wider_folders_and_files_are_narrowed() {
        let root = tempfile::tempdir().expect("dir");
        let dir = root.path().join("state");
        fs::create_dir(&dir).expect("create");
        fs::set_permissions(&dir, Permissions::from_mode(0o755)).expect("chmod");
        create_private_dir(&dir).expect("private dir");
        assert_eq!(mode_of(&dir), 0o700);

        let file = dir.join("service.log");
        fs::write(&file, b"old").expect("write");
        fs::set_permissions(&file, Permissions::from_mode(0o644)).expect("chmod");
        drop(open_private_file(&file, false).expect("open"));
        assert_eq!(mode_of(&file), 0o600);
        assert_eq!(fs::read(&file).expect("read"), b"old", "appended, not cut");

        let fresh = dir.join("new");
        drop(open_private_file(&fresh, true).expect("create"));
        assert_eq!(mode_of(&fresh), 0o600);
    }
}
