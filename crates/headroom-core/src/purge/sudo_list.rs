//! Reads `sudo -ll` (the long listing of a user's sudoers entries) and tells whether a command needs a password.
//!
//! `sudo -l COMMAND` only says whether the command is allowed: its check (sudo's
//! `plugins/sudoers/parse.c`, `display_cmnd_check`) never looks at NOPASSWD, so an admin matched by
//! `%admin ALL = (ALL) ALL` is "allowed" to run purge either way. The long listing shows each entry
//! with its tags as options (NOPASSWD is `!authenticate`), in the order sudoers holds them, and
//! sudoers uses the last entry that matches ("Where there are multiple matches, the last match is
//! used", sudoers(5); `sudoers_lookup_check` walks the entries backwards). The format, from sudo
//! 1.9.13's `display_priv_long` (Apple's sudo-114 is 1.9.13p2) and 1.9.15's `display_cmndspec_long`:
//!
//! ```text
//! Sudoers entry:                      (1.9.15 and later: "Sudoers entry: /etc/sudoers"; LDAP: "LDAP Role: NAME")
//!     RunAsUsers: ALL
//!     RunAsGroups: ALL                (only when the entry names groups)
//!     Options: !authenticate          (only when the entry sets a tag or option)
//!     Commands:
//! \t/usr/sbin/purge                   (one per line; aliases expanded; `,:= #` escaped with `\`)
//!     Matched: /usr/sbin/purge        (1.9.15 and later, `sudo -ll COMMAND`: the entry sudo matched)
//! ```
//!
//! Everything here is pure; `permission.rs` runs sudo.

/// A parsed long listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// "Matching Defaults entries": the global and per-user Defaults, one setting each.
    pub defaults: Vec<String>,
    /// "Runas and Command-specific defaults": `Defaults>…` and `Defaults!…` lines, as printed.
    pub bound_defaults: Vec<String>,
    pub entries: Vec<Entry>,
    /// sudo 1.9.15 and later with a command: the command sudo matched (then `entries` has only its entry).
    pub matched: Option<String>,
}

/// One entry of the listing: a run-as list, options and commands that share them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The header line, e.g. `Sudoers entry: /etc/sudoers.d/headroom-purge` (1.9.13: `Sudoers entry:`).
    pub header: String,
    pub runas_users: Vec<String>,
    pub options: Vec<String>,
    pub commands: Vec<String>,
    /// NotBefore/NotAfter: the entry counts only part of the time.
    pub timed: bool,
}

/// Whether `command` runs as root without a password, by the listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The deciding entry has `!authenticate` (NOPASSWD). The text says which entry.
    NoPassword(String),
    /// The deciding entry asks for a password.
    Password(String),
    /// The deciding entry forbids the command (`!command`).
    Denied(String),
    /// No entry matches the command.
    NotListed,
    /// The listing cannot settle it (an entry this reader cannot match for sure); why.
    Unknown(String),
}

/// Reads sudo's long listing. Unknown lines are skipped; a wrapped line (sudo wraps at the
/// terminal's width, indenting the rest) is joined back.
pub fn parse(text: &str) -> Listing {
    #[derive(PartialEq)]
    enum Section {
        None,
        Defaults,
        Bound,
        Entries,
    }
    let mut listing = Listing::default();
    let mut section = Section::None;
    let mut defaults_text = String::new();
    let mut entries: Vec<RawEntry> = Vec::new();
    // Whether the line before was a field that a wrapped line continues.
    let mut continues = false;
    for raw in text.lines() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continues = false;
            continue;
        }
        if line.starts_with("Matching Defaults entries for ") {
            section = Section::Defaults;
        } else if line.starts_with("Runas and Command-specific defaults for ") {
            section = Section::Bound;
        } else if line.starts_with("User ") {
            // "User bob may run the following commands on mac:" or "… is not allowed to run sudo on …".
            section = Section::Entries;
        } else if line.starts_with("Sudoers entry:") || line.starts_with("LDAP Role:") {
            section = Section::Entries;
            entries.push(RawEntry { header: line.trim_end().to_owned(), timed: false, fields: Vec::new() });
            continues = false;
        } else if section == Section::Defaults {
            defaults_text.push(' ');
            defaults_text.push_str(line.trim());
        } else if section == Section::Bound {
            listing.bound_defaults.push(line.trim().to_owned());
        } else if let Some(RawEntry { timed, fields, .. }) = entries.last_mut() {
            if let Some(command) = line.strip_prefix('\t') {
                fields.push((Field::Command, command.to_owned()));
                continues = true;
            } else if let Some(field) = line.strip_prefix("    ").filter(|rest| !rest.starts_with(' ')) {
                let (key, value) = field.split_once(':').unwrap_or((field, ""));
                let value = value.trim().to_owned();
                continues = matches!(key, "RunAsUsers" | "Options");
                match key {
                    "RunAsUsers" => fields.push((Field::RunAs, value)),
                    "Options" => fields.push((Field::Options, value)),
                    "Matched" => listing.matched = Some(value),
                    "NotBefore" | "NotAfter" => *timed = true,
                    _ => {}
                }
            } else if let Some((_, text)) = fields.last_mut().filter(|_| continues) {
                // A wrapped line: sudo broke it at a blank and indented the rest.
                text.push(' ');
                text.push_str(line.trim());
            }
        }
    }
    listing.defaults = split_list(defaults_text.trim());
    listing.entries = entries
        .into_iter()
        .map(|RawEntry { header, timed, fields }| {
            let mut entry = Entry { header, timed, ..Entry::default() };
            for (field, text) in fields {
                match field {
                    Field::RunAs => entry.runas_users.extend(split_list(&text)),
                    Field::Options => entry.options.extend(split_list(&text)),
                    Field::Command => entry.commands.push(text),
                }
            }
            entry
        })
        .collect();
    listing
}

