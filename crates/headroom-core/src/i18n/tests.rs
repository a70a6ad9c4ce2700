//! The catalogs: each parses, says what English says (same ids and arguments), and the language is chosen as people expect.

use super::*;

fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
}

#[test]
fn the_environment_is_read_as_gettext_reads_it() {
    assert_eq!(from_environment(env(&[("LANG", "de_DE.UTF-8")])), ["de_DE.UTF-8"]);
    assert_eq!(from_environment(env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "fr_FR.UTF-8")])), ["fr_FR.UTF-8"]);
    assert_eq!(from_environment(env(&[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "es_ES")])), ["es_ES"]);
    assert_eq!(from_environment(env(&[("LANGUAGE", "ja:fr"), ("LANG", "de_DE.UTF-8")])), ["ja", "fr", "de_DE.UTF-8"]);
    // gettext ignores LANGUAGE under the portable locale.
    assert_eq!(from_environment(env(&[("LANGUAGE", "ja"), ("LANG", "C.UTF-8")])), ["C.UTF-8"]);
    assert_eq!(from_environment(env(&[("LANGUAGE", "ja")])), Vec::<String>::new());
    assert_eq!(from_environment(env(&[("LANG", ""), ("LC_ALL", "")])), Vec::<String>::new());
}

#[test]
fn the_first_language_a_catalog_serves_wins() {
    let ask = |tags: &[&str]| negotiate(&tags.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>());
    assert_eq!(ask(&["de_DE.UTF-8"]), "de");
    assert_eq!(ask(&["de_AT.UTF-8@euro"]), "de");
    assert_eq!(ask(&["fr-CA"]), "fr");
    assert_eq!(ask(&["es-419"]), "es");
    assert_eq!(ask(&["ja-JP"]), "ja");
    assert_eq!(ask(&["zh-Hans-CN"]), "zh-CN");
    assert_eq!(ask(&["zh_CN.UTF-8"]), "zh-CN");
    assert_eq!(ask(&["zh-Hant-TW", "ja"]), "ja", "Traditional Chinese is not served: the next language is");
    assert_eq!(ask(&["pt-BR", "fr"]), "fr");
    assert_eq!(ask(&["C"]), "en");
    assert_eq!(ask(&["POSIX", "de"]), "en");
    assert_eq!(ask(&["nl-NL"]), "en");
    assert_eq!(ask(&[]), "en");
}

/// Every message of a catalog, by id, with the arguments it uses (from the catalog's text).
fn messages(language: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let path = format!("{}/i18n/{language}/headroom.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let loader = FluentLanguageLoader::new(DOMAIN, english());
    let tag: i18n_embed::unic_langid::LanguageIdentifier = language.parse().expect("a tag");
    loader.load_languages(&Catalogs, &[tag]).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = std::collections::BTreeMap::new();
    let mut current = None;
    for line in text.lines() {
        if let Some((id, _)) = line.split_once(" =").filter(|_| !line.starts_with([' ', '#'])) {
            current = Some(id.trim().to_owned());
            out.insert(id.trim().to_owned(), std::collections::BTreeSet::new());
        }
        if let Some(id) = &current {
            let args = line.split('$').skip(1).map(|rest| {
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect::<String>()
            });
            out.get_mut(id).expect("inserted").extend(args);
        }
    }
    assert!(out.keys().all(|id| loader.has(id)), "{path}: every message parsed");
    out
}

#[test]
fn every_catalog_has_every_message_with_the_same_arguments() {
    let english = messages("en");
    for language in LANGUAGES.iter().skip(1) {
        let theirs = messages(language);
        let missing: Vec<&String> = english.keys().filter(|id| !theirs.contains_key(*id)).collect();
        let extra: Vec<&String> = theirs.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{language}: missing {missing:?}, not in English {extra:?}");
        for (id, args) in &english {
            assert_eq!(&theirs[id], args, "{language} {id}: the same arguments as English");
        }
    }
}

#[test]
fn each_language_says_its_own_words_with_its_decimal_mark() {
    let german = Arc::new(Catalog::of("de"));
    let text = with_catalog(german, || {
        (
            crate::tr!("menu-compressed", size = crate::units::format_gb_as(3_650_000_000, "GB")),
            crate::tr!("pressure-warn"),
        )
    });
    assert_eq!(text, ("Komprimiert: 3,4 GB".to_owned(), "Warnung".to_owned()));
    let japanese = with_catalog(Arc::new(Catalog::of("ja")), || crate::units::format_gb_as(3_650_000_000, "GB"));
    assert_eq!(japanese, "3.4 GB");
    // The commands never choose a language: English, with a point.
    assert_eq!(crate::tr!("pressure-warn"), "Warning");
    assert_eq!(crate::units::format_gb_as(3_650_000_000, "GB"), "3.4 GB");
    assert_eq!(Catalog::of("xx").language(), "en");
}
