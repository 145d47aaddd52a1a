//! Completion groups (Windows' `BackgroundTransferCompletionGroup`): a set
//! of transfers that, once enabled and once every member has ended
//! (completed, failed or canceled), fires exactly once: a desktop
//! notification and/or an action, with each member's outcome recorded.

use ferry_i18n::tr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::Url;

use super::{Status, Transfer, TransferId, is_default};

/// Identifies a completion group. Shown as 16 hex digits; any unique prefix
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CompletionGroupId(pub u64);

impl CompletionGroupId {
    pub fn new_random() -> Self {
        CompletionGroupId(rand::random::<u64>())
    }
}

impl fmt::Display for CompletionGroupId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:016x}", self.0)
    }
}

impl FromStr for CompletionGroupId {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        u64::from_str_radix(text, 16).map(CompletionGroupId)
    }
}

/// The longest an action program may run before its process group is
/// killed, unless the group says otherwise.
pub const DEFAULT_ACTION_TIMEOUT_SECS: u64 = 10 * 60;

/// A program run when a group fires: argv, never a shell string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramAction {
    /// An absolute path, looked up in PATH once when the group was made.
    pub program: PathBuf,
    /// Arguments; see [`expand_arguments`] for the placeholders.
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
}

fn default_timeout() -> u64 {
    DEFAULT_ACTION_TIMEOUT_SECS
}

/// What a group does when it fires, besides the notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompletionAction {
    /// Open the folder of the members' files.
    OpenFolder,
    /// Open each completed member's file with its default application.
    OpenFile,
    /// Run a program.
    Run(ProgramAction),
}

/// A group's notification and action.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhenDone {
    /// A desktop notification that sums the members up.
    #[serde(default, skip_serializing_if = "is_default")]
    pub notify: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<CompletionAction>,
}

impl WhenDone {
    pub fn notify() -> Self {
        WhenDone {
            notify: true,
            action: None,
        }
    }

    pub fn action(action: CompletionAction) -> Self {
        WhenDone {
            notify: false,
            action: Some(action),
        }
    }

    /// Short words for people: "notify", "open the folder", "run /usr/bin/x".
    pub fn describe(&self) -> String {
        let action = self.action.as_ref().map(|action| match action {
            CompletionAction::OpenFolder => tr!("when-done-does-open-folder"),
            CompletionAction::OpenFile => tr!("when-done-does-open-file"),
            CompletionAction::Run(run) => tr!(
                "when-done-does-run",
                program = run.program.display().to_string()
            ),
        });
        match (self.notify, action) {
            (true, Some(action)) => tr!("when-done-does-notify-and", action = action),
            (true, None) => tr!("when-done-does-notify"),
            (false, Some(action)) => action,
            (false, None) => tr!("when-done-does-nothing"),
        }
    }
}

/// How one member ended, as recorded when the group fired (and as the
/// action program reads it on stdin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberResult {
    /// As 16 hex digits (a program's JSON reader may not hold 64-bit
    /// integers exactly), as `ferry list --json` shows it.
    #[serde(with = "hex_id")]
    pub transfer_id: TransferId,
    /// `None` for a member removed before the group fired.
    #[serde(default)]
    pub url: Option<Url>,
    /// The file (downloaded, or sent); `None` when it never got a name.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// `completed`, `failed`, `canceled`, or `removed` (forgotten before
    /// the group fired).
    pub status: String,
    #[serde(default)]
    pub error: Option<String>,
    /// Bytes received (download) or sent (upload).
    #[serde(default)]
    pub bytes: u64,
    #[serde(default)]
    pub is_upload: bool,
}

impl MemberResult {
    pub fn of(transfer: &Transfer) -> Self {
        MemberResult {
            transfer_id: transfer.transfer_id(),
            url: Some(transfer.spec.url.clone()),
            path: transfer.file_path.clone().or_else(|| {
                transfer
                    .spec
                    .upload_source()
                    .map(|upload| upload.file.clone())
            }),
            status: match transfer.status {
                Status::Completed => "completed",
                Status::Canceled => "canceled",
                _ => "failed",
            }
            .to_owned(),
            error: transfer.error.as_ref().map(ToString::to_string),
            bytes: if transfer.spec.is_upload() {
                transfer.progress.bytes_sent
            } else {
                transfer.progress.bytes_received
            },
            is_upload: transfer.spec.is_upload(),
        }
    }

    /// A member that was removed before the group fired.
    pub fn removed(transfer_id: TransferId) -> Self {
        MemberResult {
            transfer_id,
            url: None,
            path: None,
            status: "removed".to_owned(),
            error: None,
            bytes: 0,
            is_upload: false,
        }
    }

    pub fn is_completed(&self) -> bool {
        self.status == "completed"
    }

