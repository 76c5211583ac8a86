//! When a schedule runs: once at an instant, or at a local time every day or on chosen
//! weekdays, in an IANA time zone. Pure computation, with no clock and no I/O: every function
//! takes the instant it reasons from.

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

/// How often a repeating schedule comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Every day.
    Day,
    /// On the chosen weekdays of every week.
    Week,
}

impl Every {
    /// The wire name: `day` or `week`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
        }
    }
}

/// A set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Weekdays(u8);

impl Weekdays {
    /// The wire names, Monday first.
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    /// Every day of the week.
    pub const ALL: Self = Self(0b111_1111);

    /// The weekday named `name` (`mon` ... `sun`), alone.
    pub fn parse(name: &str) -> Option<Self> {
        let index = Self::NAMES.iter().position(|n| *n == name)?;
        Some(Self(1 << index))
    }

    /// Both sets together.
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the set holds `day`.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.to_monday_zero_offset()) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The wire names of the days in the set, Monday first.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .into_iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, name)| name)
    }
}

/// A repeating schedule's rhythm: a local time on some days, in a time zone, with an optional
/// end.
#[derive(Debug, Clone)]
pub struct Repeat {
    /// Daily or weekly.
    pub every: Every,
    /// The days it runs on ([`Weekdays::ALL`] for a daily schedule).
    pub weekdays: Weekdays,
    /// The local time of each run, to the minute.
    pub time: Time,
    /// The time zone, as given (an IANA name).
    pub time_zone: String,
    /// The time zone's rules.
    pub zone: TimeZone,
    /// No run after this instant.
    pub until: Option<Timestamp>,
    /// At most this many runs.
    pub count: Option<u32>,
}

