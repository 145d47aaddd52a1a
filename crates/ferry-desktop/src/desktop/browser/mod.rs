//! The browser hand-off's desktop side: the native messaging framing
//! (what the browser and ferry's host say on a pipe) and the manifests
//! that tell each browser where ferry's host is and which extension may
//! start it. The host itself (what it accepts, relaying to the service)
//! is `ferry native-host` in the command line.

pub mod manifests;
pub mod native_messaging;
