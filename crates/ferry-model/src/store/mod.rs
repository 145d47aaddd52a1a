//! state.ron: the one file that lets transfers outlive the process.
//!
//! Save = serialize in memory, write a temp file in the same directory, fsync,
//! keep the previous good file as `state.ron.bak`, rename over, fsync the
//! directory. Load = `state.ron`, else the backup; a file that does not parse
//! is kept aside as `state.ron.corrupt-TIMESTAMP`; a file from a newer ferry is
//! refused untouched. A lock file keeps one process as the writer; readers
//! (`ferry list`) never take it. Between whole saves, changed transfers are
//! appended to `state.journal` (see `journal.rs`), which a load applies.

mod journal;
mod lock;
pub mod private;
mod repair;
mod saver;
mod schema;
mod text;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub use journal::JOURNAL_FILE_NAME;
pub use lock::{StateLock, is_locked, lock_file_exists, lock_holder_pid};
pub use saver::{SaveRequest, Saver};
pub use schema::{PersistedState, SCHEMA_VERSION};
pub use text::{Composed, StateHead, StateText};

/// File names inside the state directory.
pub const STATE_FILE_NAME: &str = "state.ron";
pub const BACKUP_FILE_NAME: &str = "state.ron.bak";
pub const LOCK_FILE_NAME: &str = "state.lock";

/// What can go wrong with the state directory.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the state directory: {source}: {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "state.ron was written by a newer ferry (schema {found}, this one reads up to {supported}); \
         upgrade ferry or choose another --state-dir; the file was left untouched: {}",
        path.display()
    )]
    NewerVersion {
        found: u32,
        supported: u32,
        path: PathBuf,
    },
    #[error("another ferry process{} is using this state directory; wait for it to finish or pass another --state-dir: {}",
        pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default(), dir.display())]
    Locked { pid: Option<u32>, dir: PathBuf },
    #[error("cannot serialize the state: {0}")]
    Serialize(#[from] ron::Error),
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The state that was loaded, and what the user should hear about it.
#[derive(Debug, Default)]
pub struct LoadedState {
    pub state: PersistedState,
    /// One line each: a corrupt file kept aside, a backup used.
    pub warnings: Vec<String>,
}

/// The default state directory: `$XDG_DATA_HOME/ferry`.
pub fn default_state_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "ferry").map(|dirs| dirs.data_dir().to_owned())
}

/// The writer's view of the state directory. Holding one means holding the
/// lock; dropping it releases the lock.
#[derive(Debug)]
pub struct StateStore {
    dir: PathBuf,
    _lock: StateLock,
}