    pub fn is_failed(&self) -> bool {
        self.status == "failed"
    }
}

/// A transfer id as its hex text.
mod hex_id {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    use crate::model::TransferId;

    pub fn serialize<S: Serializer>(id: &TransferId, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<TransferId, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(D::Error::custom)
    }
}

/// What became of the group's action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionOutcome {
    /// The group has no action (a notification only).
    NoAction,
    /// The action was started. Saved before it starts, so a group found in
    /// this state at launch was cut by a crash (it is not run again).
    Started,
    /// ferry stopped while the action ran; it was not run again.
    Interrupted,
    /// Folders or files were handed to the desktop to open.
    Opened,
    /// The program ended by itself.
    Exited {
        /// `None` when a signal ended it.
        code: Option<i32>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        output_tail: Vec<String>,
    },
    /// The program ran past its timeout; its process group was killed.
    TimedOut {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        output_tail: Vec<String>,
    },
    /// The action could not start (a program that is gone, say).
    Failed(String),
}

impl ActionOutcome {
    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            ActionOutcome::NoAction => tr!("outcome-no-action"),
            ActionOutcome::Started => tr!("outcome-started"),
            ActionOutcome::Interrupted => tr!("outcome-interrupted"),
            ActionOutcome::Opened => tr!("outcome-opened"),
            ActionOutcome::Exited { code: Some(0), .. } => tr!("outcome-succeeded"),
            ActionOutcome::Exited {
                code: Some(code), ..
            } => tr!("outcome-failed-with", code = code),
            ActionOutcome::Exited { code: None, .. } => tr!("outcome-killed"),
            ActionOutcome::TimedOut { .. } => tr!("outcome-timed-out"),
            ActionOutcome::Failed(reason) => tr!("outcome-failed", reason = reason.as_str()),
        }
    }

    /// The last lines the program wrote, if it ran.
    pub fn output_tail(&self) -> &[String] {
        match self {
            ActionOutcome::Exited { output_tail, .. } | ActionOutcome::TimedOut { output_tail } => {
                output_tail
            }
            _ => &[],
        }
    }
}

/// A group that fired: when, how its members ended, and the action's fate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Firing {
    pub fired_unix_secs: u64,
    pub results: Vec<MemberResult>,
    pub outcome: ActionOutcome,
}

impl Firing {
    /// "3 downloads finished, 1 failed".
    pub fn summary(&self) -> String {
        summarize(&self.results)
    }

    /// `completed` when every member completed, else `failed` if any
    /// failed, else `canceled`.
    pub fn status_word(&self) -> &'static str {
        if self.results.iter().all(MemberResult::is_completed) {
            "completed"
        } else if self.results.iter().any(MemberResult::is_failed) {
            "failed"
        } else {
            "canceled"
        }
    }
}

/// "500 downloads finished, 3 failed", "1 upload finished", "2 transfers
/// finished, 2 canceled".
pub fn summarize(results: &[MemberResult]) -> String {
    let uploads = results.iter().filter(|result| result.is_upload).count();
    let count = results.len();
    let mut text = match uploads {
        0 => tr!("summary-downloads-finished", count = count),
        uploads if uploads == count => tr!("summary-uploads-finished", count = count),
        _ => tr!("summary-transfers-finished", count = count),
    };
    let failed = results.iter().filter(|result| result.is_failed()).count();
    if failed > 0 {
        text = format!("{text}, {}", tr!("summary-failed", count = failed));
    }
    let canceled = results
        .iter()
        .filter(|result| !result.is_completed() && !result.is_failed())
        .count();
    if canceled > 0 {
        text = format!("{text}, {}", tr!("summary-canceled", count = canceled));
    }
    text
}

/// A completion group and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionGroup {
    pub id: CompletionGroupId,
    /// A name for people ("ferry get", a transfer group's name).
    pub name: String,
    pub members: Vec<TransferId>,
    /// Members may be added until it is enabled; it fires only once enabled.
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub when_done: WhenDone,
    /// Set for the group a named transfer group opened for its members
    /// (see `TransferGroup::when_done`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firing: Option<Firing>,
}

impl CompletionGroup {
    /// A group, not yet enabled, with no members.
    pub fn new(name: impl Into<String>, when_done: WhenDone) -> Self {
        CompletionGroup {
            id: CompletionGroupId::new_random(),
            name: name.into(),
            members: Vec::new(),
            enabled: false,
            when_done,
            transfer_group: None,
            firing: None,
        }
    }

    pub fn has_fired(&self) -> bool {
        self.firing.is_some()
    }

    /// How many members have ended; `status_of` gives a member's status,
    /// `None` for one that is gone (which has ended too).
    pub fn ended_members(&self, status_of: impl Fn(TransferId) -> Option<Status>) -> usize {
        self.members
            .iter()
            .filter(|member| status_of(**member).is_none_or(Status::is_terminal))
            .count()
    }

