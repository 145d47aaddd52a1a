//! Settings › Network (the proxy and its login) and trusting a refused
//! certificate, from the window.

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;
use ferry::model::{ManualProxy, ProxyChoice, TransferError};

/// "This proxy" with an address, its exceptions and a login: the login
/// goes apart from the proxy (the engine keeps it in the keyring), and an
/// address ferry cannot use keeps Save off.
#[test]
fn settings_set_a_manual_proxy_with_its_login_apart() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness.get_by_label("Settings…").click();
    harness.run();
    harness.get_by_label("This proxy").click();
    harness.run();
    replace_text(&mut harness, "Address", "gopher://127.0.0.1:70");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Save")
            .accesskit_node()
            .is_disabled()
    );
    replace_text(&mut harness, "Address", "socks5h://127.0.0.1:1080");
    replace_text(&mut harness, "Not for", "lan, localhost");
    replace_text(&mut harness, "User", "bo");
    replace_text(&mut harness, "Password", "S0cks");
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::ChangeSettings(changes)] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    let (proxy, _) =
        ManualProxy::parse("socks5h://127.0.0.1:1080", "lan,localhost").expect("proxy");
    assert_eq!(
        *changes,
        vec![
            SettingChange::Proxy(ProxyChoice::Manual(proxy)),
            SettingChange::ProxyCredentials(Some(Credentials {
                user_name: "bo".to_owned(),
                password: "S0cks".to_owned(),
            })),
        ]
    );
}

/// A transfer refused for a certificate nobody vouches for shows its
/// fingerprint and "Trust this certificate for HOST": clicked, the
/// certificate is pinned for that host and the transfer tried again.
#[test]
fn a_refused_certificate_can_be_trusted_from_the_details() {
    let fingerprint = "AB:".repeat(31) + "CD";
    let mut refused = transfer("router.cfg", None, Status::Error);
    refused.error = Some(TransferError::UntrustedCertificate {
        host: "127.0.0.1".to_owned(),
        port: 8443,
        cause: "invalid peer certificate: UnknownIssuer".to_owned(),
        fingerprint: Some(fingerprint.clone()),
    });
    let transfer_id = refused.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(refused));
    harness.run();
    harness.get_by_label("router.cfg").click();
    harness.run();
    assert!(
        harness
            .query_by_label(&format!("SHA-256 {fingerprint}"))
            .is_some()
    );
    harness
        .get_by_label("Trust this certificate for 127.0.0.1")
        .click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![
            Command::ChangeSettings(vec![SettingChange::PinCertificate {
                host: "127.0.0.1".to_owned(),
                fingerprint,
            }]),
            Command::Resume(transfer_id),
        ]
    );
}

/// A download the browser handed over waits in the add dialog with its
/// name; Add sends it with the browser's referrer, user agent and cookies.
#[test]
fn a_download_from_the_browser_waits_in_the_add_dialog_with_its_cookies() {
    use ferry::model::{BrowserDownload, GivenCookie};
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    let cookie = GivenCookie {
        domain: "127.0.0.1".to_owned(),
        include_subdomains: false,
        path: "/".to_owned(),
        secure: false,
        expires_unix_secs: None,
        name: "sid".to_owned(),
        value: "S3SSION".to_owned(),
    };
    let download = BrowserDownload {
        url: url::Url::parse("http://127.0.0.1:9/get?id=7").expect("url"),
        referrer: Some(url::Url::parse("http://127.0.0.1:9/page").expect("url")),
        user_agent: Some("Mozilla/5.0 Chrome/156".to_owned()),
        file_name: Some("report.pdf".to_owned()),
        size: Some(2048),
        cookies: vec![cookie.clone()],
        is_private: false,
    };
    harness
        .state_mut()
        .take_window_request(&ferry::service::WindowRequest::AddFromBrowser(Box::new(
            download,
        )));
    harness.run();
    assert!(
        harness
            .query_by_label("the browser, 2.00 KiB, with its cookie and the page as referrer")
            .is_some()
    );
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::Add { spec, start: true }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(spec.url.as_str(), "http://127.0.0.1:9/get?id=7");
    assert!(spec.destination.folder().is_dir());
    assert!(
        matches!(&spec.destination, ferry::model::Destination::File(path) if path.ends_with("report.pdf"))
    );
    assert_eq!(spec.cookies, vec![cookie]);
    let header = |name: &str| {
        spec.request_headers
            .iter()
            .find(|header| header.name == name)
            .map(|header| header.value.clone())
    };
    assert_eq!(
        header("Referer").as_deref(),
        Some("http://127.0.0.1:9/page")
    );
    assert_eq!(
        header("User-Agent").as_deref(),
        Some("Mozilla/5.0 Chrome/156")
    );
}

