//! Integration tests: real servers on 127.0.0.1, the real engine, the real
//! `ferry` binary. One binary, one module per topic.

mod support;

mod browser;
mod cli;
mod completion;
mod conditions;
mod connections;
mod cookies;
mod crash;
mod downloader_api;
mod formats;
mod ftp;
mod groups;
mod handover;
mod hostile;
mod http_download;
mod limits;
mod multipart;
mod notifications;
mod packaging;
mod persistence;
mod prefetch;
mod proxies;
mod redirects;
mod resumable;
mod resume;
mod secrets;
mod segmented;
mod service;
mod stream;
mod tls;
mod tray;
mod ui;
mod upload;
