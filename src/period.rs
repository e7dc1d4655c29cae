//! OKR periods: a quarter (`2026-Q4`), a half (`2026-H1`) or a year (`2026`),
//! placed on the calendar by the fiscal year: its first month and whether
//! it is named after the calendar year it starts or ends in.

use crate::date::Date;
use std::cmp::Ordering;
use std::fmt;

/// Which calendar year gives a fiscal year its name (`fiscal-year-named-by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NamedBy {
    /// The year it starts in: with a February start, 2026 runs Feb 2026 – Jan 2027.
    #[default]
    Start,
    /// The year it ends in, as GitLab's FY2027: Feb 2026 – Jan 2027.
    End,
}

impl NamedBy {
    /// The words `fiscal-year-named-by` accepts.
    pub const WORDS: [&'static str; 2] = ["start", "end"];

    /// Reads `start` or `end` (any case, trimmed).
    pub fn parse(text: &str) -> Option<NamedBy> {
        match text.trim().to_ascii_lowercase().as_str() {
            "start" => Some(NamedBy::Start),
            "end" => Some(NamedBy::End),
            _ => None,
        }
    }

    /// The value as written in `book.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            NamedBy::Start => "start",
            NamedBy::End => "end",
        }
    }
}

/// How periods' names map onto the calendar: `quarter-start-month` and
/// `fiscal-year-named-by` of `[okr]`. The default is the calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FiscalYear {
    /// First month of the fiscal year, 1-12.
    start_month: u32,
    /// Which calendar year names it.
    pub named_by: NamedBy,
}

impl Default for FiscalYear {
    fn default() -> Self {
        FiscalYear::CALENDAR
    }
}

impl FiscalYear {
    /// January to December, named after its (one) calendar year.
    pub const CALENDAR: FiscalYear = FiscalYear {
        start_month: 1,
        named_by: NamedBy::Start,
    };

    /// A fiscal year starting in `start_month` (1-12), or `None` for another number.
    pub const fn new(start_month: u32, named_by: NamedBy) -> Option<FiscalYear> {
        if start_month >= 1 && start_month <= 12 {
            Some(FiscalYear {
                start_month,
                named_by,
            })
        } else {
            None
        }
    }

    /// The first month, 1-12.
    pub fn start_month(self) -> u32 {
        self.start_month
    }

    /// True when fiscal years are calendar years, so a period's name says its days.
    pub fn is_calendar(self) -> bool {
        self.start_month == 1
    }

    /// The calendar year in which the fiscal year named `name` starts.
    fn starts_in(self, name: i32) -> i32 {
        match self.named_by {
            NamedBy::End if !self.is_calendar() => name - 1,
            _ => name,
        }
    }