impl Repeat {
    /// The first run strictly after `after`, with no regard to `until` or `count`; `None` only
    /// beyond the range of dates the time-zone library knows.
    pub fn following(&self, after: Timestamp) -> Option<Timestamp> {
        // From the day before `after`'s local date: a run whose date is the day before can still
        // come after `after` when a transition moved the clock back.
        let mut date = self.zone.to_datetime(after).date().yesterday().ok()?;
        // Nine days cover a week whatever the offsets do.
        for _ in 0..9 {
            if self.weekdays.contains(date.weekday()) {
                let at = self.instant_on(date)?;
                if at > after {
                    return Some(at);
                }
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// The instant of the run on the local `date`: the local time as the zone reads it; when
    /// that time happens twice (the clock was set back), the first; when it does not happen
    /// (the clock jumped over it), the first instant after the jump.
    pub fn instant_on(&self, date: Date) -> Option<Timestamp> {
        let local = date.to_datetime(self.time);
        match self.zone.to_ambiguous_timestamp(local).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(local).ok(),
            AmbiguousOffset::Fold { before, .. } => before.to_timestamp(local).ok(),
            AmbiguousOffset::Gap { before, .. } => {
                // Read with the offset from before the jump, the time falls after the jump; the
                // jump itself is the zone's last transition up to that instant.
                let inside = before.to_timestamp(local).ok()?;
                let probe = inside.checked_add(SignedDuration::from_secs(1)).ok()?;
                let jump = self.zone.preceding(probe).next()?;
                Some(jump.timestamp())
            }
        }
    }
}

/// When a schedule runs.
#[derive(Debug, Clone)]
pub enum When {
    /// Once, at this instant (with the text as given).
    At(Timestamp, String),
    /// Repeatedly.
    Repeat(Repeat),
}

/// Due runs looked at when catching up after a delay; beyond, the schedule restarts from the
/// present (a daily schedule stopped for three years is not worked through day by day).
const CATCH_UP: usize = 1000;

impl When {
    /// The run after `after`, for a schedule that has made `runs_made` runs; `None` when it has
    /// no more (its one run is past, its count is reached, the next would come after `until`).
    pub fn next_after(&self, after: Timestamp, runs_made: u32) -> Option<Timestamp> {
        match self {
            Self::At(at, _) => (runs_made == 0 && *at > after).then_some(*at),
            Self::Repeat(repeat) => {
                if repeat.count.is_some_and(|count| runs_made >= count) {
                    return None;
                }
                let next = repeat.following(after)?;
                match repeat.until {
                    Some(until) if next > until => None,
                    _ => Some(next),
                }
            }
        }
    }

    /// The run to make at `now` when `due` (at or before `now`) is the schedule's next run:
    /// the latest run due by `now`, so that runs never pile up after a delay, and how many due
    /// runs before it are passed over.
    pub fn latest_due(&self, due: Timestamp, now: Timestamp, runs_made: u32) -> (Timestamp, u32) {
        let mut latest = due;
        let mut passed = 0u32;
        for _ in 0..CATCH_UP {
            match self.next_after(latest, runs_made.saturating_add(passed + 1)) {
                Some(next) if next <= now => {
                    latest = next;
                    passed += 1;
                }
                _ => return (latest, passed),
            }
        }
        // Very far behind: the last due run before `now`, found from a day before it.
        let recent = now
            .checked_sub(SignedDuration::from_hours(24 * 8))
            .ok()
            .and_then(|from| self.latest_before(from, now, runs_made + passed))
            .unwrap_or(latest);
        (recent, passed)
    }

    /// The last run in (`from`, `now`].
    fn latest_before(&self, from: Timestamp, now: Timestamp, runs_made: u32) -> Option<Timestamp> {
        let mut found = None;
        let mut cursor = from;
        while let Some(next) = self.next_after(cursor, runs_made).filter(|n| *n <= now) {
            found = Some(next);
            cursor = next;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn repeat(days: &[&str], time: &str, zone: &str) -> Repeat {
        let weekdays = days
            .iter()
            .map(|d| Weekdays::parse(d).unwrap())
            .fold(Weekdays::default(), Weekdays::union);
        let (h, m) = time.split_once(':').unwrap();
        Repeat {
            every: if days.len() == 7 {
                Every::Day
            } else {
                Every::Week
            },
            weekdays,
            time: Time::new(h.parse().unwrap(), m.parse().unwrap(), 0, 0).unwrap(),
            time_zone: zone.into(),
            zone: TimeZone::get(zone).unwrap(),
            until: None,
            count: None,
        }
    }

    fn daily(time: &str, zone: &str) -> Repeat {
        repeat(&Weekdays::NAMES, time, zone)
    }

    /// The first `n` runs after `from`.
    fn runs(r: &Repeat, from: &str, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = ts(from);
        for _ in 0..n {
            at = r.following(at).unwrap();
            out.push(at.to_string());
        }
        out
    }

    #[test]
    fn a_daily_time_in_winter_and_summer() {
        let r = daily("09:00", "Europe/Paris");
        assert_eq!(
            runs(&r, "2026-03-27T12:00:00Z", 3),
            [
                "2026-03-28T08:00:00Z",
                "2026-03-29T07:00:00Z",
                "2026-03-30T07:00:00Z"
            ]
        );
    }

    #[test]
    fn a_time_in_the_spring_gap_runs_when_the_gap_ends() {
        // New York skips 02:00-03:00 on 8 March 2026: 02:30 runs at 03:00 EDT, 07:00Z.
        let r = daily("02:30", "America/New_York");
        assert_eq!(
            runs(&r, "2026-03-07T12:00:00Z", 2),
            ["2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"]
        );
        // 02:00 itself does not exist either.
        let r = daily("02:00", "America/New_York");
        assert_eq!(
            runs(&r, "2026-03-07T12:00:00Z", 1),
            ["2026-03-08T07:00:00Z"]
        );
    }

    #[test]
    fn a_time_that_happens_twice_runs_once_at_the_first() {
        // 01:30 happens twice in New York on 1 November 2026: EDT (05:30Z), then EST (06:30Z).
        let r = daily("01:30", "America/New_York");
        assert_eq!(
            runs(&r, "2026-10-31T12:00:00Z", 2),
            ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"]
        );
        // Asked between the two, the next run is the next day's.
        assert_eq!(
            runs(&r, "2026-11-01T06:00:00Z", 1),
            ["2026-11-02T06:30:00Z"]
        );
    }

    #[test]
    fn a_zone_with_a_thirty_minute_shift() {
        // Lord Howe Island moves from +10:30 to +11 at 02:00 on the first Sunday of October.
        let r = daily("02:15", "Australia/Lord_Howe");
        assert_eq!(
            runs(&r, "2026-10-03T00:00:00Z", 2),
            // 4 October: 02:15 is in the gap, so 02:30 +11 (15:30Z the day before).
            ["2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z"]
        );
        // ... and back to +10:30 at 02:00 on the first Sunday of April: 01:45 happens twice.
        let r = daily("01:45", "Australia/Lord_Howe");
        assert_eq!(
            runs(&r, "2026-04-04T00:00:00Z", 2),
            ["2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"]
        );
    }

    #[test]
    fn the_end_of_a_month_and_a_leap_day() {
        let r = daily("23:30", "Asia/Kolkata");
        assert_eq!(
            runs(&r, "2028-02-27T20:00:00Z", 3),
            [
                "2028-02-28T18:00:00Z",
                "2028-02-29T18:00:00Z",
                "2028-03-01T18:00:00Z"
            ]
        );
        let r = daily("00:00", "UTC");
        assert_eq!(
            runs(&r, "2026-12-31T00:00:00Z", 2),
            ["2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z"]
        );
    }

    #[test]
    fn weekdays() {
        // 7 December 2026 is a Monday.
        let r = repeat(&["mon", "fri"], "08:00", "UTC");
        assert_eq!(
            runs(&r, "2026-12-07T08:00:00Z", 3),
            [
                "2026-12-11T08:00:00Z",
                "2026-12-14T08:00:00Z",
                "2026-12-18T08:00:00Z"
            ]
        );
    }

    #[test]
    fn a_local_date_ahead_of_utc() {
        // At 20:00Z on a Sunday it is already Monday 09:00 in Auckland (+13).
        let r = repeat(&["mon"], "09:30", "Pacific/Auckland");
        assert_eq!(
            runs(&r, "2026-12-06T20:00:00Z", 1),
            ["2026-12-06T20:30:00Z"]
        );
    }

    #[test]
    fn count_until_and_one_instant() {
        let mut r = daily("10:00", "UTC");
        r.count = Some(2);
        r.until = Some(ts("2026-12-09T10:00:00Z"));
        let when = When::Repeat(r);
        let after = ts("2026-12-07T11:00:00Z");
        assert_eq!(when.next_after(after, 0), Some(ts("2026-12-08T10:00:00Z")));
        assert_eq!(when.next_after(after, 2), None);
        assert_eq!(when.next_after(ts("2026-12-09T10:00:00Z"), 1), None);
        let once = When::At(ts("2026-12-08T10:00:00Z"), String::new());
        assert_eq!(once.next_after(after, 0), Some(ts("2026-12-08T10:00:00Z")));
        assert_eq!(once.next_after(after, 1), None);
    }

    #[test]
    fn after_a_delay_only_the_latest_due_run_is_made() {
        let when = When::Repeat(daily("10:00", "UTC"));
        let due = ts("2026-12-01T10:00:00Z");
        let (run, passed) = when.latest_due(due, ts("2026-12-07T11:00:00Z"), 0);
        assert_eq!((run, passed), (ts("2026-12-07T10:00:00Z"), 6));
        assert_eq!(when.latest_due(due, due, 0), (due, 0));
        // Years behind: still the latest due run.
        let (run, _) = when.latest_due(ts("2020-01-01T10:00:00Z"), ts("2026-12-07T09:00:00Z"), 0);
        assert_eq!(run, ts("2026-12-06T10:00:00Z"));
    }
}