/// An entry as read, its fields in order (a wrapped line continues the last one).
struct RawEntry {
    header: String,
    timed: bool,
    fields: Vec<(Field, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    RunAs,
    Options,
    Command,
}

/// Splits a `, `-separated list as sudo prints it: `\,` is a comma inside a value, and a value in
/// double quotes (a Defaults value with blanks) may hold commas.
fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    items.push(current.trim().to_owned());
    items.retain(|item| !item.is_empty());
    items
}

/// Undoes sudo's escaping of a command (`sudo_lbuf_append_quoted` with `SUDOERS_QUOTED_CMD`/`_ARG`,
/// plugins/sudoers/parse.h: a backslash before each of `:,= \t#`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(next)) if ":,= \t#\"".contains(*next) => {
                out.push(*next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Does one listed item match? `Maybe` when this reader cannot tell for sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Yes,
    No,
    Maybe(&'static str),
}

/// Whether a listed command (`ALL`, `!/usr/sbin/purge`, `/usr/sbin/sysctl -q vm.drop_caches\=1`, a
/// directory `/usr/sbin/`) matches `command` (program and arguments); the bool says it is negated.
pub fn command_matches(listed: &str, command: &[String]) -> (bool, Match) {
    let listed = listed.trim();
    let (negated, listed) = match listed.strip_prefix('!') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, listed),
    };
    if listed == "ALL" {
        return (negated, Match::Yes);
    }
    let Some((program, args)) = command.split_first() else { return (negated, Match::No) };
    // A digest before the path ("sha256:… /usr/sbin/purge"): sudo compares the file's hash.
    let first_word = listed.split(' ').next().unwrap_or_default();
    if first_word.starts_with("sha") && first_word.contains(':') {
        return (negated, Match::Maybe("a command with a digest"));
    }
    let (path, listed_args) = split_command(listed);
    if path.starts_with('^') || path.contains(['*', '?', '[']) {
        return (negated, Match::Maybe("a command given as a pattern"));
    }
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    if path.ends_with('/') {
        // A directory: any command in it, with any arguments (sudoers(5), "Cmnd").
        let dir = program.rsplit_once('/').map(|(dir, _)| format!("{dir}/")).unwrap_or_default();
        return (negated, if dir == path && listed_args.is_none() { Match::Yes } else { Match::No });
    }
    if path != *program {
        // The same name elsewhere may be a link to the same file, which sudo would match.
        let same_name = path.starts_with('/') && base(&path) == base(program);
        return (negated, if same_name { Match::Maybe("the same program at another path") } else { Match::No });
    }
    let matched = match listed_args.as_deref() {
        None => Match::Yes,
        Some("\"\"") => {
            if args.is_empty() {
                Match::Yes
            } else {
                Match::No
            }
        }
        Some(wanted) if wanted.starts_with('^') || wanted.contains(['*', '?', '[']) => {
            Match::Maybe("arguments given as a pattern")
        }
        Some(wanted) => {
            if wanted == args.join(" ") {
                Match::Yes
            } else {
                Match::No
            }
        }
    };
    (negated, matched)
}

