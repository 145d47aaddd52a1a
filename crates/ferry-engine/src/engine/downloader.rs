//! The library API in the shape of Windows' `BackgroundDownloader`: a
//! [`Downloader`] holds defaults and creates [`DownloadOperation`]s;
//! `current_downloads` lists every transfer so a new process can re-attach
//! to them (GetCurrentDownloadsAsync + AttachAsync). A downloader given a
//! [`super::TransferCompletionGroup`] puts its downloads in that group.
//! `examples/download.rs` shows it end to end.

use url::Url;

use crate::model::{
    CompletionGroupId, CostPolicy, Credentials, Destination, HeaderPair, Priority, Progress,
    ResponseInfo, Status, Transfer, TransferId, TransferSpec, remove_header, replace_header,
};

use super::{Command, EngineError, EngineHandle};

/// Creates downloads with shared defaults (BackgroundDownloader).
#[derive(Clone, Debug)]
pub struct Downloader {
    handle: EngineHandle,
    request_headers: Vec<HeaderPair>,
    credentials: Option<Credentials>,
    group: Option<String>,
    priority: Priority,
    cost_policy: CostPolicy,
    recoverable_statuses: Vec<u16>,
    completion_group: Option<CompletionGroupId>,
}

impl Downloader {
    pub fn new(handle: EngineHandle) -> Self {
        Downloader {
            handle,
            request_headers: Vec::new(),
            credentials: None,
            group: None,
            priority: Priority::Default,
            cost_policy: CostPolicy::Default,
            recoverable_statuses: Vec::new(),
            completion_group: None,
        }
    }

    /// Downloads created from now on are members of `group` (Windows'
    /// `BackgroundDownloader(completionGroup)`); enable it once all are
    /// started.
    pub fn set_completion_group(&mut self, group: Option<&super::TransferCompletionGroup>) {
        self.completion_group = group.map(super::TransferCompletionGroup::id);
    }

    /// A header sent with every download created from now on.
    pub fn set_request_header(&mut self, name: &str, value: &str) {
        replace_header(
            &mut self.request_headers,
            HeaderPair {
                name: name.to_owned(),
                value: value.to_owned(),
            },
        );
    }

    /// Credentials for the origin of each download's URL (never persisted).
    pub fn set_server_credential(&mut self, credentials: Option<Credentials>) {
        self.credentials = credentials;
    }

    pub fn set_transfer_group(&mut self, group: Option<String>) {
        self.group = group;
    }

    pub fn set_priority(&mut self, priority: Priority) {
        self.priority = priority;
    }

    pub fn set_cost_policy(&mut self, cost_policy: CostPolicy) {
        self.cost_policy = cost_policy;
    }

    /// HTTP statuses that pause a download instead of failing it.
    pub fn set_recoverable_web_error_statuses(&mut self, statuses: Vec<u16>) {
        self.recoverable_statuses = statuses;
    }

    /// A new download, not yet known to the engine until
    /// [`DownloadOperation::start`].
    pub fn create_download(&self, url: Url, destination: Destination) -> DownloadOperation {
        let mut spec = TransferSpec::download(url, destination);
        spec.request_headers = self.request_headers.clone();
        spec.credentials = self.credentials.clone();
        spec.group = self.group.clone();
        spec.priority = self.priority;
        spec.cost_policy = self.cost_policy;
        spec.recoverable_statuses = self.recoverable_statuses.clone();
        DownloadOperation {
            handle: self.handle.clone(),
            transfer_id: spec.transfer_id,
            unstarted_spec: Some(spec),
            completion_group: self.completion_group,
        }
    }

    /// Every transfer the engine knows (including those loaded from the
    /// state), to re-attach to.
    pub fn current_downloads(&self) -> Vec<DownloadOperation> {
        self.handle
            .snapshot()
            .into_iter()
            .map(|transfer| DownloadOperation::attach(self.handle.clone(), transfer.transfer_id()))
            .collect()
    }
}

/// One download (DownloadOperation).
#[derive(Clone, Debug)]
pub struct DownloadOperation {
    handle: EngineHandle,
    transfer_id: TransferId,
    /// Set until `start` hands it to the engine.
    unstarted_spec: Option<TransferSpec>,
    /// The completion group it joins when started.
    completion_group: Option<CompletionGroupId>,
}

