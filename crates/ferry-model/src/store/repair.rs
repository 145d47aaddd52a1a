//! What state.ron says is checked before anyone trusts it: a file edited
//! by hand, damaged, or written by a ferry with a bug may hold settings out
//! of range (no transfer would ever run), ranges past a file's end, counts
//! that make no sense, or response records larger than any ferry keeps.
//! Each is set right here, and the user hears one line about it.

use std::collections::HashSet;

use crate::model::{Progress, RangeSet, SettingChange, Settings, Transfer};

use super::schema::PersistedState;

/// Sets right what is out of range in `state`; one line per fix.
pub(super) fn repair(state: &mut PersistedState) -> Vec<String> {
    let mut fixes = repair_settings(&mut state.settings);
    let mut seen = HashSet::new();
    let before = state.transfers.len();
    state
        .transfers
        .retain(|transfer| seen.insert(transfer.transfer_id()));
    if state.transfers.len() < before {
        fixes.push(format!(
            "state.ron listed {} transfers twice; kept the first of each",
            before - state.transfers.len()
        ));
    }
    let mut repaired = 0;
    for transfer in &mut state.transfers {
        repaired += usize::from(repair_transfer(transfer));
    }
    if repaired > 0 {
        fixes.push(format!(
            "state.ron had impossible byte counts or ranges for {repaired} transfers; set them \
             right (bytes past a file's end do not count)"
        ));
    }
    fixes
}

fn repair_settings(settings: &mut Settings) -> Vec<String> {
    let defaults = Settings::default();
    // The fields that differ from the defaults, each as the file has it and
    // as the defaults have it: `between` lists the same fields in the same
    // order both ways. One out of its range (the model's check, as for any
    // change) goes back to the default.
    let found = SettingChange::between(&defaults, settings);
    let default_values = SettingChange::between(settings, &defaults);
    let mut fixes = Vec::new();
    for (value, default) in found.into_iter().zip(default_values) {
        debug_assert_eq!(
            std::mem::discriminant(&value),
            std::mem::discriminant(&default)
        );
        if let Err(out_of_range) = value.checked() {
            fixes.push(format!(
                "the settings say {out_of_range}; using the default"
            ));
            default.apply(settings);
        }
    }
    fixes
}

/// Sets right one transfer's counts and ranges; true when anything changed.
/// (Its response record is bounded as any new one is, silently.)
fn repair_transfer(transfer: &mut Transfer) -> bool {
    if let Some(response) = transfer.response.take() {
        transfer.response = Some(response.bounded());
    }
    let before = (transfer.ranges.clone(), transfer.progress.clone());
    let total = transfer.progress.total_bytes_to_receive;
    let mut ranges = RangeSet::from_ranges(&transfer.ranges);
    if let Some(total) = total {
        ranges.truncate(total);
    }
    transfer.ranges = ranges.ranges().to_vec();
    let Progress {
        bytes_received,
        total_bytes_to_receive,
        bytes_sent,
        total_bytes_to_send,
        ..
    } = &mut transfer.progress;
    if let Some(total) = *total_bytes_to_receive {
        *bytes_received = (*bytes_received).min(total);
    }
    if let Some(total) = *total_bytes_to_send {
        *bytes_sent = (*bytes_sent).min(total);
    }
    (transfer.ranges.clone(), transfer.progress.clone()) != before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ByteRange, Destination, TransferSpec};

    #[test]
    fn settings_out_of_range_are_set_to_their_defaults_and_said() {
        let mut state = PersistedState::default();
        state.settings.max_simultaneous_transfers = 0;
        state.settings.connections_per_host = 0;
        state.settings.download_limit = Some(0);
        let fixes = repair(&mut state);
        assert_eq!(state.settings.max_simultaneous_transfers, 4);
        assert_eq!(state.settings.connections_per_host, 16);
        assert_eq!(state.settings.download_limit, None);
        assert_eq!(fixes.len(), 3, "{fixes:?}");
        assert!(
            fixes[0].contains("simultaneous transfers must be between 1 and 64, not 0"),
            "{fixes:?}"
        );
    }

    #[test]
    fn ranges_and_counts_past_the_end_of_a_file_do_not_count() {
        let mut transfer = Transfer::new(TransferSpec::download(
            "http://127.0.0.1:1/f".parse().expect("url"),
            Destination::Folder("/tmp".into()),
        ));
        transfer.progress.total_bytes_to_receive = Some(1000);
        transfer.progress.bytes_received = 90_071_992_547_409;
        transfer.ranges = vec![
            ByteRange {
                start: 500,
                end: 400,
            },
            ByteRange { start: 0, end: 300 },
            ByteRange {
                start: 200,
                end: 5000,
            },
        ];
        let mut state = PersistedState {
            transfers: vec![transfer.clone(), transfer],
            ..PersistedState::default()
        };
        let fixes = repair(&mut state);
        assert_eq!(state.transfers.len(), 1);
        assert_eq!(
            state.transfers[0].ranges,
            vec![ByteRange {
                start: 0,
                end: 1000
            }]
        );
        assert_eq!(state.transfers[0].progress.bytes_received, 1000);
        assert_eq!(fixes.len(), 2, "{fixes:?}");
        // A sound state is left alone, with nothing said.
        assert!(repair(&mut state).is_empty());
    }
}
