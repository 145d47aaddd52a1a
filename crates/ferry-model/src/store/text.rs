//! The text of state.ron, composed from one line per transfer. Each
//! transfer's line is kept between saves and serialized again only when the
//! transfer changed, so saving a state of thousands of transfers costs what
//! changed plus one copy, not a full serialization each time. Most saves do
//! not even write that copy: when only transfers changed, their lines go to
//! the journal beside state.ron ([`Composed::Journal`]), and state.ron is
//! written whole only when the settings or groups changed, the journal grew
//! large, or the engine stops.

use super::{StoreError, schema::SCHEMA_VERSION};
use crate::model::{
    CompletionGroup, PrefetchEntry, Settings, Transfer, TransferGroup, TransferMap, TransferSet,
};

/// What state.ron holds besides the transfers: written whole whenever any
/// of it changes.
#[derive(Clone, Copy, Debug)]
pub struct StateHead<'a> {
    pub settings: &'a Settings,
    pub groups: &'a [TransferGroup],
    pub completion_groups: &'a [CompletionGroup],
    pub prefetch: &'a [PrefetchEntry],
}

impl<'a> StateHead<'a> {
    /// The head of `state`.
    pub fn of(state: &'a super::PersistedState) -> Self {
        StateHead {
            settings: &state.settings,
            groups: &state.groups,
            completion_groups: &state.completion_groups,
            prefetch: &state.prefetch,
        }
    }

    /// Settings alone, no groups or prefetch entries.
    pub fn settings_only(settings: &'a Settings) -> Self {
        StateHead {
            settings,
            groups: &[],
            completion_groups: &[],
            prefetch: &[],
        }
    }
}

/// The journal is folded into a whole state.ron once it holds this many
/// bytes, or a quarter of the last whole text if that is more.
const JOURNAL_FOLD_BYTES: usize = 256 * 1024;

/// What a save writes.
#[derive(Debug, PartialEq, Eq)]
pub enum Composed {
    /// The whole state.ron, which starts journal `generation` afresh.
    Whole { text: String, generation: u64 },
    /// Records to append to the journal (empty: nothing changed).
    Journal(String),
}

/// Serialized transfers from the last save.
#[derive(Debug, Default)]
pub struct StateText {
    lines: TransferMap<String>,
    /// Transfers whose line changed since the last save.
    unsaved: TransferSet,
    /// The settings and groups as the last whole text has them; `None`
    /// until one was written (the first save is whole).
    saved_head: Option<String>,
    /// The journal generation of the last whole text.
    generation: u64,
    /// Bytes appended to the journal since the last whole text.
    journal_bytes: usize,
    /// The length of the last whole text.
    whole_bytes: usize,
    /// A text the last save is done with, whose memory the next one reuses
    /// (a state of thousands of transfers is a megabyte of fresh pages).
    spare: String,
    /// Where a line is written before it is copied to its own string: a
    /// line written in place grew by doubling, eight reallocations each.
    scratch: String,
}

impl StateText {
    /// Serializes `transfer`'s line; saves reuse it until the transfer is
    /// announced as changed. The engine calls it early for a transfer that
    /// ended, so that work is not left to the save after the last one.
    pub fn refresh(&mut self, transfer: &Transfer) -> Result<(), StoreError> {
        let transfer_id = transfer.transfer_id();
        if let Err(error) = write_line(transfer, &mut self.scratch) {
            self.lines.remove(&transfer_id);
            return Err(error.into());
        }
        // Copied over the old line, in its memory when it is large enough.
        let line = self.lines.entry(transfer_id).or_default();
        line.clear();
        line.push_str(&self.scratch);
        self.unsaved.insert(transfer_id);
        Ok(())
    }

    /// Starts from the journal generation of the state that was loaded.
    pub fn continue_generation(&mut self, generation: u64) {
        self.generation = generation;
    }