impl DownloadOperation {
    /// An operation for a transfer the engine already knows.
    pub fn attach(handle: EngineHandle, transfer_id: TransferId) -> Self {
        DownloadOperation {
            handle,
            transfer_id,
            unstarted_spec: None,
            completion_group: None,
        }
    }

    pub fn transfer_id(&self) -> TransferId {
        self.transfer_id
    }

    /// Hands a new download to the engine, or resumes an attached one.
    pub async fn start(&mut self) -> Result<(), EngineError> {
        match self.unstarted_spec.take() {
            Some(spec) => {
                // A member before it runs, so it cannot end unseen.
                if let Some(group) = self.completion_group {
                    let joined = self
                        .handle
                        .call(Command::AddToCompletionGroup {
                            group,
                            members: vec![self.transfer_id],
                        })
                        .await;
                    if let Err(error) = joined {
                        self.unstarted_spec = Some(spec);
                        return Err(error);
                    }
                }
                let result = self
                    .handle
                    .call(Command::Add {
                        spec: Box::new(spec.clone()),
                        start: true,
                    })
                    .await;
                if result.is_err() {
                    self.unstarted_spec = Some(spec);
                }
                result
            }
            None => self.resume().await,
        }
    }

    pub async fn pause(&self) -> Result<(), EngineError> {
        self.handle.call(Command::Pause(self.transfer_id)).await
    }

    pub async fn resume(&self) -> Result<(), EngineError> {
        self.handle.call(Command::Resume(self.transfer_id)).await
    }

    pub async fn cancel(&self) -> Result<(), EngineError> {
        self.handle.call(Command::Cancel(self.transfer_id)).await
    }

    /// Sets a request header (before or after start).
    pub async fn set_request_header(&mut self, name: &str, value: &str) -> Result<(), EngineError> {
        let header = HeaderPair {
            name: name.to_owned(),
            value: value.to_owned(),
        };
        if let Some(spec) = &mut self.unstarted_spec {
            replace_header(&mut spec.request_headers, header);
            return Ok(());
        }
        self.handle
            .call(Command::SetRequestHeader {
                transfer_id: self.transfer_id,
                header,
            })
            .await
    }

    pub async fn remove_request_header(&mut self, name: &str) -> Result<(), EngineError> {
        if let Some(spec) = &mut self.unstarted_spec {
            remove_header(&mut spec.request_headers, name);
            return Ok(());
        }
        self.handle
            .call(Command::RemoveRequestHeader {
                transfer_id: self.transfer_id,
                name: name.to_owned(),
            })
            .await
    }

    /// Points the download at a new URL; a download paused by a recoverable
    /// status resumes.
    pub async fn set_url(&mut self, url: Url) -> Result<(), EngineError> {
        if let Some(spec) = &mut self.unstarted_spec {
            spec.url = url;
            return Ok(());
        }
        self.handle
            .call(Command::SetUrl {
                transfer_id: self.transfer_id,
                url,
            })
            .await
    }

    /// The transfer as the engine last reported it.
    /// The downloaded byte ranges that are on disk (GetDownloadedRanges).
    pub fn downloaded_ranges(&self) -> Vec<crate::model::ByteRange> {
        self.transfer()
            .map(|transfer| transfer.ranges)
            .unwrap_or_default()
    }

    /// A reader of the file (AsyncRead + AsyncSeek) that waits for bytes not
    /// downloaded yet; with random access on, those are fetched first.
    pub fn open_reader(&self) -> Result<super::TransferReader, EngineError> {
        self.handle.open_reader(self.transfer_id)
    }

    pub fn transfer(&self) -> Option<Transfer> {
        self.handle.transfer(self.transfer_id)
    }

    pub fn status(&self) -> Option<Status> {
        self.transfer().map(|transfer| transfer.status)
    }

    pub fn progress(&self) -> Option<Progress> {
        self.transfer().map(|transfer| transfer.progress)
    }

    pub fn response_info(&self) -> Option<ResponseInfo> {
        self.transfer().and_then(|transfer| transfer.response)
    }

    /// Waits until the download completed, failed, was canceled or paused,
    /// and returns it.
    pub async fn wait_until_settled(&self) -> Option<Transfer> {
        let mut changes = self.handle.subscribe_changes();
        loop {
            let transfer = self.transfer()?;
            if transfer.status.is_terminal() || transfer.status.is_paused() {
                return Some(transfer);
            }
            if changes.changed().await.is_err() {
                return self.transfer();
            }
        }
    }
}
