//! Commands from the handle: adding, pausing, resuming, cancelling and
//! removing transfers, groups and settings. Each is checked, applied to the
//! table, and answered.

use std::path::Path;

use crate::engine::conflict::ConflictIndex;
use crate::engine::file_name::part_path;
use crate::engine::handle::Envelope;
use crate::engine::input::check_group_name;
use crate::engine::{Command, EngineError, Event};
use crate::model::{
    GroupBehavior, SettingChange, Status, Transfer, TransferId, TransferSpec, remove_header,
    replace_header,
};

use super::completions::CompletionCommand;
use super::holds::global_download_limit;
use super::secrets::checked_proxy;
use super::{Actor, StopReason, extra_ca_cert, tls_config};

impl Actor {
    pub(super) fn handle_envelope(&mut self, envelope: Envelope) {
        match envelope {
            Envelope::Command { command, reply } => {
                let transfer_id = command_transfer_id(&command);
                let result = self.handle_command(command);
                if let Err(error) = &result
                    && reply.is_none()
                {
                    self.emit(Event::CommandFailed {
                        transfer_id,
                        error: error.to_string(),
                    });
                }
                if let Some(reply) = reply {
                    // The caller may have stopped waiting; nothing to do then.
                    let _ = reply.send(result);
                }
            }
            Envelope::WhenSettled {
                transfer_ids,
                settled,
            } => {
                let unsettled = self.table.read().unsettled(transfer_ids);
                self.settle_waiters.add(unsettled, settled);
            }
            Envelope::WhenSaved { saved } => {
                self.persistence.after_save(saved);
            }
        }
    }