    /// The name of the fiscal year that starts in calendar year `year`.
    fn name_of(self, year: i32) -> i32 {
        match self.named_by {
            NamedBy::End if !self.is_calendar() => year + 1,
            _ => year,
        }
    }
}

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
    /// The fiscal year's name: the calendar year it starts in, or with
    /// [`NamedBy::End`] the one it ends in.
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

    /// The quarter that contains `date`: the inverse of [`Period::start`] and
    /// [`Period::end`] for quarters.
    pub fn quarter_containing(date: Date, fiscal: FiscalYear) -> Period {
        let start_month = fiscal.start_month as i32;
        let months_into_fiscal = (date.month() as i32 - start_month).rem_euclid(12);
        let starts_in = if (date.month() as i32) < start_month {
            date.year() - 1
        } else {
            date.year()
        };
        Period {
            year: fiscal.name_of(starts_in),
            span: Span::Quarter((months_into_fiscal / 3 + 1) as u8),
        }
    }

    /// The first day of the period.
    pub fn start(self, fiscal: FiscalYear) -> Date {
        let offset = match self.span {
            Span::Quarter(q) => (i32::from(q) - 1) * 3,
            Span::Half(h) => (i32::from(h) - 1) * 6,
            Span::Year => 0,
        };
        Date::first_of_month(
            fiscal.starts_in(self.year),
            fiscal.start_month as i32 + offset,
        )
    }

    /// The first day after the period.
    pub fn end(self, fiscal: FiscalYear) -> Date {
        let start = self.start(fiscal);
        let months = match self.span {
            Span::Quarter(_) => 3,
            Span::Half(_) => 6,
            Span::Year => 12,
        };
        Date::first_of_month(start.year(), start.month() as i32 + months)
    }

    /// The last day of the period.
    pub fn last_day(self, fiscal: FiscalYear) -> Date {
        self.end(fiscal).add_days(-1)
    }

    /// Fraction of the period elapsed on `as_of`, in [0, 1]; the whole of `as_of` counts as elapsed.
    pub fn elapsed_fraction(self, fiscal: FiscalYear, as_of: Date) -> f64 {
        let start = self.start(fiscal);
        let total = start.days_until(self.end(fiscal)) as f64;
        let elapsed = (start.days_until(as_of) + 1) as f64;
        (elapsed / total).clamp(0.0, 1.0)
    }

    /// The days the period runs, for readers: `1 Aug – 31 Oct 2026`, or
    /// `1 Nov 2026 – 31 Jan 2027` across a new year.
    pub fn dates_text(self, fiscal: FiscalYear) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = |date: Date| MONTHS[(date.month() as usize + 11) % 12];
        let (first, last) = (self.start(fiscal), self.last_day(fiscal));
        let start_year = if first.year() == last.year() {
            String::new()
        } else {
            format!(" {}", first.year())
        };
        format!(
            "{} {}{start_year} – {} {} {}",
            first.day(),
            month(first),
            last.day(),
            month(last),
            last.year()
        )
    }

    /// The period of the same length just before this one: the previous
    /// quarter, half or fiscal year (`2027-Q1` → `2026-Q4`, `2027-H1` →
    /// `2026-H2`, `2027` → `2026`). Periods are named within fiscal years, so
    /// this holds under any `quarter-start-month`.
    pub fn previous(self) -> Period {
        let (year, span) = match self.span {
            Span::Quarter(1) => (self.year - 1, Span::Quarter(4)),
            Span::Quarter(q) => (self.year, Span::Quarter(q - 1)),
            Span::Half(1) => (self.year - 1, Span::Half(2)),
            Span::Half(h) => (self.year, Span::Half(h - 1)),
            Span::Year => (self.year - 1, Span::Year),
        };
        Period { year, span }
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

    fn fiscal(start_month: u32, named_by: NamedBy) -> FiscalYear {
        FiscalYear::new(start_month, named_by).unwrap()
    }

    const CAL: FiscalYear = FiscalYear::CALENDAR;

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
        assert_eq!(q4.start(CAL), date("2026-10-01"));
        assert_eq!(q4.end(CAL), date("2027-01-01"));
        assert_eq!(q4.last_day(CAL), date("2026-12-31"));
        assert_eq!(Period::quarter_containing(date("2026-11-21"), CAL), q4);
    }

    #[test]
    fn fiscal_years_start_in_their_named_year() {
        let april = fiscal(4, NamedBy::Start);
        assert_eq!(april, FiscalYear::new(4, NamedBy::default()).unwrap());
        let q1 = Period::parse("2026-Q1").unwrap();
        assert_eq!(q1.start(april), date("2026-04-01"));
        let h2 = Period::parse("2026-H2").unwrap();
        assert_eq!(h2.start(april), date("2026-10-01"));
        assert_eq!(h2.end(april), date("2027-04-01"));
        let year = Period::parse("2026").unwrap();
        assert_eq!(year.end(april), date("2027-04-01"));
        assert_eq!(
            Period::quarter_containing(date("2027-02-10"), april).to_string(),
            "2026-Q4"
        );
        assert_eq!(
            Period::quarter_containing(date("2027-04-01"), april).to_string(),
            "2027-Q1"
        );
    }

    #[test]
    fn elapsed_fraction_is_clamped() {
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(q4.elapsed_fraction(CAL, date("2026-09-01")), 0.0);
        assert_eq!(q4.elapsed_fraction(CAL, date("2027-03-01")), 1.0);
        assert_eq!(q4.elapsed_fraction(CAL, date("2026-12-31")), 1.0);
        let mid = q4.elapsed_fraction(CAL, date("2026-11-15"));
        assert!((mid - 46.0 / 92.0).abs() < 1e-9);
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        let previous = |text: &str| Period::parse(text).unwrap().previous().to_string();
        assert_eq!(previous("2027-Q1"), "2026-Q4");
        assert_eq!(previous("2026-Q3"), "2026-Q2");
        assert_eq!(previous("2027-H1"), "2026-H2");
        assert_eq!(previous("2026-H2"), "2026-H1");
        assert_eq!(previous("2027"), "2026");
        // Under any fiscal year, the previous quarter ends where this one starts.
        for fy in [CAL, fiscal(2, NamedBy::End), fiscal(4, NamedBy::Start)] {
            for text in ["2027-Q1", "2027-Q3", "2027-H1", "2027"] {
                let p = Period::parse(text).unwrap();
                assert_eq!(p.previous().end(fy), p.start(fy), "{text}");
            }
        }
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

    #[test]
    fn fiscal_years_named_after_their_end_run_the_year_before() {
        // GitLab: FY20 is 1 Feb 2019 – 31 Jan 2020, FY20-Q2 May – July 2019.
        let gitlab = fiscal(2, NamedBy::End);
        let fy20 = Period::parse("2020").unwrap();
        assert_eq!(fy20.start(gitlab), date("2019-02-01"));
        assert_eq!(fy20.last_day(gitlab), date("2020-01-31"));
        let q2 = Period::parse("2020-Q2").unwrap();
        assert_eq!(q2.start(gitlab), date("2019-05-01"));
        assert_eq!(q2.last_day(gitlab), date("2019-07-31"));

        let period = |text: &str| Period::parse(text).unwrap();
        let days = |text: &str| {
            let p = period(text);
            (p.start(gitlab).to_string(), p.last_day(gitlab).to_string())
        };
        assert_eq!(days("2027"), ("2026-02-01".into(), "2027-01-31".into()));
        assert_eq!(days("2027-Q3"), ("2026-08-01".into(), "2026-10-31".into()));
        assert_eq!(days("2027-Q4"), ("2026-11-01".into(), "2027-01-31".into()));
        assert_eq!(days("2027-H2"), ("2026-08-01".into(), "2027-01-31".into()));
        // The same days named after the start year.
        let start = fiscal(2, NamedBy::Start);
        for (end_name, start_name) in [
            ("2027", "2026"),
            ("2027-Q4", "2026-Q4"),
            ("2027-H1", "2026-H1"),
        ] {
            assert_eq!(
                period(end_name).start(gitlab),
                period(start_name).start(start)
            );
            assert_eq!(period(end_name).end(gitlab), period(start_name).end(start));
        }
        assert_eq!(
            Period::quarter_containing(date("2026-11-20"), gitlab).to_string(),
            "2027-Q4"
        );
        assert_eq!(
            Period::quarter_containing(date("2027-01-31"), gitlab).to_string(),
            "2027-Q4"
        );
        assert_eq!(
            Period::quarter_containing(date("2027-02-01"), gitlab).to_string(),
            "2028-Q1"
        );
        // Written form and order do not depend on the naming.
        assert!(period("2027-Q3") < period("2027-Q4"));
        assert_eq!(period("2027-Q3").to_string(), "2027-Q3");
    }

    #[test]
    fn a_calendar_year_is_named_the_same_either_way() {
        let end = fiscal(1, NamedBy::End);
        assert!(end.is_calendar() && CAL.is_calendar());
        assert!(!fiscal(2, NamedBy::Start).is_calendar());
        for text in ["2026", "2026-H2", "2026-Q1", "2026-Q4"] {
            let p = Period::parse(text).unwrap();
            assert_eq!(p.start(end), p.start(CAL), "{text}");
            assert_eq!(p.end(end), p.end(CAL), "{text}");
        }
        assert_eq!(
            Period::quarter_containing(date("2026-11-20"), end).to_string(),
            "2026-Q4"
        );
    }

    #[test]
    fn the_quarter_containing_a_day_runs_over_it_for_every_fiscal_year() {
        // Every start month, both namings, every day of four calendar years:
        // the quarter found holds the day, and is the one that starts on
        // the first day of its range.
        for start_month in 1..=12 {
            for named_by in [NamedBy::Start, NamedBy::End] {
                let fy = fiscal(start_month, named_by);
                let mut day = date("2025-01-01");
                while day < date("2029-01-01") {
                    let q = Period::quarter_containing(day, fy);
                    assert!(
                        q.start(fy) <= day && day < q.end(fy),
                        "{q} ({start_month}, {named_by:?}) does not hold {day}"
                    );
                    assert_eq!(Period::quarter_containing(q.start(fy), fy), q);
                    assert_eq!(Period::quarter_containing(q.last_day(fy), fy), q);
                    assert_eq!(q.start(fy).day(), 1);
                    day = day.add_days(1);
                }
                // And back: each quarter's first and last day lie in it;
                // consecutive quarters meet without a gap.
                for year in 2024..=2030 {
                    for n in 1..=4 {
                        let q = Period {
                            year,
                            span: Span::Quarter(n),
                        };
                        assert_eq!(Period::quarter_containing(q.start(fy), fy), q);
                        assert_eq!(Period::quarter_containing(q.last_day(fy), fy), q);
                        let next = if n == 4 {
                            Period {
                                year: year + 1,
                                span: Span::Quarter(1),
                            }
                        } else {
                            Period {
                                year,
                                span: Span::Quarter(n + 1),
                            }
                        };
                        assert_eq!(
                            q.end(fy),
                            next.start(fy),
                            "{q} ({start_month}, {named_by:?})"
                        );
                    }
                    // A year is its four quarters, and its halves two each.
                    let y = Period {
                        year,
                        span: Span::Year,
                    };
                    let q = |n| Period {
                        year,
                        span: Span::Quarter(n),
                    };
                    let h = |n| Period {
                        year,
                        span: Span::Half(n),
                    };
                    assert_eq!(y.start(fy), q(1).start(fy));
                    assert_eq!(y.end(fy), q(4).end(fy));
                    assert_eq!(h(1).end(fy), q(3).start(fy));
                    assert_eq!(h(2).end(fy), y.end(fy));
                }
            }
        }
    }

    #[test]
    fn dates_are_written_for_readers() {
        let gitlab = fiscal(2, NamedBy::End);
        let text = |p: &str, fy| Period::parse(p).unwrap().dates_text(fy);
        assert_eq!(text("2027-Q3", gitlab), "1 Aug – 31 Oct 2026");
        assert_eq!(text("2027-Q4", gitlab), "1 Nov 2026 – 31 Jan 2027");
        assert_eq!(text("2027", gitlab), "1 Feb 2026 – 31 Jan 2027");
        assert_eq!(text("2026-Q1", CAL), "1 Jan – 31 Mar 2026");
        assert_eq!(text("2026", CAL), "1 Jan – 31 Dec 2026");
    }

    #[test]
    fn namings_are_read() {
        assert_eq!(NamedBy::parse(" End "), Some(NamedBy::End));
        assert_eq!(NamedBy::parse("start"), Some(NamedBy::Start));
        assert_eq!(NamedBy::parse("ending"), None);
        assert_eq!(NamedBy::End.as_str(), "end");
        assert!(FiscalYear::new(0, NamedBy::Start).is_none());
        assert!(FiscalYear::new(13, NamedBy::End).is_none());
        assert_eq!(fiscal(12, NamedBy::End).start_month(), 12);
    }
}
