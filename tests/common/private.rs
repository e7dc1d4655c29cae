//! One scanner for private text in a built site: every test that proves a
//! private objective left no trace asks it, with the strings that only the
//! private objective holds.

use std::collections::BTreeMap;

/// Every place a secret appears in a built site: in a file's path (`the path
/// …`) or anywhere in its bytes (`… holds "secret"`). Empty when nothing leaked.
pub fn leaks<V: AsRef<[u8]>>(files: &BTreeMap<String, V>, secrets: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        for secret in secrets {
            if path.contains(secret) {
                found.push(format!("the path {path} holds {secret:?}"));
            }
            let needle = secret.as_bytes();
            if bytes.as_ref().windows(needle.len()).any(|w| w == needle) {
                found.push(format!("{path} holds {secret:?}"));
            }
        }
    }
    found
}

/// Asserts that no secret appears in any path or byte of `files`, listing every leak.
#[track_caller]
pub fn assert_no_leaks<V: AsRef<[u8]>>(files: &BTreeMap<String, V>, secrets: &[&str]) {
    let found = leaks(files, secrets);
    assert!(
        found.is_empty(),
        "private text published:\n{}",
        found.join("\n")
    );
}
