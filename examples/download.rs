//! Downloads one URL with ferry's library API, shaped after Windows'
//! `BackgroundDownloader`: a `Downloader` with defaults creates a
//! `DownloadOperation`, which is started and followed until it settles.
//! A second run with the same state folder re-attaches to the transfer
//! (`current_downloads`) and resumes it instead of starting over.
//!
//! ```text
//! cargo run --example download -- URL [FOLDER] [STATE-FOLDER]
//! ```

// A report to a terminal: print! is what it needs.
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;
use std::process::ExitCode;

use ferry::engine::{Downloader, Engine, EngineConfig};
use ferry::model::{Destination, Priority, Status};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("download: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    let Some(url) = args.next() else {
        anyhow::bail!("usage: download URL [FOLDER] [STATE-FOLDER]");
    };
    let url = url::Url::parse(&url)?;
    let folder = args
        .next()
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let state_dir = args
        .next()
        .map_or_else(|| folder.join(".ferry-example"), PathBuf::from);
    std::fs::create_dir_all(&state_dir)?;

    let (engine, warnings) = Engine::open(&state_dir, EngineConfig::default(), None)?;
    for warning in warnings {
        eprintln!("download: {warning}");
    }
    let mut downloader = Downloader::new(engine.handle());
    downloader.set_priority(Priority::High);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let settled = runtime.block_on(async {
        // Re-attach to an unfinished download of the same URL, if any.
        let attached = downloader
            .current_downloads()
            .into_iter()
            .find(|operation| {
                operation.transfer().is_some_and(|transfer| {
                    transfer.spec.url == url && !transfer.status.is_terminal()
                })
            });
        let mut operation = match attached {
            Some(operation) => operation,
            None => downloader.create_download(url.clone(), Destination::Folder(folder.clone())),
        };
        operation.start().await?;
        anyhow::Ok(operation.wait_until_settled().await)
    })?;
    engine.shutdown();

    let Some(transfer) = settled else {
        anyhow::bail!("the engine stopped before the download settled");
    };
    match transfer.status {
        Status::Completed => {
            let path = transfer.file_path.unwrap_or_default();
            println!("saved {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        status => {
            match transfer.error {
                Some(error) => eprintln!("download: {status:?}: {error}"),
                None => eprintln!("download: {status:?}"),
            }
            Ok(ExitCode::from(1))
        }
    }
}
