//! Archive file names, the path guard and the collision key.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sacoche::archive::name::parse(text);
        let _ = sacoche::archive::path::check_payload(text);
        let _ = sacoche::archive::path::collision_key(text);
        let _ = sacoche::archive::name::check_dossier_id(text);
    }
});
