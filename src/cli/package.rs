//! What a package carries besides the binaries, made from ferry itself so
//! it never drifts from the code: `ferry completions SHELL` for a user, and
//! the hidden `ferry package-files DIR` for `scripts/package.sh` (man pages,
//! one per subcommand; completions for bash, zsh and fish; the browser's
//! native messaging manifests for the system-wide folders, the host script
//! they name, and the extension).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, exit};
use crate::desktop::browser::manifests::{Browser, Family, HOST_NAME};

/// Where the packaged `ferry` is installed; the host script calls it.
const INSTALLED_FERRY: &str = "/usr/bin/ferry";
/// Where the package puts the host script the manifests name.
const INSTALLED_HOST: &str = "/usr/lib/ferry/native-host";

/// `ferry completions SHELL`: the completion script on stdout.
pub fn completions(shell: Shell) -> anyhow::Result<u8> {
    // Made whole first: clap_complete panics on a write error, and a
    // reader that stops early (`| head`) is not one.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ferry", &mut script);
    let written = std::io::Write::write_all(&mut std::io::stdout().lock(), &script);
    match written {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(error).context("cannot write the completion script")
        }
        _ => Ok(exit::SUCCESS),
    }
}

/// `ferry package-files DIR`: every generated file of the package, under
/// DIR as the package lays them out below `/`.
pub fn write_all(out: &Path) -> anyhow::Result<u8> {
    write_man_pages(&out.join("usr/share/man/man1"))?;
    write_completions(out)?;
    write_browser_files(out)?;
    Ok(exit::SUCCESS)
}

/// Makes the folders `path` goes in.
fn make_parent(path: &Path) -> anyhow::Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot make {}", parent.display())),
        None => Ok(()),
    }
}

fn create(path: &Path) -> anyhow::Result<std::fs::File> {
    make_parent(path)?;
    std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))
}

/// ferry(1), and ferry-get(1) and the like for each subcommand (theirs
/// too: ferry-group-add(1)).
fn write_man_pages(folder: &Path) -> anyhow::Result<()> {
    fn write(folder: &Path, command: clap::Command, name: &str) -> anyhow::Result<()> {
        let command = command.name(name.to_owned());
        let mut file = create(&folder.join(format!("{name}.1")))?;
        clap_mangen::Man::new(command.clone())
            .render(&mut file)
            .with_context(|| format!("cannot write the man page of {name}"))?;
        let documented = command
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help");
        for sub in documented {
            write(folder, sub.clone(), &format!("{name}-{}", sub.get_name()))?;
        }
        Ok(())
    }
    let mut command = Cli::command();
    command.build();
    write(folder, command, "ferry")?;
    write(folder, super::WindowArgs::command(), "ferry-window")
}

fn write_completions(out: &Path) -> anyhow::Result<()> {
    let places: [(Shell, PathBuf); 3] = [
        (
            Shell::Bash,
            out.join("usr/share/bash-completion/completions/ferry"),
        ),
        (
            Shell::Zsh,
            out.join("usr/share/zsh/vendor-completions/_ferry"),
        ),
        (
            Shell::Fish,
            out.join("usr/share/fish/vendor_completions.d/ferry.fish"),
        ),
    ];
    for (shell, path) in places {
        let mut file = create(&path)?;
        clap_complete::generate(shell, &mut Cli::command(), "ferry", &mut file);
    }
    Ok(())
}

/// The host script, the manifests in every browser family's system-wide
/// folder, and the extension to load in the browser.
fn write_browser_files(out: &Path) -> anyhow::Result<()> {
    let host = out.join(INSTALLED_HOST.trim_start_matches('/'));
    make_parent(&host)?;
    super::browser::write_host_script(&host, Path::new(INSTALLED_FERRY), None)?;
    let folders = [
        (Family::Chromium, "etc/chromium/native-messaging-hosts"),
        (Family::Chromium, "etc/opt/chrome/native-messaging-hosts"),
        (Family::Firefox, "usr/lib/mozilla/native-messaging-hosts"),
    ];
    for (family, folder) in folders {
        let browser = Browser {
            name: "system-wide",
            family,
            profile: PathBuf::new(),
        };
        let manifest = browser.manifest(Path::new(INSTALLED_HOST));
        let path = out.join(folder).join(format!("{HOST_NAME}.json"));
        let text = serde_json::to_string_pretty(&manifest)? + "\n";
        std::io::Write::write_all(&mut create(&path)?, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    super::browser::write_extension(&out.join("usr/share/ferry/browser"))
}
