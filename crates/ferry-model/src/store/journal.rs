//! The journal beside state.ron (`state.journal`): what changed in
//! transfers since state.ron was last written whole, appended a few lines
//! at a time, so a save costs what changed and not the whole list. Its
//! first line names the generation of state.ron it belongs to; a journal
//! of another generation (state.ron was written whole after it, and a crash
//! came before the journal was started again) is ignored. Each record is
//! one line: `+ TRANSFER` (a transfer as state.ron writes it: new, or
//! replacing the one with its id) or `- ID` (removed). A last line without
//! its newline was cut by a crash and is not applied.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::Path;

use crate::model::{Transfer, TransferId};

use super::schema::PersistedState;

pub const JOURNAL_FILE_NAME: &str = "state.journal";

/// The journal the saver appends to.
pub(crate) struct JournalFile {
    file: File,
}

impl JournalFile {
    /// An empty journal for state.ron's `generation`, replacing the old
    /// one, on disk before it returns.
    pub fn start(dir: &Path, generation: u64) -> io::Result<JournalFile> {
        let mut file = super::private::open_private_file(&dir.join(JOURNAL_FILE_NAME), true)?;
        file.write_all(format!("journal {generation}\n").as_bytes())?;
        file.sync_data()?;
        Ok(JournalFile { file })
    }

    /// Appends `records` and makes them durable.
    pub fn append(&mut self, records: &str) -> io::Result<()> {
        self.file.write_all(records.as_bytes())?;
        self.file.sync_data()
    }
}

/// Applies the journal in `dir` to `state`, if it belongs to it. Returns
/// what the user should hear (a record that could not be read).
pub(super) fn replay(dir: &Path, state: &mut PersistedState) -> Vec<String> {
    let text = match fs::read(dir.join(JOURNAL_FILE_NAME)) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => return Vec::new(),
    };
    let mut lines = text.split_inclusive('\n');
    let header = lines.next().unwrap_or_default();
    let generation = header
        .trim_end()
        .strip_prefix("journal ")
        .and_then(|number| number.parse::<u64>().ok());
    if generation != Some(state.journal_generation) || state.journal_generation == 0 {
        return Vec::new();
    }
    let mut transfers = Transfers::from(std::mem::take(&mut state.transfers));
    let mut warnings = Vec::new();
    for (index, line) in lines.enumerate() {
        let Some(record) = line.strip_suffix('\n') else {
            // Cut by a crash while it was written: never made durable.
            break;
        };
        if let Err(reason) = transfers.apply(record) {
            warnings.push(format!(
                "state.journal line {} could not be read ({reason}); the changes from there on \
                 were not applied",
                index + 2
            ));
            break;
        }
    }
    state.transfers = transfers.into_list();
    warnings
}

/// The transfers in their order, found by id.
struct Transfers {
    slots: Vec<Option<Transfer>>,
    positions: HashMap<TransferId, usize>,
}

impl From<Vec<Transfer>> for Transfers {
    fn from(list: Vec<Transfer>) -> Self {
        let positions = list
            .iter()
            .enumerate()
            .map(|(position, transfer)| (transfer.transfer_id(), position))
            .collect();
        Transfers {
            slots: list.into_iter().map(Some).collect(),
            positions,
        }
    }
}

impl Transfers {
    fn apply(&mut self, record: &str) -> Result<(), String> {
        if let Some(line) = record.strip_prefix("+ ") {
            let transfer: Transfer = ron::from_str(line).map_err(|error| error.to_string())?;
            match self.positions.get(&transfer.transfer_id()) {
                Some(&position) => self.slots[position] = Some(transfer),
                None => {
                    self.positions
                        .insert(transfer.transfer_id(), self.slots.len());
                    self.slots.push(Some(transfer));
                }
            }
            return Ok(());
        }
        if let Some(id) = record.strip_prefix("- ") {
            let transfer_id = TransferId(id.trim().parse().map_err(|_| "not an id".to_owned())?);
            if let Some(position) = self.positions.remove(&transfer_id) {
                self.slots[position] = None;
            }
            return Ok(());
        }
        Err("not a record".to_owned())
    }

    fn into_list(self) -> Vec<Transfer> {
        self.slots.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Destination, Status, TransferSpec};

    fn transfer(name: &str) -> Transfer {
        Transfer::new(TransferSpec::download(
            format!("http://127.0.0.1/{name}").parse().expect("url"),
            Destination::Folder("/tmp".into()),
        ))
    }

    fn line(transfer: &Transfer) -> String {
        format!("+ {}\n", ron::ser::to_string(transfer).expect("line"))
    }

    #[test]
    fn records_of_this_generation_are_applied_up_to_a_line_cut_by_a_crash() {
        let folder = tempfile::tempdir().expect("dir");
        let (a, b, c) = (transfer("a"), transfer("b"), transfer("c"));
        let mut done_a = a.clone();
        done_a.status = Status::Completed;
        let mut journal = JournalFile::start(folder.path(), 3).expect("start");
        journal
            .append(&format!(
                "{}{}- {}\n",
                line(&done_a),
                line(&c),
                b.transfer_id().0
            ))
            .expect("append");
        // A record cut short: never applied.
        let mut cut = line(&b);
        cut.pop();
        journal.append(&cut).expect("append");
        let mut state = PersistedState {
            journal_generation: 3,
            transfers: vec![a.clone(), b.clone()],
            ..PersistedState::default()
        };
        assert!(replay(folder.path(), &mut state).is_empty());
        assert_eq!(state.transfers, vec![done_a, c]);

        // A journal of another generation (state.ron was written whole
        // after it) is ignored.
        let mut newer = PersistedState {
            journal_generation: 4,
            transfers: vec![a.clone(), b.clone()],
            ..PersistedState::default()
        };
        assert!(replay(folder.path(), &mut newer).is_empty());
        assert_eq!(newer.transfers, vec![a, b]);
    }

    #[test]
    fn a_record_that_cannot_be_read_stops_the_replay_and_is_said() {
        let folder = tempfile::tempdir().expect("dir");
        let (a, b) = (transfer("a"), transfer("b"));
        let mut journal = JournalFile::start(folder.path(), 1).expect("start");
        journal
            .append(&format!("{}garbage\n{}", line(&a), line(&b)))
            .expect("append");
        let mut state = PersistedState {
            journal_generation: 1,
            ..PersistedState::default()
        };
        let warnings = replay(folder.path(), &mut state);
        assert_eq!(state.transfers, vec![a]);
        assert!(warnings[0].contains("line 3"), "{warnings:?}");
    }
}