/// A page's links wait in "Download links", none picked; typing file
/// types picks the links of those types, and Download adds each into the
/// download folder with the page as referrer.
#[test]
fn links_from_a_page_are_picked_by_type_and_downloaded() {
    use ferry::model::BrowserLinks;
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    let url = |text: &str| url::Url::parse(text).expect("url");
    let links = BrowserLinks {
        links: vec![
            url("http://127.0.0.1:9/a.ZIP"),
            url("http://127.0.0.1:9/page.html"),
            url("http://127.0.0.1:9/b.zip?mirror=2"),
        ],
        referrer: Some(url("http://127.0.0.1:9/list")),
        user_agent: None,
        cookies: Vec::new(),
        is_private: false,
    };
    harness
        .state_mut()
        .take_window_request(&ferry::service::WindowRequest::PickLinks(Box::new(links)));
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Download 0")
            .accesskit_node()
            .is_disabled()
    );
    replace_text(&mut harness, "Pick by type", "zip");
    harness
        .get_by_role_and_label(Role::Button, "Download 2")
        .click();
    harness.run();
    let commands = fake.take_commands();
    let urls: Vec<String> = commands
        .iter()
        .map(|command| match command {
            Command::Add { spec, start: true } => {
                assert!(
                    spec.request_headers
                        .iter()
                        .any(|header| header.name == "Referer"
                            && header.value == "http://127.0.0.1:9/list")
                );
                spec.url.to_string()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        urls,
        vec![
            "http://127.0.0.1:9/a.ZIP".to_owned(),
            "http://127.0.0.1:9/b.zip?mirror=2".to_owned()
        ]
    );
}

/// "Open while downloading" in a running download's menu turns random
/// access on (what the player asks for comes first) and opens the
/// service's stream; a window without a service says it has none.
#[test]
fn open_while_downloading_turns_random_access_on() {
    let running = transfer("film.mkv", None, Status::Running);
    let transfer_id = running.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(running));
    harness.run();
    harness.get_by_label("film.mkv").click_secondary();
    harness.run();
    harness.get_by_label("Open while downloading").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::SetRandomAccess {
            transfer_id,
            random_access: true
        }]
    );
    assert!(
        harness
            .query_by_label_contains("serves no streams")
            .is_some()
    );
}

/// An ftp:// URL in the add dialog offers "Over TLS", which the transfer
/// then requires (as `--ftp-ssl`); other URLs do not show it.
#[test]
fn the_add_dialog_offers_tls_for_an_ftp_url() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness.get_by_label("Add download…").click();
    harness.run();
    replace_text(&mut harness, "URL", "https://127.0.0.1:9/a.iso");
    assert!(harness.query_by_label("Over TLS (AUTH TLS)").is_none());
    replace_text(&mut harness, "URL", "ftp://127.0.0.1:21/pub/a.iso");
    harness.get_by_label("Over TLS (AUTH TLS)").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::Add { spec, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(spec.url.scheme(), "ftp");
    assert!(spec.ftp_tls);
}
