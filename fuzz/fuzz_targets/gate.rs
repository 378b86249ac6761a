//! The signature gate: end record, statement, signature, block digest of every byte.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = sacoche::archive::seal::check(data);
});
