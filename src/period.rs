//! OKR periods: a quarter (`2026-Q4`), a half (`2026-H1`) or a year (`2026`),
//! placed on the calendar by the fiscal year's first month.

use crate::date::Date;
use std::cmp::Ordering;
use std::fmt;

/// How long a period runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    /// A quarter of the fiscal year, 1-4.
    Quarter(u8),
    /// A half of the fiscal year, 1-2.
    Half(u8),
    /// The whole fiscal year.
    Year,
}

/// A named OKR period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// The fiscal year, named after the calendar year it starts in.
    pub year: i32,
    /// Which part of that year.
    pub span: Span,
}

impl Period {
    /// Parses `YYYY-Qn` (n 1-4), `YYYY-Hn` (n 1-2) or `YYYY`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (year_text, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let span = match rest {
            None => Span::Year,
            Some(rest) => {
                let mut chars = rest.chars();
                let letter = chars.next()?.to_ascii_uppercase();
                let number: u8 = chars.as_str().parse().ok()?;
                match (letter, number) {
                    ('Q', 1..=4) => Span::Quarter(number),
                    ('H', 1..=2) => Span::Half(number),
                    _ => return None,
                }
            }
        };
        Some(Period { year, span })
    }

    /// The quarter that contains `date`, for a fiscal year that starts in `start_month`.
    pub fn quarter_containing(date: Date, start_month: u32) -> Period {
        let months_into_fiscal = (date.month() as i32 - start_month as i32).rem_euclid(12);
        let fiscal_year = if (date.month() as i32) < start_month as i32 {
            date.year() - 1
        } else {
            date.year()
        };
        Period {
            year: fiscal_year,
            span: Span::Quarter((months_into_fiscal / 3 + 1) as u8),
        }
    }

    /// The first day of the period.
    pub fn start(self, start_month: u32) -> Date {
        let offset = match self.span {
            Span::Quarter(q) => (i32::from(q) - 1) * 3,
            Span::Half(h) => (i32::from(h) - 1) * 6,
            Span::Year => 0,
        };
        Date::first_of_month(self.year, start_month as i32 + offset)
    }

    /// The first day after the period.
    pub fn end(self, start_month: u32) -> Date {
        let start = self.start(start_month);
        let months = match self.span {
            Span::Quarter(_) => 3,
            Span::Half(_) => 6,
            Span::Year => 12,
        };
        Date::first_of_month(start.year(), start.month() as i32 + months)
    }

    /// The last day of the period.
    pub fn last_day(self, start_month: u32) -> Date {
        self.end(start_month).add_days(-1)
    }

    /// Fraction of the period elapsed on `as_of`, in [0, 1]; the whole of `as_of` counts as elapsed.
    pub fn elapsed_fraction(self, start_month: u32, as_of: Date) -> f64 {
        let start = self.start(start_month);
        let total = start.days_until(self.end(start_month)) as f64;
        let elapsed = (start.days_until(as_of) + 1) as f64;
        (elapsed / total).clamp(0.0, 1.0)
    }

    fn span_rank(self) -> u8 {
        match self.span {
            Span::Year => 0,
            Span::Half(h) => h,
            Span::Quarter(q) => 2 + q,
        }
    }
}

impl Ord for Period {
    /// Chronological by year, then a year before its halves before its quarters.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.span_rank()).cmp(&(other.year, other.span_rank()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            Span::Quarter(q) => write!(f, "{}-Q{}", self.year, q),
            Span::Half(h) => write!(f, "{}-H{}", self.year, h),
            Span::Year => write!(f, "{}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(Period::parse("2026-Q4").unwrap().to_string(), "2026-Q4");
        assert_eq!(Period::parse("2026-H1").unwrap().to_string(), "2026-H1");
        assert_eq!(Period::parse("2026").unwrap().to_string(), "2026");
        for bad in [
            "2026-Q5", "2026-Q0", "2026-H3", "26-Q1", "2026-", "Q4", "2026-X1", "2026-Q12",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn calendar_quarters() {
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.start(1), date("2026-10-01"));
        assert_eq!(q4.end(1), date("2027-01-01"));
        assert_eq!(q4.last_day(1), date("2026-12-31"));
        assert_eq!(Period::quarter_containing(date("2026-11-21"), 1), q4);
    }

    #[test]
    fn fiscal_years_start_in_their_named_year() {
        let q1 = Period::parse("2026-Q1").unwrap();
        assert_eq!(q1.start(4), date("2026-04-01"));
        let h2 = Period::parse("2026-H2").unwrap();
        assert_eq!(h2.start(4), date("2026-10-01"));
        assert_eq!(h2.end(4), date("2027-04-01"));
        let year = Period::parse("2026").unwrap();
        assert_eq!(year.end(4), date("2027-04-01"));
        assert_eq!(
            Period::quarter_containing(date("2027-02-10"), 4).to_string(),
            "2026-Q4"
        );
        assert_eq!(
            Period::quarter_containing(date("2027-04-01"), 4).to_string(),
            "2027-Q1"
        );
    }

    #[test]
    fn elapsed_fraction_is_clamped() {
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.elapsed_fraction(1, date("2026-09-01")), 0.0);
        assert_eq!(q4.elapsed_fraction(1, date("2027-03-01")), 1.0);
        assert_eq!(q4.elapsed_fraction(1, date("2026-12-31")), 1.0);
        let mid = q4.elapsed_fraction(1, date("2026-11-15"));
        assert!((mid - 46.0 / 92.0).abs() < 1e-9);
    }

    #[test]
    fn orders_chronologically() {
        let mut periods: Vec<Period> = ["2026-Q2", "2025", "2026", "2026-H1", "2026-Q1"]
            .iter()
            .filter_map(|p| Period::parse(p))
            .collect();
        periods.sort();
        let names: Vec<String> = periods.iter().map(|p| p.to_string()).collect();
        assert_eq!(names, ["2025", "2026", "2026-H1", "2026-Q1", "2026-Q2"]);
    }
}
