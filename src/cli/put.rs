//! `ferry put FILE URL` and `ferry upload URL FILE...`: upload now with a
//! progress bar and exit when the server accepted it. Re-running the same
//! command after an interruption re-attaches to the persisted upload
//! (which sends the file again from its first byte, or with `--resumable`
//! continues from what the server has) instead of adding a second one.

use ferry_i18n::tr;
use std::path::Path;

use anyhow::bail;

use super::session::{self, WaitEnd};
use super::{PutArgs, TransferOptions, UploadArgs, WhenDoneArgs, exit, input, options};
use crate::engine::Command;
use crate::model::{ContentPart, Transfer, TransferId, TransferSpec, UploadMethod};

pub fn run(state_dir: &Path, arguments: &PutArgs) -> anyhow::Result<u8> {
    // Everything the user typed is checked before the state is touched.
    let url = crate::engine::input::parse_upload_url(&arguments.url)?;
    let file = input::upload_file(&arguments.file)?;
    let method = if arguments.resumable {
        UploadMethod::Resumable
    } else {
        arguments.method.into()
    };
    send(
        state_dir,
        TransferSpec::upload(url, file, method),
        &arguments.options,
        &arguments.when_done,
    )
}

/// `ferry upload URL FILE... [--field NAME=VALUE]... [--file-field NAME]`:
/// one multipart form POST, the fields first, then the files.
pub fn run_form(state_dir: &Path, arguments: &UploadArgs) -> anyhow::Result<u8> {
    let url = crate::engine::input::parse_upload_url(&arguments.url)?;
    if arguments.file_field.is_empty() {
        bail!(tr!("cli-file-field-needs-name"));
    }
    let mut parts = Vec::new();
    for field in &arguments.fields {
        let Some((name, value)) = field.split_once('=').filter(|(name, _)| !name.is_empty()) else {
            bail!(tr!("cli-field-shape", field = field.as_str()));
        };
        parts.push(ContentPart::text(name, value));
    }
    for file in &arguments.files {
        parts.push(ContentPart::file(
            arguments.file_field.clone(),
            input::upload_file(file)?,
        ));
    }
    send(
        state_dir,
        TransferSpec::multipart(url, parts),
        &arguments.options,
        &arguments.when_done,
    )
}

/// Sends `spec` (or continues the unfinished upload of the same thing),
/// following it to its end.
fn send(
    state_dir: &Path,
    mut spec: TransferSpec,
    options: &TransferOptions,
    when_done: &WhenDoneArgs,
) -> anyhow::Result<u8> {
    let checked = options.check()?;
    let when_done = when_done.check()?;
    let pinned = options::pinned_certificate(&checked, [&spec.url])?;
    options::warn_when_no_keyring(checked.has_secrets());
    let method = spec
        .upload_source()
        .map_or(UploadMethod::Put, |upload| upload.method);
    let session = session::Session::open(state_dir, options.engine_config())?;
    let handle = session.handle();
    let runtime = session::cli_runtime()?;
    let outcome = runtime.block_on(async {
        options::pin(&handle, pinned.as_ref()).await?;
        let known = handle.snapshot();
        let earlier = unfinished_upload(&known, &spec);
        let transfer_id = earlier.unwrap_or(spec.transfer_id);
        // The group exists before its member runs.
        let name = || Transfer::new(spec.clone()).display_name();
        let completion =
            session::open_completion_group(&handle, when_done.as_ref(), name, &[transfer_id])
                .await?;
        match earlier {
            Some(transfer_id) => {
                let given = checked.credentials_for(&spec.url, None);
                options::reattach(&handle, transfer_id, options, &checked, given.as_ref()).await?;
            }
            None => {
                options.apply_to(&mut spec, &checked);
                handle
                    .call(Command::Add {
                        spec: Box::new(spec),
                        start: true,
                    })
                    .await?;
            }
        }
        if let Some(group_id) = completion {
            handle
                .call(Command::EnableCompletionGroup(group_id))
                .await?;
        }
        let end = session::follow(&session, &[transfer_id], options.quiet).await?;
        let mut when_done = Vec::new();
        if end != WaitEnd::Interrupted
            && let Some(group_id) = completion
        {
            when_done = session::wait_for_firing(&handle, group_id, options.quiet).await;
        }
        anyhow::Ok((end, transfer_id, when_done))
    });
    // Stop a local engine before reporting, so the state on disk is final.
    session.close();
    let (end, transfer_id, when_done) = outcome?;
    if end == WaitEnd::Interrupted {
        let what_now = if method == UploadMethod::Resumable {
            tr!("cli-upload-interrupted-resumable")
        } else {
            tr!("cli-upload-interrupted")
        };
        eprintln!("ferry: {}", tr!("cli-interrupted", what_now = what_now));
        return Ok(exit::TRANSFER_FAILED);
    }
    let code = session::report_outcomes(&handle, &[transfer_id], options.quiet);
    // The action's outcome after the file it acted on.
    for line in when_done {
        eprintln!("{line}");
    }
    Ok(code)
}

/// The unfinished upload of the same file(s) to the same URL the same way.
fn unfinished_upload(known: &[Transfer], spec: &TransferSpec) -> Option<TransferId> {
    let wanted = spec.upload_source()?;
    known
        .iter()
        .filter(|transfer| !transfer.status.is_terminal() && transfer.spec.url == spec.url)
        .find(|transfer| {
            transfer.spec.upload_source().is_some_and(|upload| {
                upload.file == wanted.file
                    && upload.method == wanted.method
                    && upload.parts == wanted.parts
            })
        })
        .map(Transfer::transfer_id)
}
