//! The system D-Bus, as the policy watchers use it: connect (or learn there
//! is none), read an object's properties, and wake up when a service's
//! properties or its presence change.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use zbus::message::Type as MessageType;
use zbus::zvariant::OwnedValue;
use zbus::{Connection, MatchRule, MessageStream};

/// Where ferry finds the system bus.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SystemBus {
    /// `DBUS_SYSTEM_BUS_ADDRESS`, else the usual socket.
    #[default]
    FromEnvironment,
    /// This address (tests point ferry at a private bus).
    Address(String),
    /// Do not look: every service counts as absent.
    Disabled,
}

/// Longest wait for one answer, so a hung service cannot hang a watcher.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection to the system bus, or `None` (said once in the log).
pub(super) async fn connect(choice: &SystemBus) -> Option<Connection> {
    let builder = match choice {
        SystemBus::FromEnvironment => zbus::connection::Builder::system(),
        SystemBus::Address(address) => zbus::connection::Builder::address(address.as_str()),
        SystemBus::Disabled => return None,
    };
    let connected = match builder {
        Ok(builder) => tokio::time::timeout(CALL_TIMEOUT, builder.build())
            .await
            .unwrap_or_else(|_| Err(zbus::Error::Failure("timed out".to_owned()))),
        Err(error) => Err(error),
    };
    match connected {
        Ok(connection) => Some(connection),
        Err(error) => {
            tracing::warn!(
                %error,
                "no system D-Bus: ferry cannot ask NetworkManager or UPower; it follows the \
                 interfaces' link state and the switches in Settings"
            );
            None
        }
    }
}

/// Every property of `interface` on `path` of `service`.
pub(super) async fn properties(
    connection: &Connection,
    service: &str,
    path: &str,
    interface: &str,
) -> zbus::Result<HashMap<String, OwnedValue>> {
    let object = Object { service, path };
    call(
        connection,
        object,
        "org.freedesktop.DBus.Properties",
        "GetAll",
        &(interface,),
    )
    .await
}

/// An object of a service on the bus.
#[derive(Clone, Copy, Debug)]
pub(super) struct Object<'a> {
    pub service: &'a str,
    pub path: &'a str,
}

/// Calls `method` of `interface` on `object` (within [`CALL_TIMEOUT`]) and
/// decodes the answer.
pub(super) async fn call<A, T>(
    connection: &Connection,
    object: Object<'_>,
    interface: &str,
    method: &str,
    arguments: &A,
) -> zbus::Result<T>
where
    A: serde::Serialize + zbus::zvariant::DynamicType,
    T: for<'d> serde::Deserialize<'d> + zbus::zvariant::Type,
{
    let call = connection.call_method(
        Some(object.service),
        object.path,
        Some(interface),
        method,
        arguments,
    );
    let reply = tokio::time::timeout(CALL_TIMEOUT, call)
        .await
        .map_err(|_| zbus::Error::Failure(format!("{} did not answer", object.service)))??;
    reply.body().deserialize()
}

/// [`changes`] when there is a bus; `None` (said in the log) when there is
/// none or the subscription failed, so the watcher polls instead.
pub(super) async fn changes_if_connected(
    connection: Option<&Connection>,
    services: &[&str],
) -> Option<impl Stream<Item = ()> + Unpin + use<>> {
    match changes(connection?, services).await {
        Ok(changes) => Some(changes),
        Err(error) => {
            tracing::warn!(%error, ?services, "cannot follow the services' signals");
            None
        }
    }
}

/// A stream that yields whenever one of `services` changes a property on
/// any of its objects, appears or leaves the bus.
async fn changes(
    connection: &Connection,
    services: &[&str],
) -> zbus::Result<impl Stream<Item = ()> + Unpin + use<>> {
    let mut streams = Vec::new();
    for service in services {
        let properties_changed = MatchRule::builder()
            .msg_type(MessageType::Signal)
            .sender(*service)?
            .interface("org.freedesktop.DBus.Properties")?
            .member("PropertiesChanged")?
            .build();
        let owner_changed = MatchRule::builder()
            .msg_type(MessageType::Signal)
            .sender("org.freedesktop.DBus")?
            .interface("org.freedesktop.DBus")?
            .member("NameOwnerChanged")?
            .arg(0, *service)?
            .build();
        for rule in [properties_changed, owner_changed] {
            streams.push(MessageStream::for_match_rule(rule, connection, Some(64)).await?);
        }
    }
    Ok(futures_util::stream::select_all(streams).map(|_| ()))
}

/// The named property, converted; `None` when missing or of another type.
pub(super) fn property<T>(properties: &HashMap<String, OwnedValue>, name: &str) -> Option<T>
where
    T: TryFrom<OwnedValue>,
{
    properties
        .get(name)
        .and_then(|value| value.try_clone().ok())
        .and_then(|value| T::try_from(value).ok())
}

/// The next change from `changes`; never, when there is no stream.
pub(super) async fn next_change(
    changes: &mut Option<impl Stream<Item = ()> + Unpin>,
) -> Option<()> {
    match changes {
        Some(changes) => changes.next().await,
        None => std::future::pending().await,
    }
}
