//! The words a person reads, in the language they read. The messages are
//! Fluent files, `i18n/{en,ko,fr}/ferry.ftl` at the workspace's root, built
//! into the binary; one loader serves the process; [`tr!`] looks a message
//! up (its id and arguments checked at compile time against the English
//! file, which is also the fallback for a message a language lacks);
//! [`Locale`] writes numbers, sizes and durations as the language does.
//!
//! The language is chosen once at start ([`select_from_environment`]) and
//! may be changed at any time ([`select`]): the window follows a Settings
//! choice without a restart, because it asks for its words every frame.
//! Machine-readable output (`--json`, exit codes, placeholders) never goes
//! through here.

mod locale;
mod pseudo;

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::unic_langid::LanguageIdentifier;

pub use locale::Locale;

#[doc(hidden)]
pub use i18n_embed_fl::fl as __fl;

/// A message in the current language: `tr!("add-title")`, or with
/// arguments `tr!("list-count", count = 3)`. The id and the argument names
/// are checked against `i18n/en/ferry.ftl` when the crate is compiled.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::finish($crate::__fl!($crate::loader(), $id))
    };
    // Each value in parentheses: `fl!` calls `.into()` on it, which would
    // bind tighter than `*count` or `a - b`.
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::finish($crate::__fl!($crate::loader(), $id, $($name = ($value)),+))
    };
}

/// The Fluent files, embedded in release builds (read from `i18n/` in
/// debug builds, so an edited file shows at the next start).
#[derive(rust_embed::RustEmbed)]
#[folder = "../../i18n"]
struct Translations;

/// What the loader speaks: a [`Locale`]'s index, or [`PSEUDO`].
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The pseudo-locale's mark in [`CURRENT`].
const PSEUDO: u8 = u8::MAX;

static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = FluentLanguageLoader::new("ferry", language_id(Locale::English));
    load(&loader, Locale::English);
    loader
});

fn language_id(locale: Locale) -> LanguageIdentifier {
    // The codes are plain ISO 639 codes, which always parse.
    locale.code().parse().unwrap_or_default()
}

fn load(loader: &FluentLanguageLoader, locale: Locale) {
    let languages = [language_id(locale)];
    if let Err(error) = loader.load_languages(&Translations, &languages) {
        tracing::warn!(%error, language = locale.code(), "cannot load the translations");
    }
    // Fluent's isolation marks (U+2068, U+2069) would be drawn as boxes
    // by fonts without them, and terminals print them as they are.
    loader.set_use_isolating(false);
}

/// English only, for machine-readable output built from the same words.
static ENGLISH: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = FluentLanguageLoader::new("ferry", language_id(Locale::English));
    load(&loader, Locale::English);
    loader
});

thread_local! {
    /// Set while [`english`] runs on this thread.
    static IS_ENGLISH_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The loader [`tr!`] uses: the process's, or English inside [`english`].
#[doc(hidden)]
pub fn loader() -> &'static FluentLanguageLoader {
    if IS_ENGLISH_ONLY.get() {
        &ENGLISH
    } else {
        &LOADER
    }
}

/// Runs `make` with every message in plain English, whatever the process
/// speaks: `--json` and other output for programs must not change with
/// the reader's language.
pub fn english<T>(make: impl FnOnce() -> T) -> T {
    let was = IS_ENGLISH_ONLY.replace(true);
    let made = make();
    IS_ENGLISH_ONLY.set(was);
    made
}

/// Speak `locale` from now on (messages a language lacks stay English).
pub fn select(locale: Locale) {
    CURRENT.store(locale as u8, Ordering::Relaxed);
    load(&LOADER, locale);
}

/// The language the environment asks for (`LANGUAGE`, `LC_ALL`,
/// `LC_MESSAGES`, `LANG`, as gettext reads them).
pub fn environment_locale() -> Locale {
    Locale::from_environment(|name| std::env::var(name).ok())
}

/// Speak the language chosen in Settings, or the environment's when none
/// is; the pseudo-locale, once on, stays.
pub fn select_choice(choice: Option<Locale>) {
    if !is_pseudo() {
        select(choice.unwrap_or_else(environment_locale));
    }
}

/// Speak the language the environment asks for (`LANGUAGE`, `LC_ALL`,
/// `LC_MESSAGES`, `LANG`, as gettext reads them); `FERRY_PSEUDO_LOCALE=1`
/// picks the pseudo-locale translators use to check layouts.
pub fn select_from_environment() -> Locale {
    if std::env::var_os("FERRY_PSEUDO_LOCALE").is_some_and(|value| value == "1") {
        select_pseudo();
        return Locale::English;
    }
    let locale = environment_locale();
    select(locale);
    locale
}

/// The language messages are in now (English for the pseudo-locale).
pub fn current() -> Locale {
    match CURRENT.load(Ordering::Relaxed) {
        PSEUDO => Locale::English,
        index => Locale::ALL
            .get(usize::from(index))
            .copied()
            .unwrap_or_default(),
    }
}

/// Speak the pseudo-locale: English with accented letters, 40 % longer
/// and in brackets, so text that escaped translation (plain English) and
/// layouts that cannot take longer words show at a glance.
pub fn select_pseudo() {
    CURRENT.store(PSEUDO, Ordering::Relaxed);
    load(&LOADER, Locale::English);
    LOADER.with_bundles_mut(|bundle| bundle.set_transform(Some(pseudo::accented)));
}

/// Whether the pseudo-locale is on.
pub fn is_pseudo() -> bool {
    CURRENT.load(Ordering::Relaxed) == PSEUDO
}

/// A looked-up message as it is shown: bracketed and lengthened in the
/// pseudo-locale, as it is otherwise.
#[doc(hidden)]
pub fn finish(message: String) -> String {
    if is_pseudo() && !IS_ENGLISH_ONLY.get() {
        pseudo::framed(&message)
    } else {
        message
    }
}
