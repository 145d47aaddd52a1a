//! Progress on the terminal: indicatif bars on a TTY, a plain line every few
//! seconds otherwise, nothing with --quiet.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::model::{Status, Transfer, TransferMap};

/// How often plain lines are printed when stderr is not a terminal.
const PLAIN_LINE_INTERVAL: Duration = Duration::from_secs(2);

pub enum ProgressView {
    Bars {
        multi: MultiProgress,
        bars: TransferMap<ProgressBar>,
    },
    Lines {
        last_printed: TransferMap<(Instant, Status)>,
    },
    Quiet,
}

impl ProgressView {
    pub fn new(quiet: bool) -> Self {
        if quiet {
            ProgressView::Quiet
        } else if std::io::stderr().is_terminal() {
            ProgressView::Bars {
                multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(10)),
                bars: TransferMap::default(),
            }
        } else {
            ProgressView::Lines {
                last_printed: TransferMap::default(),
            }
        }
    }

    /// False with --quiet: nothing is drawn.
    pub fn is_visible(&self) -> bool {
        !matches!(self, ProgressView::Quiet)
    }

    pub fn update(&mut self, transfers: &[Transfer]) {
        match self {
            ProgressView::Quiet => {}
            ProgressView::Bars { multi, bars } => {
                for transfer in transfers {
                    let bar = bars.entry(transfer.transfer_id()).or_insert_with(|| {
                        let bar = multi.add(ProgressBar::no_length());
                        bar.set_style(bar_style());
                        bar
                    });
                    update_bar(bar, transfer);
                }
            }
            ProgressView::Lines { last_printed } => {
                for transfer in transfers {
                    let due = match last_printed.get(&transfer.transfer_id()) {
                        None => true,
                        Some((at, status)) => {
                            *status != transfer.status || at.elapsed() >= PLAIN_LINE_INTERVAL
                        }
                    };
                    if due && !transfer.status.is_terminal() {
                        eprintln!("{}", plain_line(transfer));
                        last_printed
                            .insert(transfer.transfer_id(), (Instant::now(), transfer.status));
                    }
                }
            }
        }
    }

    /// Leaves the final state of the bars on screen.
    pub fn finish(&mut self) {
        if let ProgressView::Bars { bars, .. } = self {
            for bar in bars.values() {
                bar.abandon();
            }
        }
    }
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{msg:30!} [{bar:30.cyan/blue}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}

/// A bar that ended: what it moved and how it ended, no speed or time left.
fn ended_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix:30!} [{bar:30.cyan/blue}] {bytes} {wide_msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

fn update_bar(bar: &ProgressBar, transfer: &Transfer) {
    if bar.is_finished() {
        return;
    }
    if let Some(total) = transfer.bytes_to_move() {
        bar.set_length(total);
    }
    bar.set_position(transfer.bytes_moved());
    let name = transfer.display_name();
    // An ended bar stops counting (its speed would fall on for ever) and
    // says how it ended, a failure with its reason.
    if transfer.status.is_terminal() {
        let how = match (&transfer.status, &transfer.error) {
            (Status::Completed, _) => "done".to_owned(),
            (status, Some(error)) => format!("{}: {error}", status.as_words()),
            (status, None) => status.as_words().to_owned(),
        };
        bar.set_style(ended_style());
        bar.set_prefix(name);
        bar.set_message(how);
        bar.abandon();
        return;
    }
    let message = match (transfer.status, &transfer.error) {
        (Status::Running, None) => name,
        (Status::Running, Some(error)) => format!("{name} ({error})"),
        (status, error) => format!("{name} ({})", status.words_with(error.as_ref())),
    };
    bar.set_message(message);
}

fn plain_line(transfer: &Transfer) -> String {
    let moved = transfer.bytes_moved();
    let amount = match transfer.bytes_to_move() {
        Some(total) if total > 0 => format!(
            "{}% ({} of {})",
            moved.saturating_mul(100) / total,
            indicatif::HumanBytes(moved),
            indicatif::HumanBytes(total)
        ),
        _ => format!("{}", indicatif::HumanBytes(moved)),
    };
    let mut line = format!(
        "{}: {} {amount}",
        transfer.display_name(),
        transfer.status.as_words()
    );
    if let Some(error) = &transfer.error {
        line.push_str(&format!(" ({error})"));
    }
    line
}
