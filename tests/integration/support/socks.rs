//! A SOCKS5 proxy on 127.0.0.1 (RFC 1928, no authentication, CONNECT only)
//! that records where it was asked to connect.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

pub struct SocksProxy {
    pub address: SocketAddr,
    targets: Arc<Mutex<Vec<String>>>,
}

impl SocksProxy {
    pub fn start() -> SocksProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        let targets = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&targets);
        std::thread::Builder::new()
            .name("socks-proxy".to_owned())
            .spawn(move || {
                for client in listener.incoming().flatten() {
                    let recorded = Arc::clone(&recorded);
                    std::thread::Builder::new()
                        .name("socks-client".to_owned())
                        .spawn(move || {
                            let _ = serve(client, &recorded);
                        })
                        .expect("spawn");
                }
            })
            .expect("spawn");
        SocksProxy { address, targets }
    }

    /// `host:port` of every CONNECT asked for, in order.
    pub fn targets(&self) -> Vec<String> {
        self.targets.lock().expect("lock").clone()
    }
}

fn serve(mut client: TcpStream, targets: &Mutex<Vec<String>>) -> io::Result<()> {
    let mut greeting = [0_u8; 2];
    client.read_exact(&mut greeting)?;
    let mut methods = vec![0_u8; usize::from(greeting[1])];
    client.read_exact(&mut methods)?;
    if greeting[0] != 5 || !methods.contains(&0) {
        client.write_all(&[5, 0xff])?;
        return Ok(());
    }
    client.write_all(&[5, 0])?;
    let mut request = [0_u8; 4];
    client.read_exact(&mut request)?;
    let host = match request[3] {
        1 => {
            let mut octets = [0_u8; 4];
            client.read_exact(&mut octets)?;
            Ipv4Addr::from(octets).to_string()
        }
        4 => {
            let mut octets = [0_u8; 16];
            client.read_exact(&mut octets)?;
            Ipv6Addr::from(octets).to_string()
        }
        _ => {
            let mut length = [0_u8; 1];
            client.read_exact(&mut length)?;
            let mut name = vec![0_u8; usize::from(length[0])];
            client.read_exact(&mut name)?;
            String::from_utf8_lossy(&name).into_owned()
        }
    };
    let mut port = [0_u8; 2];
    client.read_exact(&mut port)?;
    let target = format!("{host}:{}", u16::from_be_bytes(port));
    targets.lock().expect("lock").push(target.clone());
    // Loopback only: the tests never leave the machine.
    let Ok(upstream) = TcpStream::connect(&target) else {
        client.write_all(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0])?;
        return Ok(());
    };
    client.write_all(&[5, 0, 0, 1, 0, 0, 0, 0, 0, 0])?;
    let (mut from_client, mut to_upstream) = (client.try_clone()?, upstream.try_clone()?);
    let (mut from_upstream, mut to_client) = (upstream, client);
    let forward = std::thread::Builder::new()
        .name("socks-forward".to_owned())
        .spawn(move || {
            let _ = io::copy(&mut from_client, &mut to_upstream);
            let _ = to_upstream.shutdown(Shutdown::Write);
        })?;
    let _ = io::copy(&mut from_upstream, &mut to_client);
    let _ = to_client.shutdown(Shutdown::Write);
    let _ = forward.join();
    Ok(())
}
