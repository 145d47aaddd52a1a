//! Checks of what a person typed (a URL, a header), shared by the CLI and the
//! window so both refuse the same things with the same words.

use url::Url;

use crate::model::HeaderPair;

/// Why typed input was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("invalid URL {text:?}: {reason}")]
    InvalidUrl { text: String, reason: String },
    #[error("unsupported URL scheme {scheme:?} (ferry downloads http and https): {text}")]
    UnsupportedScheme { scheme: String, text: String },
    #[error("invalid header {text:?}; write it as 'Name: value'")]
    HeaderWithoutColon { text: String },
    #[error("invalid header name {name:?}")]
    InvalidHeaderName { name: String },
    #[error("invalid value for header {name}")]
    InvalidHeaderValue { name: String },
}

/// A URL ferry can download, or why not.
pub fn parse_download_url(text: &str) -> Result<Url, InputError> {
    let trimmed = text.trim();
    let url = Url::parse(trimmed).map_err(|error| InputError::InvalidUrl {
        text: text.to_owned(),
        reason: error.to_string(),
    })?;
    match url.scheme() {
        "http" | "https" => {}
        other => {
            return Err(InputError::UnsupportedScheme {
                scheme: other.to_owned(),
                text: text.to_owned(),
            });
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(InputError::InvalidUrl {
            text: text.to_owned(),
            reason: "no host".to_owned(),
        });
    }
    Ok(url)
}

/// `Name: value` into a checked header.
pub fn parse_header(text: &str) -> Result<HeaderPair, InputError> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(InputError::HeaderWithoutColon {
            text: text.to_owned(),
        });
    };
    check_header(name, value)
}

/// A checked header from a name and a value typed apart (the Add dialog).
pub fn check_header(name: &str, value: &str) -> Result<HeaderPair, InputError> {
    let name = name.trim();
    let value = value.trim();
    reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
        InputError::InvalidHeaderName {
            name: name.to_owned(),
        }
    })?;
    reqwest::header::HeaderValue::from_str(value).map_err(|_| InputError::InvalidHeaderValue {
        name: name.to_owned(),
    })?;
    Ok(HeaderPair {
        name: name.to_owned(),
        value: value.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_and_invalid_urls_are_refused() {
        for text in [
            "file:///etc/passwd",
            "data:,hello",
            "javascript:alert(1)",
            "ftp://127.0.0.1/x",
            "not a url",
            "http://",
        ] {
            assert!(parse_download_url(text).is_err(), "{text}");
        }
        assert!(parse_download_url("http://127.0.0.1:8080/file.bin").is_ok());
    }

    #[test]
    fn headers_must_be_name_colon_value() {
        assert!(parse_header("X-Token abc").is_err());
        assert!(parse_header("Bad Name: x").is_err());
        let header = parse_header("X-Token:  abc ").expect("valid");
        assert_eq!(
            (header.name.as_str(), header.value.as_str()),
            ("X-Token", "abc")
        );
    }
}
