//! Periods (the month a report is about) and calendar dates.

use std::fmt;

/// A month: the key of a report in a single-publisher archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i16,
    pub month: u8,
}

impl Period {
    pub fn new(year: i16, month: u8) -> Option<Self> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year)).then_some(Period { year, month })
    }

    /// Parses `YYYY-MM` (also accepts a single-digit month, `2014-8`).
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        if year.len() != 4 || month.is_empty() || month.len() > 2 {
            return None;
        }
        if !year.bytes().chain(month.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        Period::new(year.parse().ok()?, month.parse().ok()?)
    }

    pub fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { month: self.month + 1, ..self }
        }
    }

    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period { year: self.year - 1, month: 12 }
        } else {
            Period { month: self.month - 1, ..self }
        }
    }

    /// Months from `self` to `later` (0 when equal, negative when earlier).
    pub fn months_until(self, later: Period) -> i32 {
        (i32::from(later.year) - i32::from(self.year)) * 12 + i32::from(later.month) - i32::from(self.month)
    }

    /// The month `months` after this one (before it when negative), or
    /// `None` outside the years 1000–9999. Arithmetic, not a loop: spans may
    /// be long.
    pub fn add_months(self, months: i32) -> Option<Period> {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + i64::from(months);
        Period::new(i16::try_from(index.div_euclid(12)).ok()?, u8::try_from(index.rem_euclid(12) + 1).ok()?)
    }

    /// The months strictly between this one and `later` (first and last),
    /// when there is at least one: the gap between two reports.
    pub fn gap_until(self, later: Period) -> Option<(Period, Period)> {
        (self.months_until(later) > 1).then(|| (self.next(), later.previous()))
    }

    /// The same month a year earlier.
    pub fn year_before(self) -> Period {
        Period { year: self.year - 1, ..self }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The number of days of a month of the Gregorian calendar.
pub fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar date (`issued`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let date: jiff::civil::Date = text.parse().ok()?;
        Some(Date { year: date.year(), month: u8::try_from(date.month()).ok()?, day: u8::try_from(date.day()).ok()? })
    }

    pub fn period(self) -> Period {
        Period { year: self.year, month: self.month }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let cases = [
            ("2014-08", Some((2014, 8))),
            ("2014-8", Some((2014, 8))),
            ("2014-12", Some((2014, 12))),
            ("2014-13", None),
            ("2014-00", None),
            ("14-08", None),
            ("2014/08", None),
            ("2014-08-01", None),
            ("08-2014", None),
            ("", None),
            ("２０１４-08", None),
        ];
        for (text, want) in cases {
            assert_eq!(Period::parse(text), want.and_then(|(y, m)| Period::new(y, m)), "{text}");
        }
        let p = Period::parse("2014-12").unwrap();
        assert_eq!(p.next().to_string(), "2015-01");
        assert_eq!(p.next().previous(), p);
        assert_eq!(Period::parse("2014-01").unwrap().previous().to_string(), "2013-12");
        assert_eq!(Period::parse("2013-11").unwrap().months_until(p), 13);
    }

    #[test]
    fn month_arithmetic() {
        let p = |text: &str| Period::parse(text).unwrap();
        // (start, months, result)
        let cases: &[(&str, i32, Option<&str>)] = &[
            ("2014-11", 14, Some("2016-01")),
            ("2014-11", 0, Some("2014-11")),
            ("2014-01", -1, Some("2013-12")),
            ("2014-03", -27, Some("2011-12")),
            ("1000-01", 8999 * 12 + 11, Some("9999-12")),
            ("9999-12", 1, None),
            ("1000-01", -1, None),
            ("2014-01", i32::MAX, None),
            ("2014-01", i32::MIN, None),
        ];
        for &(start, months, want) in cases {
            assert_eq!(p(start).add_months(months).map(|x| x.to_string()).as_deref(), want, "{start} {months}");
        }
        // (earlier, later, the months between)
        type Gap<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);
        let gaps: &[Gap] = &[
            ("2014-08", "2014-09", None),
            ("2014-08", "2014-10", Some(("2014-09", "2014-09"))),
            ("2014-11", "2015-03", Some(("2014-12", "2015-02"))),
            ("2014-08", "2014-08", None),
            ("2014-09", "2014-08", None),
        ];
        for &(a, b, want) in gaps {
            assert_eq!(p(a).gap_until(p(b)), want.map(|(f, t)| (p(f), p(t))), "{a} {b}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(Date::parse("2014-08-19").map(|d| d.to_string()).as_deref(), Some("2014-08-19"));
        assert_eq!(Date::parse("2014-02-30"), None);
        assert_eq!(Date::parse("2014-8-19"), None);
        assert_eq!(Date::parse("19/08/2014"), None);
        assert!(Date::parse("2016-02-29").is_some());
        assert_eq!(
            [days_in_month(2016, 2), days_in_month(1900, 2), days_in_month(2000, 2), days_in_month(2014, 4)],
            [29, 28, 29, 30]
        );
    }
}
