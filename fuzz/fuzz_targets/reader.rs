//! The archive reader after the signature gate: zip structure, manifest, every entry.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sacoche::archive::read::checks_after_gate(data);
});
