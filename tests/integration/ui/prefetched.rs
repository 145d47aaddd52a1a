//! The "Prefetched" view: the prefetch list instead of the table, its
//! buttons and the form that adds an entry.

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;
use ferry::model::{PrefetchEntry, PrefetchId, PrefetchKind};

#[test]
fn the_prefetched_view_lists_entries_and_adds_refreshes_and_removes_them() {
    let url = url::Url::parse("https://127.0.0.1:8443/news/feed.xml").expect("url");
    let mut entry = PrefetchEntry::new(PrefetchId(4), url, PrefetchKind::Resource, 3600);
    entry.waiting = Some("the network is metered".to_owned());
    let (mut harness, mut fake) = window(|fake| {
        fake.send_event(Event::PrefetchChanged(vec![entry]));
    });
    harness.run();
    harness.get_by_label("Prefetched (1)").click();
    harness.run();
    assert!(
        harness
            .query_by_label("https://127.0.0.1:8443/news/feed.xml")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("waits: the network is metered")
            .is_some()
    );
    assert!(harness.query_by_label("1h").is_some());
    harness.get_by_label("Refresh").click();
    harness.run();
    // The toolbar's Remove (of a transfer) comes first.
    harness
        .query_all_by_label("Remove")
        .last()
        .expect("the entry's Remove")
        .click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![
            Command::RefreshPrefetch(Some(PrefetchId(4))),
            Command::RemovePrefetch(PrefetchId(4)),
        ]
    );

    // Add stays disabled until the URL is one ferry prefetches.
    replace_text(
        &mut harness,
        "Keep a fresh copy of",
        "ftp://127.0.0.1/list.txt",
    );
    assert!(
        harness
            .query_by_label(
                "ferry prefetches over http and https, not ftp: ftp://127.0.0.1/list.txt"
            )
            .is_some()
    );
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    assert!(fake.take_commands().is_empty());
    replace_text(
        &mut harness,
        "Keep a fresh copy of",
        "https://127.0.0.1:8443/list.txt",
    );
    harness.get_by_label("It is a list of URLs").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::AddPrefetch {
            url: url::Url::parse("https://127.0.0.1:8443/list.txt").expect("url"),
            kind: PrefetchKind::IndirectList,
            every_secs: 6 * 3600,
        }]
    );
}