    /// Words for where it stands: "waiting for 3 of 5", "fired: ...".
    pub fn state_words(&self, ended: usize) -> String {
        match &self.firing {
            Some(firing) => format!("{}; {}", firing.summary(), firing.outcome.describe()),
            None if !self.enabled => tr!("completion-not-enabled", count = self.members.len()),
            None => tr!(
                "completion-waiting",
                left = self.members.len().saturating_sub(ended),
                count = self.members.len()
            ),
        }
    }
}

/// The values the placeholders stand for, per member, and the group's own.
pub struct Placeholders<'a> {
    pub group_name: &'a str,
    pub status: &'a str,
    pub results: &'a [MemberResult],
}

/// The program's argv after the program itself. An argument that is
/// exactly `{group}` or `{status}` becomes the group's name or status; one
/// that is exactly `{path}`, `{name}` or `{url}` becomes one argument per
/// member, in order (a member without a file, one that failed early, gives
/// an empty `{path}` and `{name}`: the lists stay in step, the Nth of each
/// the same member). Every other argument is passed as written: a
/// placeholder inside a longer argument (`sh -c 'echo {name}'`) is not
/// replaced, so a name can never become part of a script or an option.
/// Each value is exactly one argument whatever it holds (spaces, quotes,
/// `$(...)`, newlines); a file name that starts with `-` is given as
/// `./-name` and a path is always absolute, so neither reads as an option.
pub fn expand_arguments(args: &[String], values: &Placeholders<'_>) -> Vec<String> {
    let mut argv = Vec::new();
    for arg in args {
        match arg.as_str() {
            "{group}" => argv.push(guard_dash(values.group_name)),
            "{status}" => argv.push(values.status.to_owned()),
            "{path}" => argv.extend(values.results.iter().map(|result| {
                result
                    .path
                    .as_deref()
                    .map(absolute_text)
                    .unwrap_or_default()
            })),
            "{name}" => argv.extend(values.results.iter().map(|result| {
                result
                    .path
                    .as_deref()
                    .and_then(Path::file_name)
                    .map(|name| guard_dash(&name.to_string_lossy()))
                    .unwrap_or_default()
            })),
            "{url}" => argv.extend(
                values
                    .results
                    .iter()
                    .map(|result| result.url.as_ref().map(Url::to_string).unwrap_or_default()),
            ),
            _ => argv.push(arg.clone()),
        }
    }
    argv
}

/// A path as text, absolute (relative ones are made so against the current
/// folder, which never yields a leading `-`).
fn absolute_text(path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|folder| folder.join(path))
            .unwrap_or_else(|_| Path::new(".").join(path))
    };
    absolute.to_string_lossy().into_owned()
}

/// `-rf` becomes `./-rf`: a value never reads as an option.
fn guard_dash(text: &str) -> String {
    if text.starts_with('-') {
        format!("./{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(path: &str, status: &str) -> MemberResult {
        MemberResult {
            transfer_id: TransferId(1),
            url: Some(Url::parse("http://127.0.0.1/{name}").expect("url")),
            path: Some(PathBuf::from(path)),
            status: status.to_owned(),
            error: None,
            bytes: 4,
            is_upload: false,
        }
    }

    #[test]
    fn placeholders_expand_to_whole_arguments_one_per_member() {
        let results = [
            result("/d/$(rm -rf ~).zip", "completed"),
            result("/d/-rf", "failed"),
            result("/d/a b\nc", "completed"),
        ];
        let argv = expand_arguments(
            &[
                "{group}".to_owned(),
                "{status}".to_owned(),
                "{name}".to_owned(),
                "{path}".to_owned(),
                "{url}".to_owned(),
                "echo {name}".to_owned(),
                "--out={path}".to_owned(),
            ],
            &Placeholders {
                group_name: "-g",
                status: "failed",
                results: &results,
            },
        );
        assert_eq!(
            argv,
            [
                "./-g",
                "failed",
                "$(rm -rf ~).zip",
                "./-rf",
                "a b\nc",
                "/d/$(rm -rf ~).zip",
                "/d/-rf",
                "/d/a b\nc",
                "http://127.0.0.1/%7Bname%7D",
                "http://127.0.0.1/%7Bname%7D",
                "http://127.0.0.1/%7Bname%7D",
                // Inside a longer argument a placeholder stays as written.
                "echo {name}",
                "--out={path}",
            ]
        );
    }

    #[test]
    fn summaries_count_what_failed() {
        let results = [result("/a", "completed"), result("/b", "failed")];
        assert_eq!(summarize(&results), "2 downloads finished, 1 failed");
        assert_eq!(summarize(&results[..1]), "1 download finished");
    }
}
