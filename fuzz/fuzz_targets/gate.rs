//! The signature gate: end record, statement, signature, whole-file hash.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sacoche::archive::seal::check(&data[..]);
});
