//! The schedule (BITS-style): weekly time windows in local time that set a
//! different global download limit, and an optional "only run between"
//! window. Evaluating it is a pure function of the local weekday and minute,
//! so a clock jump changes which window applies and nothing else.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Minutes in a day; a window may end at 24:00.
pub const MINUTES_PER_DAY: u16 = 24 * 60;

/// A set of weekdays; bit 0 is Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Weekdays(pub u8);

impl Weekdays {
    pub const EVERY_DAY: Weekdays = Weekdays(0b111_1111);
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// `weekday`: 0 is Monday.
    pub fn contains(self, weekday: u8) -> bool {
        weekday < 7 && self.0 & (1 << weekday) != 0
    }
}

impl fmt::Display for Weekdays {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0b111_1111 => return formatter.write_str("daily"),
            0b001_1111 => return formatter.write_str("mon-fri"),
            0b110_0000 => return formatter.write_str("sat,sun"),
            _ => {}
        }
        let names: Vec<&str> = (0..7)
            .filter(|weekday| self.contains(*weekday))
            .map(|weekday| Weekdays::NAMES[usize::from(weekday)])
            .collect();
        formatter.write_str(&names.join(","))
    }
}

/// On `days`, from `start_minute` to `end_minute` (minutes after local
/// midnight). An end before the start runs past midnight into the next day
/// (22:00-06:00 on Friday is Friday night until Saturday 06:00); equal ends
/// mean the whole day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeWindow {
    pub days: Weekdays,
    pub start_minute: u16,
    pub end_minute: u16,
}

impl TimeWindow {
    /// True when local `weekday` (0 = Monday) and `minute` of the day fall
    /// inside.
    pub fn contains(&self, weekday: u8, minute: u16) -> bool {
        let (start, end) = (self.start_minute, self.end_minute);
        if start == end {
            return self.days.contains(weekday);
        }
        if start < end {
            return self.days.contains(weekday) && (start..end).contains(&minute);
        }
        let previous_day = (weekday + 6) % 7;
        (self.days.contains(weekday) && minute >= start)
            || (self.days.contains(previous_day) && minute < end)
    }
}

impl fmt::Display for TimeWindow {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clock = |minute: u16| format!("{:02}:{:02}", minute / 60, minute % 60);
        write!(
            formatter,
            "{} {}-{}",
            self.days,
            clock(self.start_minute),
            clock(self.end_minute)
        )
    }
}

/// A window with its own global download limit (`None`: unlimited).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LimitWindow {
    pub window: TimeWindow,
    pub download_limit: Option<u64>,
}

/// The whole schedule; empty by default (no windows, always runs).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    /// The first window that contains the moment sets the global limit;
    /// outside all of them the limit in the settings applies.
    pub limit_windows: Vec<LimitWindow>,
    /// When set, transfers run only inside this window.
    pub only_between: Option<TimeWindow>,
}

/// What the schedule says for one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScheduleNow {
    /// The window's global limit, when a limit window applies.
    pub download_limit: Option<Option<u64>>,
    /// Outside the "only run between" window.
    pub is_outside_hours: bool,
}

impl Schedule {
    /// The schedule at local `weekday` (0 = Monday) and `minute` of the day.
    pub fn at(&self, weekday: u8, minute: u16) -> ScheduleNow {
        ScheduleNow {
            download_limit: self
                .limit_windows
                .iter()
                .find(|limit| limit.window.contains(weekday, minute))
                .map(|limit| limit.download_limit),
            is_outside_hours: self
                .only_between
                .is_some_and(|window| !window.contains(weekday, minute)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.limit_windows.is_empty() && self.only_between.is_none()
    }

    /// One line per window, for people: "limit mon-fri 08:00-18:00: 1 MiB/s",
    /// "only between daily 22:00-06:00"; `rate_words` writes a limit.
    pub fn lines(&self, rate_words: impl Fn(Option<u64>) -> String) -> Vec<String> {
        let limits = self.limit_windows.iter().map(|limit| {
            ferry_i18n::tr!(
                "schedule-limit",
                window = limit.window.to_string(),
                limit = rate_words(limit.download_limit)
            )
        });
        let only = self
            .only_between
            .iter()
            .map(|window| ferry_i18n::tr!("schedule-only-between", window = window.to_string()));
        limits.chain(only).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MONDAY: u8 = 0;
    const FRIDAY: u8 = 4;
    const SATURDAY: u8 = 5;
    const SUNDAY: u8 = 6;

    fn at(hour: u16, minute: u16) -> u16 {
        hour * 60 + minute
    }

    #[test]
    fn a_weekday_office_hours_window() {
        let office = TimeWindow {
            days: Weekdays(0b001_1111),
            start_minute: at(8, 0),
            end_minute: at(18, 0),
        };
        assert!(office.contains(MONDAY, at(8, 0)));
        assert!(office.contains(FRIDAY, at(17, 59)));
        assert!(!office.contains(FRIDAY, at(18, 0)));
        assert!(!office.contains(MONDAY, at(7, 59)));
        assert!(!office.contains(SATURDAY, at(12, 0)));
        assert_eq!(office.to_string(), "mon-fri 08:00-18:00");
    }

    #[test]
    fn a_window_past_midnight_belongs_to_the_day_it_starts() {
        let nights = TimeWindow {
            days: Weekdays(1 << FRIDAY),
            start_minute: at(22, 0),
            end_minute: at(6, 0),
        };
        assert!(nights.contains(FRIDAY, at(23, 0)));
        assert!(nights.contains(SATURDAY, at(5, 59)));
        assert!(!nights.contains(SATURDAY, at(6, 0)));
        assert!(!nights.contains(FRIDAY, at(5, 0)));
        assert!(!nights.contains(SATURDAY, at(23, 0)));
        let sunday_night = TimeWindow {
            days: Weekdays(1 << SUNDAY),
            ..nights
        };
        assert!(sunday_night.contains(MONDAY, at(1, 0)));
    }

    #[test]
    fn the_first_limit_window_wins_and_outside_hours_holds() {
        let schedule = Schedule {
            limit_windows: vec![
                LimitWindow {
                    window: TimeWindow {
                        days: Weekdays(0b001_1111),
                        start_minute: at(8, 0),
                        end_minute: at(18, 0),
                    },
                    download_limit: Some(1_000_000),
                },
                LimitWindow {
                    window: TimeWindow {
                        days: Weekdays::EVERY_DAY,
                        start_minute: 0,
                        end_minute: 0,
                    },
                    download_limit: None,
                },
            ],
            only_between: Some(TimeWindow {
                days: Weekdays::EVERY_DAY,
                start_minute: at(1, 0),
                end_minute: at(23, 0),
            }),
        };
        let office = schedule.at(MONDAY, at(9, 0));
        assert_eq!(office.download_limit, Some(Some(1_000_000)));
        assert!(!office.is_outside_hours);
        let evening = schedule.at(MONDAY, at(19, 0));
        assert_eq!(evening.download_limit, Some(None));
        assert!(schedule.at(SUNDAY, at(23, 30)).is_outside_hours);
        let empty = Schedule::default().at(MONDAY, 0);
        assert_eq!(empty.download_limit, None);
        assert!(!empty.is_outside_hours);
    }
}
