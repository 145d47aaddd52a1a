//! `ferry pause|resume|cancel|remove|set-url ID` and `ferry clear`: act on
//! persisted transfers. With no other ferry running, the command takes the
//! state itself; `resume` and `set-url` then finish the transfer in the
//! foreground.

use ferry_i18n::tr;
use std::path::Path;

use super::session::{self, WaitEnd};
use super::{SetArgs, exit, input, options};
use crate::engine::Command;
use crate::model::{Status, TransferId};

/// Applies one command to the transfer `typed_id` names; then, if
/// `finish_in_foreground` says so for the resulting status, waits for it.
fn act(
    state_dir: &Path,
    typed_id: &str,
    make_command: impl FnOnce(TransferId) -> Command,
    done_words: fn(String) -> String,
    finish_in_foreground: bool,
) -> anyhow::Result<u8> {
    act_with(
        state_dir,
        typed_id,
        |transfer_id| vec![make_command(transfer_id)],
        done_words,
        finish_in_foreground,
    )
}

/// [`act`] with several commands, sent in order.
fn act_with(
    state_dir: &Path,
    typed_id: &str,
    make_commands: impl FnOnce(TransferId) -> Vec<Command>,
    done_words: fn(String) -> String,
    finish_in_foreground: bool,
) -> anyhow::Result<u8> {
    let session = session::Session::Remote(session::connect_to_service(state_dir)?);
    let handle = session.handle();
    let runtime = session::cli_runtime()?;
    let result = runtime.block_on(async {
        let transfer_id = session::resolve_transfer_id(&handle.snapshot(), typed_id)?;
        for command in make_commands(transfer_id) {
            handle.call(command).await?;
        }
        session::saved(&handle).await?;
        let keeps_running = handle
            .transfer(transfer_id)
            .is_some_and(|transfer| matches!(transfer.status, Status::Idle | Status::Running));
        if !finish_in_foreground {
            return anyhow::Ok((transfer_id, None));
        }
        if !keeps_running {
            // It did not start (a wait for its credentials, say): the
            // report says why.
            return anyhow::Ok((transfer_id, Some(WaitEnd::Settled)));
        }
        let end = session::follow(&session, &[transfer_id], false).await?;
        anyhow::Ok((transfer_id, Some(end)))
    });
    session.close();
    let (transfer_id, waited) = result?;
    match waited {
        None => {
            eprintln!("ferry: {}", done_words(transfer_id.short()));
            Ok(exit::SUCCESS)
        }
        Some(WaitEnd::Interrupted) => {
            eprintln!(
                "ferry: {}",
                tr!("cli-interrupted-resume", id = transfer_id.short())
            );
            Ok(exit::TRANSFER_FAILED)
        }
        Some(WaitEnd::Settled) => Ok(session::report_outcomes(&handle, &[transfer_id], false)),
    }
}

pub fn pause(state_dir: &Path, typed_id: &str) -> anyhow::Result<u8> {
    act(
        state_dir,
        typed_id,
        Command::Pause,
        |id| tr!("cli-paused", id = id),
        false,
    )
}

pub fn cancel(state_dir: &Path, typed_id: &str) -> anyhow::Result<u8> {
    act(
        state_dir,
        typed_id,
        Command::Cancel,
        |id| tr!("cli-canceled", id = id),
        false,
    )
}

/// Changes what `ferry set` names on a saved transfer; nothing when an
/// option is bad.
pub fn set(state_dir: &Path, arguments: &SetArgs) -> anyhow::Result<u8> {
    let limit = arguments
        .limit_rate
        .as_deref()
        .map(input::parse_rate)
        .transpose()?;
    if arguments.priority.is_none() && arguments.cost_policy.is_none() && limit.is_none() {
        anyhow::bail!(tr!("cli-set-what"));
    }
    let transfer_id = session::with_engine(state_dir, async |handle| {
        let transfer_id = session::resolve_transfer_id(&handle.snapshot(), &arguments.transfer_id)?;
        options::set_policies(
            handle,
            transfer_id,
            arguments.priority,
            arguments.cost_policy,
        )
        .await?;
        if let Some(bytes_per_second) = limit {
            handle
                .call(Command::SetTransferLimit {
                    transfer_id,
                    bytes_per_second,
                })
                .await?;
        }
        Ok(transfer_id)
    })?;
    eprintln!("ferry: {}", tr!("cli-changed", id = transfer_id.short()));
    Ok(exit::SUCCESS)
}

/// Takes a transfer off the list; an unfinished one's partial file is
/// deleted unless `keep_partial`.
pub fn remove(state_dir: &Path, typed_id: &str, keep_partial: bool) -> anyhow::Result<u8> {
    if keep_partial {
        act(
            state_dir,
            typed_id,
            Command::RemoveKeepingPartial,
            |id| tr!("cli-removed-keeping-partial", id = id),
            false,
        )
    } else {
        act(
            state_dir,
            typed_id,
            Command::Remove,
            |id| tr!("cli-removed", id = id),
            false,
        )
    }
}

/// Removes every completed (and/or failed and canceled) transfer from the
/// list; files stay where they are.
pub fn clear(state_dir: &Path, completed: bool, failed: bool) -> anyhow::Result<u8> {
    if !completed && !failed {
        anyhow::bail!(tr!("cli-clear-what"));
    }
    let cleared = session::with_engine(state_dir, async |handle| {
        let ended: Vec<TransferId> = handle
            .snapshot()
            .iter()
            .filter(|transfer| match transfer.status {
                Status::Completed => completed,
                Status::Error | Status::Canceled => failed,
                _ => false,
            })
            .map(crate::model::Transfer::transfer_id)
            .collect();
        for transfer_id in &ended {
            handle.call(Command::Remove(*transfer_id)).await?;
        }
        Ok(ended.len())
    })?;
    eprintln!("ferry: {}", tr!("cli-cleared", count = cleared));
    Ok(exit::SUCCESS)
}

pub fn next(state_dir: &Path, typed_id: &str) -> anyhow::Result<u8> {
    act(
        state_dir,
        typed_id,
        Command::MakeCurrent,
        |id| tr!("cli-next", id = id),
        false,
    )
}

/// Resumes a transfer, first giving it the credentials (`--user`, asked
/// on the terminal without a password) it waits for after a restart
/// without a keyring.
/// Resumes a transfer. A service that already ran carries it on and the
/// command returns (`wait` follows it anyway); one this command starts
/// is followed to the end, as `ferry get` would.
pub fn resume(
    state_dir: &Path,
    typed_id: &str,
    user: Option<&str>,
    wait: bool,
) -> anyhow::Result<u8> {
    let credentials = user.map(input::parse_credentials).transpose()?;
    super::options::warn_when_no_keyring(credentials.is_some());
    let finish_in_foreground = wait || !crate::store::is_locked(state_dir);
    act_with(
        state_dir,
        typed_id,
        |transfer_id| {
            let mut commands = Vec::new();
            if let Some(credentials) = credentials {
                commands.push(Command::SetCredentials {
                    transfer_id,
                    credentials: Some(credentials),
                });
            }
            commands.push(Command::Resume(transfer_id));
            commands
        },
        |id| tr!("cli-resumed", id = id),
        finish_in_foreground,
    )
}

pub fn set_url(state_dir: &Path, typed_id: &str, url_text: &str) -> anyhow::Result<u8> {
    let url = input::parse_download_url(url_text)?;
    act(
        state_dir,
        typed_id,
        |transfer_id| Command::SetUrl { transfer_id, url },
        |id| tr!("cli-url-set", id = id),
        true,
    )
}
