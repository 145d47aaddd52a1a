//! The `ferry` command line: clap definitions and the commands. Glue code:
//! errors are `anyhow` here, and every failure the user can cause becomes one
//! clear line on stderr and exit code 2.

/// `println!` for a command's output: when the reader went away
/// (`ferry list | head`), the command ends quietly instead of panicking.
macro_rules! say {
    ($($argument:tt)*) => {
        $crate::cli::write_line(format_args!($($argument)*))
    };
}

mod add;
mod browser;
mod clock;
mod control;
mod daemon;
mod get;
mod group;
mod input;
mod limit;
mod list;
mod native_host;
mod netrc;
mod options;
mod package;
mod policy;
mod prefetch;
mod progress;
mod proxy;
mod put;
mod schedule;
mod session;
mod stream;
mod subcommands;
mod table;
pub use subcommands::{BrowserCommand, GroupCommand, PolicyArgs, PrefetchCommand, ScheduleCommand};
mod window;

pub use session::state_dir;
pub use window::{WindowArgs, hand_over_to_window};

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{
    CONNECTIONS_PER_DOWNLOAD, CostPolicy, Priority, SIMULTANEOUS_TRANSFERS, UploadMethod,
};

/// Exit codes of the CLI contract.
pub mod exit {
    /// Every transfer completed.
    pub const SUCCESS: u8 = 0;
    /// A transfer failed (or did not finish).
    pub const TRANSFER_FAILED: u8 = 1;
    /// Bad usage or input; nothing was changed.
    pub const BAD_INPUT: u8 = 2;
}

