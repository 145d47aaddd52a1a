//! What happens when transfers end: per-transfer desktop notifications
//! (a burst summed up in one), and completion groups' notifications and
//! actions. The actor decides when a group fires and saves that before
//! anything runs; this module does the firing: it talks to the desktop
//! through [`CompletionDesktop`] and runs action programs (argv, never a
//! shell; own process group; a clean environment; a timeout).

use ferry_i18n::tr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::model::{
    ActionOutcome, CompletionAction, CompletionGroup, Firing, MemberResult, Placeholders,
    ProgramAction, Status, TransferId, expand_arguments, summarize,
};

/// A desktop notification ferry wants shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// "Downloaded debian.iso (628 MiB)".
    pub summary: String,
    pub body: String,
    pub is_failure: bool,
    /// Set when the notice is about one transfer: its actions open the
    /// file, its folder, or the window at the transfer.
    pub transfer: Option<NoticeTarget>,
}

/// The transfer a notice is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeTarget {
    pub transfer_id: TransferId,
    /// The finished file, when there is one to open.
    pub file: Option<PathBuf>,
}

/// The desktop as the engine uses it when transfers end. Calls must not
/// block: they start the work and return.
pub trait CompletionDesktop: Send + Sync {
    /// Shows a notification.
    fn notify(&self, notice: Notice);
    /// Opens a file or a folder with the default application.
    fn open(&self, path: &Path);
}

/// The desktop an engine was given (`None`: it shows and opens nothing).
#[derive(Clone, Default)]
pub struct DesktopLink(pub Option<Arc<dyn CompletionDesktop>>);

impl fmt::Debug for DesktopLink {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(if self.0.is_some() {
            "DesktopLink(desktop)"
        } else {
            "DesktopLink(none)"
        })
    }
}

impl DesktopLink {
    pub(crate) fn notify(&self, notice: Notice) {
        if let Some(desktop) = &self.0 {
            desktop.notify(notice);
        }
    }

    fn open(&self, path: &Path) {
        if let Some(desktop) = &self.0 {
            desktop.open(path);
        }
    }
}

/// No more transfers ended for this long: the burst is over and told.
const BURST_QUIET: Duration = Duration::from_millis(1500);
/// A burst that goes on is told at least this often.
const BURST_LONGEST: Duration = Duration::from_secs(30);
/// Up to this many transfers ending together get a notice each; more get
/// one summary.
const SINGLE_NOTICES_AT_MOST: usize = 3;

/// Transfers that ended and wait to be told, gathered so a burst makes
/// one summary instead of a flood.
#[derive(Default)]
pub(crate) struct EndedTransfers {
    pending: Vec<MemberResult>,
    first_at: Option<Instant>,
    last_at: Option<Instant>,
}

impl EndedTransfers {
    pub fn push(&mut self, result: MemberResult, now: Instant) {
        self.first_at.get_or_insert(now);
        self.last_at = Some(now);
        self.pending.push(result);
    }

    /// The notices due now, if the burst is over (or long enough).
    pub fn take_due(&mut self, now: Instant) -> Vec<Notice> {
        let (Some(first_at), Some(last_at)) = (self.first_at, self.last_at) else {
            return Vec::new();
        };
        if now.duration_since(last_at) < BURST_QUIET && now.duration_since(first_at) < BURST_LONGEST
        {
            return Vec::new();
        }
        self.first_at = None;
        self.last_at = None;
        let ended = std::mem::take(&mut self.pending);
        if ended.len() <= SINGLE_NOTICES_AT_MOST {
            return ended.iter().map(transfer_notice).collect();
        }
        vec![burst_notice(&ended)]
    }
}

/// Whether this transfer's end is worth a notice under the settings:
/// completed or failed (a cancel is the user's own doing), and failures
/// only when so set.
pub(crate) fn is_noticed(status: Status, notify_failures_only: bool) -> bool {
    match status {
        Status::Completed => !notify_failures_only,
        Status::Error => true,
        _ => false,
    }
}

