//! `ferry get`: download now with a progress bar; re-running the same command
//! after an interruption re-attaches to the persisted transfers.

use ferry_i18n::tr;
use std::collections::HashSet;
use std::path::Path;

use anyhow::bail;
use url::Url;

use crate::engine::{Command, ConflictIndex, EngineConfig, EngineHandle};
use crate::model::{
    CompletionGroupId, Credentials, Destination, Status, Transfer, TransferId, TransferSpec,
    WhenDone, take_url_credentials,
};

use super::session::{self, WaitEnd};
use super::{GetArgs, exit, input, options};

pub fn run(state_dir: &Path, arguments: &GetArgs) -> anyhow::Result<u8> {
    let request = Request::check(arguments)?;
    let options = &arguments.options;
    let config = EngineConfig {
        max_simultaneous_transfers: arguments.jobs.map(|jobs| jobs as usize),
        desktop: crate::desktop::engine_desktop(state_dir),
        vault: crate::desktop::Keyring::link(),
        ..options.engine_config()
    };
    let session = session::Session::open(state_dir, config)?;
    let handle = session.handle();
    let runtime = session::cli_runtime()?;
    let outcome = runtime.block_on(async {
        let Submitted {
            transfer_ids,
            completion,
        } = request.submit(&handle, arguments).await?;
        let end = session::follow(&session, &transfer_ids, options.quiet).await?;
        let mut when_done = Vec::new();
        if end != WaitEnd::Interrupted
            && let Some(group_id) = completion
        {
            when_done = session::wait_for_firing(&handle, group_id, options.quiet).await;
        }
        anyhow::Ok((end, transfer_ids, when_done))
    });
    let is_remote = session.is_remote();
    // Stop a local engine before reporting, so the state on disk is final.
    session.close();
    let (end, transfer_ids, when_done) = outcome?;
    if end == WaitEnd::Interrupted {
        eprintln!(
            "ferry: {}",
            tr!(
                "cli-interrupted",
                what_now = session::interrupted_words(is_remote)
            )
        );
        return Ok(exit::TRANSFER_FAILED);
    }
    let code = session::report_outcomes(&handle, &transfer_ids, options.quiet);
    // The action's outcome after the files it acted on.
    for line in when_done {
        eprintln!("{line}");
    }
    Ok(code)
}

/// What `get` and `add` were asked, checked before the state is touched.
pub struct Request {
    /// Without user info: a password written in a URL is in
    /// `url_credentials`, never in what is kept or shown.
    urls: Vec<Url>,
    url_credentials: Vec<Option<Credentials>>,
    destination: Destination,
    checked: options::CheckedOptions,
    sha256: Option<String>,
    when_done: Option<WhenDone>,
    /// `--pin-cert`'s setting.
    pinned: Option<crate::model::SettingChange>,
}

impl Request {
    pub fn check(arguments: &GetArgs) -> anyhow::Result<Request> {
        let mut urls = input::collect_urls(&arguments.urls, arguments.input_file.as_deref())?;
        let url_credentials: Vec<Option<Credentials>> =
            urls.iter_mut().map(take_url_credentials).collect();
        if arguments.output.is_some() && urls.len() > 1 {
            bail!(tr!("cli-output-takes-one-url"));
        }
        if arguments.sha256.is_some() && urls.len() > 1 {
            bail!(tr!("cli-sha256-one-url"));
        }
        let mut seen = HashSet::new();
        if let Some(repeated) = urls.iter().find(|url| !seen.insert(url.as_str())) {
            bail!(tr!("cli-url-twice", url = repeated.as_str()));
        }
        let checked = arguments.options.check()?;
        // A checksum file names the file: the line for -o's name, or the
        // URL's.
        let name = arguments
            .output
            .as_deref()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .map(str::to_owned)
            .or_else(|| {
                urls.first()
                    .and_then(crate::engine::file_name::name_from_url)
            });
        let sha256 = arguments
            .sha256
            .as_deref()
            .map(|text| {
                input::sha256_for(
                    text,
                    name.as_deref(),
                    urls.first(),
                    arguments.options.ca_cert.as_deref(),
                )
            })
            .transpose()?;
        let when_done = arguments.when_done.check()?;
        let pinned = options::pinned_certificate(&checked, &urls)?;
        if arguments.options.ftp_ssl
            && let Some(other) = urls.iter().find(|url| url.scheme() != "ftp")
        {
            bail!(tr!("cli-ftp-ssl-not-ftp", url = other.as_str()));
        }
        // Last: a -d folder is created only once everything else is right.
        let destination =
            input::destination(arguments.output.as_deref(), arguments.dir.as_deref())?;
        if checked
            .headers
            .iter()
            .any(|header| header.name.eq_ignore_ascii_case("accept-encoding"))
        {
            eprintln!("ferry: {}", tr!("cli-accept-encoding-note"));
        }
        options::warn_when_no_keyring(
            checked.has_secrets() || url_credentials.iter().any(Option::is_some),
        );
        Ok(Request {
            urls,
            url_credentials,
            destination,
            checked,
            sha256,
            when_done,
            pinned,
        })
    }

