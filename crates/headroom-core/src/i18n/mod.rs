//! The app's words in the user's language: Fluent catalogs compiled in, one language per process
//! (the commands never choose one, so their text stays English), and per thread for tests.

mod choose;
#[cfg(target_os = "macos")]
mod preferred_macos;
#[cfg(target_os = "macos")]
use preferred_macos as preferred;
#[cfg(not(target_os = "macos"))]
mod preferred_linux;
#[cfg(not(target_os = "macos"))]
use preferred_linux as preferred;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, RwLock};

use i18n_embed::LanguageLoader;
use i18n_embed::fluent::FluentLanguageLoader;
use rust_embed::RustEmbed;

pub use choose::{LANGUAGES, from_environment, negotiate};
#[doc(hidden)]
pub use i18n_embed_fl::fl;

/// The catalogs, `i18n/<language>/headroom.ftl`, compiled into the binary.
#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Catalogs;

/// The Fluent domain: the catalogs' file name (i18n.toml says the same to `fl!`).
const DOMAIN: &str = "headroom";

/// One language's catalog, English behind it for any message it lacks.
#[derive(Debug)]
pub struct Catalog {
    loader: FluentLanguageLoader,
    language: &'static str,
    /// Messages without arguments, formatted once: the dropdown asks for about a hundred labels
    /// every sample, most of them fixed words, and Fluent would format each anew.
    plain: Mutex<HashMap<&'static str, String>>,
}

impl Catalog {
    /// The catalog of `language`, one of [`LANGUAGES`] (anything else is English).
    pub fn of(language: &str) -> Catalog {
        let language = LANGUAGES.iter().copied().find(|l| *l == language).unwrap_or("en");
        let requested: Vec<i18n_embed::unic_langid::LanguageIdentifier> =
            [language, "en"].iter().filter_map(|l| l.parse().ok()).collect();
        let loader = FluentLanguageLoader::new(DOMAIN, english());
        if let Err(error) = loader.load_languages(&Catalogs, &requested) {
            // The catalogs are compiled in and parsed by the tests: only a build without them gets here.
            tracing::warn!(%error, language, "cannot load the catalog; the text stays English");
        }
        // Menu rows and notifications are plain text: no U+2068/U+2069 around the values.
        loader.set_use_isolating(false);
        Catalog { loader, language, plain: Mutex::new(HashMap::new()) }
    }

    /// A pseudo-locale for tests: English with every letter of the catalog's text accented and
    /// bracketed, so any text shown that did not come through the catalog stands out as plain ASCII.
    pub fn pseudo() -> Catalog {
        let catalog = Catalog::of("en");
        catalog.loader.with_bundles_mut(|bundle| bundle.set_transform(Some(choose::pseudo)));
        catalog
    }

    /// A message without arguments: formatted by `format` the first time, then kept.
    pub fn plain(&self, id: &'static str, format: impl FnOnce() -> String) -> String {
        // A poisoned lock only means a panic while inserting a String: the map is whole.
        let mut plain = self.plain.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        plain.entry(id).or_insert_with(format).clone()
    }

    /// The loader `fl!` reads.
    pub fn loader(&self) -> &FluentLanguageLoader {
        &self.loader
    }

    /// Its language's tag ("de", "zh-CN").
    pub fn language(&self) -> &'static str {
        self.language
    }

    /// Whether numbers are written with a decimal comma ("14,6 GB"), as CLDR's German, French and Spanish are.
    pub fn decimal_comma(&self) -> bool {
        matches!(self.language, "de" | "fr" | "es")
    }
}

fn english() -> i18n_embed::unic_langid::LanguageIdentifier {
    // A literal tag parses; the default (und) is only a fallback for the impossible.
    "en".parse().unwrap_or_default()
}

static PROCESS: LazyLock<RwLock<Arc<Catalog>>> = LazyLock::new(|| RwLock::new(Arc::new(Catalog::of("en"))));

thread_local! {
    static THREAD: RefCell<Option<Arc<Catalog>>> = const { RefCell::new(None) };
}

/// The catalog in use on this thread: the thread's own (tests), else the process's.
pub fn current() -> Arc<Catalog> {
    if let Some(catalog) = THREAD.with(|t| t.borrow().clone()) {
        return catalog;
    }
    // A poisoned lock only means a panic while swapping an Arc: the Arc inside is whole.
    PROCESS.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
}

/// The app's language from now on, for every thread: `setting` (the `language` key) when given,
/// else the system's preferred languages. Returns the language chosen.
pub fn use_language(setting: Option<&str>) -> &'static str {
    let requested = match setting {
        Some(language) => vec![language.to_owned()],
        None => preferred::languages(),
    };
    let language = negotiate(&requested);
    if current().language() != language {
        *PROCESS.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(Catalog::of(language));
    }
    language
}

/// Runs `f` with `catalog` as this thread's (tests: a language or the pseudo-locale, without
/// touching other threads).
pub fn with_catalog<T>(catalog: Arc<Catalog>, f: impl FnOnce() -> T) -> T {
    let before = THREAD.with(|t| t.borrow_mut().replace(catalog));
    let out = f();
    THREAD.with(|t| *t.borrow_mut() = before);
    out
}

/// A message from the current catalog: `tr!("menu-app", size = "5.2 GB")`. The id and its
/// arguments are checked against the English catalog when the crate builds.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {{
        let catalog = $crate::i18n::current();
        catalog.plain($id, || $crate::i18n::fl!(catalog.loader(), $id))
    }};
    // Each value in parentheses: `fl!` writes `value.into()`, which would bind to the last operand
    // of `a - 1` or `*left`.
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {{
        let catalog = $crate::i18n::current();
        $crate::i18n::fl!(catalog.loader(), $id, $($key = ($value)),+)
    }};
}

/// `text` (a number as the commands write it, "14.6") with the current language's decimal mark.
pub fn localize_number(text: String) -> String {
    if current().decimal_comma() { text.replace('.', ",") } else { text }
}

#[cfg(test)]
mod tests;
