//! A moment as a person says it, relative to now: "14:02" today, "tomorrow 02:21", "yesterday
//! 23:10", "Mon 7 Dec 09:30" further off — a bare clock time for another day misleads.

use time::{OffsetDateTime, UtcOffset};

/// `at` in the local time zone `offset`, with the day named unless it is today (as of `now`).
pub fn moment(at: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset) -> String {
    let (at, today) = (at.to_offset(offset), now.to_offset(offset).date());
    let clock = format!("{:02}:{:02}", at.hour(), at.minute());
    let day = at.date();
    if day == today {
        clock
    } else if today.next_day() == Some(day) {
        crate::tr!("moment-tomorrow", clock = clock)
    } else if today.previous_day() == Some(day) {
        crate::tr!("moment-yesterday", clock = clock)
    } else {
        let weekday = &at.weekday().to_string()[..3];
        let month = &at.month().to_string()[..3];
        format!("{weekday} {} {month} {clock}", day.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn the_day_is_named_unless_it_is_today_in_the_local_zone() {
        let now = datetime!(2026-12-06 14:00 UTC);
        let here = offset!(+1);
        assert_eq!(moment(datetime!(2026-12-06 14:02 UTC), now, here), "15:02");
        // A snooze of a day ends tomorrow at the same time: the bare "02:21" read as tonight.
        assert_eq!(moment(datetime!(2026-12-07 14:00 UTC), now, here), "tomorrow 15:00");
        assert_eq!(moment(datetime!(2026-12-05 22:30 UTC), now, here), "yesterday 23:30");
        assert_eq!(moment(datetime!(2026-12-01 08:30 UTC), now, here), "Tue 1 Dec 09:30");
        // 23:30 UTC on the 6th is already the 7th at +1.
        assert_eq!(moment(datetime!(2026-12-06 23:30 UTC), now, here), "tomorrow 00:30");
    }
}
