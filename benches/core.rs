//! Micro-benchmarks of the steps whose speed the tool's targets depend on (see
//! docs/PERFORMANCE.md for the end-to-end comparison, `bench/*.sh`).
//! Run: `cargo bench` (or `cargo bench -- digest` for one group).

use std::path::{Path, PathBuf};

use sacoche::archive::manifest::{self, FileEntry, Sha256};
use sacoche::archive::{path, seal};
use sacoche::dossier::meta::Identity;
use sacoche::dossier::snapshot;
use sacoche::exchange::{self, PackMode, PackOptions};
use sacoche::home::Home;
use sacoche::keys::{OwnKey, TrustStore};

fn main() {
    divan::main();
}

/// Deterministic incompressible bytes (scans).
fn noise(len: usize, mut x: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

fn paths(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "Pièces/{}/{:02}/scan {i:05} coopérative laitière.pdf",
                2010 + i % 11,
                i % 12 + 1
            )
        })
        .collect()
}

/// The archive digest (4 MiB blocks on all cores) against one SHA-256 stream, on
/// 64 MiB in memory: what the gate of `verify` costs per byte.
mod digest {
    use super::*;
    const LEN: usize = 64 << 20;

    #[divan::bench]
    fn block_digest(b: divan::Bencher) {
        let data = noise(LEN, 1);
        b.counter(divan::counter::BytesCount::new(LEN))
            .bench(|| seal::digest(&data[..], LEN as u64).ok());
    }

    #[divan::bench]
    fn one_sha256_stream(b: divan::Bencher) {
        let data = noise(LEN, 1);
        b.counter(divan::counter::BytesCount::new(LEN))
            .bench(|| Sha256::of(&data));
    }
}

/// The name rules every path passes, packing and reading (10,000 French paths).
mod names {
    use super::*;

    #[divan::bench]
    fn check_10k_paths(b: divan::Bencher) {
        let all = paths(10_000);
        b.bench(|| all.iter().filter(|p| path::check(p).is_ok()).count());
    }

    #[divan::bench]
    fn collision_keys_10k_paths(b: divan::Bencher) {
        let all = paths(10_000);
        b.bench(|| {
            all.iter()
                .map(|p| path::collision_key(p).len())
                .sum::<usize>()
        });
    }
}

/// The manifest of a 10,000-file dossier: state id, and parsing with every check.
mod manifests {
    use super::*;

    fn entries() -> Vec<FileEntry> {
        let mut all: Vec<FileEntry> = paths(10_000)
            .into_iter()
            .enumerate()
            .map(|(i, path)| FileEntry {
                path,
                size: i as u64 * 1000,
                sha256: Sha256::of(&i.to_le_bytes()),
                modified: chrono::DateTime::UNIX_EPOCH,
            })
            .collect();
        all.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        all
    }

    #[divan::bench]
    fn state_id_10k_files(b: divan::Bencher) {
        let files = entries();
        b.bench(|| manifest::state_id(&files));
    }
}

/// A dossier of `files` small files (and one bigger scan) on disk, initialised, with a
/// key in its own SACOCHE_HOME.
struct Dossier {
    _dir: tempfile::TempDir,
    home: Home,
    dossier: PathBuf,
    out: PathBuf,
}

fn dossier(files: usize) -> Dossier {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let home = Home::at(root.join("home"));
    OwnKey::create(&home, "Bench").unwrap_or_else(|e| panic!("{e}"));
    let dossier = root.join("d");
    let old = filetime::FileTime::from_unix_time(1_600_000_000, 0);
    for (i, p) in paths(files).iter().enumerate() {
        let at = dossier.join(p);
        std::fs::create_dir_all(at.parent().unwrap_or(Path::new(".")))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&at, noise(2_000 + i % 5_000, i as u64 + 1))
            .unwrap_or_else(|e| panic!("{e}"));
        filetime::set_file_mtime(&at, old).unwrap_or_else(|e| panic!("{e}"));
    }
    exchange::init(
        &dossier,
        &Identity {
            id: "8502182".parse().unwrap(),
            name: "GAEC LE GUYON".into(),
            fiscal_period: None,
            history: None,
            replica: None,
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    Dossier {
        _dir: dir,
        home,
        dossier,
        out,
    }
}

/// Rescanning an unchanged dossier (stat cache warm): no file is read.
mod rescan {
    use super::*;

    #[divan::bench(args = [1_000, 10_000])]
    fn unchanged(b: divan::Bencher, files: usize) {
        let d = dossier(files);
        snapshot::take(&d.dossier).unwrap_or_else(|e| panic!("{e}"));
        b.bench(|| {
            let snap = snapshot::take(&d.dossier).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(snap.hashed, 0);
            snap.files.len()
        });
    }
}

/// Packing and verifying 1,000 files (about 4 MB): the fixed costs around the bytes.
mod archive {
    use super::*;

    #[divan::bench(sample_count = 20)]
    fn pack_full_1k_files(b: divan::Bencher) {
        let d = dossier(1_000);
        b.bench(|| {
            let options = PackOptions {
                out_dir: d.out.clone(),
                mode: PackMode::Full,
                ..PackOptions::default()
            };
            let packed = exchange::pack(&d.home, &d.dossier, &options, &mut |_| {})
                .unwrap_or_else(|e| panic!("{e}"));
            for a in &packed.archives {
                let _ = std::fs::remove_file(&a.path);
            }
        });
    }

    #[divan::bench(sample_count = 20)]
    fn verify_1k_files(b: divan::Bencher) {
        let d = dossier(1_000);
        let options = PackOptions {
            out_dir: d.out.clone(),
            mode: PackMode::Full,
            ..PackOptions::default()
        };
        let packed = exchange::pack(&d.home, &d.dossier, &options, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        let trust = TrustStore::load(&d.home).unwrap_or_else(|e| panic!("{e}"));
        let archive = packed
            .archives
            .first()
            .map(|a| a.path.clone())
            .unwrap_or_default();
        b.bench(|| sacoche::archive::verify(&archive, &trust).is_ok());
    }
}
