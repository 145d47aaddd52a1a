//! A real nginx (Debian nginx-light) on a free loopback port, taking PUT
//! uploads into a folder (`dav_methods PUT`); stopped when dropped.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Nginx {
    child: Child,
    pub port: u16,
    /// Where PUT files land (`/up/NAME` is `uploads/NAME`).
    pub uploads: PathBuf,
    _work: tempfile::TempDir,
}

impl Nginx {
    pub fn start() -> Self {
        let work = tempfile::tempdir().expect("dir");
        let uploads = work.path().join("www").join("up");
        let temp = work.path().join("temp");
        for folder in [&uploads, &temp] {
            std::fs::create_dir_all(folder).expect("mkdir");
            // nginx's workers may run as another user (nobody when root
            // starts it).
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o777))
                .expect("chmod");
        }
        std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let port = free_port();
        let config = work.path().join("nginx.conf");
        std::fs::write(
            &config,
            format!(
                "daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n\
                 events {{ worker_connections 64; }}\n\
                 http {{ access_log off; client_body_temp_path {temp}; client_max_body_size 0;\n\
                 server {{ listen 127.0.0.1:{port}; root {work}/www;\n\
                 location /up/ {{ dav_methods PUT; create_full_put_path on; dav_access user:rw all:r; }} }} }}\n",
                work = work.path().display(),
                temp = temp.display(),
            ),
        )
        .expect("config");
        let child = Command::new("nginx")
            .arg("-c")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx (Debian package nginx-light) must be installed");
        super::wait_until_listening(port, || {
            format!("nginx did not start: {}", log_of(work.path()))
        });
        Nginx {
            child,
            port,
            uploads,
            _work: work,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

fn log_of(work: &Path) -> String {
    std::fs::read_to_string(work.join("error.log")).unwrap_or_default()
}