    /// The journal generation of the last whole text.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// What the next save writes: journal records of the transfers that
    /// changed (new or changed lines, removed ones), or, when the settings
    /// or groups changed, the journal grew large, or `whole` is asked for,
    /// the whole text (see [`StateText::compose`]).
    pub fn compose_save<'a>(
        &mut self,
        transfers: impl Iterator<Item = &'a Transfer>,
        changed: &TransferSet,
        head: StateHead<'_>,
        whole: bool,
    ) -> Result<Composed, StoreError> {
        let head = head_of(head)?;
        let fold_at = JOURNAL_FOLD_BYTES.max(self.whole_bytes / 4);
        if whole || self.saved_head.as_ref() != Some(&head) || self.journal_bytes > fold_at {
            self.generation += 1;
            let text = self.compose_with_head(&head, transfers, changed)?;
            self.saved_head = Some(head);
            self.journal_bytes = 0;
            self.whole_bytes = text.len();
            return Ok(Composed::Whole {
                text,
                generation: self.generation,
            });
        }
        let mut records = String::new();
        let mut present = TransferSet::default();
        for transfer in transfers {
            let transfer_id = transfer.transfer_id();
            present.insert(transfer_id);
            self.ensure_line(transfer, changed)?;
            if self.unsaved.contains(&transfer_id) {
                records.push_str("+ ");
                records.push_str(&self.lines[&transfer_id]);
                records.push('\n');
            }
        }
        self.lines.retain(|transfer_id, _| {
            let is_present = present.contains(transfer_id);
            if !is_present {
                records.push_str(&format!("- {}\n", transfer_id.0));
            }
            is_present
        });
        self.unsaved.clear();
        self.journal_bytes += records.len();
        Ok(Composed::Journal(records))
    }

    /// Hands back a text that was written, for the next one to reuse.
    pub fn give_back(&mut self, text: String) {
        if text.capacity() > self.spare.capacity() {
            self.spare = text;
        }
    }

    /// The state.ron text for `transfers` (in order), the groups and `settings`.
    /// Transfers in `changed`, and any not seen before, are serialized anew;
    /// the others reuse their line from the last call.
    pub fn compose<'a>(
        &mut self,
        transfers: impl Iterator<Item = &'a Transfer>,
        changed: &TransferSet,
        head: StateHead<'_>,
    ) -> Result<String, StoreError> {
        let settings_and_groups = head_of(head)?;
        self.compose_with_head(&settings_and_groups, transfers, changed)
    }

    /// Serializes `transfer`'s line unless the kept one is current (it is
    /// not in `changed` and was seen before).
    fn ensure_line(
        &mut self,
        transfer: &Transfer,
        changed: &TransferSet,
    ) -> Result<(), StoreError> {
        let transfer_id = transfer.transfer_id();
        if changed.contains(&transfer_id) || !self.lines.contains_key(&transfer_id) {
            self.refresh(transfer)?;
        }
        Ok(())
    }

    /// [`StateText::compose`] with the settings and groups already written
    /// (see [`head_of`]).
    fn compose_with_head<'a>(
        &mut self,
        settings_and_groups: &str,
        transfers: impl Iterator<Item = &'a Transfer>,
        changed: &TransferSet,
    ) -> Result<String, StoreError> {
        let head = format!(
            "(\n    version: {SCHEMA_VERSION},\n    journal_generation: {},\n{settings_and_groups}    transfers: [\n",
            self.generation,
        );
        const LINE_START: &str = "        ";
        const LINE_END: &str = ",\n";
        const TAIL: &str = "    ],\n)\n";
        // Lines first, then the text at its exact length: lines grow as
        // transfers progress, and a text grown by doubling copied itself
        // into fresh pages at every save.
        let mut present = Vec::with_capacity(self.lines.len());
        let mut length = head.len() + TAIL.len();
        for transfer in transfers {
            let transfer_id = transfer.transfer_id();
            present.push(transfer_id);
            self.ensure_line(transfer, changed)?;
            length += LINE_START.len() + self.lines[&transfer_id].len() + LINE_END.len();
        }
        let mut text = std::mem::take(&mut self.spare);
        text.clear();
        if text.capacity() < length {
            // A new text, not a grown one (growing copies the old bytes),
            // with room for the lines to grow a little before the next.
            text = String::with_capacity(length + length / 8);
        }
        text.push_str(&head);
        for transfer_id in &present {
            text.push_str(LINE_START);
            text.push_str(&self.lines[transfer_id]);
            text.push_str(LINE_END);
        }
        text.push_str(TAIL);
        self.unsaved.clear();
        if self.lines.len() > present.len() {
            // Some transfers were removed: forget their lines.
            let present: TransferSet = present.into_iter().collect();
            self.lines
                .retain(|transfer_id, _| present.contains(transfer_id));
        }
        Ok(text)
    }
}

/// The settings, groups and prefetch list, as state.ron's head has them
/// (an empty prefetch list is left out, as an older ferry wrote it).
fn head_of(head: StateHead<'_>) -> Result<String, ron::Error> {
    let mut text = format!(
        "    settings: {},\n    groups: {},\n    completion_groups: {},\n",
        ron::ser::to_string(head.settings)?,
        ron::ser::to_string(head.groups)?,
        ron::ser::to_string(head.completion_groups)?
    );
    if !head.prefetch.is_empty() {
        text.push_str(&format!(
            "    prefetch: {},\n",
            ron::ser::to_string(head.prefetch)?
        ));
    }
    Ok(text)
}

