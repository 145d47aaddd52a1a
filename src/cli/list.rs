//! `ferry list`: every transfer the state knows: the running service's
//! table, else the last saved state (read without the writer lock, and
//! without starting a service).

use ferry_i18n::tr;

use super::table;
use std::path::Path;

use serde::Serialize;

use super::{exit, session};
use crate::model::{ActionOutcome, CompletionGroup, Status, Transfer, TransferMap};

#[derive(Serialize)]
struct TransferView {
    id: String,
    /// "download" or "upload".
    kind: &'static str,
    url: String,
    status: Status,
    status_words: String,
    /// Bytes received (a download) or sent (an upload).
    bytes_received: u64,
    bytes_on_disk: u64,
    total_bytes: Option<u64>,
    path: Option<String>,
    error: Option<String>,
    /// "high", "default" or "low".
    priority: &'static str,
    group: Option<String>,
    /// How many times it started over from zero.
    restarts: u32,
    /// Windows' progress flags, as the last report had them.
    has_restarted: bool,
    has_response_changed: bool,
    /// What the server last answered (its cookies not kept).
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<ResponseView>,
    /// The completion groups the transfer is a member of.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    completion_groups: Vec<CompletionView>,
}

/// A server's answer as `ferry list --json` shows it.
#[derive(Serialize)]
struct ResponseView {
    actual_url: String,
    status_code: u16,
    is_resumable: bool,
    headers: Vec<(String, String)>,
}

/// A completion group as `ferry list --json` shows it with each member.
#[derive(Serialize)]
struct CompletionView {
    id: String,
    name: String,
    when_done: String,
    /// "waiting", "not enabled", or "fired".
    state: &'static str,
    /// Where it stands, in words.
    state_words: String,
    /// What became of the action once fired (`Exited` carries the exit
    /// code and the last lines of output).
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<ActionOutcome>,
}

impl CompletionView {
    fn of(group: &CompletionGroup, ended: usize) -> Self {
        CompletionView {
            id: group.id.to_string(),
            name: group.name.clone(),
            when_done: group.when_done.describe(),
            state: match (&group.firing, group.enabled) {
                (Some(_), _) => "fired",
                (None, true) => "waiting",
                (None, false) => "not enabled",
            },
            state_words: group.state_words(ended),
            outcome: group.firing.as_ref().map(|firing| firing.outcome.clone()),
        }
    }
}

/// How many of the group's members ended.
pub fn ended_members(group: &CompletionGroup, transfers: &TransferMap<&Transfer>) -> usize {
    group.ended_members(|member| transfers.get(&member).map(|transfer| transfer.status))
}

pub fn run(state_dir: &Path, json: bool) -> anyhow::Result<u8> {
    if json {
        // Output for programs: the same in every language.
        return ferry_i18n::english(|| run_in_the_readers_words(state_dir, true));
    }
    run_in_the_readers_words(state_dir, false)
}

