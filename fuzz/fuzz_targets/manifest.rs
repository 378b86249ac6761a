//! The manifest parser and its checks (paths, order, collisions, state id, ops).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sacoche::archive::Manifest::from_json(data);
});