    pub(super) fn handle_command(&mut self, command: Command) -> Result<(), EngineError> {
        // Any command may change who is ready to start, and in what order.
        self.admission.order_changed();
        if !matches!(command, Command::Add { .. }) {
            self.conflicts = None;
        }
        match command {
            Command::Add { spec, start } => self.add(*spec, start),
            Command::Resume(transfer_id) => self.resume(transfer_id),
            Command::Pause(transfer_id) => self.pause(transfer_id),
            Command::Cancel(transfer_id) => self.cancel(transfer_id, StopReason::Cancel),
            Command::Remove(transfer_id) => self.cancel(transfer_id, StopReason::Remove),
            Command::RemoveKeepingPartial(transfer_id) => {
                self.keep_partial.insert(transfer_id);
                let removed = self.cancel(transfer_id, StopReason::Remove);
                if removed.is_err() {
                    self.keep_partial.remove(&transfer_id);
                }
                removed
            }
            Command::SetUrl { transfer_id, url } => {
                check_scheme(&url)?;
                let (status, spec) = self.with_transfer(transfer_id, |transfer| {
                    transfer.spec.url = url;
                    transfer.spec.take_url_credentials();
                    transfer.spec.note_secrets();
                    (transfer.status, transfer.spec.clone())
                })?;
                if spec.has_secrets {
                    self.vault.keep(&spec);
                }
                if status.is_paused() || status == Status::Error {
                    self.resume(transfer_id)?;
                } else if let Some(task) = self.running.get_mut(&transfer_id) {
                    task.stop_reason = Some(StopReason::Restart);
                    task.cancel.cancel();
                }
                Ok(())
            }
            Command::SetRequestHeader {
                transfer_id,
                header,
            } => self.change_secrets(transfer_id, |spec| {
                replace_header(&mut spec.request_headers, header);
            }),
            Command::RemoveRequestHeader { transfer_id, name } => {
                self.change_secrets(transfer_id, |spec| {
                    remove_header(&mut spec.request_headers, &name);
                })
            }
            Command::SetCredentials {
                transfer_id,
                credentials,
            } => self.change_secrets(transfer_id, |spec| spec.credentials = credentials),
            Command::SetCookies {
                transfer_id,
                cookies,
            } => self.change_secrets(transfer_id, |spec| spec.cookies = cookies),
            Command::SetPriority {
                transfer_id,
                priority,
            } => self.with_transfer(transfer_id, |transfer| {
                transfer.spec.priority = priority;
            }),
            Command::SetCostPolicy {
                transfer_id,
                cost_policy,
            } => {
                self.with_transfer(transfer_id, |transfer| {
                    transfer.spec.cost_policy = cost_policy;
                })?;
                self.admission.policy_changed();
                Ok(())
            }
            Command::SetRandomAccess {
                transfer_id,
                random_access,
            } => {
                let changed = self.with_transfer(transfer_id, |transfer| {
                    std::mem::replace(&mut transfer.spec.random_access, random_access)
                        != random_access
                })?;
                // A running task read its spec when it started.
                if changed && let Some(task) = self.running.get_mut(&transfer_id) {
                    task.stop_reason = Some(StopReason::Restart);
                    task.cancel.cancel();
                }
                Ok(())
            }
            Command::SetProxy {
                transfer_id,
                proxy,
                credentials,
            } => {
                let (proxy, written_in_url) = checked_proxy(proxy)?;
                self.change_secrets(transfer_id, |spec| {
                    spec.proxy = proxy;
                    spec.proxy_credentials = credentials.or(written_in_url);
                })
            }
            Command::PutGroup { name, behavior } => {
                let name = check_group_name(&name)?;
                self.put_group(name, behavior);
                Ok(())
            }
            Command::RemoveGroup { name } => self.remove_group(&name),
            Command::SetGroupWhenDone { name, when_done } => {
                self.handle_completion_command(CompletionCommand::SetForGroup { name, when_done })
            }
            Command::CreateCompletionGroup(group) => {
                self.handle_completion_command(CompletionCommand::Create(group))
            }
            Command::AddToCompletionGroup { group, members } => {
                self.handle_completion_command(CompletionCommand::AddMembers { group, members })
            }
            Command::EnableCompletionGroup(group) => {
                self.handle_completion_command(CompletionCommand::Enable(group))
            }
            Command::RemoveCompletionGroup(group) => {
                self.handle_completion_command(CompletionCommand::Remove(group))
            }
            Command::MakeCurrent(transfer_id) => self.make_current(transfer_id),
            command @ (Command::AddPrefetch { .. }
            | Command::RemovePrefetch(_)
            | Command::RefreshPrefetch(_)) => self.handle_prefetch_command(command),
            Command::SetTransferLimit {
                transfer_id,
                bytes_per_second,
            } => {
                self.with_transfer(transfer_id, |transfer| {
                    transfer.spec.max_bytes_per_second = bytes_per_second;
                })?;
                if let Some(task) = self.running.get(&transfer_id) {
                    task.limit.set(bytes_per_second);
                }
                Ok(())
            }
            Command::ChangeSettings(changes) => {
                let changes = changes
                    .into_iter()
                    .map(SettingChange::checked)
                    .collect::<Result<Vec<_>, _>>()?;
                let mut settings = self.settings.clone();
                let mut proxy_credentials_given = None;
                for change in changes {
                    if let SettingChange::ProxyCredentials(given) = &change {
                        proxy_credentials_given = Some(given.clone());
                    }
                    change.apply(&mut settings);
                }
                if settings.extra_ca_cert != self.settings.extra_ca_cert
                    || settings.pinned_certificates != self.settings.pinned_certificates
                {
                    // Transfers started from now on trust the new CA and
                    // pins; a file that cannot be used changes nothing.
                    self.clients.set_tls(tls_config(
                        extra_ca_cert(&self.config, &settings),
                        &settings,
                    )?);
                }
                self.change_proxy(&settings.proxy, proxy_credentials_given);
                self.host_slots
                    .set_per_host(settings.connections_per_host as usize);
                self.admission.policy_changed();
                *self
                    .shared_settings
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = settings.clone();
                self.settings = settings.clone();
                self.follow_schedule();
                self.global_limit.set(global_download_limit(
                    self.admission.schedule_now(),
                    &self.settings,
                ));
                self.global_upload_limit.set(self.settings.upload_limit);
                self.persistence.mark_dirty();
                self.emit(Event::SettingsChanged(Box::new(settings)));
                Ok(())
            }
            Command::Shutdown => {
                self.begin_shutdown();
                Ok(())
            }
        }
    }

    pub(super) fn with_transfer<T>(
        &mut self,
        transfer_id: TransferId,
        change: impl FnOnce(&mut Transfer) -> T,
    ) -> Result<T, EngineError> {
        let (result, changed) = {
            let mut table = self.table.write();
            let transfer = table
                .get_mut(transfer_id)
                .ok_or(EngineError::UnknownTransfer(transfer_id))?;
            let result = change(transfer);
            (result, transfer.clone())
        };
        self.persistence.mark_dirty();
        self.emit(Event::TransferChanged(Box::new(changed)));
        Ok(result)
    }

