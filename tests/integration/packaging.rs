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
