//! `--netrc`: credentials from `~/.netrc` (or `$NETRC`), curl's and wget's
//! convention: `machine HOST login NAME password SECRET`, a `default`
//! entry for any other host, `account` ignored and `macdef` bodies
//! skipped up to the next blank line.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::model::Credentials;

/// The entries of one netrc file, in order.
#[derive(Debug, Default)]
pub struct Netrc {
    machines: Vec<(Option<String>, Credentials)>,
}

impl Netrc {
    /// The user's netrc: `$NETRC`, else `~/.netrc`.
    pub fn load_for_user() -> anyhow::Result<Netrc> {
        let path = match std::env::var_os("NETRC") {
            Some(path) => PathBuf::from(path),
            None => std::env::home_dir()
                .context("--netrc: HOME is not set")?
                .join(".netrc"),
        };
        Netrc::load(&path)
    }

    pub fn load(path: &Path) -> anyhow::Result<Netrc> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--netrc: cannot read {}", path.display()))?;
        Ok(Netrc::parse(&text))
    }

    pub fn parse(text: &str) -> Netrc {
        let mut netrc = Netrc::default();
        // The machine being read (None: `default`) and what it gave so far.
        let mut current: Option<(Option<String>, Option<String>, Option<String>)> = None;
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let mut tokens = line.split_whitespace();
            while let Some(token) = tokens.next() {
                match token {
                    "machine" | "default" => {
                        netrc.finish(current.take());
                        let host = (token == "machine")
                            .then(|| tokens.next().map(str::to_ascii_lowercase))
                            .flatten();
                        current = Some((host, None, None));
                    }
                    "login" => {
                        if let Some((_, login, _)) = &mut current {
                            *login = tokens.next().map(str::to_owned);
                        }
                    }
                    "password" => {
                        if let Some((_, _, password)) = &mut current {
                            *password = tokens.next().map(str::to_owned);
                        }
                    }
                    "account" => {
                        tokens.next();
                    }
                    "macdef" => {
                        // A macro's body runs to the next empty line.
                        for body in lines.by_ref() {
                            if body.trim().is_empty() {
                                break;
                            }
                        }
                        break;
                    }
                    _ => {}
                }
            }
        }
        netrc.finish(current);
        netrc
    }

    fn finish(&mut self, entry: Option<(Option<String>, Option<String>, Option<String>)>) {
        if let Some((host, Some(user_name), password)) = entry {
            self.machines.push((
                host,
                Credentials {
                    user_name,
                    password: password.unwrap_or_default(),
                },
            ));
        }
    }

    /// The credentials for `host`: its own entry, else `default`.
    pub fn credentials_for(&self, host: &str) -> Option<Credentials> {
        let host = host.to_ascii_lowercase();
        self.machines
            .iter()
            .find(|(machine, _)| machine.as_deref() == Some(host.as_str()))
            .or_else(|| self.machines.iter().find(|(machine, _)| machine.is_none()))
            .map(|(_, credentials)| credentials.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machines_default_and_macros_read_as_curl_reads_them() {
        let netrc = Netrc::parse(
            "machine files.example login ana password s3cret\n\
             macdef init\ncd /pub\nmachine evil login x password y\n\n\
             machine Other.Example\n  login bob\n  account acct\n  password two words\n\
             default login anonymous password me@home\n",
        );
        let ana = netrc.credentials_for("FILES.example").expect("ana");
        assert_eq!(
            (ana.user_name.as_str(), ana.password.as_str()),
            ("ana", "s3cret")
        );
        let bob = netrc.credentials_for("other.example").expect("bob");
        assert_eq!(
            (bob.user_name.as_str(), bob.password.as_str()),
            ("bob", "two")
        );
        // A macro's body is not read as entries.
        let evil = netrc.credentials_for("evil").expect("default");
        assert_eq!(evil.user_name, "anonymous");
        assert!(
            Netrc::parse("machine a password only")
                .credentials_for("a")
                .is_none()
        );
    }
}
