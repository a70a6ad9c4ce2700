//! `headroom notify`: send a test notification, or list the notifications sent and the snoozes running.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Context;
use headroom_core::history::{self, EventKind, Store};
use headroom_core::notify::{self, Kind, deliver, events};
use headroom_core::sys::SystemReader;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// How far back `headroom notify` lists.
const LIST_DAYS: i64 = 7;

pub fn run(test: bool, json: bool, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    if test { send_test(json) } else { list(json, offset) }
}

/// Sends the sample notification through the same backend as the app; non-zero exit with the reason when it is not shown.
fn send_test(json: bool) -> anyhow::Result<ExitCode> {
    let snapshot = SystemReader::new().ok().and_then(|mut reader| reader.read().ok());
    let notification = notify::test_notification(snapshot.as_ref());
    let outcome = deliver::send(&notification);
    if let Some(dir) = history::data_dir() {
        let event = events::sent(
            &notification,
            snapshot.as_ref().map(|s| s.boot_id.clone()),
            OffsetDateTime::now_utc(),
            &outcome,
        );
        if let Err(error) = history::append_event(&dir, event) {
            tracing::warn!(%error, "the test notification was not written to the history");
        }
    }
    let fallback = deliver::fallback_reason();
    if json {
        let mut value = serde_json::to_value(&notification)?;
        match &outcome {
            Ok(delivered) => {
                value["delivered_by"] = delivered.by.clone().into();
                value["said"] = delivered.said().into();
            }
            Err(error) => value["error"] = error.to_string().into(),
        }
        if let Some(why) = fallback {
            value["fallback"] = why.into();
        }
        println!("{value}");
    }
    match outcome {
        Ok(delivered) => {
            if !json {
                print!("{}", test_report(&notification.title, &delivered, fallback));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("headroom: the test notification was not shown: {error}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// What `notify --test` prints when the notification was taken: by whom, and, where Headroom
/// cannot know whether it was shown, why it went that way and what to check.
fn test_report(title: &str, delivered: &deliver::Delivered, fallback: Option<&str>) -> String {
    let mut text = format!("Sent “{title}” — {}\n", delivered.said());
    if let Some(why) = fallback {
        let _ = writeln!(text, "Not through Notification Center: {why}.");
    }
    if delivered.by == deliver::OSASCRIPT {
        text.push_str(
            "macOS does not say whether osascript's notification was shown; if none appeared, allow \
             notifications for Script Editor in System Settings › Notifications.\n",
        );
    }
    text
}

fn list(json: bool, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let now = OffsetDateTime::now_utc();
    let dir = history::data_dir().context("cannot find the home directory the history is kept in")?;
    let path = dir.join(history::DB_FILE);
    let mut found = Vec::new();
    if path.exists() {
        // To read only: a damaged file is reported, never moved aside (only the recorder does that).
        let store = Store::open_to_read(&path).with_context(|| format!("cannot open {}", path.display()))?;
        found = store.events(history::unix_ms(now - time::Duration::days(LIST_DAYS)))?;
        found.retain(|e| matches!(e.kind, EventKind::NotificationSent | EventKind::NotificationSnoozed));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&found)?);
        return Ok(ExitCode::SUCCESS);
    }
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]");
    let mut text = String::new();
    let sent: Vec<_> = found.iter().filter(|e| e.kind == EventKind::NotificationSent).collect();
    if sent.is_empty() {
        let _ = writeln!(text, "No notifications in the last {LIST_DAYS} days.");
    }
    for event in sent {
        let at = event.at.to_offset(offset).format(&format).unwrap_or_default();
        let field = |name: &str| event.detail.get(name).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let how = match event.detail.get("error").and_then(|v| v.as_str()) {
            Some(error) => format!("not shown: {error}"),
            None => deliver::said(&field("delivered_by")),
        };
        let _ = writeln!(text, "{at}  {:<12}  {} — {how}", field("kind"), field("title"));
    }
    for (kind, until) in events::restore(&found, now).snoozed_until {
        let until = until.to_offset(offset).format(&format).unwrap_or_default();
        let _ = writeln!(text, "Snoozed: {} alerts until {until}", Kind::label(kind));
    }
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use deliver::Delivered;

    #[test]
    fn the_test_report_says_shown_only_when_it_was() {
        let dunst = Delivered { by: "dunst 1.9.0".into() };
        assert_eq!(test_report("T", &dunst, None), "Sent “T” — shown by dunst 1.9.0\n");

        let osascript = Delivered { by: deliver::OSASCRIPT.into() };
        let why = "Notification Center refused this build (Notifications are not allowed for this application, UNErrorDomain 1)";
        let report = test_report("T", &osascript, Some(why));
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines[0], "Sent “T” — handed to osascript (needs notifications allowed for Script Editor)");
        assert_eq!(lines[1], format!("Not through Notification Center: {why}."));
        assert!(lines[2].contains("allow notifications for Script Editor"), "{report}");
        assert!(!report.contains("shown by"), "{report}");
    }
}