    pub(super) fn add(&mut self, mut spec: TransferSpec, start: bool) -> Result<(), EngineError> {
        check_scheme(&spec.url)?;
        if spec.is_upload() && crate::engine::protocol::TaskKind::of(&spec).is_none() {
            return Err(crate::engine::input::InputError::UnsupportedUploadScheme {
                scheme: spec.url.scheme().to_owned(),
                text: spec.url.to_string(),
            }
            .into());
        }
        spec.take_url_credentials();
        let (proxy, written_in_url) = checked_proxy(spec.proxy.take())?;
        spec.proxy = proxy;
        if spec.proxy_credentials.is_none() {
            spec.proxy_credentials = written_in_url;
        }
        // A relative path would be resolved against whichever folder the
        // service runs in; a path that is not UTF-8 could not be saved.
        crate::engine::input::check_transfer_paths(&spec)?;
        spec.note_secrets();
        if let Some(name) = &spec.group {
            let name = check_group_name(name)?;
            // A group named for the first time is created, parallel.
            if self.table.read().group(&name).is_none() {
                self.put_group(name.clone(), GroupBehavior::Parallel);
            }
            spec.group = Some(name);
        }
        {
            let table = self.table.read();
            if table.get(spec.transfer_id).is_some() {
                return Err(EngineError::InvalidForStatus {
                    transfer_id: spec.transfer_id,
                    status_words: ferry_i18n::tr!("engine-already-known"),
                    what: ferry_i18n::tr!("engine-what-adding-again"),
                });
            }
            let conflicts = self
                .conflicts
                .get_or_insert_with(|| ConflictIndex::new(table.iter()));
            if let Some(conflict) = conflicts.find(&spec.url, &spec.destination) {
                return Err(conflict);
            }
        }
        if spec.has_secrets {
            self.vault.keep(&spec);
        }
        let transfer = Transfer::new(spec);
        let transfer_id = transfer.transfer_id();
        if let Some(conflicts) = &mut self.conflicts {
            conflicts.insert(&transfer);
        }
        // No copy is made for nobody (a command-line run, a service with
        // no client).
        let added = self.is_heard().then(|| Box::new(transfer.clone()));
        let group = transfer.spec.group.clone();
        self.table.write().insert(transfer);
        if start {
            self.want(transfer_id);
        }
        self.persistence.mark_dirty();
        match added {
            Some(transfer) => self.emit(Event::Added(transfer)),
            None => self.outbox.note_news(),
        }
        if let Some(group) = group {
            self.join_group_completion(&group, transfer_id);
        }
        Ok(())
    }

    /// The transfer's status, or an error when it is unknown or `is_allowed`
    /// refuses `what` in that status.
    pub(super) fn status_allowing(
        &self,
        transfer_id: TransferId,
        what: fn() -> String,
        is_allowed: impl Fn(Status) -> bool,
    ) -> Result<Status, EngineError> {
        let status = self
            .table
            .read()
            .get(transfer_id)
            .map(|transfer| transfer.status)
            .ok_or(EngineError::UnknownTransfer(transfer_id))?;
        if is_allowed(status) {
            Ok(status)
        } else {
            Err(EngineError::InvalidForStatus {
                transfer_id,
                status_words: status.as_words(),
                what: what(),
            })
        }
    }

    pub(super) fn resume(&mut self, transfer_id: TransferId) -> Result<(), EngineError> {
        let status = self.status_allowing(
            transfer_id,
            || ferry_i18n::tr!("engine-what-resuming"),
            |status| !matches!(status, Status::Completed | Status::Canceled),
        )?;
        self.want(transfer_id);
        match self.running.get_mut(&transfer_id) {
            // Paused a moment ago and still stopping: it queues again once
            // it stopped, instead of staying paused.
            Some(task) if task.stop_reason == Some(StopReason::Pause) => {
                task.stop_reason = Some(StopReason::Restart);
                self.set_status(transfer_id, Status::Idle, None);
            }
            Some(_) => {}
            None if status != Status::Idle => self.set_status(transfer_id, Status::Idle, None),
            None => {}
        }
        Ok(())
    }

    pub(super) fn pause(&mut self, transfer_id: TransferId) -> Result<(), EngineError> {
        self.status_allowing(
            transfer_id,
            || ferry_i18n::tr!("engine-what-pausing"),
            |status| !status.is_terminal(),
        )?;
        let is_post = self.table.read().get(transfer_id).is_some_and(|transfer| {
            transfer
                .spec
                .upload_source()
                .is_some_and(|upload| upload.method.is_post())
        });
        if is_post {
            return Err(EngineError::PostCannotPause(transfer_id));
        }
        self.admission.unwant(transfer_id);
        if let Some(task) = self.running.get_mut(&transfer_id) {
            task.stop_reason = Some(StopReason::Pause);
            task.cancel.cancel();
        }
        self.set_status(transfer_id, Status::PausedByApplication, None);
        Ok(())
    }

    /// Cancel (or remove): stop the task, then delete the `.part` file once
    /// the task no longer writes to it.
    pub(super) fn cancel(
        &mut self,
        transfer_id: TransferId,
        reason: StopReason,
    ) -> Result<(), EngineError> {
        let status = self.status_allowing(
            transfer_id,
            || ferry_i18n::tr!("engine-what-canceling"),
            |status| reason != StopReason::Cancel || !status.is_terminal(),
        )?;
        self.admission.unwant(transfer_id);
        if let Some(task) = self.running.get_mut(&transfer_id) {
            task.stop_reason = Some(reason);
            task.cancel.cancel();
            if reason == StopReason::Cancel {
                self.set_status(transfer_id, Status::Canceled, None);
            }
            return Ok(());
        }
        self.finish_cancel(transfer_id, reason, status);
        Ok(())
    }

