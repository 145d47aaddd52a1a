//! `ferry put FILE URL`: upload one file now with a progress bar and exit
//! when the server accepted it. Re-running the same command after an
//! interruption re-attaches to the persisted upload (which sends the file
//! again from its first byte, or with `--resumable` continues from what the
//! server has) instead of adding a second one.

use std::path::Path;

use url::Url;

use super::session::{self, WaitEnd};
use super::{PutArgs, exit, input, options};
use crate::engine::Command;
use crate::model::{Transfer, TransferId, TransferSpec, UploadMethod};

pub fn run(state_dir: &Path, arguments: &PutArgs) -> anyhow::Result<u8> {
    // Everything the user typed is checked before the state is touched.
    let url = input::parse_download_url(&arguments.url)?;
    let file = input::upload_file(&arguments.file)?;
    let method = if arguments.resumable {
        UploadMethod::Resumable
    } else {
        arguments.method.into()
    };
    let options = &arguments.options;
    let checked = options.check()?;

    let session = session::Session::open(state_dir, options.engine_config())?;
    let handle = session.handle();
    let runtime = session::cli_runtime()?;
    let outcome = runtime.block_on(async {
        let known = handle.snapshot();
        let transfer_id = match unfinished_upload(&known, &url, &file, method) {
            Some(transfer_id) => {
                options::reattach(&handle, transfer_id, options, &checked).await?;
                transfer_id
            }
            None => {
                let mut spec = TransferSpec::upload(url.clone(), file.clone(), method);
                options.apply_to(&mut spec, &checked);
                let transfer_id = spec.transfer_id;
                handle
                    .call(Command::Add {
                        spec: Box::new(spec),
                        start: true,
                    })
                    .await?;
                transfer_id
            }
        };
        let end = session::follow(&session, &[transfer_id], options.quiet).await?;
        anyhow::Ok((end, transfer_id))
    });
    // Stop a local engine before reporting, so the state on disk is final.
    session.close();
    let (end, transfer_id) = outcome?;
    if end == WaitEnd::Interrupted {
        eprintln!(
            "ferry: interrupted; run the same command again to {}",
            if method == UploadMethod::Resumable {
                "continue where the server has it"
            } else {
                "send the file again"
            }
        );
        return Ok(exit::TRANSFER_FAILED);
    }
    Ok(session::report_outcomes(
        &handle,
        &[transfer_id],
        options.quiet,
    ))
}

/// The unfinished upload of this file to this URL with this method.
fn unfinished_upload(
    known: &[Transfer],
    url: &Url,
    file: &Path,
    method: UploadMethod,
) -> Option<TransferId> {
    known
        .iter()
        .filter(|transfer| !transfer.status.is_terminal() && &transfer.spec.url == url)
        .find(|transfer| {
            transfer
                .spec
                .upload
                .as_ref()
                .is_some_and(|upload| upload.file == file && upload.method == method)
        })
        .map(Transfer::transfer_id)
}
