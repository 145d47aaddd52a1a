//! Checks of what the user typed, done before anything is created: a bad URL,
//! scheme, folder or header is one clear error and changes nothing.

use ferry_i18n::tr;
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
    let path = std::path::absolute(path)
        .with_context(|| tr!("cli-invalid-file", path = path.display().to_string()))?;
    crate::engine::input::check_path(&path)?;
    let metadata = std::fs::metadata(&path)
        .with_context(|| tr!("cli-cannot-read", path = path.display().to_string()))?;
    if !metadata.is_file() {
        bail!(tr!("cli-put-not-a-file", path = path.display().to_string()));
    }
    std::fs::File::open(&path)
        .with_context(|| tr!("cli-cannot-read", path = path.display().to_string()))?;
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
                .with_context(|| tr!("cli-cannot-read-stdin"))?;
            (lines, "stdin")
        } else {
            let text = std::fs::read_to_string(list)
                .with_context(|| tr!("cli-cannot-read-list", list = list.to_string()))?;
            (text.lines().map(str::to_owned).collect(), list)
        };
        for (index, line) in lines.iter().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let url = parse_download_url(line).with_context(|| {
                tr!(
                    "cli-list-line",
                    list = list_name.to_string(),
                    line = index + 1
                )
            })?;
            urls.push(url);
        }
    }
    if urls.is_empty() {
        bail!(tr!("cli-no-url"));
    }
    Ok(urls)
}

/// The destination for one URL, checked: the folder exists (a `-d` folder
/// is created with its parents, as wget -P and aria2 -d do), is a folder,
/// and can be written.
pub fn destination(output: Option<&Path>, dir: Option<&Path>) -> anyhow::Result<Destination> {
    if let Some(output) = output {
        let output = std::path::absolute(output)
            .with_context(|| tr!("cli-invalid-output", path = output.display().to_string()))?;
        crate::engine::input::check_path(&output)?;
        if output.is_dir() {
            bail!(tr!(
                "cli-output-is-folder",
                path = output.display().to_string()
            ));
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
                .with_context(|| tr!("cli-invalid-folder", path = dir.display().to_string()))?;
            crate::engine::input::check_path(&dir)?;
            if !dir.exists() {
                std::fs::create_dir_all(&dir).with_context(|| {
                    tr!("cli-cannot-create-folder", path = dir.display().to_string())
                })?;
            }
            dir
        }
        None => std::env::current_dir().with_context(|| tr!("cli-no-current-folder"))?,
    };
    crate::engine::input::check_path(&folder)?;
    check_writable_folder(&folder)?;
    Ok(Destination::Folder(folder))
}

fn check_writable_folder(folder: &Path) -> anyhow::Result<()> {
    let metadata = match std::fs::metadata(folder) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            bail!(tr!(
                "cli-no-such-folder",
                path = folder.display().to_string()
            ))
        }
        Err(error) => bail!(tr!(
            "cli-cannot-use-folder",
            error = error.to_string(),
            path = folder.display().to_string()
        )),
    };
    if !metadata.is_dir() {
        bail!(tr!("cli-not-a-folder", path = folder.display().to_string()));
    }
    rustix::fs::access(
        folder,
        rustix::fs::Access::WRITE_OK | rustix::fs::Access::EXEC_OK,
    )
    .map_err(std::io::Error::from)
    .with_context(|| {
        tr!(
            "cli-cannot-write-folder",
            path = folder.display().to_string()
        )
    })?;
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
        bail!(tr!("cli-user-shape"));
    }
    let password = rpassword::prompt_password(format!(
        "ferry: {}: ",
        tr!("cli-password-prompt", user = text)
    ))
    .map_err(|error| {
        anyhow::anyhow!(tr!(
            "cli-cannot-ask-password",
            user = text,
            error = error.to_string()
        ))
    })?;
    Ok(Credentials {
        user_name: text.to_owned(),
        password,
    })
}

/// `--sha256`'s value: 64 hex digits, or a checksum file as published
/// beside downloads (`NAME.sha256`, `SHA256SUMS`: `HASH  NAME` or
/// `HASH *NAME` lines as sha256sum writes them, or BSD's
/// `SHA256 (NAME) = HASH`), from which the line for `name` is taken (a
/// file of one bare hash is that hash): a local file, an http(s) URL, or
/// `auto`, the download's URL with `.sha256` added.
pub fn sha256_for(
    text: &str,
    name: Option<&str>,
    download: Option<&url::Url>,
    extra_ca: Option<&Path>,
) -> anyhow::Result<String> {
    let trimmed = text.trim();
    if crate::engine::input::is_sha256_hex(trimmed) {
        return Ok(trimmed.to_ascii_lowercase());
    }
    let remote = match trimmed {
        "auto" => {
            let download = download.with_context(|| tr!("cli-sha256-auto-needs-url"))?;
            let mut beside = download.clone();
            beside.set_query(None);
            beside.set_fragment(None);
            let path = format!("{}.sha256", beside.path());
            beside.set_path(&path);
            Some(beside)
        }
        text if text.starts_with("https://") || text.starts_with("http://") => {
            Some(crate::engine::input::parse_download_url(text)?)
        }
        _ => None,
    };
    if let Some(url) = remote {
        let sums = crate::engine::fetch_short_text(&url, extra_ca)
            .map_err(|error| anyhow::anyhow!("--sha256: {error}"))?;
        return sha256_in_sums(&sums, name).with_context(|| format!("--sha256 {url}"));
    }
    let path = Path::new(trimmed);
    if !path.is_file() {
        bail!(tr!("cli-sha256-shape", given = trimmed));
    }
    let sums = std::fs::read_to_string(path).with_context(|| {
        format!(
            "--sha256: {}",
            tr!("cli-cannot-read", path = path.display().to_string())
        )
    })?;
    sha256_in_sums(&sums, name).with_context(|| format!("--sha256 {}", path.display()))
}

/// The hash for `name` in a checksum file's text.
fn sha256_in_sums(sums: &str, name: Option<&str>) -> anyhow::Result<String> {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for line in sums
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
    {
        if let Some(rest) = line.strip_prefix("SHA256 (")
            && let Some((file, hash)) = rest.split_once(") = ")
        {
            entries.push((hash.trim().to_owned(), Some(file.to_owned())));
            continue;
        }
        let mut words = line.splitn(2, char::is_whitespace);
        let hash = words.next().unwrap_or_default();
        let file = words
            .next()
            .map(|rest| rest.trim_start().trim_start_matches('*').to_owned())
            .filter(|file| !file.is_empty());
        entries.push((hash.to_owned(), file));
    }
    let found = match entries.as_slice() {
        [(hash, None)] => Some(hash.clone()),
        _ => entries.iter().find_map(|(hash, file)| {
            let file = file.as_deref()?;
            let base = file.rsplit('/').next().unwrap_or(file);
            (Some(base) == name).then(|| hash.clone())
        }),
    };
    match found {
        Some(hash) if crate::engine::input::is_sha256_hex(&hash) => Ok(hash.to_ascii_lowercase()),
        Some(hash) => bail!(tr!("cli-not-a-sha256", hash = hash)),
        None => match name {
            Some(name) => bail!(tr!("cli-no-sha256-line", name = name)),
            None => bail!(tr!("cli-no-sha256-line-unnamed")),
        },
    }
}
