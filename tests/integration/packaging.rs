//! What `scripts/setup.sh` installs beside the binaries: the desktop entry
//! (links opened with ferry), the icon and the service's systemd user unit,
//! for the current user.

use std::path::Path;
use std::process::Command;

#[test]
fn the_desktop_entry_and_icon_are_installed_for_the_user() {
    let root = tempfile::tempdir().expect("dir");
    let data_home = root.path().join("share");
    let bin_dir = root.path().join("bin");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install-desktop-entry.sh");
    let output = Command::new("bash")
        .arg(&script)
        .arg(&bin_dir)
        .env("XDG_DATA_HOME", &data_home)
        .env("XDG_CONFIG_HOME", root.path().join("config"))
        .output()
        .expect("run the script");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let entry = std::fs::read_to_string(data_home.join("applications/ferry.desktop"))
        .expect("desktop entry");
    let exec = format!("Exec={}/ferry-window %u", bin_dir.display());
    assert!(entry.lines().any(|line| line == exec), "{entry}");
    assert!(entry.contains("MimeType=x-scheme-handler/http;x-scheme-handler/https;"));
    assert!(entry.lines().any(|line| line == "Icon=ferry"), "{entry}");
    let icon =
        std::fs::read(data_home.join("icons/hicolor/scalable/apps/ferry.svg")).expect("icon");
    let shipped =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/ferry.svg")).expect("svg");
    assert_eq!(icon, shipped);
    // The service's systemd user unit, with the same absolute path.
    let unit = std::fs::read_to_string(root.path().join("config/systemd/user/ferry.service"))
        .expect("unit");
    let exec_start = format!("ExecStart={}/ferry daemon", bin_dir.display());
    assert!(unit.lines().any(|line| line == exec_start), "{unit}");
}

