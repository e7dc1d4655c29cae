//! Numbers as people read them: `3`, `99.95`, a value with its unit
//! (`99.7%`, `2.5 s`). A leaf module, using nothing of the crate: pages,
//! feeds, charts and `okrbook diff` all write numbers the same way.

/// A number as people write it: `3`, `99.95`, `-0.5`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{:.4}", value);
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A value with its unit, as a key result's unit is written: `99.7%`, `2.5 s`, `12`.
pub fn with_unit(value: f64, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", format_number(value)),
        Some(unit) => format!("{} {unit}", format_number(value)),
        None => format_number(value),
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
        assert_eq!(with_unit(99.7, Some("%")), "99.7%");
        assert_eq!(with_unit(2.5, Some("s")), "2.5 s");
        assert_eq!(with_unit(12.0, None), "12");
    }
}
