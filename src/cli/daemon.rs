//! `ferry daemon`: the engine without a window. Continues every unfinished
//! transfer and logs what happens until SIGINT or SIGTERM.

use std::path::Path;

use anyhow::Context;
use tokio::signal::unix::{SignalKind, signal};

use super::{exit, session};
use crate::engine::{EngineConfig, Event};

pub fn run(state_dir: &Path) -> anyhow::Result<u8> {
    let mut engine = session::start_engine(state_dir, EngineConfig::default())?;
    let mut events = engine
        .take_events()
        .context("the engine has no event stream")?;
    let runtime = session::cli_runtime()?;
    eprintln!(
        "ferry: daemon running on {}; stop it with Ctrl-C",
        state_dir.display()
    );
    let result = runtime.block_on(async {
        let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
        loop {
            tokio::select! {
                event = events.recv() => match event {
                    Some(Event::StatusChanged { transfer_id, status, error }) => {
                        let why = error.map(|error| format!(": {error}")).unwrap_or_default();
                        eprintln!("ferry: {} {}{why}", transfer_id.short(), status.as_words());
                    }
                    Some(Event::CommandFailed { error, .. }) => eprintln!("ferry: {error}"),
                    Some(_) => {}
                    None => break,
                },
                _ = terminate.recv() => break,
                _ = interrupt.recv() => break,
            }
        }
        anyhow::Ok(())
    });
    engine.shutdown();
    result?;
    Ok(exit::SUCCESS)
}