/// The desktop entries and the AppStream metadata speak every language of
/// ferry, and the desktop's own checkers accept them.
#[test]
fn the_desktop_entry_and_metainfo_are_translated_and_valid() {
    let packaging = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging");
    for entry in ["ferry.desktop", "ferry-autostart.desktop"] {
        let path = packaging.join(entry);
        let text = std::fs::read_to_string(&path).expect("entry");
        for key in ["Name", "Comment"] {
            for language in ["fr", "ko"] {
                let line = format!("{key}[{language}]=");
                assert!(text.contains(&line), "{entry} has no {line}");
            }
        }
        let checked = Command::new("desktop-file-validate")
            .arg(&path)
            .output()
            .expect("desktop-file-validate (scripts/install-deps.sh installs it)");
        assert!(
            checked.status.success() && checked.stdout.is_empty(),
            "{entry}: {}",
            String::from_utf8_lossy(&checked.stdout)
        );
    }
    let metainfo = packaging.join("ferry.metainfo.xml");
    let text = std::fs::read_to_string(&metainfo).expect("metainfo");
    let paragraphs = |language: &str| {
        let opening = match language {
            "en" => "<p>".to_owned(),
            language => format!("<p xml:lang=\"{language}\">"),
        };
        text.matches(&opening).count()
    };
    for language in ["fr", "ko"] {
        for tag in ["name", "summary"] {
            let opening = format!("<{tag} xml:lang=\"{language}\">");
            assert!(text.contains(&opening), "metainfo has no {opening}");
        }
        assert_eq!(
            paragraphs(language),
            paragraphs("en"),
            "{language} paragraphs"
        );
    }
    let checked = Command::new("appstreamcli")
        .args(["validate", "--no-net"])
        .arg(&metainfo)
        .output()
        .expect("appstreamcli (scripts/install-deps.sh installs it)");
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

/// Software centres show the metainfo's screenshots from its home, which
/// serves the source tree: each image is a file of `assets/` there, of the
/// size the metainfo gives, in each language of ferry.
#[test]
fn the_metainfo_screenshots_are_the_assets_of_the_tree() {
    const HOME: &str = "https://raw.githubusercontent.com/ferry-dm/ferry/main/";
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("packaging/ferry.metainfo.xml")).expect("metainfo");
    let images: Vec<&str> = text
        .split("<image ")
        .skip(1)
        .map(|rest| rest.split("</image>").next().expect("closed image"))
        .collect();
    assert!(images.len() >= 3, "{} images", images.len());
    for language in ["", "xml:lang=\"fr\"", "xml:lang=\"ko\""] {
        let in_language = images
            .iter()
            .filter(|image| match language {
                "" => !image.contains("xml:lang"),
                language => image.contains(language),
            })
            .count();
        assert!(in_language >= 3, "{in_language} images for {language:?}");
    }
    for image in images {
        let (attributes, url) = image.split_once('>').expect("image tag");
        let path = url
            .strip_prefix(HOME)
            .unwrap_or_else(|| panic!("{url} is not under {HOME}"));
        let png = std::fs::read(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"));
        assert_eq!(&png[1..4], b"PNG", "{path}");
        let width = u32::from_be_bytes(png[16..20].try_into().expect("width"));
        let height = u32::from_be_bytes(png[20..24].try_into().expect("height"));
        let declared = format!("width=\"{width}\" height=\"{height}\"");
        assert!(
            attributes.contains(&declared),
            "{path} is {width}x{height}: {attributes}"
        );
    }
}

/// The .deb as `scripts/package.sh` builds it (from the tests' own
/// binaries): what it holds, lintian's verdict, and, installed with
/// `dpkg -i` into an empty root, the programs run as a user would
/// (`--version`, `man -w`, a real download from a loopback server).
#[test]
fn the_deb_holds_what_a_user_needs_and_its_ferry_downloads() {
    let root = tempfile::tempdir().expect("dir");
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binaries = Path::new(env!("CARGO_BIN_EXE_ferry"))
        .parent()
        .expect("folder")
        .to_owned();
    let built = Command::new("bash")
        .arg(repository.join("scripts/package.sh"))
        .arg("--binaries")
        .arg(&binaries)
        .arg("--output")
        .arg(root.path())
        .output()
        .expect("run package.sh");
    assert!(
        built.status.success(),
        "{}{}",
        String::from_utf8_lossy(&built.stdout),
        String::from_utf8_lossy(&built.stderr)
    );
    let deb = std::fs::read_dir(root.path())
        .expect("output")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "deb"))
        .expect("a .deb");

    let contents = Command::new("dpkg-deb")
        .arg("--contents")
        .arg(&deb)
        .output()
        .expect("dpkg-deb");
    let listing = String::from_utf8_lossy(&contents.stdout).into_owned();
    for expected in [
        "./usr/bin/ferry",
        "./usr/bin/ferry-window",
        "./usr/share/applications/ferry.desktop",
        "./usr/share/metainfo/io.github.ferry_dm.ferry.metainfo.xml",
        "./usr/share/icons/hicolor/scalable/apps/ferry.svg",
        "./usr/share/icons/hicolor/48x48/apps/ferry.png",
        "./usr/share/icons/hicolor/256x256/apps/ferry.png",
        "./usr/lib/systemd/user/ferry.service",
        "./etc/chromium/native-messaging-hosts/ferry.native_host.json",
        "./etc/opt/chrome/native-messaging-hosts/ferry.native_host.json",
        "./usr/lib/mozilla/native-messaging-hosts/ferry.native_host.json",
        "./usr/lib/ferry/native-host",
        "./usr/share/ferry/browser/manifest.json",
        "./usr/share/ferry/browser/_locales/ko/messages.json",
        "./usr/share/man/man1/ferry.1.gz",
        "./usr/share/man/man1/ferry-get.1.gz",
        "./usr/share/man/man1/ferry-window.1.gz",
        "./usr/share/bash-completion/completions/ferry",
        "./usr/share/zsh/vendor-completions/_ferry",
        "./usr/share/fish/vendor_completions.d/ferry.fish",
        "./usr/share/doc/ferry/copyright",
        "./usr/share/doc/ferry/changelog.Debian.gz",
    ] {
        assert!(
            listing.lines().any(|line| line.ends_with(expected)),
            "the package lacks {expected}:\n{listing}"
        );
    }
    let control = Command::new("dpkg-deb")
        .args(["--field"])
        .arg(&deb)
        .args(["Depends", "Recommends"])
        .output()
        .expect("dpkg-deb --field");
    let control = String::from_utf8_lossy(&control.stdout).into_owned();
    for expected in [
        "libc6",
        "libxkbcommon-x11-0",
        "gnome-keyring",
        "fonts-noto-cjk",
    ] {
        assert!(control.contains(expected), "{expected} not in:\n{control}");
    }
    let lintian = Command::new("lintian")
        .args(["--tag-display-limit", "0"])
        .arg(&deb)
        .output()
        .expect("lintian (scripts/install-deps.sh --package installs it)");
    let verdict = String::from_utf8_lossy(&lintian.stdout).into_owned();
    assert!(
        !verdict.lines().any(|line| line.starts_with("E:")),
        "lintian:\n{verdict}"
    );

    // Installed by dpkg into an empty root of its own (whose package list
    // lacks the libraries Depends names, hence --force-depends), the
    // programs run from there.
    let installed = root.path().join("root");
    let database = installed.join("var/lib/dpkg");
    std::fs::create_dir_all(database.join("info")).expect("dpkg folders");
    std::fs::create_dir_all(database.join("updates")).expect("dpkg folders");
    std::fs::write(database.join("status"), "").expect("dpkg status");
    let dpkg = Command::new("dpkg")
        .arg(format!("--root={}", installed.display()))
        .args(["--force-depends", "--force-script-chrootless", "-i"])
        .arg(&deb)
        .output()
        .expect("dpkg -i");
    assert!(
        dpkg.status.success(),
        "{}",
        String::from_utf8_lossy(&dpkg.stderr)
    );
    let status = Command::new("dpkg")
        .arg(format!("--root={}", installed.display()))
        .args(["-s", "ferry"])
        .output()
        .expect("dpkg -s");
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("Status: install ok installed"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
    let ferry = installed.join("usr/bin/ferry");
    let version = Command::new(&ferry)
        .arg("--version")
        .output()
        .expect("ferry --version");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("ferry {}", env!("CARGO_PKG_VERSION"))
    );
    let man = Command::new("man")
        .args(["-w", "ferry"])
        .env("MANPATH", installed.join("usr/share/man"))
        .output()
        .expect("man");
    assert!(
        String::from_utf8_lossy(&man.stdout).contains("man1/ferry.1.gz"),
        "{}{}",
        String::from_utf8_lossy(&man.stdout),
        String::from_utf8_lossy(&man.stderr)
    );
    let server = crate::support::server::TestServer::start(|request, _| {
        crate::support::server::serve_bytes(request, b"from the installed ferry", None)
    });
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let got = Command::new(&ferry)
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args(["get", "-q", server.url("/packaged.txt").as_str(), "-d"])
        .arg(&downloads)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("ferry get");
    assert_eq!(
        got.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    assert_eq!(
        std::fs::read(downloads.join("packaged.txt")).expect("downloaded"),
        b"from the installed ferry"
    );
}
