//! Property tests of a repeating schedule's runs, against a slow oracle that walks the clock
//! minute by minute: across daylight-saving gaps and overlaps, zones with 30- and 45-minute
//! offsets and shifts, month ends and leap days.
#![cfg(all(feature = "schedule", not(target_arch = "wasm32")))]
#![allow(clippy::unwrap_used)]

use jiff::civil::Time;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use wuts_status::schedule::{Every, Repeat, Weekdays, When};

const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/London",
    "Europe/Dublin", // a negative daylight-saving offset in its rules
    "Australia/Sydney",
    "Australia/Lord_Howe", // a 30-minute shift
    "Pacific/Chatham",     // +12:45 / +13:45
    "Asia/Kathmandu",      // +05:45
    "Asia/Kolkata",        // +05:30
    "America/St_Johns",    // -03:30 / -02:30
    "America/Santiago",
    "Asia/Tehran",
    "Pacific/Auckland",
    "UTC",
];

fn repeat(zone: &str, hour: i8, minute: i8, days: u8) -> Repeat {
    let weekdays = (0..7)
        .filter(|i| days & (1 << i) != 0)
        .map(|i| Weekdays::parse(Weekdays::NAMES[i]).unwrap())
        .fold(Weekdays::default(), Weekdays::union);
    Repeat {
        every: if weekdays == Weekdays::ALL {
            Every::Day
        } else {
            Every::Week
        },
        weekdays,
        time: Time::new(hour, minute, 0, 0).unwrap(),
        time_zone: zone.into(),
        zone: TimeZone::get(zone).unwrap(),
        until: None,
        count: None,
    }
}

/// Whether the instant `t`, on a whole minute, is a run of `r`: its local time is the run's
/// time on a chosen weekday (the first time, when the clock shows it twice), or it is the end
/// of a jump over the run's time on a chosen weekday.
fn is_run(r: &Repeat, t: Timestamp) -> bool {
    let local = r.zone.to_datetime(t);
    if !r.weekdays.contains(local.weekday()) {
        return false;
    }
    let wanted = local.date().to_datetime(r.time);
    match r.zone.to_ambiguous_timestamp(wanted).offset() {
        AmbiguousOffset::Unambiguous { .. } => local == wanted,
        AmbiguousOffset::Fold { before, .. } => before.to_timestamp(wanted).unwrap() == t,
        AmbiguousOffset::Gap { .. } => {
            // The minute before `t` was before the jump, and `t` is past the run's time.
            let previous = r.zone.to_datetime(t - SignedDuration::from_mins(1));
            previous < wanted && local > wanted
        }
    }
}

/// The first run after `after`, found by walking the clock minute by minute.
fn oracle(r: &Repeat, after: Timestamp) -> Option<Timestamp> {
    let first = Timestamp::from_second((after.as_second() / 60 + 1) * 60).ok()?;
    (0..9 * 24 * 60)
        .map(|i| first + SignedDuration::from_mins(i))
        .find(|t| is_run(r, *t))
}

fn zone() -> impl Strategy<Value = &'static str> {
    prop::sample::select(ZONES)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_next_run_is_the_first_the_clock_reaches(
        zone in zone(),
        hour in 0i8..24,
        minute in prop::sample::select(vec![0i8, 1, 15, 29, 30, 31, 45, 59]),
        days in 1u8..128,
        // 2020 to 2036, to the second.
        after in 1_577_836_800i64..2_082_758_400,
    ) {
        let r = repeat(zone, hour, minute, days);
        let after = Timestamp::from_second(after).unwrap();
        let next = r.following(after);
        prop_assert_eq!(next, oracle(&r, after), "{} {:02}:{:02} days {:07b} after {}", zone, hour, minute, days, after);
    }

    /// Around a transition of the zone's clock, at a local time within 90 minutes of it.
    #[test]
    fn around_a_transition_the_next_run_is_the_first_the_clock_reaches(
        zone in zone(),
        year in 2020i16..2036,
        which in 0usize..2,
        shift in -90i64..90,
        lead_min in 0i64..(3 * 24 * 60),
        days in 1u8..128,
    ) {
        let tz = TimeZone::get(zone).unwrap();
        let start = jiff::civil::date(year, 1, 1).to_datetime(Time::midnight()).to_zoned_datetime(tz.clone()).unwrap().timestamp();
        let Some(transition) = tz.following(start).nth(which) else { return Ok(()) };
        // Wall-clock arithmetic from the minute before the transition, so that a local time
        // inside a gap (one no instant shows) is picked as often as any other.
        let before = tz.to_datetime(transition.timestamp() - SignedDuration::from_mins(1));
        let local = before.checked_add(SignedDuration::from_mins(shift)).unwrap();
        let r = repeat(zone, local.hour(), local.minute(), days);
        let after = transition.timestamp() - SignedDuration::from_mins(lead_min);
        prop_assert_eq!(r.following(after), oracle(&r, after), "{} {} days {:07b} after {}", zone, local.time(), days, after);
    }

    #[test]
    fn a_daily_schedule_runs_once_every_local_day(
        zone in zone(),
        hour in 0i8..24,
        minute in prop::sample::select(vec![0i8, 15, 30, 45]),
        after in 1_577_836_800i64..2_082_758_400,
    ) {
        let r = repeat(zone, hour, minute, 0x7f);
        let mut at = Timestamp::from_second(after).unwrap();
        let mut previous = None;
        for _ in 0..40 {
            let next = r.following(at).unwrap();
            prop_assert!(next > at);
            let date = r.zone.to_datetime(next).date();
            if let Some(previous) = previous {
                prop_assert_eq!(date, jiff::civil::Date::tomorrow(previous).unwrap(), "{} {}", zone, next);
            }
            previous = Some(date);
            at = next;
        }
    }

    #[test]
    fn after_a_delay_the_run_made_is_the_latest_due(
        zone in zone(),
        hour in 0i8..24,
        days in 1u8..128,
        start in 1_577_836_800i64..2_082_758_400,
        delay_min in 0i64..(60 * 24 * 30),
    ) {
        let when = When::Repeat(repeat(zone, hour, 0, days));
        let due = when.next_after(Timestamp::from_second(start).unwrap(), 0).unwrap();
        let now = due + SignedDuration::from_mins(delay_min);
        let (run, passed) = when.latest_due(due, now, 0);
        prop_assert!(run >= due && run <= now);
        // Nothing else is due between that run and now.
        prop_assert!(when.next_after(run, 1).is_none_or(|next| next > now));
        prop_assert_eq!(passed == 0, run == due);
    }
}
