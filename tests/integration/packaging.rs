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
