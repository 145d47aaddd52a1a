//! `ferry add URL...`: queue downloads in the service (started if none
//! runs) and return at once, printing their IDs; the service downloads them
//! whether or not a window is open.

use ferry_i18n::tr;
use std::path::Path;

use super::get::Request;
use super::{GetArgs, exit, session};

pub fn run(state_dir: &Path, arguments: &GetArgs) -> anyhow::Result<u8> {
    let request = Request::check(arguments)?;
    if arguments.jobs.is_some() {
        // -j bounds what one `get` runs at once; the service follows the
        // setting of simultaneous transfers.
        anyhow::bail!(tr!("cli-jobs-for-get"));
    }
    let remote = session::connect_to_service(state_dir)?;
    let runtime = session::cli_runtime()?;
    let handle = remote.handle();
    let transfer_ids = runtime.block_on(async {
        let transfer_ids = request.submit(&handle, arguments).await?.transfer_ids;
        session::saved(&handle).await?;
        anyhow::Ok(transfer_ids)
    })?;
    if !arguments.options.quiet {
        for transfer_id in &transfer_ids {
            say!("{}", transfer_id.short());
        }
    }
    Ok(exit::SUCCESS)
}