impl StateStore {
    /// Creates the directory if needed, takes the writer lock and loads the
    /// state (moving a corrupt file aside).
    pub fn open(dir: &Path) -> Result<(StateStore, LoadedState), StoreError> {
        private::create_private_dir(dir).map_err(io_error(dir))?;
        // An older ferry left them readable by everyone.
        for name in [STATE_FILE_NAME, BACKUP_FILE_NAME, JOURNAL_FILE_NAME] {
            let path = dir.join(name);
            private::narrow(&path, private::PRIVATE_FILE_MODE).map_err(io_error(&path))?;
        }
        let lock = StateLock::acquire(dir)?;
        let loaded = load(dir, LoadMode::Writer)?;
        Ok((
            StateStore {
                dir: dir.to_owned(),
                _lock: lock,
            },
            loaded,
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Serializes a whole state to RON text (the engine keeps a
    /// [`StateText`] instead, to reuse what did not change).
    pub fn serialize(state: &PersistedState) -> Result<String, StoreError> {
        StateText::default().compose(
            state.transfers.iter(),
            &crate::model::TransferSet::default(),
            StateHead::of(state),
        )
    }

    /// Writes `text` as the new state.ron atomically, keeping the previous
    /// file as the backup. Blocking: call it off any UI thread.
    pub fn save_text(&self, text: &str) -> Result<(), StoreError> {
        write_atomically(&self.dir, text.as_bytes())
    }

    /// Writes what `composed` says: a whole state.ron (then a fresh journal
    /// of its generation), or records appended to the journal. Blocking.
    pub(crate) fn save_composed(
        &self,
        composed: &Composed,
        journal: &mut Option<journal::JournalFile>,
    ) -> Result<(), StoreError> {
        match composed {
            Composed::Whole { text, generation } => {
                self.save_text(text)?;
                // Until the new journal exists, the old one is of another
                // generation: ignored at load, as it must be.
                *journal = None;
                *journal = Some(
                    journal::JournalFile::start(&self.dir, *generation)
                        .map_err(io_error(&self.dir))?,
                );
                Ok(())
            }
            Composed::Journal(records) if records.is_empty() => Ok(()),
            Composed::Journal(records) => match journal {
                Some(journal) => journal.append(records).map_err(io_error(&self.dir)),
                None => Err(StoreError::Io {
                    path: self.dir.join(JOURNAL_FILE_NAME),
                    source: io::Error::other("no journal was started"),
                }),
            },
        }
    }
}

/// Reads the state without taking the lock and without changing any file
/// (for `ferry list` while another process writes).
pub fn read_state(dir: &Path) -> Result<LoadedState, StoreError> {
    load(dir, LoadMode::ReadOnly)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LoadMode {
    Writer,
    ReadOnly,
}

enum Parsed {
    Good(Box<PersistedState>),
    Missing,
    Corrupt(String),
}

fn parse_file(path: &Path) -> Result<Parsed, StoreError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Parsed::Missing),
        Err(error) if error.kind() == io::ErrorKind::InvalidData => {
            return Ok(Parsed::Corrupt("not UTF-8 text".to_owned()));
        }
        Err(error) => return Err(io_error(path)(error)),
    };
    // An editor may have put a byte order mark in front.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Ok(Parsed::Corrupt("the file is empty".to_owned()));
    }
    // One parse in the usual case: a file of ten thousand transfers takes
    // tens of milliseconds to read. Only a file that does not parse as ours
    // is read again for its version alone, to tell a newer schema (refused,
    // untouched) from a damaged file.
    let newer = |found| StoreError::NewerVersion {
        found,
        supported: SCHEMA_VERSION,
        path: path.to_owned(),
    };
    let state = match ron::from_str::<PersistedState>(text) {
        Ok(state) => state,
        Err(error) => {
            return match ron::from_str::<schema::VersionProbe>(text) {
                Ok(probe) if probe.version > SCHEMA_VERSION => Err(newer(probe.version)),
                _ => Ok(Parsed::Corrupt(error.to_string())),
            };
        }
    };
    if state.version > SCHEMA_VERSION {
        return Err(newer(state.version));
    }
    if state.version == 0 {
        return Ok(Parsed::Corrupt("no schema version".to_owned()));
    }
    Ok(Parsed::Good(Box::new(state)))
}

fn load(dir: &Path, mode: LoadMode) -> Result<LoadedState, StoreError> {
    let main_path = dir.join(STATE_FILE_NAME);
    let backup_path = dir.join(BACKUP_FILE_NAME);
    let mut warnings = Vec::new();
    match parse_file(&main_path)? {
        Parsed::Good(mut state) => {
            warnings.extend(journal::replay(dir, &mut state));
            warnings.extend(repair::repair(&mut state));
            return Ok(LoadedState {
                state: *state,
                warnings,
            });
        }
        Parsed::Missing => {}
        Parsed::Corrupt(reason) => {
            if mode == LoadMode::Writer {
                let aside = set_aside(&main_path)?;
                warnings.push(format!(
                    "state.ron could not be read ({reason}); kept it as {} and loaded the backup",
                    aside.display()
                ));
            } else {
                warnings.push(format!(
                    "state.ron could not be read ({reason}); showing the backup"
                ));
            }
        }
    }
    match parse_file(&backup_path)? {
        Parsed::Good(mut state) => {
            if warnings.is_empty() {
                warnings.push("state.ron was missing; loaded state.ron.bak".to_owned());
            }
            warnings.extend(repair::repair(&mut state));
            Ok(LoadedState {
                state: *state,
                warnings,
            })
        }
        Parsed::Missing => Ok(LoadedState {
            state: PersistedState::default(),
            warnings,
        }),
        Parsed::Corrupt(reason) => {
            warnings.push(format!(
                "state.ron.bak could not be read either ({reason}); starting with an empty list"
            ));
            Ok(LoadedState {
                state: PersistedState::default(),
                warnings,
            })
        }
    }
}

/// Renames a corrupt file to `NAME.corrupt-UNIXSECS` and returns the new path.
fn set_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = crate::model::unix_now_secs();
    let mut aside = path.with_extension(format!("ron.corrupt-{stamp}"));
    let mut counter = 1;
    while aside.exists() {
        aside = path.with_extension(format!("ron.corrupt-{stamp}-{counter}"));
        counter += 1;
    }
    fs::rename(path, &aside).map_err(io_error(path))?;
    Ok(aside)
}

fn write_atomically(dir: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let main_path = dir.join(STATE_FILE_NAME);
    let backup_path = dir.join(BACKUP_FILE_NAME);
    let temp_path = dir.join(format!(".{STATE_FILE_NAME}.tmp-{}", std::process::id()));
    {
        let mut file =
            private::open_private_file(&temp_path, true).map_err(io_error(&temp_path))?;
        file.write_all(bytes).map_err(io_error(&temp_path))?;
        file.sync_all().map_err(io_error(&temp_path))?;
    }
    // The file being replaced was good (it was written by us, whole), so it
    // becomes the backup. A hard link keeps state.ron in place meanwhile.
    if main_path.exists() {
        match fs::remove_file(&backup_path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(io_error(&backup_path)(error)),
        }
        if fs::hard_link(&main_path, &backup_path).is_err() {
            fs::copy(&main_path, &backup_path).map_err(io_error(&backup_path))?;
        }
    }
    fs::rename(&temp_path, &main_path).map_err(io_error(&main_path))?;
    fs::File::open(dir)
        .and_then(|directory| directory.sync_all())
        .map_err(io_error(dir))?;
    Ok(())
}
