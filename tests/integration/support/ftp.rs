//! A real FTP server for tests: pyftpdlib (Debian python3-pyftpdlib, run
//! with Debian's /usr/bin/python3) on a free loopback port, serving a
//! folder to anonymous users and another to `ana` (password `pw`),
//! optionally throttled; every command it gets is recorded. Stopped when
//! dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct FtpServer {
    pub port: u16,
    /// What anonymous users read.
    pub public: PathBuf,
    /// What only `ana` reads.
    pub private: PathBuf,
    commands: PathBuf,
    child: Child,
    _folder: tempfile::TempDir,
    _tls_files: Option<tempfile::TempDir>,
}

const SERVER: &str = r#"
import sys
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, ThrottledDTPHandler
from pyftpdlib.servers import ThreadedFTPServer

port, public, private, commands = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
rate, per_ip, epsv = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7] == "1"
certfile, keyfile = sys.argv[8], sys.argv[9]
log = open(commands, "a", buffering=1)
authorizer = DummyAuthorizer()
authorizer.add_anonymous(public)
authorizer.add_user("ana", "pw", private, perm="elr")

Base = FTPHandler
if certfile:
    from pyftpdlib.handlers import TLS_FTPHandler
    Base = TLS_FTPHandler
    Base.certfile = certfile
    Base.keyfile = keyfile
    Base.tls_control_required = True
    Base.tls_data_required = True

class Recording(Base):
    def pre_process_command(self, line, cmd, arg):
        log.write(line + "\n")
        return super().pre_process_command(line, cmd, arg)

Recording.authorizer = authorizer
if not epsv:
    Recording.proto_cmds = {name: info for name, info in Base.proto_cmds.items() if name != "EPSV"}
if rate > 0:
    class Slow(ThrottledDTPHandler):
        write_limit = rate
    Recording.dtp_handler = Slow
server = ThreadedFTPServer(("127.0.0.1", int(port)), Recording)
server.max_cons = 64
if per_ip > 0:
    server.max_cons_per_ip = per_ip
server.serve_forever()
"#;

impl FtpServer {
    pub fn start() -> Self {
        Self::start_throttled(0)
    }

    /// Data sent at most `bytes_per_second` per connection (0: no limit).
    pub fn start_throttled(bytes_per_second: u64) -> Self {
        Self::start_with(bytes_per_second, 0, true)
    }

    /// Throttled, at most `connections_per_ip` connections from one
    /// address (0: no limit; more get 421), and EPSV known or not.
    pub fn start_with(bytes_per_second: u64, connections_per_ip: u32, knows_epsv: bool) -> Self {
        Self::start_full(bytes_per_second, connections_per_ip, knows_epsv, None)
    }

    /// A server that requires explicit TLS (AUTH TLS) on the control and
    /// data connections, with a certificate for 127.0.0.1 made now; its
    /// PEM, to trust it.
    pub fn start_tls() -> (Self, String) {
        let key = rcgen::KeyPair::generate().expect("key");
        let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
        let certificate = params.self_signed(&key).expect("certificate");
        let folder = tempfile::tempdir().expect("dir");
        let certificate_path = folder.path().join("cert.pem");
        let key_path = folder.path().join("key.pem");
        std::fs::write(&certificate_path, certificate.pem()).expect("cert");
        std::fs::write(&key_path, key.serialize_pem()).expect("key");
        let mut server = Self::start_full(0, 0, true, Some((&certificate_path, &key_path)));
        server._tls_files = Some(folder);
        (server, certificate.pem())
    }

