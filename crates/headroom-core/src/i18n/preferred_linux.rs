//! The user's preferred languages on Linux and other Unix desktops: the environment, as gettext reads it.

pub(super) fn languages() -> Vec<String> {
    super::from_environment(|name| std::env::var(name).ok())
}