    pub(super) fn finish_cancel(
        &mut self,
        transfer_id: TransferId,
        reason: StopReason,
        status: Status,
    ) {
        let keeps_partial = self.keep_partial.remove(&transfer_id);
        if (!status.is_terminal() || status == Status::Canceled) && !keeps_partial {
            self.delete_partial_data(transfer_id);
        }
        if let Some(live) = self.live.remove(transfer_id) {
            live.update(|availability| {
                availability.ended = Some("the transfer was canceled".to_owned());
            });
        }
        match reason {
            StopReason::Remove => self.forget_transfer(transfer_id),
            _ => self.set_status(transfer_id, Status::Canceled, None),
        }
    }

    /// Takes a removed transfer out of the table (its file stays).
    pub(super) fn forget_transfer(&mut self, transfer_id: TransferId) {
        self.forget_current(transfer_id);
        self.table.write().remove(transfer_id);
        self.vault.forget(transfer_id);
        self.settle_waiters.settled(transfer_id);
        self.note_transfer_end(transfer_id, Status::Canceled);
        self.forget_fired_groups_of(transfer_id);
        self.persistence.mark_dirty();
        self.emit(Event::Removed(transfer_id));
    }

    pub(super) fn delete_partial_data(&mut self, transfer_id: TransferId) {
        let (file_path, resumable) = {
            let mut table = self.table.write();
            let Some(transfer) = table.get_mut(transfer_id) else {
                return;
            };
            transfer.ranges.clear();
            let resumable = transfer
                .resumable
                .take()
                .map(|resumable| (transfer.spec.clone(), resumable.upload_url));
            (transfer.file_path.clone(), resumable)
        };
        // What a resumable upload left on the server is deleted there.
        if let Some((spec, upload_url)) = resumable
            && let Ok(client) = self.clients.for_spec(&spec)
        {
            tokio::spawn(async move {
                crate::engine::upload::tus::terminate(&client, &spec, &upload_url).await;
            });
        }
        if let Some(file_path) = file_path {
            remove_if_present(&part_path(&file_path));
            self.reservations.release(&file_path);
        }
        self.persistence.mark_dirty();
    }

    pub(super) fn begin_shutdown(&mut self) {
        self.shutting_down = true;
        self.prefetcher.stop();
        for task in self.running.values_mut() {
            task.stop_reason.get_or_insert(StopReason::Shutdown);
            task.cancel.cancel();
        }
    }
}

pub(super) fn command_transfer_id(command: &Command) -> Option<TransferId> {
    match command {
        Command::Add { spec, .. } => Some(spec.transfer_id),
        Command::Resume(transfer_id)
        | Command::Pause(transfer_id)
        | Command::Cancel(transfer_id)
        | Command::Remove(transfer_id)
        | Command::RemoveKeepingPartial(transfer_id)
        | Command::SetUrl { transfer_id, .. }
        | Command::SetRequestHeader { transfer_id, .. }
        | Command::RemoveRequestHeader { transfer_id, .. }
        | Command::SetCredentials { transfer_id, .. }
        | Command::SetCookies { transfer_id, .. }
        | Command::SetProxy { transfer_id, .. }
        | Command::SetRandomAccess { transfer_id, .. }
        | Command::MakeCurrent(transfer_id)
        | Command::SetTransferLimit { transfer_id, .. }
        | Command::SetPriority { transfer_id, .. }
        | Command::SetCostPolicy { transfer_id, .. } => Some(*transfer_id),
        Command::PutGroup { .. }
        | Command::RemoveGroup { .. }
        | Command::SetGroupWhenDone { .. }
        | Command::CreateCompletionGroup(_)
        | Command::AddToCompletionGroup { .. }
        | Command::EnableCompletionGroup(_)
        | Command::RemoveCompletionGroup(_)
        | Command::ChangeSettings(_)
        | Command::AddPrefetch { .. }
        | Command::RemovePrefetch(_)
        | Command::RefreshPrefetch(_)
        | Command::Shutdown => None,
    }
}

pub(super) fn check_scheme(url: &url::Url) -> Result<(), EngineError> {
    match crate::engine::protocol::Protocol::of(url) {
        Some(_) => Ok(()),
        None => Err(EngineError::UnsupportedScheme {
            scheme: url.scheme().to_owned(),
            url: url.clone(),
        }),
    }
}

/// Makes the names created in `folder` (published files) durable.
pub(super) fn remove_if_present(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "cannot delete the partial file")
        }
    }
}
