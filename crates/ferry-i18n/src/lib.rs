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

use std::cell::Cell;
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

/// The language the process speaks: a [`Locale`]'s index, or [`PSEUDO`].
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The pseudo-locale's mark in [`CURRENT`].
const PSEUDO: u8 = u8::MAX;

thread_local! {
    /// This thread's own language, when it has one: inside [`english`],
    /// or on a thread made to keep its own ([`isolate_this_thread`]).
    static THIS_THREAD: Cell<Option<u8>> = const { Cell::new(None) };
    /// On a thread that keeps its own language ([`isolate_this_thread`]),
    /// the language it takes as its environment's.
    static ISOLATED_ENVIRONMENT: Cell<Option<Locale>> = const { Cell::new(None) };
}

/// One loader per language, each falling back to English, made when
/// first spoken; the pseudo-locale's is English transformed.
static LOADERS: [LazyLock<FluentLanguageLoader>; 3] = [
    LazyLock::new(|| loader_of(Locale::English)),
    LazyLock::new(|| loader_of(Locale::Korean)),
    LazyLock::new(|| loader_of(Locale::French)),
];
static PSEUDO_LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = loader_of(Locale::English);
    loader.with_bundles_mut(|bundle| bundle.set_transform(Some(pseudo::accented)));
    loader
});

fn language_id(locale: Locale) -> LanguageIdentifier {
    // The codes are plain ISO 639 codes, which always parse.
    locale.code().parse().unwrap_or_default()
}

fn loader_of(locale: Locale) -> FluentLanguageLoader {
    let loader = FluentLanguageLoader::new("ferry", language_id(Locale::English));
    if let Err(error) = loader.load_languages(&Translations, &[language_id(locale)]) {
        tracing::warn!(%error, language = locale.code(), "cannot load the translations");
    }
    // Fluent's isolation marks (U+2068, U+2069) would be drawn as boxes
    // by fonts without them, and terminals print them as they are.
    loader.set_use_isolating(false);
    loader
}

/// What this thread speaks now.
fn spoken() -> u8 {
    THIS_THREAD
        .get()
        .unwrap_or_else(|| CURRENT.load(Ordering::Relaxed))
}

fn speak(code: u8) {
    if ISOLATED_ENVIRONMENT.get().is_some() {
        THIS_THREAD.set(Some(code));
    } else {
        CURRENT.store(code, Ordering::Relaxed);
    }
}

/// The loader [`tr!`] uses: the one of the language spoken.
#[doc(hidden)]
pub fn loader() -> &'static FluentLanguageLoader {
    match spoken() {
        PSEUDO => &PSEUDO_LOADER,
        index => LOADERS.get(usize::from(index)).unwrap_or(&LOADERS[0]),
    }
}

/// Runs `make` with every message in plain English, whatever the process
/// speaks: `--json` and other output for programs must not change with
/// the reader's language.
pub fn english<T>(make: impl FnOnce() -> T) -> T {
    let was = THIS_THREAD.replace(Some(Locale::English as u8));
    let made = make();
    THIS_THREAD.set(was);
    made
}

/// This thread speaks `locale` and takes it for its environment's; from
/// now on [`select`] and [`select_pseudo`] on it change its language only,
/// not the process's. For tests that run side by side in one process,
/// each in its own language, whatever `LANG` the tests were started with.
pub fn isolate_this_thread(locale: Locale) {
    ISOLATED_ENVIRONMENT.set(Some(locale));
    THIS_THREAD.set(Some(locale as u8));
}

/// Speak `locale` from now on (messages a language lacks stay English).
pub fn select(locale: Locale) {
    speak(locale as u8);
}

/// The language the environment asks for (`LANGUAGE`, `LC_ALL`,
/// `LC_MESSAGES`, `LANG`, as gettext reads them).
pub fn environment_locale() -> Locale {
    ISOLATED_ENVIRONMENT
        .get()
        .unwrap_or_else(|| Locale::from_environment(|name| std::env::var(name).ok()))
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
    match spoken() {
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
    speak(PSEUDO);
}

/// Whether the pseudo-locale is spoken.
pub fn is_pseudo() -> bool {
    spoken() == PSEUDO
}

/// A looked-up message as it is shown: bracketed and lengthened in the
/// pseudo-locale, as it is otherwise.
#[doc(hidden)]
pub fn finish(message: String) -> String {
    if is_pseudo() {
        pseudo::framed(&message)
    } else {
        message
    }
}
