//! A small handbook derived from the input, checked and rendered in memory
//! (see `harness::build_small` for the input's form).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::build_small(data));
