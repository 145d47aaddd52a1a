//! `ferry stream ID`: the address where ferry's service serves a
//! transfer's bytes while they arrive, for a video player (`mpv URL`) to
//! start and seek before the end. The download switches to random
//! access, so what the player asks for comes first.

use ferry_i18n::tr;
use std::path::Path;

use anyhow::Context;

use super::{exit, session};
use crate::engine::Command;

pub fn run(state_dir: &Path, typed_id: &str) -> anyhow::Result<u8> {
    let transfer = session::with_engine(state_dir, async |handle| {
        let transfer_id = session::resolve_transfer_id(&handle.snapshot(), typed_id)?;
        let transfer = handle
            .transfer(transfer_id)
            .with_context(|| tr!("cli-transfer-went-away"))?;
        if transfer.spec.is_upload() {
            anyhow::bail!(tr!("cli-stream-upload", id = transfer_id.short()));
        }
        handle
            .call(Command::SetRandomAccess {
                transfer_id,
                random_access: true,
            })
            .await?;
        Ok(transfer)
    })?;
    let place = crate::service::stream_place(state_dir).with_context(|| tr!("cli-no-streams"))?;
    say!("{}", place.url_of(&transfer));
    Ok(exit::SUCCESS)
}
