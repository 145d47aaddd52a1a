//! The first request of an FTP attempt: log in, read the file's SIZE and
//! MDTM (its validator: the bytes on disk are resumed only when both still
//! match what was recorded, else the download starts over), choose and
//! reserve the name, then REST and RETR for the first share; more
//! connections fetch the other shares (`super::super::ftp`).

// The download's types and imports, as `mod.rs` has them.
use super::*;
use crate::engine::download::ftp::FtpSource;

impl DownloadTask {
    pub(super) async fn ftp_attempt(&mut self) -> Result<AttemptEnd, AttemptFailure> {
        if !self.ranges.is_empty() && self.validator.is_none() {
            // Without a validator a resume could splice two versions.
            self.forget_bytes_on_disk();
        }
        let Some(host_slot) = self.first_host_slot().await else {
            return Ok(AttemptEnd::Stopped);
        };
        let url = self.job.spec.url.clone();
        let source = FtpSource::new(
            &url,
            self.job.spec.credentials.as_ref(),
            self.job.config.connect_timeout,
            (self.job.spec.ftp_tls || self.job.ftp_over_tls || url.scheme() == "ftps")
                .then(|| Arc::clone(&self.job.ftp_tls)),
        );
        let response_timeout = self.job.config.response_timeout;
        let opened = async {
            let mut ftp = source.connect().await?;
            let facts = source.facts(&mut ftp).await?;
            Ok::<_, AttemptFailure>((ftp, facts))
        };
        let (ftp, facts) = tokio::select! {
            () = self.cancel.cancelled() => return Ok(AttemptEnd::Stopped),
            opened = tokio::time::timeout(response_timeout, opened) => match opened {
                Ok(opened) => opened?,
                Err(_) => {
                    return Err(AttemptFailure::retryable(TransferError::NoResponse {
                        url: url.to_string(),
                        timeout_secs: response_timeout.as_secs(),
                    }));
                }
            },
        };
        let validator = facts.validator();
        if self.validator.as_ref() != Some(&validator) {
            // Another version of the file (or the first look at it): the
            // bytes on disk, if any, do not count.
            self.forget_bytes_on_disk();
            self.validator = Some(validator);
        }
        self.total = Some(facts.size);
        let info = ResponseInfo {
            actual_url: url.clone(),
            status_code: 150,
            headers: vec![
                ("size".to_owned(), facts.size.to_string()),
                ("modified".to_owned(), facts.modified.clone()),
            ],
            is_resumable: true,
            body_text: None,
            headers_left_out: 0,
        };
        let path_is_new = self.file_path.is_none();
        let file_path = self.file_path_named(None, None, &url, NameCheck::OnDisk)?;
        let wanted_connections = self.connection_count(&info);
        let part = self.accept_response(info, file_path, path_is_new).await?;
        let run = self.new_run(ShareSource::Ftp(source.clone()), part, wanted_connections);
        let Some(first_share) = run.assign() else {
            // Nothing to fetch (an empty file).
            return Ok(AttemptEnd::BodyComplete);
        };
        let body = tokio::select! {
            () = self.cancel.cancelled() => return Ok(AttemptEnd::Stopped),
            body = source.retrieve(ftp, first_share.next) => body?,
        };
        self.drive(run, first_share, body, host_slot, wanted_connections)
            .await
    }
}
