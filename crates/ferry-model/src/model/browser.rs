//! A download the browser hands over (ferry's extension, through the
//! native messaging host): what the browser knew of it, its cookies
//! included, so the server sees the same request it would have seen. It
//! becomes a transfer either at once (Settings › Browser: "start without
//! asking") or through the window's add dialog.

use std::path::Path;

use serde::{Deserialize, Serialize};
use url::Url;

use super::{Destination, GivenCookie, HeaderPair, TransferSpec};

/// A download the browser started or was asked for, as ferry keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserDownload {
    /// The URL to fetch (the browser's final URL when it followed redirects).
    pub url: Url,
    /// The page that linked to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<Url>,
    /// The browser's own, so a server that checks it answers as it would.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The name the browser chose (already reduced to a safe name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// The size the browser announced, if it knew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// The browser's cookies for the URL: secret, like every cookie.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<GivenCookie>,
    /// From a private window: the cookies are forgotten once it completes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_private: bool,
}

/// The links of a page the browser handed over ("Download all links with
/// ferry…"), for the user to pick from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserLinks {
    /// http and https links, each once, in the page's order.
    pub links: Vec<Url>,
    /// The page they are on, sent as referrer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The browser's cookies for the links' hosts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<GivenCookie>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_private: bool,
}

impl BrowserLinks {
    /// A download of one of the links, as the browser would have made it.
    pub fn download_of(&self, url: &Url) -> BrowserDownload {
        BrowserDownload {
            url: url.clone(),
            referrer: self.referrer.clone(),
            user_agent: self.user_agent.clone(),
            file_name: None,
            size: None,
            cookies: self.cookies.clone(),
            is_private: self.is_private,
        }
    }
}

impl BrowserDownload {
    /// A new transfer of this download into `folder`: under the browser's
    /// name when it gave one, with its referrer, user agent and cookies.
    pub fn to_spec(&self, folder: &Path) -> TransferSpec {
        let destination = match &self.file_name {
            Some(name) => Destination::File(folder.join(name)),
            None => Destination::Folder(folder.to_owned()),
        };
        let mut spec = TransferSpec::download(self.url.clone(), destination);
        self.apply_to(&mut spec);
        spec
    }

    /// Gives `spec` the referrer, user agent and cookies of the browser.
    pub fn apply_to(&self, spec: &mut TransferSpec) {
        if let Some(referrer) = &self.referrer {
            spec.request_headers.push(HeaderPair {
                name: "Referer".to_owned(),
                value: referrer.to_string(),
            });
        }
        if let Some(user_agent) = &self.user_agent {
            spec.request_headers.push(HeaderPair {
                name: "User-Agent".to_owned(),
                value: user_agent.clone(),
            });
        }
        spec.cookies = self.cookies.clone();
        spec.is_private = self.is_private;
        spec.note_secrets();
    }
}
