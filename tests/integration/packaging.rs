//! What `scripts/setup.sh` installs beside the binaries: the desktop entry
//! (links opened with ferry) and the icon, for the current user.

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
}