/// The notice for one transfer: "Downloaded debian.iso (628 MiB)",
/// "Upload failed: report.pdf".
fn transfer_notice(result: &MemberResult) -> Notice {
    let name = display_name(result);
    let size = ferry_i18n::current().bytes(result.bytes);
    let name = name.as_str();
    let (summary, body) = match (result.is_completed(), result.is_upload) {
        (true, false) => (
            tr!("notify-downloaded", name = name, size = size),
            String::new(),
        ),
        (true, true) => (
            tr!("notify-uploaded", name = name, size = size),
            String::new(),
        ),
        (false, false) => (
            tr!("notify-download-failed", name = name),
            result.error.clone().unwrap_or_default(),
        ),
        (false, true) => (
            tr!("notify-upload-failed", name = name),
            result.error.clone().unwrap_or_default(),
        ),
    };
    Notice {
        summary,
        body,
        is_failure: !result.is_completed(),
        transfer: Some(NoticeTarget {
            transfer_id: result.transfer_id,
            file: result
                .path
                .clone()
                .filter(|_| result.is_completed() && !result.is_upload),
        }),
    }
}

/// One notice for many: "500 downloads finished, 3 failed", naming the
/// first failures.
fn burst_notice(ended: &[MemberResult]) -> Notice {
    Notice {
        summary: summarize(ended),
        body: failed_names(ended),
        is_failure: ended.iter().any(MemberResult::is_failed),
        transfer: None,
    }
}

/// "Failed: a.iso, b.zip and 3 more" (empty when nothing failed).
fn failed_names(results: &[MemberResult]) -> String {
    const NAMED: usize = 5;
    let failed: Vec<String> = results
        .iter()
        .filter(|result| result.is_failed())
        .map(display_name)
        .collect();
    if failed.is_empty() {
        return String::new();
    }
    let named = failed[..failed.len().min(NAMED)].join(", ");
    if failed.len() > NAMED {
        tr!(
            "notify-failed-names-more",
            names = named,
            more = failed.len() - NAMED
        )
    } else {
        tr!("notify-failed-names", names = named)
    }
}

/// The file's name, else the URL's.
fn display_name(result: &MemberResult) -> String {
    result
        .path
        .as_deref()
        .and_then(Path::file_name)
        .map(|name| name.to_string_lossy().into_owned())
        .or_else(|| result.url.as_ref().map(ToString::to_string))
        .unwrap_or_else(|| result.transfer_id.short())
}

/// How each member ended, for the group's firing.
pub(crate) fn member_results(
    group: &CompletionGroup,
    transfer: impl Fn(TransferId) -> Option<MemberResult>,
) -> Vec<MemberResult> {
    group
        .members
        .iter()
        .map(|member| transfer(*member).unwrap_or_else(|| MemberResult::removed(*member)))
        .collect()
}

/// Does what a fired group asks, once its firing is on disk: the
/// notification, then the action. Returns what became of the action.
pub(crate) async fn fire(
    group: CompletionGroup,
    firing: Firing,
    desktop: DesktopLink,
) -> ActionOutcome {
    if group.when_done.notify {
        desktop.notify(Notice {
            summary: format!("{}: {}", group.name, firing.summary()),
            body: failed_names(&firing.results),
            is_failure: firing.status_word() == "failed",
            transfer: None,
        });
    }
    match &group.when_done.action {
        None => ActionOutcome::NoAction,
        Some(CompletionAction::OpenFolder) => {
            let mut folders: Vec<&Path> = Vec::new();
            for path in firing
                .results
                .iter()
                .filter_map(|result| result.path.as_deref())
            {
                if let Some(folder) = path.parent()
                    && !folders.contains(&folder)
                {
                    folders.push(folder);
                }
            }
            for folder in folders {
                desktop.open(folder);
            }
            ActionOutcome::Opened
        }
        Some(CompletionAction::OpenFile) => {
            for result in firing.results.iter().filter(|result| result.is_completed()) {
                if let Some(path) = &result.path {
                    desktop.open(path);
                }
            }
            ActionOutcome::Opened
        }
        Some(CompletionAction::Run(program)) => run_program(program, &group.name, &firing).await,
    }
}

/// The environment an action program gets: what a desktop program needs
/// to find its display, session bus and language, and nothing else (no
/// proxy with credentials, no agent sockets, none of ferry's own).
const KEPT_ENVIRONMENT: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XDG_RUNTIME_DIR",
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
    "XDG_DATA_DIRS",
    "XDG_CONFIG_DIRS",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "DBUS_SESSION_BUS_ADDRESS",
];

