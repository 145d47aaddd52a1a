//! HTTP requests as downloads and uploads both send them: the user's
//! headers and credentials for the original origin only, redirects followed
//! by hand, failures put into words, retries with backoff, and the
//! per-host connection cap.

mod client;
pub mod cookies;
mod host_slots;
mod proxy;
pub mod redirect;
pub(crate) mod request;
pub mod retry;

pub(crate) use client::{Clients, HttpClient};
pub(crate) use host_slots::{HostShare, HostSlots};
pub(crate) use proxy::check_proxy_variables;

/// The error and its sources, joined: "error sending request: connection refused".
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut words = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !words.contains(&text) {
            words.push_str(": ");
            words.push_str(&text);
        }
        source = cause.source();
    }
    words
}
