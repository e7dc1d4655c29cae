//! Numbers as people read them: `3`, `99.95`, a key result's value with its
//! unit (`99.7%`, `2.5 s`) or a yes/no check-in (`done`). A leaf module:
//! pages, feeds, charts and `okrbook diff` all write numbers the same way.

use crate::model::{CheckinValue, KeyResult};

/// A number as people write it: `3`, `99.95`, `-0.5`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{:.4}", value);
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A value of a key result with its unit: `99.7%`, `2.5 s`, `12`.
pub fn with_unit(kr: &KeyResult, value: f64) -> String {
    match &kr.unit {
        Some(unit) if unit == "%" => format!("{}%", format_number(value)),
        Some(unit) => format!("{} {unit}", format_number(value)),
        None => format_number(value),
    }
}

/// A check-in's value as people read it: a number with its unit, `done` or `not done`.
pub fn value_text(kr: &KeyResult, value: CheckinValue) -> String {
    match value {
        CheckinValue::Number(n) => with_unit(kr, n),
        CheckinValue::Done(true) => "done".to_string(),
        CheckinValue::Done(false) => "not done".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(99.95), "99.95");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
    }
}
