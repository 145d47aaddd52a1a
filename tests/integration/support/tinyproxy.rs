//! A real HTTP proxy for tests: Debian's `tinyproxy`, in the foreground on
//! a free loopback port, with a login when asked; stopped when dropped.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Tinyproxy {
    /// `127.0.0.1:PORT`.
    pub address: String,
    child: Child,
    _folder: tempfile::TempDir,
}

impl Tinyproxy {
    /// A proxy that answers 407 unless given `user` and `password`.
    pub fn start_with_login(user: &str, password: &str) -> Self {
        let folder = tempfile::tempdir().expect("dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
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
        let child = Command::new("tinyproxy")
            .arg("-d")
            .arg("-c")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tinyproxy (Debian package tinyproxy) must be installed");
        let address = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(&address).is_err() {
            assert!(Instant::now() < deadline, "tinyproxy did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
        Tinyproxy {
            address,
            child,
            _folder: folder,
        }
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