/// The path and the (unescaped) arguments of a listed command: the first blank not escaped ends the path.
fn split_command(listed: &str) -> (String, Option<String>) {
    let mut escaped = false;
    for (at, c) in listed.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ' ' if !escaped => {
                let args = listed[at..].trim();
                return (unescape(&listed[..at]), (!args.is_empty()).then(|| unescape(args)));
            }
            _ => escaped = false,
        }
    }
    (unescape(listed), None)
}

/// Whether an entry's RunAsUsers lets the command run as root. Runas lists are matched like other
/// lists in sudoers: the last item that matches decides, `!` negates.
pub fn runs_as_root(users: &[String]) -> Match {
    for user in users.iter().rev() {
        let (negated, name) = match user.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, user.as_str()),
        };
        let matched = match name {
            "ALL" | "root" | "#0" => Match::Yes,
            // A group, a netgroup or a non-Unix group: root may or may not be in it.
            _ if name.starts_with(['%', '+']) => Match::Maybe("a run-as group"),
            _ => Match::No,
        };
        match matched {
            Match::Yes => return if negated { Match::No } else { Match::Yes },
            Match::Maybe(why) => return Match::Maybe(why),
            Match::No => {}
        }
    }
    Match::No
}

/// Decides from the listing whether `command` runs as root without a password: the last entry
/// that matches it decides, by its `authenticate` option, else by the Defaults (sudo's default:
/// a password is asked).
pub fn decide(listing: &Listing, command: &[String]) -> Verdict {
    if listing.matched.is_some() {
        // sudo 1.9.15+ chose the entry itself (it prints only an allowed match).
        return match listing.entries.last() {
            Some(entry) => by_options(entry, listing, &describe(entry, listing, None)),
            None => Verdict::Unknown("sudo named a matching entry but printed none".into()),
        };
    }
    for entry in listing.entries.iter().rev() {
        let runas = runs_as_root(&entry.runas_users);
        if runas == Match::No {
            continue;
        }
        for listed in entry.commands.iter().rev() {
            let (negated, matched) = command_matches(listed, command);
            let what = describe(entry, listing, Some(listed));
            match (matched, runas) {
                (Match::No, _) => continue,
                (Match::Maybe(why), _) | (Match::Yes, Match::Maybe(why)) => {
                    return Verdict::Unknown(format!("{what}: {why}, which this check cannot match for sure"));
                }
                (Match::Yes, _) if entry.timed => {
                    return Verdict::Unknown(format!("{what}: it is valid only between given dates"));
                }
                (Match::Yes, _) if negated => return Verdict::Denied(what),
                (Match::Yes, _) => return by_options(entry, listing, &what),
            }
        }
    }
    Verdict::NotListed
}

fn by_options(entry: &Entry, listing: &Listing, what: &str) -> Verdict {
    let authenticate = |items: &[String]| {
        items.iter().rev().find_map(|item| match item.as_str() {
            "authenticate" => Some(true),
            "!authenticate" => Some(false),
            _ => None,
        })
    };
    let asks = match authenticate(&entry.options) {
        Some(asks) => asks,
        // Without a tag on the entry, Defaults decide; one bound to a command or run-as user may apply.
        None if listing.bound_defaults.iter().any(|line| line.contains("authenticate")) => {
            return Verdict::Unknown(format!("{what}: a command- or run-as-specific Defaults sets authenticate"));
        }
        None => authenticate(&listing.defaults).unwrap_or(true),
    };
    if asks { Verdict::Password(what.to_owned()) } else { Verdict::NoPassword(what.to_owned()) }
}

/// "entry 3 of 3 (`ALL` as ALL)", "entry 1 of 1, from /etc/sudoers (`ALL` as ALL)" (sudo 1.9.15+ names the file).
fn describe(entry: &Entry, listing: &Listing, listed: Option<&str>) -> String {
    let index = listing.entries.iter().position(|e| std::ptr::eq(e, entry)).map_or(0, |i| i + 1);
    let command = listed.or_else(|| entry.commands.last().map(String::as_str)).unwrap_or_default();
    let source = match entry.header.strip_prefix("Sudoers entry:").map(str::trim) {
        Some("") => String::new(),
        Some(file) => format!(", from {file}"),
        None => format!(", {}", entry.header),
    };
    format!(
        "entry {index} of {}{source} (`{}` as {})",
        listing.entries.len(),
        unescape(command),
        entry.runas_users.join(", ")
    )
}