    fn start_full(
        bytes_per_second: u64,
        connections_per_ip: u32,
        knows_epsv: bool,
        tls: Option<(&Path, &Path)>,
    ) -> Self {
        let folder = tempfile::tempdir().expect("dir");
        let public = folder.path().join("public");
        let private = folder.path().join("private");
        std::fs::create_dir_all(&public).expect("public");
        std::fs::create_dir_all(&private).expect("private");
        let commands = folder.path().join("commands.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("/usr/bin/python3")
            .arg("-c")
            .arg(SERVER)
            .arg(port.to_string())
            .arg(&public)
            .arg(&private)
            .arg(&commands)
            .arg(bytes_per_second.to_string())
            .arg(connections_per_ip.to_string())
            .arg(if knows_epsv { "1" } else { "0" })
            .arg(tls.map_or(Path::new(""), |(certificate, _)| certificate))
            .arg(tls.map_or(Path::new(""), |(_, key)| key))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Debian's python3 with python3-pyftpdlib must be installed");
        super::wait_until_listening(port, || "pyftpdlib did not come up".to_owned());
        FtpServer {
            port,
            public,
            private,
            commands,
            child,
            _folder: folder,
            _tls_files: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("ftp://127.0.0.1:{}{path}", self.port)
    }

    /// Puts `bytes` at `name` in `folder` (public or private).
    pub fn put(&self, folder: &Path, name: &str, bytes: &[u8]) {
        std::fs::write(folder.join(name), bytes).expect("write a served file");
    }

    /// Every command the server got, in order (passwords included: these
    /// are test logins).
    pub fn commands(&self) -> Vec<String> {
        std::fs::read_to_string(&self.commands)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for FtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// vsftpd (Debian vsftpd) serving `public` anonymously over implicit TLS
/// (`ftps://`, TLS from the first byte, data connections encrypted too)
/// with a certificate for 127.0.0.1 made now. Stopped when dropped.
pub struct ImplicitFtps {
    pub port: u16,
    pub public: PathBuf,
    /// The server's certificate (PEM), to trust it.
    pub certificate: String,
    child: Child,
    _folder: tempfile::TempDir,
}

impl ImplicitFtps {
    pub fn start() -> Self {
        let folder = tempfile::tempdir().expect("dir");
        let public = folder.path().join("public");
        std::fs::create_dir(&public).expect("public");
        // vsftpd's anonymous user (ftp) reads it.
        for path in [folder.path(), public.as_path()] {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
        let key = rcgen::KeyPair::generate().expect("key");
        let params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
        let certificate = params.self_signed(&key).expect("certificate");
        let certificate_path = folder.path().join("cert.pem");
        let key_path = folder.path().join("key.pem");
        std::fs::write(&certificate_path, certificate.pem()).expect("cert");
        std::fs::write(&key_path, key.serialize_pem()).expect("key");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let config = folder.path().join("vsftpd.conf");
        std::fs::write(
            &config,
            format!(
                "listen=YES\nlisten_address=127.0.0.1\nlisten_port={port}\nbackground=NO\n\
                 anonymous_enable=YES\nanon_root={public}\nno_anon_password=YES\n\
                 local_enable=NO\nwrite_enable=NO\npasv_enable=YES\nssl_enable=YES\n\
                 implicit_ssl=YES\nallow_anon_ssl=YES\nforce_anon_data_ssl=YES\n\
                 force_anon_logins_ssl=YES\nrsa_cert_file={certificate}\n\
                 rsa_private_key_file={key}\nrequire_ssl_reuse=NO\nseccomp_sandbox=NO\n\
                 secure_chroot_dir=/var/run/vsftpd/empty\n",
                public = public.display(),
                certificate = certificate_path.display(),
                key = key_path.display(),
            ),
        )
        .expect("config");
        std::fs::create_dir_all("/var/run/vsftpd/empty").expect("vsftpd's empty folder");
        let child = Command::new("vsftpd")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("vsftpd (Debian package vsftpd) must be installed");
        super::wait_until_listening(port, || "vsftpd did not come up".to_owned());
        ImplicitFtps {
            port,
            public,
            certificate: certificate.pem(),
            child,
            _folder: folder,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("ftps://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for ImplicitFtps {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
