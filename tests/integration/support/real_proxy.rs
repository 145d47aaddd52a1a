//! Real proxies for tests, from Debian's packages, in the foreground on a
//! free loopback port and stopped when dropped: `tinyproxy` (HTTP, with a
//! login when asked) and `microsocks` (SOCKS5 with a user and password).

use std::process::{Child, Command, Stdio};

/// A proxy process on `address`.
pub struct RealProxy {
    /// `127.0.0.1:PORT`.
    pub address: String,
    child: Child,
    _folder: tempfile::TempDir,
}

pub type Tinyproxy = RealProxy;
pub type Microsocks = RealProxy;

impl RealProxy {
    /// tinyproxy, answering 407 unless given `user` and `password`. It
    /// adds `Via: 1.1 tinyproxy …` to what it carries.
    pub fn start_with_login(user: &str, password: &str) -> Self {
        let folder = tempfile::tempdir().expect("dir");
        let port = free_port();
        let config = folder.path().join("tinyproxy.conf");
        std::fs::write(
            &config,
            format!(
                "Port {port}\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\n\
                 BasicAuth {user} {password}\nConnectPort 0\nLogLevel Critical\n\
                 PidFile \"{}\"\n",
                folder.path().join("pid").display()
            ),
        )
        .expect("config");
        let mut command = Command::new("tinyproxy");
        command.arg("-d").arg("-c").arg(&config);
        RealProxy::run(
            command,
            port,
            folder,
            "tinyproxy (Debian package tinyproxy)",
        )
    }

    /// microsocks, carrying only for `user` and `password`.
    pub fn start_socks_with_login(user: &str, password: &str) -> Self {
        let folder = tempfile::tempdir().expect("dir");
        let port = free_port();
        let mut command = Command::new("microsocks");
        command
            .args(["-i", "127.0.0.1", "-p", &port.to_string()])
            .args(["-u", user, "-P", password]);
        RealProxy::run(
            command,
            port,
            folder,
            "microsocks (Debian package microsocks)",
        )
    }

    fn run(mut command: Command, port: u16, folder: tempfile::TempDir, what: &str) -> Self {
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("{what} must be installed: {error}"));
        let address = format!("127.0.0.1:{port}");
        super::wait_until_listening(port, || format!("{what} did not come up"));
        RealProxy {
            address,
            child,
            _folder: folder,
        }
    }
}

/// How many of `requests` came through tinyproxy (it adds its `Via`).
pub fn through_tinyproxy(requests: &[crate::support::server::RecordedRequest]) -> usize {
    requests
        .iter()
        .filter(|request| {
            request
                .header("via")
                .is_some_and(|via| via.contains("tinyproxy"))
        })
        .count()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

impl Drop for RealProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
