//! Which catalog a person gets: their preferred languages matched against ours, and the pseudo-locale.

use std::borrow::Cow;

/// The catalogs, English first (the fallback for any message another catalog lacks).
pub const LANGUAGES: [&str; 6] = ["en", "de", "fr", "es", "ja", "zh-CN"];

/// The first of `requested` (tags or POSIX locales: "de-DE", "de_AT.UTF-8@euro", "zh-Hans-CN",
/// "C") that a catalog serves, else English. Chinese is served in Simplified script only: a
/// Traditional request (zh-TW, zh-HK, zh-Hant) moves on to the next language asked for.
pub fn negotiate(requested: &[String]) -> &'static str {
    requested.iter().find_map(|tag| serves(tag)).unwrap_or("en")
}

fn serves(tag: &str) -> Option<&'static str> {
    // "de_AT.UTF-8@euro" → "de-AT"; "C", "POSIX" and "C.UTF-8" are the portable locale: English.
    let tag = tag.split(['.', '@']).next().unwrap_or_default().replace('_', "-");
    if tag.is_empty() || tag == "C" || tag == "POSIX" {
        return Some("en");
    }
    let parts: Vec<String> = tag.split('-').map(str::to_ascii_lowercase).collect();
    match parts.first().map(String::as_str)? {
        "zh" => {
            let traditional = parts.iter().skip(1).any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo"));
            (!traditional).then_some("zh-CN")
        }
        language => LANGUAGES.iter().copied().find(|ours| *ours == language),
    }
}

/// The languages asked for by the environment, as gettext reads it: the locale is the first set
/// of `LC_ALL`, `LC_MESSAGES`, `LANG`; `LANGUAGE` (a colon-separated list) comes before it unless
/// the locale is "C" or "POSIX", where gettext ignores it.
pub fn from_environment(get: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let set = |name: &str| get(name).filter(|value| !value.is_empty());
    let locale = set("LC_ALL").or_else(|| set("LC_MESSAGES")).or_else(|| set("LANG"));
    let portable = locale.as_deref().is_none_or(|l| serves(l) == Some("en") && l.starts_with(['C', 'P']));
    let mut requested = Vec::new();
    if !portable && let Some(list) = set("LANGUAGE") {
        requested.extend(list.split(':').filter(|l| !l.is_empty()).map(str::to_owned));
    }
    requested.extend(locale);
    requested
}

/// The pseudo-locale's transform of a catalog's text (not of the values put into it): every ASCII
/// letter in its fullwidth form ("Ｍｅｍｏｒｙ"), so that any letter left plain did not come through the catalog.
pub(super) fn pseudo(text: &str) -> Cow<'_, str> {
    let wide = |c: char| if c.is_ascii_alphabetic() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c };
    Cow::Owned(text.chars().map(wide).collect())
}
