//! Lookups in a built `okrs.json`, with messages that say what was missing.

use serde_json::Value;

/// The objective with `id` in `okrs.json`.
#[track_caller]
pub fn objective<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["objectives"]
        .as_array()
        .expect("objectives is a list")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("objective {id} is in okrs.json"))
}

/// The key result with `id` of an objective of `okrs.json`.
#[track_caller]
pub fn key_result<'a>(objective: &'a Value, id: &str) -> &'a Value {
    objective["key_results"]
        .as_array()
        .expect("key_results is a list")
        .iter()
        .find(|kr| kr["id"] == id)
        .unwrap_or_else(|| panic!("key result {id} is in {}", objective["id"]))
}

/// Asserts that `value` is a number within 1e-9 of `expected`.
#[track_caller]
pub fn close(value: &Value, expected: f64) {
    let actual = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is a number"));
    assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
}
