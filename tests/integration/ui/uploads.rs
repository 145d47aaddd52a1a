//! Uploads from the window: picked files, dropped files, forms.

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;

/// Small files of these names in `folder`.
fn files_in(folder: &std::path::Path, names: &[&str]) -> Vec<std::path::PathBuf> {
    names
        .iter()
        .map(|name| {
            let path = folder.join(name);
            std::fs::write(&path, b"bytes").expect("write");
            path
        })
        .collect()
}

/// A file dialog stand-in that answers with these files at once.
struct PickedFiles(Vec<std::path::PathBuf>);

impl ferry::desktop::FilePicker for PickedFiles {
    fn save_file(&self, _folder: &std::path::Path, _name: &str) -> ferry::desktop::PendingPick {
        ferry::desktop::PendingPick::unavailable()
    }

    fn pick_folder(&self, _folder: &std::path::Path) -> ferry::desktop::PendingPick {
        ferry::desktop::PendingPick::unavailable()
    }

    fn pick_files(&self, _folder: &std::path::Path) -> ferry::desktop::PendingPick {
        ferry::desktop::PendingPick::ready(Some(self.0.clone()))
    }
}

/// "Add upload…": the files come from the desktop's dialog (a stand-in),
/// a multipart form is chosen with a field, and one Add of the whole form
/// goes to the engine (issue 31).
#[test]
fn add_upload_sends_the_picked_files_as_one_form() {
    let folder = tempfile::tempdir().expect("dir");
    let files = files_in(folder.path(), &["a.jpg", "b.jpg"]);
    let desktop = DesktopServices {
        file_picker: Box::new(PickedFiles(files.clone())),
        ..DesktopServices::inert()
    };
    let (mut harness, mut fake) = window_on(desktop, |_| {});
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Add upload…")
        .click();
    harness.run();
    harness.get_by_label("Choose files…").click();
    harness.run();
    harness.run();
    replace_text(&mut harness, "URL", "http://127.0.0.1:9/album");
    harness
        .get_by_label("Multipart form (one POST with every file)")
        .click();
    harness.run();
    replace_text(&mut harness, "Fields", "album=Summer");
    replace_text(&mut harness, "Group", "Photos");
    harness
        .get_by_role_and_label(Role::Button, "Upload")
        .click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::Add { spec, start: true }] = commands.as_slice() else {
        panic!("expected one Add, got {commands:?}");
    };
    let upload = spec.upload_source().expect("an upload");
    assert_eq!(upload.method, UploadMethod::Multipart);
    assert_eq!(
        upload.parts,
        [
            ContentPart::text("album", "Summer"),
            ContentPart::file("file", files[0].clone()),
            ContentPart::file("file", files[1].clone()),
        ]
    );
    assert_eq!(spec.url.as_str(), "http://127.0.0.1:9/album");
    assert_eq!(spec.group.as_deref(), Some("Photos"));
}

/// A file's path typed or pasted into the upload dialog is added (the way
/// in where no file dialog can be shown, and a quick one anywhere); a path
/// that is not a file is said (issue 42, item 4).
#[test]
fn a_typed_path_adds_the_file_to_upload() {
    let folder = tempfile::tempdir().expect("dir");
    let files = files_in(folder.path(), &["typed.bin"]);
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Add upload…")
        .click();
    harness.run();
    let missing = folder.path().join("missing.bin");
    replace_text(&mut harness, "Path", missing.to_str().expect("utf-8"));
    harness
        .get_by_role_and_label(Role::Button, "Add file")
        .click();
    harness.run();
    assert!(
        harness
            .query_by_label(&format!("Not a file: {}", missing.display()))
            .is_some()
    );
    replace_text(&mut harness, "Path", files[0].to_str().expect("utf-8"));
    harness
        .get_by_role_and_label(Role::Button, "Add file")
        .click();
    harness.run();
    replace_text(&mut harness, "URL", "http://127.0.0.1:9/in/");
    harness
        .get_by_role_and_label(Role::Button, "Upload")
        .click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::Add { spec, .. }] = commands.as_slice() else {
        panic!("expected one Add, got {commands:?}");
    };
    assert_eq!(spec.upload_source().expect("an upload").file, files[0]);
}

/// A file dropped on the window, as the windowing layer hands it over.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|error| error.to_string())
    }
}

/// Files dropped on the window open the upload dialog with them; a PUT of
/// several files to a folder URL gives one upload each.
#[test]
fn dropped_files_open_the_upload_dialog() {
    let folder = tempfile::tempdir().expect("dir");
    let files = files_in(folder.path(), &["one.pdf", "two.pdf"]);
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    for file in &files {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(DroppedPath(file.clone())));
    }
    harness.run();
    harness.get_by_label("Files (2)");
    replace_text(&mut harness, "URL", "http://127.0.0.1:9/docs/");
    harness
        .get_by_role_and_label(Role::Button, "Upload")
        .click();
    harness.run();
    let urls: Vec<String> = fake
        .take_commands()
        .into_iter()
        .map(|command| match command {
            Command::Add { spec, .. } => {
                assert_eq!(
                    spec.upload_source().expect("upload").method,
                    UploadMethod::Put
                );
                spec.url.to_string()
            }
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        urls,
        [
            "http://127.0.0.1:9/docs/one.pdf",
            "http://127.0.0.1:9/docs/two.pdf"
        ]
    );
}