/// Writes `transfer` over `line` as one line of compact RON. Every transfer
/// stays on one line: `ron` escapes control characters in a file name or an
/// error.
fn write_line(transfer: &Transfer, line: &mut String) -> Result<(), ron::Error> {
    line.clear();
    ron::ser::to_writer(&mut *line, transfer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Destination, Status, TransferSpec};
    use crate::store::PersistedState;

    fn line_of(transfer: &Transfer) -> String {
        let mut line = String::new();
        write_line(transfer, &mut line).expect("line");
        line
    }

    fn transfer(path: &str) -> Transfer {
        Transfer::new(TransferSpec::download(
            url::Url::parse(&format!("http://127.0.0.1/{path}")).expect("url"),
            Destination::Folder("/tmp".into()),
        ))
    }

    #[test]
    fn composed_text_reads_back_and_reuses_unchanged_lines() {
        let mut transfers = vec![transfer("a"), transfer("b")];
        let settings = Settings::default();
        let groups = vec![TransferGroup::new(
            "nightly",
            crate::model::GroupBehavior::Serialized,
        )];
        let mut completion =
            crate::model::CompletionGroup::new("ferry get", crate::model::WhenDone::notify());
        completion.members = vec![transfers[0].transfer_id()];
        let mut text = StateText::default();
        let first = text
            .compose(
                transfers.iter(),
                &TransferSet::default(),
                StateHead {
                    groups: &groups,
                    completion_groups: std::slice::from_ref(&completion),
                    ..StateHead::settings_only(&settings)
                },
            )
            .expect("compose");
        let state: PersistedState = ron::from_str(&first).expect("parse");
        assert_eq!(state.transfers, transfers);
        assert_eq!(state.groups, groups);
        assert_eq!(state.completion_groups, [completion.clone()]);
        assert_eq!(state.version, SCHEMA_VERSION);

        // A change not announced is not seen (the line is reused) ...
        transfers[0].status = Status::Completed;
        let stale = text
            .compose(
                transfers.iter(),
                &TransferSet::default(),
                StateHead {
                    groups: &groups,
                    completion_groups: std::slice::from_ref(&completion),
                    ..StateHead::settings_only(&settings)
                },
            )
            .expect("compose");
        assert_eq!(stale, first);
        // ... and an announced one is.
        let changed = TransferSet::from_iter([transfers[0].transfer_id()]);
        let fresh = text
            .compose(
                transfers.iter(),
                &changed,
                StateHead {
                    groups: &groups,
                    ..StateHead::settings_only(&settings)
                },
            )
            .expect("compose");
        let state: PersistedState = ron::from_str(&fresh).expect("parse");
        assert_eq!(state.transfers, transfers);

        // A removed transfer leaves the text and the kept lines.
        transfers.remove(1);
        let fewer = text
            .compose(
                transfers.iter(),
                &TransferSet::default(),
                StateHead {
                    groups: &groups,
                    ..StateHead::settings_only(&settings)
                },
            )
            .expect("compose");
        let state: PersistedState = ron::from_str(&fewer).expect("parse");
        assert_eq!(state.transfers, transfers);
        assert_eq!(text.lines.len(), 1);
    }

    // A 20 MiB download with 10,000 transfers listed wrote 519 MiB: the
    // whole list four times a second. Progress now goes to the journal.
    #[test]
    fn only_what_changed_goes_to_the_journal_and_the_head_or_the_end_write_it_whole() {
        let mut transfers: Vec<Transfer> = (0..1000)
            .map(|index| transfer(&index.to_string()))
            .collect();
        let mut settings = Settings::default();
        let mut text = StateText::default();
        text.continue_generation(7);
        let save = |text: &mut StateText,
                    transfers: &[Transfer],
                    changed: &[usize],
                    settings: &Settings,
                    whole: bool| {
            let changed = changed
                .iter()
                .map(|&index| transfers[index].transfer_id())
                .collect();
            text.compose_save(
                transfers.iter(),
                &changed,
                StateHead::settings_only(settings),
                whole,
            )
            .expect("compose")
        };
        let Composed::Whole {
            text: first,
            generation,
        } = save(&mut text, &transfers, &[], &settings, false)
        else {
            panic!("the first save is whole");
        };
        assert_eq!(generation, 8);
        let state: PersistedState = ron::from_str(&first).expect("parse");
        assert_eq!(state.journal_generation, 8);
        for round in 0..100_u64 {
            transfers[3].progress.bytes_received = round;
            let Composed::Journal(records) = save(&mut text, &transfers, &[3], &settings, false)
            else {
                panic!("progress goes to the journal");
            };
            assert_eq!(records.lines().count(), 1);
            assert!(records.starts_with("+ ("), "{records}");
        }
        assert_eq!(
            save(&mut text, &transfers, &[], &settings, false),
            Composed::Journal(String::new()),
            "nothing changed, nothing written"
        );
        let removed = transfers.remove(5);
        let Composed::Journal(records) = save(&mut text, &transfers, &[], &settings, false) else {
            panic!("a removal goes to the journal");
        };
        assert_eq!(records, format!("- {}\n", removed.transfer_id().0));
        settings.max_simultaneous_transfers = 9;
        assert!(matches!(
            save(&mut text, &transfers, &[], &settings, false),
            Composed::Whole { generation: 9, .. }
        ));
        assert!(matches!(
            save(&mut text, &transfers, &[], &settings, true),
            Composed::Whole { generation: 10, .. }
        ));
    }

    #[test]
    fn a_line_made_early_is_what_the_next_save_writes() {
        let mut transfers = vec![transfer("a"), transfer("b")];
        let settings = Settings::default();
        let mut text = StateText::default();
        text.compose(
            transfers.iter(),
            &TransferSet::default(),
            StateHead::settings_only(&settings),
        )
        .expect("compose");
        transfers[1].status = Status::Completed;
        text.refresh(&transfers[1]).expect("refresh");
        // Not announced as changed: the save takes the line made early.
        let saved = text
            .compose(
                transfers.iter(),
                &TransferSet::default(),
                StateHead::settings_only(&settings),
            )
            .expect("compose");
        let state: PersistedState = ron::from_str(&saved).expect("parse");
        assert_eq!(state.transfers, transfers);
    }

    #[test]
    fn strings_of_any_content_read_back_and_stay_on_one_line() {
        let awkward = [
            "quote \" and backslash \\ and r#\"raw\"#",
            "hashes ## \"## \"#",
            "line\nbreak and tab\t and nul \u{0} and del \u{7f}",
            "ünïcödé ✓ \u{200b} zero width",
            "",
        ];
        for text in awkward {
            let mut odd = transfer("odd");
            odd.error = Some(crate::model::TransferError::CannotWrite {
                path: format!("/tmp/{text}").into(),
                cause: text.to_owned(),
            });
            odd.file_path = Some(format!("/tmp/{text}").into());
            let line = line_of(&odd);
            assert!(!line.contains('\n'), "{line}");
            let back: Transfer = ron::from_str(&line).expect("parse");
            assert_eq!(back, odd, "{text:?}");
        }
    }

    #[test]
    fn defaults_are_left_out_of_a_line_and_every_field_reads_back() {
        let fresh = transfer("fresh.bin");
        let line = line_of(&fresh);
        for left_out in [
            "request_headers",
            "group",
            "priority",
            "cost_policy",
            "recoverable_statuses",
            "sha256",
            "connections",
            "random_access",
            "max_bytes_per_second",
            "unconstrained",
            "error",
            "validator",
            "ranges",
            "file_path",
            "restarts",
            "bytes_sent",
            "total_bytes_to_send",
            "has_restarted",
            "has_response_changed",
        ] {
            assert!(!line.contains(left_out), "{left_out} in {line}");
        }
        let back: Transfer = ron::from_str(&line).expect("parse");
        assert_eq!(back, fresh);

        let mut full = transfer("full.bin");
        full.spec.request_headers = vec![crate::model::HeaderPair {
            name: "User-Agent".to_owned(),
            value: "1".to_owned(),
        }];
        full.spec.group = Some("nightly".to_owned());
        full.spec.priority = crate::model::Priority::High;
        full.spec.cost_policy = crate::model::CostPolicy::UnrestrictedOnly;
        full.spec.recoverable_statuses = vec![503];
        full.spec.sha256 = Some("ab".repeat(32));
        full.spec.connections = Some(4);
        full.spec.random_access = true;
        full.spec.max_bytes_per_second = Some(1000);
        full.spec.unconstrained = true;
        full.status = Status::Error;
        full.error = Some(crate::model::TransferError::Retrying {
            cause: Box::new(crate::model::TransferError::Http { status: 500 }),
            delay_secs: 2,
        });
        full.validator = Some(crate::model::Validator::ETag("\"v1\"".to_owned()));
        full.ranges = vec![crate::model::ByteRange { start: 0, end: 10 }];
        full.file_path = Some("/tmp/full.bin".into());
        full.restarts = 2;
        full.progress.bytes_sent = 7;
        full.progress.total_bytes_to_send = Some(9);
        full.progress.has_restarted = true;
        full.progress.has_response_changed = true;
        let line = line_of(&full);
        let back: Transfer = ron::from_str(&line).expect("parse");
        assert_eq!(back, full);
    }
}
