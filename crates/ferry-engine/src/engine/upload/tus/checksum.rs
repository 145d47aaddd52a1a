//! The `Upload-Checksum` of a chunk (tus checksum extension): the
//! strongest algorithm the server lists that ferry computes.

use base64::Engine as _;
use sha1::Digest as _;

/// The checksum algorithms ferry can compute, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Checksum {
    Sha256,
    Sha1,
}

impl Checksum {
    /// The strongest of the server's `Tus-Checksum-Algorithm` list that
    /// ferry computes.
    pub(super) fn choose(listed: &str) -> Option<Checksum> {
        let names: Vec<String> = listed
            .split(',')
            .map(|name| name.trim().to_ascii_lowercase())
            .collect();
        [Checksum::Sha256, Checksum::Sha1]
            .into_iter()
            .find(|checksum| names.iter().any(|name| name == checksum.name()))
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Checksum::Sha256 => "sha256",
            Checksum::Sha1 => "sha1",
        }
    }

    /// The `Upload-Checksum` value of `chunk`.
    pub(super) fn header_value(self, chunk: &[u8]) -> String {
        let digest = match self {
            Checksum::Sha256 => sha2::Sha256::digest(chunk).to_vec(),
            Checksum::Sha1 => sha1::Sha1::digest(chunk).to_vec(),
        };
        format!(
            "{} {}",
            self.name(),
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_listed_checksum_is_chosen() {
        assert_eq!(Checksum::choose("md5, sha1, crc32"), Some(Checksum::Sha1));
        assert_eq!(Checksum::choose("SHA1,sha256"), Some(Checksum::Sha256));
        assert_eq!(Checksum::choose("md5,crc32"), None);
        assert_eq!(
            Checksum::Sha1.header_value(b"hello"),
            "sha1 qvTGHdzF6KLavt4PO0gs2a6pQ00="
        );
    }
}