/// Lines of the program's output kept for the details pane.
const OUTPUT_TAIL_LINES: usize = 20;
/// Longest kept line, in bytes.
const OUTPUT_LINE_BYTES: usize = 400;
/// How long the output is still read after the program ended (a child it
/// left behind may hold the pipe open).
const OUTPUT_GRACE: Duration = Duration::from_secs(2);

async fn run_program(program: &ProgramAction, group_name: &str, firing: &Firing) -> ActionOutcome {
    let argv = expand_arguments(
        &program.args,
        &Placeholders {
            group_name,
            status: firing.status_word(),
            results: &firing.results,
        },
    );
    let stdin_json = match serde_json::to_vec_pretty(&StdinReport {
        group: group_name,
        status: firing.status_word(),
        members: &firing.results,
    }) {
        Ok(json) => json,
        Err(error) => {
            return ActionOutcome::Failed(format!("cannot describe the members: {error}"));
        }
    };
    let mut command = tokio::process::Command::new(&program.program);
    command
        .args(&argv)
        .env_clear()
        .envs(
            KEPT_ENVIRONMENT
                .iter()
                .filter_map(|name| std::env::var_os(name).map(|value| (*name, value))),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout ends everything it started.
        .process_group(0);
    become_subreaper_on_exec(&mut command);
    if let Some(folder) = common_folder(&firing.results) {
        command.current_dir(folder);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) => {
            return ActionOutcome::Failed(format!(
                "cannot run {}: {error}",
                program.program.display()
            ));
        }
    };
    let process_group = child
        .id()
        .and_then(|pid| rustix::process::Pid::from_raw(pid as i32));
    if let Some(mut stdin) = child.stdin.take() {
        tokio::spawn(async move {
            // A program that does not read its input is fine.
            let _ = stdin.write_all(&stdin_json).await;
        });
    }
    let tail = Arc::new(Mutex::new(OutputTail::default()));
    let mut readers = tokio::task::JoinSet::new();
    if let Some(stdout) = child.stdout.take() {
        readers.spawn(read_lines(stdout, tail.clone()));
    }
    if let Some(stderr) = child.stderr.take() {
        readers.spawn(read_lines(stderr, tail.clone()));
    }
    let timeout = Duration::from_secs(program.timeout_secs.max(1));
    let waited = tokio::time::timeout(timeout, child.wait()).await;
    let timed_out = waited.is_err();
    if timed_out {
        if let Some(process_group) = process_group {
            // Everything it started, in its group or not (`setsid`), while
            // it still stands at the root of that tree.
            kill_descendants(process_group);
            if let Err(error) =
                rustix::process::kill_process_group(process_group, rustix::process::Signal::KILL)
            {
                tracing::warn!(%error, "cannot kill the action's process group");
            }
        }
        let _ = child.kill().await;
    }
    let _ = tokio::time::timeout(OUTPUT_GRACE, async {
        while readers.join_next().await.is_some() {}
    })
    .await;
    readers.abort_all();
    let output_tail = tail
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .lines
        .drain(..)
        .collect();
    match waited {
        Err(_) => ActionOutcome::TimedOut { output_tail },
        Ok(Ok(status)) => ActionOutcome::Exited {
            code: status.code(),
            output_tail,
        },
        Ok(Err(error)) => ActionOutcome::Failed(format!("cannot wait for the program: {error}")),
    }
}

/// Makes the program a child subreaper (`PR_SET_CHILD_SUBREAPER`, kept
/// across `exec`): a process it started whose parent ended is re-parented to
/// it, not to init, so every descendant stays in its tree, even one that
/// left its process group and session with `setsid`.
#[allow(unsafe_code)]
fn become_subreaper_on_exec(command: &mut tokio::process::Command) {
    // SAFETY: the closure runs in the child between fork and exec. It makes
    // one prctl system call, which is async-signal-safe, and neither
    // allocates nor takes a lock.
    unsafe {
        command.pre_exec(|| {
            rustix::process::set_child_subreaper(Some(rustix::process::Pid::INIT))
                .map_err(std::io::Error::from)
        });
    }
}