    /// Re-attaches to the transfers of an earlier run and adds the new
    /// ones (queued at once); their ids, in the order of the URLs, and the
    /// completion group of `--when-done`. Nothing is added when one URL
    /// conflicts with another transfer.
    pub async fn submit(
        &self,
        handle: &EngineHandle,
        arguments: &GetArgs,
    ) -> anyhow::Result<Submitted> {
        let options = &arguments.options;
        options::pin(handle, self.pinned.as_ref()).await?;
        let known = handle.snapshot();
        let conflicts = ConflictIndex::new(&known);
        let mut known_by_url: foldhash::HashMap<&Url, Vec<&Transfer>> = Default::default();
        for transfer in &known {
            known_by_url
                .entry(&transfer.spec.url)
                .or_default()
                .push(transfer);
        }
        let mut plan = Vec::with_capacity(self.urls.len());
        for (url, url_credentials) in self.urls.iter().zip(&self.url_credentials) {
            let same_url = known_by_url.get(url).map_or(&[][..], Vec::as_slice);
            plan.push(
                match plan_one(same_url, &conflicts, url, &self.destination)? {
                    Planned::Attach(transfer_id) => Step::Attach(
                        transfer_id,
                        self.checked.credentials_for(url, url_credentials.as_ref()),
                    ),
                    Planned::AlreadyDone(transfer_id) => Step::Done(transfer_id),
                    Planned::New => {
                        let mut spec =
                            TransferSpec::download(url.clone(), self.destination.clone());
                        options.apply_to(&mut spec, &self.checked);
                        spec.credentials =
                            self.checked.credentials_for(url, url_credentials.as_ref());
                        spec.sha256 = self.sha256.clone();
                        spec.connections = arguments.connections;
                        spec.random_access = arguments.random_access;
                        Step::Add(Box::new(spec))
                    }
                },
            );
        }
        let transfer_ids: Vec<TransferId> = plan.iter().map(Step::transfer_id).collect();
        // The group exists before its members run, so none of them ends
        // unseen by it (and told on its own).
        let completion = session::open_completion_group(
            handle,
            self.when_done.as_ref(),
            || group_name(&self.urls),
            &transfer_ids,
        )
        .await?;
        // New transfers are sent in one burst and checked after.
        let mut adds = Vec::new();
        for step in plan {
            match step {
                Step::Attach(transfer_id, credentials) => {
                    let given = credentials.as_ref();
                    options::reattach(handle, transfer_id, options, &self.checked, given).await?;
                }
                Step::Done(_) => {}
                Step::Add(spec) => {
                    adds.push(handle.submit(Command::Add { spec, start: true }).await?)
                }
            }
        }
        for add in adds {
            add.applied().await?;
        }
        if let Some(group_id) = completion {
            handle
                .call(Command::EnableCompletionGroup(group_id))
                .await?;
        }
        Ok(Submitted {
            transfer_ids,
            completion,
        })
    }
}

/// What `get` and `add` queued.
pub struct Submitted {
    /// In the order of the URLs.
    pub transfer_ids: Vec<TransferId>,
    /// The `--when-done` group over them.
    pub completion: Option<CompletionGroupId>,
}

/// What is done for one URL.
enum Step {
    /// With the credentials this run has for it, if any.
    Attach(TransferId, Option<Credentials>),
    Done(TransferId),
    Add(Box<TransferSpec>),
}

impl Step {
    fn transfer_id(&self) -> TransferId {
        match self {
            Step::Attach(transfer_id, _) | Step::Done(transfer_id) => *transfer_id,
            Step::Add(spec) => spec.transfer_id,
        }
    }
}

/// A completion group's name from its URLs: "debian.iso", "a.zip and 2
/// more".
fn group_name(urls: &[Url]) -> String {
    let first = urls
        .first()
        .map(|url| {
            url.path_segments()
                .and_then(|mut segments| segments.next_back())
                .filter(|segment| !segment.is_empty())
                .map(|segment| {
                    percent_encoding::percent_decode_str(segment)
                        .decode_utf8_lossy()
                        .into_owned()
                })
                .unwrap_or_else(|| url.host_str().unwrap_or_default().to_owned())
        })
        .unwrap_or_default();
    match urls.len() {
        0 | 1 => first,
        count => tr!("when-done-name", first = first, others = count - 1),
    }
}

enum Planned {
    /// Continue this persisted transfer.
    Attach(TransferId),
    /// The same command already completed and its file is still there.
    AlreadyDone(TransferId),
    /// Create a new transfer.
    New,
}

/// Re-attach to an unfinished transfer of the same URL and destination;
/// refuse a second download of a URL or file another transfer is busy with.
/// `same_url` holds the persisted transfers of `url` (looked up once, so a
/// long history does not make every URL of a list a search through it).
fn plan_one(
    same_url: &[&Transfer],
    conflicts: &ConflictIndex,
    url: &Url,
    destination: &Destination,
) -> anyhow::Result<Planned> {
    let same_place = || {
        same_url
            .iter()
            .filter(|transfer| &transfer.spec.destination == destination)
    };
    if let Some(same) = same_place()
        .find(|transfer| !matches!(transfer.status, Status::Completed | Status::Canceled))
    {
        return Ok(Planned::Attach(same.transfer_id()));
    }
    if let Some(done) = same_place()
        .find(|transfer| transfer.status == Status::Completed && completed_file_is_intact(transfer))
    {
        return Ok(Planned::AlreadyDone(done.transfer_id()));
    }
    // The engine would refuse it too; asking first means nothing is added
    // when one URL of several conflicts.
    if let Some(conflict) = conflicts.find(url, destination) {
        bail!(conflict);
    }
    if let Some((other, elsewhere)) = conflicts.others_of(url).first() {
        eprintln!(
            "ferry: {}",
            tr!(
                "cli-second-copy",
                id = other.short(),
                url = url.as_str(),
                folder = elsewhere.folder().display().to_string()
            )
        );
    }
    Ok(Planned::New)
}

/// The completed file is still where ferry put it, with its size.
fn completed_file_is_intact(transfer: &Transfer) -> bool {
    let Some(path) = &transfer.file_path else {
        return false;
    };
    std::fs::metadata(path).is_ok_and(|metadata| {
        metadata.is_file()
            && transfer
                .progress
                .total_bytes_to_receive
                .is_none_or(|total| total == metadata.len())
    })
}
