//! Where a state folder's service listens, and who may talk to it: a socket
//! in `$XDG_RUNTIME_DIR/ferry/` (folder 0700, socket 0600), named after the
//! state folder so that each state has its own service, and peers checked
//! with `SO_PEERCRED` to be this user.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::net::{UnixListener, UnixStream};

use super::ServiceError;

/// The socket of the service over `state_dir`. Creates the runtime folder
/// (0700) if needed and refuses one another user could write to.
pub fn socket_path(state_dir: &Path) -> Result<PathBuf, ServiceError> {
    let folder = runtime_folder()?;
    // The same state folder, however it was spelled, gives the same name.
    let state_dir = fs::canonicalize(state_dir)
        .or_else(|_| std::path::absolute(state_dir))
        .map_err(|error| {
            ServiceError::io(
                ferry_i18n::tr!("service-io-resolve-state"),
                state_dir,
                error,
            )
        })?;
    let digest = Sha256::digest(state_dir.as_os_str().as_encoded_bytes());
    Ok(folder.join(format!("{}.sock", &hex::encode(digest)[..16])))
}

/// `$XDG_RUNTIME_DIR/ferry`, else a folder of this user's in the temp
/// folder; made 0700, and refused when it belongs to someone else or
/// others may enter it.
fn runtime_folder() -> Result<PathBuf, ServiceError> {
    let uid = rustix::process::getuid().as_raw();
    let folder = match std::env::var_os("XDG_RUNTIME_DIR").filter(|dir| !dir.is_empty()) {
        Some(dir) => PathBuf::from(dir).join("ferry"),
        None => std::env::temp_dir().join(format!("ferry-{uid}")),
    };
    match fs::DirBuilder::new()
        .mode(0o700)
        .recursive(false)
        .create(&folder)
    {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = folder.parent() {
                fs::create_dir_all(parent).map_err(|error| {
                    ServiceError::io(ferry_i18n::tr!("service-io-create-runtime"), parent, error)
                })?;
            }
            fs::DirBuilder::new()
                .mode(0o700)
                .create(&folder)
                .or_else(|error| match error.kind() {
                    io::ErrorKind::AlreadyExists => Ok(()),
                    _ => Err(error),
                })
                .map_err(|error| {
                    ServiceError::io(ferry_i18n::tr!("service-io-create"), &folder, error)
                })?;
        }
        Err(error) => {
            return Err(ServiceError::io(
                ferry_i18n::tr!("service-io-create"),
                &folder,
                error,
            ));
        }
    }
    let metadata = fs::symlink_metadata(&folder)
        .map_err(|error| ServiceError::io(ferry_i18n::tr!("service-io-read"), &folder, error))?;
    if !metadata.is_dir() || metadata.uid() != uid || metadata.mode() & 0o077 != 0 {
        return Err(ServiceError::UnsafeRuntimeFolder(folder));
    }
    Ok(folder)
}

/// Binds the socket. The caller holds the state's writer lock, so a socket
/// file already there was left by a service that died: it is replaced.
pub fn bind(path: &Path) -> Result<UnixListener, ServiceError> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => {
            return Err(ServiceError::io(
                ferry_i18n::tr!("service-io-remove-socket"),
                path,
                error,
            ));
        }
    }
    let listener = UnixListener::bind(path)
        .map_err(|error| ServiceError::io(ferry_i18n::tr!("service-io-listen"), path, error))?;
    // The folder already keeps others out; the socket says so too.
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .map_err(|error| ServiceError::io(ferry_i18n::tr!("service-io-restrict"), path, error))?;
    Ok(listener)
}

/// True when the peer runs as this user.
pub fn is_same_user(stream: &UnixStream) -> bool {
    stream
        .peer_cred()
        .is_ok_and(|credentials| credentials.uid() == rustix::process::getuid().as_raw())
}
