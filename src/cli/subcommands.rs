//! The subcommands that have subcommands or many switches of their own
//! (`ferry group`, `prefetch`, `browser`, `schedule`, `policy`), as clap
//! reads them; `cli::run` dispatches them.

use clap::{Args, Subcommand};

use super::Switch;

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Create a group (or change its behavior): members run together
    /// (parallel, the default) or one at a time (--serialized).
    Add {
        name: String,
        /// One member at a time, in priority order then arrival.
        #[arg(long)]
        serialized: bool,
    },
    /// Show every group, and the completion groups (`--when-done`).
    List,
    /// Delete a group; its transfers stay, in no group.
    Remove { name: String },
    /// What happens each time the group's transfers have all ended:
    /// notify, open-folder, open-file, run PROGRAM [ARG...], or off.
    WhenDone {
        name: String,
        #[arg(value_name = "WHAT", num_args = 1.., required = true, allow_hyphen_values = true, trailing_var_arg = true)]
        what: Vec<String>,
        /// Seconds the program may run before it is killed.
        #[arg(long, value_name = "SECS", default_value_t = crate::model::DEFAULT_ACTION_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..))]
        action_timeout: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum PrefetchCommand {
    /// Keep a fresh copy of URL (http or https); with --list, URL is a
    /// text file of up to 40 URLs, one per line, and each is kept.
    Add {
        url: String,
        /// How often to refresh it: 6h (the default), 30m, 1d, "1h 30m".
        #[arg(long, value_name = "INTERVAL")]
        every: Option<String>,
        /// URL names a list of URLs to prefetch (Windows' indirect list).
        #[arg(long)]
        list: bool,
    },
    /// Show each entry, when it was last fetched and where its copies are.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Stop prefetching an entry and delete its copies.
    Remove { id: String },
    /// Refresh an entry (every entry without ID) as soon as the network
    /// and the power supply allow, without waiting for its interval.
    Refresh { id: Option<String> },
}

#[derive(Debug, Subcommand)]
pub enum BrowserCommand {
    /// Write the host's manifest for every browser of this user, the host
    /// script and the extension's folder; say how to load the extension.
    Install,
    /// Remove what `install` wrote.
    Uninstall,
    /// What is installed, and when each browser's extension last talked
    /// to ferry.
    Status,
    /// on: a download from the browser waits in ferry's add dialog (the
    /// default); off: it starts at once, into the download folder.
    Ask {
        #[arg(value_enum, value_name = "on|off")]
        switch: Switch,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Add a window with its own global limit, e.g.
    /// `ferry schedule limit "mon-fri 08:00-18:00" 1M` (the first window
    /// that contains the moment wins; "off" means unlimited).
    Limit { window: String, rate: String },
    /// Run transfers only inside this window, e.g. "22:00-06:00"; "off"
    /// lifts it.
    Only { window: String },
    /// Remove every window.
    Clear,
}

/// Options of `ferry policy`: the user's switches, saved with the settings.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// "This network is metered": transfers with cost policy
    /// unrestricted-only wait.
    #[arg(long, value_enum, value_name = "on|off")]
    pub metered: Option<Switch>,
    /// "I am over my data limit": on a metered network only cost policy
    /// always runs.
    #[arg(long, value_enum, value_name = "on|off")]
    pub over_data_limit: Option<Switch>,
    /// "Block background data": every transfer waits.
    #[arg(long, value_enum, value_name = "on|off")]
    pub block_background_data: Option<Switch>,
    /// "Save battery": transfers not marked --unconstrained wait.
    #[arg(long, value_enum, value_name = "on|off")]
    pub save_battery: Option<Switch>,
    /// On battery below this charge (percent), transfers not marked
    /// --unconstrained wait (default 20).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub battery_threshold: Option<u8>,
}
