//! One handbook file, as arbitrary bytes: split, model, validate and lint
//! (see `harness::load_file`).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::load_file(data));