fn run_in_the_readers_words(state_dir: &Path, json: bool) -> anyhow::Result<u8> {
    // The speeds are measured only for the table, over the same connection.
    let (state, writer_is_running, speeds) = session::read_state_with(state_dir, |handle| {
        if json {
            Default::default()
        } else {
            session::sample_speeds(handle)
        }
    })?;
    let transfers = state.transfers;
    let by_id: TransferMap<&Transfer> = transfers
        .iter()
        .map(|transfer| (transfer.transfer_id(), transfer))
        .collect();
    let mut groups_of: TransferMap<Vec<&CompletionGroup>> = TransferMap::default();
    for group in &state.completion_groups {
        for member in &group.members {
            groups_of.entry(*member).or_default().push(group);
        }
    }
    let views: Vec<TransferView> = transfers
        .iter()
        .map(|transfer| {
            let mut view = view_of(transfer, writer_is_running);
            let member_of = groups_of.get(&transfer.transfer_id());
            view.completion_groups = member_of
                .into_iter()
                .flatten()
                .map(|group| CompletionView::of(group, ended_members(group, &by_id)))
                .collect();
            view
        })
        .collect();
    if json {
        say!("{}", serde_json::to_string_pretty(&views)?);
        return Ok(exit::SUCCESS);
    }
    if views.is_empty() {
        say!("{}", tr!("cli-no-transfers"));
        return Ok(exit::SUCCESS);
    }
    // As wide as the longest status ("waiting: background data is
    // blocked"), so the columns after it line up.
    let status_title = tr!("cli-column-status");
    let status_width = views
        .iter()
        .map(|view| table::width(&view.status_words))
        .chain([table::width(&status_title)])
        .max()
        .unwrap_or(0)
        .clamp(8, 48);
    // Each column as wide as its title at least (a longer language's).
    let columns = [
        (tr!("cli-column-id"), 8),
        (tr!("cli-column-progress"), 20),
        (tr!("cli-column-speed"), 11),
        (tr!("cli-column-eta"), 8),
        (tr!("cli-column-group"), 12),
        (tr!("cli-column-added"), 18),
    ];
    let [
        id_width,
        progress_width,
        speed_width,
        eta_width,
        group_width,
        added_width,
    ] = columns
        .each_ref()
        .map(|(title, least)| table::width(title).max(*least));
    let [id, progress, speed, eta, group, added] = columns.map(|(title, _)| title);
    say!(
        "{}  {}  {}  {}  {}  {}  {}  {}",
        table::left(&id, id_width),
        table::left(&status_title, status_width),
        table::right(&progress, progress_width),
        table::right(&speed, speed_width),
        table::right(&eta, eta_width),
        table::left(&group, group_width),
        table::left(&added, added_width),
        tr!("cli-column-name")
    );
    let locale = ferry_i18n::current();
    for (transfer, view) in transfers.iter().zip(&views) {
        let progress = match view.total_bytes {
            Some(total) if total > 0 => tr!(
                "cli-percent-of",
                percent = locale.percent((view.bytes_received.saturating_mul(100) / total) as f64),
                total = locale.bytes(total)
            ),
            // The size is not known (yet): not "0 B".
            _ => tr!("cli-size-unknown", done = locale.bytes(view.bytes_received)),
        };
        let speed = speeds.get(&transfer.transfer_id()).copied();
        let (speed_words, eta_words) = match speed {
            Some(speed) if speed > 0.0 => (
                locale.speed(speed),
                view.total_bytes.map_or_else(
                    || "?".to_owned(),
                    |total| {
                        let left = total.saturating_sub(view.bytes_received) as f64;
                        locale.duration((left / speed).round() as u64)
                    },
                ),
            ),
            _ => ("–".to_owned(), "–".to_owned()),
        };
        say!(
            "{}  {}  {}  {}  {}  {}  {}  {}",
            table::left(&transfer.transfer_id().short(), id_width),
            table::left(&view.status_words, status_width),
            table::right(&progress, progress_width),
            table::right(&speed_words, speed_width),
            table::right(&eta_words, eta_width),
            table::left(view.group.as_deref().unwrap_or("–"), group_width),
            // (0: a transfer an early ferry saved without the time.)
            table::left(
                &match transfer.created_unix_secs {
                    0 => "–".to_owned(),
                    secs => locale.date_time(secs),
                },
                added_width
            ),
            name_with_kind(transfer)
        );
        if let Some(error) = &view.error {
            say!("{:<8}  {error}", "");
        }
    }
    Ok(exit::SUCCESS)
}

fn view_of(transfer: &Transfer, writer_is_running: bool) -> TransferView {
    let status_words = match transfer.status {
        // The process that ran it died; it continues at the next run.
        Status::Running if !writer_is_running => tr!("cli-status-interrupted"),
        // Stopped by a quit or SIGTERM: nothing runs it until ferry does.
        Status::Idle if !writer_is_running => tr!("cli-status-stopped"),
        status => status.words_with(transfer.error.as_ref()),
    };
    let bytes_received = if writer_is_running || transfer.spec.is_upload() {
        transfer.bytes_moved()
    } else {
        transfer.bytes_on_disk()
    };
    TransferView {
        id: transfer.transfer_id().to_string(),
        kind: if transfer.spec.is_upload() {
            "upload"
        } else {
            "download"
        },
        url: transfer.spec.url.to_string(),
        status: transfer.status,
        status_words,
        bytes_received,
        bytes_on_disk: transfer.bytes_on_disk(),
        total_bytes: transfer.bytes_to_move(),
        path: transfer
            .file_path
            .as_ref()
            .map(|path| path.display().to_string()),
        error: transfer.error.as_ref().map(ToString::to_string),
        priority: match transfer.spec.priority {
            crate::model::Priority::High => "high",
            crate::model::Priority::Default => "default",
            crate::model::Priority::Low => "low",
        },
        group: transfer.spec.group.clone(),
        restarts: transfer.restarts,
        has_restarted: transfer.progress.has_restarted,
        has_response_changed: transfer.progress.has_response_changed,
        response: transfer.response.as_ref().map(|response| ResponseView {
            actual_url: response.actual_url.to_string(),
            status_code: response.status_code,
            is_resumable: response.is_resumable,
            headers: response.headers.clone(),
        }),
        completion_groups: Vec::new(),
    }
}

/// The name, marked when the transfer is an upload: "upload a.bin to HOST".
fn name_with_kind(transfer: &Transfer) -> String {
    if transfer.spec.is_upload() {
        let host = transfer.spec.url.host_str().unwrap_or_default();
        tr!(
            "cli-upload-name",
            name = transfer.display_name(),
            host = host
        )
    } else {
        transfer.display_name()
    }
}
