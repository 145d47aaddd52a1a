//! Progress on the terminal: indicatif bars on a TTY, a plain line every few
//! seconds otherwise, nothing with --quiet.

use std::fmt::Write;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use ferry_i18n::tr;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

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

/// A running bar: name, bar, amounts, speed and time left, the numbers
/// written as the reader's language writes them.
fn bar_style() -> ProgressStyle {
    let template = format!(
        "{{msg:30!}} [{{bar:30.cyan/blue}}] {{moved}}/{{total}} {{speed}} {}",
        tr!("cli-progress-left", left = "{left}")
    );
    with_locale_keys(ProgressStyle::with_template(&template))
}

/// A bar that ended: what it moved and how it ended, no speed or time left.
fn ended_style() -> ProgressStyle {
    with_locale_keys(ProgressStyle::with_template(
        "{prefix:30!} [{bar:30.cyan/blue}] {moved} {wide_msg}",
    ))
}

/// The template's own keys for sizes, speed and time left, in the
/// reader's language (indicatif's `{bytes}` and `{eta}` are English).
fn with_locale_keys(
    style: Result<ProgressStyle, indicatif::style::TemplateError>,
) -> ProgressStyle {
    let locale = ferry_i18n::current();
    let Ok(style) = style else {
        return ProgressStyle::default_bar();
    };
    style
        .with_key(
            "moved",
            move |state: &ProgressState, out: &mut dyn Write| {
                let _ = out.write_str(&locale.bytes(state.pos()));
            },
        )
        .with_key(
            "total",
            move |state: &ProgressState, out: &mut dyn Write| {
                let total = state
                    .len()
                    .map_or_else(|| "?".to_owned(), |len| locale.bytes(len));
                let _ = out.write_str(&total);
            },
        )
        .with_key(
            "speed",
            move |state: &ProgressState, out: &mut dyn Write| {
                let _ = out.write_str(&locale.speed(state.per_sec()));
            },
        )
        .with_key("left", move |state: &ProgressState, out: &mut dyn Write| {
            let _ = out.write_str(&locale.duration(state.eta().as_secs()));
        })
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
            (Status::Completed, _) => tr!("cli-progress-done"),
            (status, Some(error)) => format!("{}: {error}", status.as_words()),
            (status, None) => status.as_words(),
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
    let locale = ferry_i18n::current();
    let amount = match transfer.bytes_to_move() {
        Some(total) if total > 0 => format!(
            "{} ({})",
            locale.percent((moved.saturating_mul(100) / total) as f64),
            tr!(
                "amount-of",
                done = locale.bytes(moved),
                total = locale.bytes(total)
            )
        ),
        _ => locale.bytes(moved),
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