/// ferry: downloads that resume after anything and never corrupt a file.
#[derive(Debug, Parser)]
#[command(name = "ferry", version, about, long_about = None)]
pub struct Cli {
    /// Directory holding state.ron (default: the XDG data directory).
    #[arg(long, global = true, env = "FERRY_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Download now, show progress, exit when done (re-run to resume).
    Get(Box<GetArgs>),
    /// Upload a file now (PUT, or POST with --method post), show progress,
    /// exit when the server accepted it (re-run to send it again after an
    /// interruption).
    Put(Box<PutArgs>),
    /// Send files (and text fields) as one multipart form POST
    /// (multipart/form-data), with a progress bar.
    Upload(Box<UploadArgs>),
    /// Show every transfer the state knows.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Pause a transfer (ID or a unique prefix of it).
    Pause { transfer_id: String },
    /// Resume a transfer: the running service carries it on (the command
    /// returns), or, as no other ferry runs, it finishes in the foreground.
    Resume {
        transfer_id: String,
        /// Follow it to the end with a progress bar even when the service
        /// carries it on.
        #[arg(long)]
        wait: bool,
        /// Credentials for its origin, NAME:PASSWORD, or NAME alone to be
        /// asked the password (a transfer that waits for them after a
        /// restart without a keyring).
        #[arg(short = 'u', long, value_name = "NAME[:PASSWORD]")]
        user: Option<String>,
    },
    /// Cancel a transfer and delete its partial file.
    Cancel { transfer_id: String },
    /// Give a transfer a new URL (e.g. after 403 on an expired link) and resume it.
    SetUrl { transfer_id: String, url: String },
    /// Remove a transfer from the list; a finished file stays, an
    /// unfinished transfer's partial file is deleted (unless --keep-partial).
    Remove {
        transfer_id: String,
        /// Leave an unfinished transfer's partial file (NAME.part) where it is.
        #[arg(long)]
        keep_partial: bool,
    },
    /// Change a saved transfer's priority, cost policy or speed limit.
    Set(SetArgs),
    /// Remove ended transfers from the list (their files stay).
    Clear {
        /// Completed transfers.
        #[arg(long)]
        completed: bool,
        /// Failed and canceled transfers.
        #[arg(long)]
        failed: bool,
    },
    /// Limit the download speed of all transfers together, in bytes per
    /// second: 500K, 2M, 1.5G (powers of 1024); "off" lifts the limit.
    /// Shows the limits without RATE.
    Limit {
        rate: Option<String>,
        /// Limit uploads instead (all uploads together).
        #[arg(long)]
        upload: bool,
    },
    /// Download this transfer next in its group (a serialized group's
    /// running member waits for it).
    Next { transfer_id: String },
    /// Named transfer groups.
    #[command(subcommand)]
    Group(GroupCommand),
    /// Time windows (local time) with their own global download limit, and
    /// when transfers may run; shows the schedule without a subcommand.
    Schedule {
        #[command(subcommand)]
        command: Option<ScheduleCommand>,
    },
    /// Keep fresh copies of resources, fetched ahead of time when the
    /// network is not metered and the computer is on mains power.
    #[command(subcommand)]
    Prefetch(PrefetchCommand),
    /// The address where a download can be played while it arrives
    /// (`mpv "$(ferry stream ID)"`): served on 127.0.0.1 under a random
    /// token; what the player asks for is fetched first.
    Stream { transfer_id: String },
    /// The proxy every transfer without its own --proxy goes through: a
    /// URL (http://, https://, socks5://, socks5h://; NAME@ in it asks the
    /// password, kept in the keyring), "none" or "env" (the service's
    /// environment, the default). Shows it without an argument.
    Proxy {
        #[arg(value_name = "URL|none|env")]
        setting: Option<String>,
        /// Hosts reached without the proxy, comma-separated (.lan,localhost).
        #[arg(long, value_name = "LIST")]
        noproxy: Option<String>,
    },
    /// Hand downloads over from the browser: install (the host for every
    /// browser found, and the extension's folder), uninstall, status, and
    /// whether they wait in the add dialog (ask on|off).
    Browser {
        #[command(subcommand)]
        command: BrowserCommand,
    },
    /// Print the completion script for a shell (bash, zsh, fish, elvish,
    /// powershell): `ferry completions bash > ~/.local/share/bash-completion/completions/ferry`.
    Completions {
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Write the files a package carries besides the binaries (man pages,
    /// completions, the browser's system-wide manifests) under DIR.
    #[command(hide = true)]
    PackageFiles {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// The native messaging host, started by the browser for ferry's
    /// extension (through the script `ferry browser install` writes).
    #[command(hide = true)]
    NativeHost {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        arguments: Vec<String>,
    },
    /// Show the network and the battery as ferry sees them and which
    /// transfers wait for them; the options set the switches that add to it.
    Policy(PolicyArgs),
    /// Queue downloads in ferry's service (started if none runs) and
    /// return at once; prints their IDs.
    Add(Box<GetArgs>),
    /// Run ferry's service: the engine without a window, serving the window
    /// and the command line; continues every unfinished transfer. Started
    /// by them when none runs.
    Daemon {
        /// Started by a client: leave the terminal's session.
        #[arg(long, hide = true)]
        detached: bool,
    },
    /// Stop ferry's service: every transfer stops where it stands and
    /// continues when ferry runs again.
    Quit,
    /// Show whether ferry's service runs; the option sets whether it stays
    /// after its transfers ended.
    Service {
        /// Keep running in the background after the transfers ended.
        #[arg(long, value_enum, value_name = "on|off")]
        keep_running: Option<Switch>,
        /// Desktop notifications when transfers end: on, off, or only
        /// for failures.
        #[arg(long, value_enum, value_name = "on|off|failures")]
        notifications: Option<NotificationsArg>,
    },
}

/// `ferry service --notifications`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NotificationsArg {
    On,
    Off,
    Failures,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

/// Options of `ferry get`.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// URLs to download (http, https, ftp).
    pub urls: Vec<String>,
    /// Read URLs from a file, one per line ("-" for stdin).
    #[arg(short = 'i', long = "input-file", value_name = "LIST")]
    pub input_file: Option<String>,
    /// Save to this file (one URL only).
    #[arg(short = 'o', long, value_name = "FILE", conflicts_with = "dir")]
    pub output: Option<PathBuf>,
    /// Save into this folder (default: the current folder).
    #[arg(short = 'd', long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Expected SHA-256 of the file (one URL only): 64 hex digits, a
    /// checksum file (NAME.sha256, SHA256SUMS) on disk or at a URL, or
    /// auto (the download's URL + .sha256). A file that does not match
    /// never gets its name: it is kept as NAME.corrupt.
    #[arg(long, value_name = "HEX|FILE|URL|auto")]
    pub sha256: Option<String>,
    /// Connections per file (1-32); default: ferry chooses, up to 8 for
    /// large files on servers that serve byte ranges.
    #[arg(short = 'c', long, value_name = "N", value_parser = clap::value_parser!(u32).range(*CONNECTIONS_PER_DOWNLOAD.start() as i64..=*CONNECTIONS_PER_DOWNLOAD.end() as i64))]
    pub connections: Option<u32>,
    /// Files downloaded at the same time in this run (default: the setting,
    /// 4).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u32).range(*SIMULTANEOUS_TRANSFERS.start() as i64..=*SIMULTANEOUS_TRANSFERS.end() as i64))]
    pub jobs: Option<u32>,
    /// Random access: bytes a reader of the file waits for are fetched first
    /// (for previewing a video or a zip's directory while it downloads).
    #[arg(long)]
    pub random_access: bool,
    #[command(flatten)]
    pub when_done: WhenDoneArgs,
    #[command(flatten)]
    pub options: TransferOptions,
}

/// `--when-done` of the commands that start transfers.
#[derive(Debug, Args)]
pub struct WhenDoneArgs {
    /// Once every transfer of this command ended: notify, open-folder,
    /// open-file, or run PROGRAM [ARG...] (never through a shell; an ARG
    /// that is exactly {path}, {name} or {url} becomes one argument per
    /// file, {status} or {group} the group's; the members' results come as
    /// JSON on stdin). Put it last.
    #[arg(long, value_name = "WHAT", num_args = 1.., allow_hyphen_values = true)]
    pub when_done: Option<Vec<String>>,
    /// Seconds a --when-done program may run before it is killed.
    #[arg(long, value_name = "SECS", default_value_t = crate::model::DEFAULT_ACTION_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..))]
    pub action_timeout: u64,
}

impl WhenDoneArgs {
    /// What was asked, checked (the program found in PATH now).
    pub fn check(&self) -> anyhow::Result<Option<crate::model::WhenDone>> {
        Ok(self
            .when_done
            .as_deref()
            .map(|words| crate::engine::input::parse_when_done(words, self.action_timeout))
            .transpose()?)
    }
}

/// Options of `ferry put`.
#[derive(Debug, Args)]
pub struct PutArgs {
    /// The file to send.
    pub file: PathBuf,
    /// Where to send it (http, https).
    pub url: String,
    /// PUT (the file becomes the URL's content) or POST (the file is the
    /// body of a POST to the URL).
    #[arg(long, value_enum, default_value_t = MethodArg::Put)]
    pub method: MethodArg,
    /// A resumable upload (tus 1.0): URL creates the upload; after any
    /// interruption (even a kill or a reboot) it continues from what the
    /// server has.
    #[arg(long, conflicts_with = "method")]
    pub resumable: bool,
    #[command(flatten)]
    pub when_done: WhenDoneArgs,
    #[command(flatten)]
    pub options: TransferOptions,
}

/// Options of `ferry upload`.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// Where to POST the form (http, https).
    pub url: String,
    /// The files, each one part named by --file-field.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A text field of the form, NAME=VALUE (repeatable; sent before the
    /// files).
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// The field name of the file parts.
    #[arg(long, value_name = "NAME", default_value = "file")]
    pub file_field: String,
    #[command(flatten)]
    pub when_done: WhenDoneArgs,
    #[command(flatten)]
    pub options: TransferOptions,
}

/// Options every transfer command takes.
#[derive(Debug, Args)]
pub struct TransferOptions {
    /// Extra request header, 'Name: value' (repeatable).
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,
    /// Credentials for the URL's origin, NAME:PASSWORD, or NAME alone to
    /// be asked the password on the terminal (kept in the keyring, never
    /// in ferry's files).
    #[arg(short = 'u', long, value_name = "NAME[:PASSWORD]")]
    pub user: Option<String>,
    /// Credentials for each URL's host from ~/.netrc (or $NETRC), when
    /// --user is not given.
    #[arg(long)]
    pub netrc: bool,
    /// Cookies from a cookies.txt (Netscape format, as browsers export):
    /// each goes only to its own host and path, on every redirect.
    #[arg(long, value_name = "FILE")]
    pub cookies: Option<std::path::PathBuf>,
    /// Transfer group.
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// high, default or low (default: default). A re-run changes the
    /// transfer it re-attaches to.
    #[arg(long, value_enum)]
    pub priority: Option<PriorityArg>,
    /// When a metered network may be used: default (not when roaming or
    /// over the data limit), unrestricted-only (never), always. A re-run
    /// changes the transfer it re-attaches to.
    #[arg(long, value_enum)]
    pub cost_policy: Option<CostPolicyArg>,
    /// Keep going on a low battery and in power-saving mode.
    #[arg(long)]
    pub unconstrained: bool,
    /// HTTP status that pauses the transfer instead of failing it, so a new
    /// URL can be set (repeatable), e.g. 403.
    #[arg(long = "recoverable-status", value_name = "CODE")]
    pub recoverable_statuses: Vec<u16>,
    /// Speed limit for each transfer of this command, bytes per second:
    /// 500K, 2M (the global `ferry limit` applies too).
    #[arg(long, value_name = "RATE")]
    pub limit_rate: Option<String>,
    /// Also trust the CA certificates of this PEM file (a private server's
    /// CA), besides the system's roots.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<std::path::PathBuf>,
    /// Trust the certificate with this SHA-256 fingerprint (AB:CD:…, as
    /// ferry shows it) for the URL's host from now on, as ssh's
    /// known_hosts: a NAS or router with a self-signed certificate. Kept in
    /// the settings; any other certificate from that host is refused.
    #[arg(long, value_name = "SHA256")]
    pub pin_cert: Option<String>,
    /// This transfer's proxy: http://, https://, socks5:// or socks5h://
    /// HOST:PORT; NAME@ in it asks the password on the terminal (kept in
    /// the keyring). Without it the settings' proxy is used.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
    /// FTP over explicit TLS (AUTH TLS): the login and the file travel
    /// encrypted, the server's certificate checked as for HTTPS; refused
    /// when the server cannot.
    #[arg(long)]
    pub ftp_ssl: bool,
    /// Hosts reached without --proxy, comma-separated (.lan,localhost);
    /// '*' alone means no proxy at all, whatever the settings say.
    #[arg(long, value_name = "LIST")]
    pub noproxy: Option<String>,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub timeouts: TimeoutArgs,
}

/// Network timeouts (seconds).
#[derive(Debug, Args, Clone, Copy)]
pub struct TimeoutArgs {
    /// Seconds allowed to connect.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub connect_timeout: u64,
    /// Seconds allowed for the response headers.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    pub response_timeout: u64,
    /// Seconds without data before the connection counts as stalled.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub stall_timeout: u64,
}

/// `ferry set ID [--priority P] [--cost-policy C] [--limit-rate RATE]`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The transfer (ID or a unique prefix of it).
    pub transfer_id: String,
    #[arg(long, value_enum)]
    pub priority: Option<PriorityArg>,
    #[arg(long, value_enum)]
    pub cost_policy: Option<CostPolicyArg>,
    /// This transfer's speed limit: 500K, 2M; "off" lifts it.
    #[arg(long, value_name = "RATE")]
    pub limit_rate: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PriorityArg {
    High,
    Default,
    Low,
}

impl From<PriorityArg> for Priority {
    fn from(argument: PriorityArg) -> Self {
        match argument {
            PriorityArg::High => Priority::High,
            PriorityArg::Default => Priority::Default,
            PriorityArg::Low => Priority::Low,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MethodArg {
    Put,
    Post,
}

impl From<MethodArg> for UploadMethod {
    fn from(argument: MethodArg) -> Self {
        match argument {
            MethodArg::Put => UploadMethod::Put,
            MethodArg::Post => UploadMethod::Post,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CostPolicyArg {
    Default,
    UnrestrictedOnly,
    Always,
}

impl From<CostPolicyArg> for CostPolicy {
    fn from(argument: CostPolicyArg) -> Self {
        match argument {
            CostPolicyArg::Default => CostPolicy::Default,
            CostPolicyArg::UnrestrictedOnly => CostPolicy::UnrestrictedOnly,
            CostPolicyArg::Always => CostPolicy::Always,
        }
    }
}

/// Writes one line of output; a closed pipe ends the process (exit 0),
/// as the reader wants nothing more.
pub(crate) fn write_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_fmt(line)
        .and_then(|()| stdout.write_all(b"\n"));
    if let Err(error) = written {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(exit::SUCCESS));
        }
        eprintln!(
            "ferry: {}",
            ferry_i18n::tr!("cli-cannot-write-output", error = error.to_string())
        );
    }
}

/// Parses the command line (clap exits 2 on bad usage) and sets up logging.
pub fn parse() -> Cli {
    let cli = Cli::parse();
    init_logging();
    cli
}

/// Runs a command and turns the outcome into an exit code.
pub fn run_to_exit_code(cli: Cli) -> ExitCode {
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("ferry: {error:#}");
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}

/// Logging to stderr, filtered by FERRY_LOG (off unless set).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("FERRY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
    // A second initialisation (tests) is harmless.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs a parsed command line; Ok carries the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let explicit_state_dir = cli.state_dir.is_some();
    let state_dir = state_dir(cli.state_dir)?;
    match cli.command {
        None => {
            eprintln!("ferry: {}", ferry_i18n::tr!("cli-no-command"));
            Ok(exit::BAD_INPUT)
        }
        Some(CliCommand::Get(arguments)) => get::run(&state_dir, &arguments),
        Some(CliCommand::Put(arguments)) => put::run(&state_dir, &arguments),
        Some(CliCommand::Upload(arguments)) => put::run_form(&state_dir, &arguments),
        Some(CliCommand::List { json }) => list::run(&state_dir, json),
        Some(CliCommand::Pause { transfer_id }) => control::pause(&state_dir, &transfer_id),
        Some(CliCommand::Resume {
            transfer_id,
            user,
            wait,
        }) => control::resume(&state_dir, &transfer_id, user.as_deref(), wait),
        Some(CliCommand::Cancel { transfer_id }) => control::cancel(&state_dir, &transfer_id),
        Some(CliCommand::SetUrl { transfer_id, url }) => {
            control::set_url(&state_dir, &transfer_id, &url)
        }
        Some(CliCommand::Remove {
            transfer_id,
            keep_partial,
        }) => control::remove(&state_dir, &transfer_id, keep_partial),
        Some(CliCommand::Set(arguments)) => control::set(&state_dir, &arguments),
        Some(CliCommand::Clear { completed, failed }) => {
            control::clear(&state_dir, completed, failed)
        }
        Some(CliCommand::Limit { rate, upload }) => limit::run(&state_dir, rate.as_deref(), upload),
        Some(CliCommand::Next { transfer_id }) => control::next(&state_dir, &transfer_id),
        Some(CliCommand::Group(GroupCommand::Remove { name })) => group::remove(&state_dir, &name),
        Some(CliCommand::Group(GroupCommand::Add { name, serialized })) => {
            group::add(&state_dir, &name, serialized)
        }
        Some(CliCommand::Group(GroupCommand::List)) => group::list(&state_dir),
        Some(CliCommand::Group(GroupCommand::WhenDone {
            name,
            what,
            action_timeout,
        })) => group::when_done(&state_dir, &name, &what, action_timeout),
        Some(CliCommand::Schedule { command }) => schedule::run(&state_dir, command.as_ref()),
        Some(CliCommand::Policy(arguments)) => policy::run(&state_dir, &arguments),
        Some(CliCommand::Browser { command }) => {
            browser::run(&state_dir, explicit_state_dir, &command)
        }
        Some(CliCommand::NativeHost { arguments }) => native_host::run(&state_dir, &arguments),
        Some(CliCommand::Completions { shell }) => package::completions(shell),
        Some(CliCommand::PackageFiles { dir }) => package::write_all(&dir),
        Some(CliCommand::Prefetch(command)) => match command {
            PrefetchCommand::Add { url, every, list } => {
                prefetch::add(&state_dir, &url, every.as_deref(), list)
            }
            PrefetchCommand::List { json } => prefetch::list(&state_dir, json),
            PrefetchCommand::Remove { id } => prefetch::remove(&state_dir, &id),
            PrefetchCommand::Refresh { id } => prefetch::refresh(&state_dir, id.as_deref()),
        },
        Some(CliCommand::Stream { transfer_id }) => stream::run(&state_dir, &transfer_id),
        Some(CliCommand::Proxy { setting, noproxy }) => {
            proxy::run(&state_dir, setting.as_deref(), noproxy.as_deref())
        }
        Some(CliCommand::Add(arguments)) => add::run(&state_dir, &arguments),
        Some(CliCommand::Daemon { detached }) => daemon::run(&state_dir, detached),
        Some(CliCommand::Quit) => daemon::quit(&state_dir),
        Some(CliCommand::Service {
            keep_running,
            notifications,
        }) => daemon::status(&state_dir, keep_running, notifications),
    }
}