/// Kills every living descendant of `root` (found through `/proc`), again
/// until none is left: one may have started another meanwhile.
fn kill_descendants(root: rustix::process::Pid) {
    for _ in 0..10 {
        let descendants = descendants_of(root.as_raw_nonzero().get());
        if descendants.is_empty() {
            return;
        }
        for pid in descendants {
            if let Some(pid) = rustix::process::Pid::from_raw(pid) {
                // Gone meanwhile: nothing to do.
                let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            }
        }
    }
}

/// The living (not zombie) descendants of `root`, from `/proc/PID/stat`.
fn descendants_of(root: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut children: std::collections::HashMap<i32, Vec<i32>> = std::collections::HashMap::new();
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // "PID (COMMAND) STATE PPID …": the command may hold spaces and
        // parentheses, so the fields are read after its last `)`.
        let mut fields = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace())
            .into_iter()
            .flatten();
        let (Some(state), Some(parent)) = (fields.next(), fields.next()) else {
            continue;
        };
        if state == "Z" {
            continue;
        }
        if let Ok(parent) = parent.parse::<i32>() {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut found = Vec::new();
    let mut queue = vec![root];
    while let Some(parent) = queue.pop() {
        for &child in children.get(&parent).map(Vec::as_slice).unwrap_or_default() {
            found.push(child);
            queue.push(child);
        }
    }
    found
}

/// What an action program reads on stdin.
#[derive(serde::Serialize)]
struct StdinReport<'a> {
    group: &'a str,
    status: &'a str,
    members: &'a [MemberResult],
}

/// The folder every member's file is in, else the first member's folder.
fn common_folder(results: &[MemberResult]) -> Option<&Path> {
    results
        .iter()
        .filter_map(|result| result.path.as_deref()?.parent())
        .find(|folder| folder.is_dir())
}

#[derive(Default)]
struct OutputTail {
    lines: std::collections::VecDeque<String>,
}

async fn read_lines(stream: impl tokio::io::AsyncRead + Unpin, tail: Arc<Mutex<OutputTail>>) {
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        // A line without end is cut by the limit, not kept whole in memory.
        match (&mut reader)
            .take(64 * 1024)
            .read_until(b'\n', &mut line)
            .await
        {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut text = String::from_utf8_lossy(&line).trim_end().to_owned();
        if text.len() > OUTPUT_LINE_BYTES {
            let mut cut = OUTPUT_LINE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        let mut tail = tail.lock().unwrap_or_else(PoisonError::into_inner);
        tail.lines.push_back(text);
        if tail.lines.len() > OUTPUT_TAIL_LINES {
            tail.lines.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, status: &str) -> MemberResult {
        MemberResult {
            transfer_id: TransferId(7),
            url: None,
            path: Some(PathBuf::from(format!("/d/{name}"))),
            status: status.to_owned(),
            error: (status == "failed").then(|| "the server answered 413".to_owned()),
            bytes: 658_505_728,
            is_upload: false,
        }
    }

    #[test]
    fn a_few_ends_get_a_notice_each_and_a_burst_one_summary() {
        let start = Instant::now();
        let mut ended = EndedTransfers::default();
        ended.push(result("debian.iso", "completed"), start);
        assert!(ended.take_due(start).is_empty(), "the burst may go on");
        let notices = ended.take_due(start + BURST_QUIET);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].summary, "Downloaded debian.iso (628.00 MiB)");

        for index in 0..500 {
            let status = if index % 200 == 0 {
                "failed"
            } else {
                "completed"
            };
            ended.push(result(&format!("f{index}"), status), start);
        }
        let notices = ended.take_due(start + BURST_QUIET);
        assert_eq!(notices.len(), 1);
        assert_eq!(notices[0].summary, "500 downloads finished, 3 failed");
        assert_eq!(notices[0].body, "Failed: f0, f200, f400");
        assert!(ended.take_due(start + BURST_LONGEST).is_empty());
    }

    #[test]
    fn cancels_never_notify_and_failures_can_stand_alone() {
        assert!(is_noticed(Status::Completed, false));
        assert!(!is_noticed(Status::Completed, true));
        assert!(is_noticed(Status::Error, true));
        assert!(!is_noticed(Status::Canceled, false));
        assert!(!is_noticed(Status::PausedByApplication, false));
    }
}
