//! Checks of what the user typed, done before anything is created: a bad URL,
//! scheme, folder or header is one clear error and changes nothing.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use url::Url;

use crate::model::{Credentials, Destination, HeaderPair};

/// A URL ferry can download, or why not.
pub fn parse_download_url(text: &str) -> anyhow::Result<Url> {
    Ok(crate::engine::input::parse_download_url(text)?)
}

/// The file `ferry put` sends, as an absolute path: it must be a file
/// ferry can read.
pub fn upload_file(path: &Path) -> anyhow::Result<PathBuf> {
    let path =
        std::path::absolute(path).with_context(|| format!("invalid file {}", path.display()))?;
    crate::engine::input::check_path(&path)?;
    let metadata =
        std::fs::metadata(&path).with_context(|| format!("cannot read {}", path.display()))?;
    if !metadata.is_file() {
        bail!("{} is not a file; ferry put sends one file", path.display());
    }
    std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(path)
}

/// URLs from the arguments and from `-i LIST` (one per line; blank lines and
/// lines starting with # are skipped). A bad URL in the list is named with
/// its line: "urls.txt line 7: ...".
pub fn collect_urls(arguments: &[String], input_file: Option<&str>) -> anyhow::Result<Vec<Url>> {
    let mut urls = arguments
        .iter()
        .map(|text| parse_download_url(text))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(list) = input_file {
        let (lines, list_name): (Vec<String>, &str) = if list == "-" {
            let lines = std::io::stdin()
                .lock()
                .lines()
                .collect::<Result<_, _>>()
                .context("cannot read URLs from stdin")?;
            (lines, "stdin")
        } else {
            let text = std::fs::read_to_string(list)
                .with_context(|| format!("cannot read the URL list {list}"))?;
            (text.lines().map(str::to_owned).collect(), list)
        };
        for (index, line) in lines.iter().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let url = parse_download_url(line)
                .with_context(|| format!("{list_name} line {}", index + 1))?;
            urls.push(url);
        }
    }
    if urls.is_empty() {
        bail!("no URL given; usage: ferry get URL... [-i LIST]");
    }
    Ok(urls)
}

/// The destination for one URL, checked: the folder exists (a `-d` folder
/// is created with its parents, as wget -P and aria2 -d do), is a folder,
/// and can be written.
pub fn destination(output: Option<&Path>, dir: Option<&Path>) -> anyhow::Result<Destination> {
    if let Some(output) = output {
        let output = std::path::absolute(output)
            .with_context(|| format!("invalid output path {}", output.display()))?;
        crate::engine::input::check_path(&output)?;
        if output.is_dir() {
            bail!(
                "{} is a folder; use -d to download into a folder",
                output.display()
            );
        }
        let folder = output
            .parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("/"));
        check_writable_folder(&folder)?;
        return Ok(Destination::File(output));
    }
    let folder = match dir {
        Some(dir) => {
            let dir = std::path::absolute(dir)
                .with_context(|| format!("invalid folder {}", dir.display()))?;
            crate::engine::input::check_path(&dir)?;
            if !dir.exists() {
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            }
            dir
        }
        None => std::env::current_dir().context("cannot read the current folder")?,
    };
    crate::engine::input::check_path(&folder)?;
    check_writable_folder(&folder)?;
    Ok(Destination::Folder(folder))
}

fn check_writable_folder(folder: &Path) -> anyhow::Result<()> {
    let metadata = match std::fs::metadata(folder) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            bail!("the folder does not exist: {}", folder.display())
        }
        Err(error) => bail!("cannot use the folder ({error}): {}", folder.display()),
    };
    if !metadata.is_dir() {
        bail!("not a folder: {}", folder.display());
    }
    rustix::fs::access(
        folder,
        rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK,
    )
    .map_err(std::io::Error::from)
    .with_context(|| format!("cannot write to the folder {}", folder.display()))?;
    Ok(())
}

/// `Name: value` into a checked header.
pub fn parse_header(text: &str) -> anyhow::Result<HeaderPair> {
    Ok(crate::engine::input::parse_header(text)?)
}

/// A speed like 500K or 2M; `None` for "off".
pub fn parse_rate(text: &str) -> anyhow::Result<Option<u64>> {
    Ok(crate::engine::input::parse_rate(text)?)
}

/// `NAME:PASSWORD`, or `NAME` alone: the password is then asked on the
/// terminal, not echoed (as curl does).
pub fn parse_credentials(text: &str) -> anyhow::Result<Credentials> {
    if let Some((user_name, password)) = text.split_once(':') {
        return Ok(Credentials {
            user_name: user_name.to_owned(),
            password: password.to_owned(),
        });
    }
    if text.is_empty() {
        bail!("give credentials as --user NAME or --user NAME:PASSWORD");
    }
    let password = rpassword::prompt_password(format!("ferry: password for {text}: "))
        .map_err(|error| {
            anyhow::anyhow!(
                "cannot ask the password for {text} ({error}); give --user {text}:PASSWORD or --netrc"
            )
        })?;
    Ok(Credentials {
        user_name: text.to_owned(),
        password,
    })
}

/// 64 hex digits, lowercased.
pub fn parse_sha256(text: &str) -> anyhow::Result<String> {
    let text = text.trim();
    if text.len() != 64 || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        bail!("--sha256 needs 64 hex digits, got {text:?}");
    }
    Ok(text.to_ascii_lowercase())
}
