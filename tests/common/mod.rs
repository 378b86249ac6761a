//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod hostile;
pub mod schema;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sacoche::home::Home;
use sacoche::keys::{OwnKey, PublicKey, TrustStore};

/// A scratch folder in memory where the system offers one (`/dev/shm`): tests that
/// integrate hundreds of times (each integration synced to the disk) run there, since
/// what they check is what a killed or failing process leaves, not the disk itself.
pub fn memory_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// A `sacoche` command run with its own `SACOCHE_HOME`.
pub fn sacoche(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("sacoche").unwrap_or_else(|e| panic!("{e}"));
    cmd.env("SACOCHE_HOME", home);
    // The tests read English unless they ask for French (SACOCHE_LANG=fr).
    cmd.env("SACOCHE_LANG", "en");
    cmd.env_remove("RUST_BACKTRACE");
    cmd
}

/// Every file under `dir` with its bytes (and links as their targets): a folder's
/// whole observable state, to prove a command wrote nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        let ft = entry.file_type();
        let content = if ft.is_file() {
            fs::read(entry.path()).unwrap_or_else(|e| panic!("{e}"))
        } else if ft.is_symlink() {
            let target = fs::read_link(entry.path()).unwrap_or_else(|e| panic!("{e}"));
            format!("link -> {}", target.display()).into_bytes()
        } else {
            b"<dir>".to_vec()
        };
        out.insert(rel, content);
    }
    out
}

/// The files of a tree as relative path -> bytes, ignoring folders and junk.
pub fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(_, v)| v != b"<dir>")
        .map(|(k, v)| (k.to_string_lossy().replace('\\', "/"), v))
        .collect()
}

/// Writes a file, creating its folders.
pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
}

/// Creates a user's key in `home` and returns its public key.
pub fn new_user(home: &Path, name: &str) -> PublicKey {
    OwnKey::create(&Home::at(home), name)
        .unwrap_or_else(|e| panic!("{e}"))
        .public_key()
}

/// Makes `home` trust `key` for `dossiers` (empty: all).
pub fn trust(home: &Path, key: PublicKey, name: &str, dossiers: &[&str]) {
    let home = Home::at(home);
    let mut store = TrustStore::load(&home).unwrap_or_else(|e| panic!("{e}"));
    let dossiers: Vec<sacoche::ids::DossierId> = dossiers
        .iter()
        .map(|s| s.parse().unwrap_or_else(|e| panic!("{e}")))
        .collect();
    store
        .add(key, name, &dossiers)
        .unwrap_or_else(|e| panic!("{e}"));
    store.save(&home).unwrap_or_else(|e| panic!("{e}"));
}

/// The bundled sample dossier.
pub fn sample_dossier() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dossier-8502182")
}

/// Copies a tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files_of(from) {
        write(&to.join(rel), bytes);
    }
}

/// A dossier's files, without its `.sacoche` metadata.
pub fn dossier_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_of(dir)
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".sacoche/"))
        .collect()
}

/// Copies a dossier with its records (not its stat cache, nor leftover staging).
pub fn copy_dossier(from: &Path, to: &Path) {
    for (rel, bytes) in files_of(from) {
        if !rel.starts_with(".sacoche/cache") && !rel.starts_with(".sacoche/staging") {
            write(&to.join(rel), bytes);
        }
    }
}

/// `sacoche watch --json ARGS…` as `home`, and a channel of the JSON lines it prints.
pub fn spawn_watch(
    home: &Path,
    args: &[&std::ffi::OsStr],
) -> (
    std::process::Child,
    std::sync::mpsc::Receiver<serde_json::Value>,
) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sacoche"))
        .env("SACOCHE_HOME", home)
        .args(["watch", "--json"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
                && tx.send(v).is_err()
            {
                break;
            }
        }
    });
    (child, rx)
}

/// Pseudo-random, incompressible bytes (like scans), the same for the same seed.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Runs the independent reader (tests/interop/, written from docs/FORMAT.md alone) on
/// every archive of `dir` against its `.expect` file, trusting the test key; asserts
/// it ran cleanly and returns its report (which ends "N passed, M failed").
pub fn independent_reader(dir: &Path) -> String {
    let key = dir.join("test-key.pub");
    fs::write(&key, hostile::test_key().public_key().to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/independent_reader.py"))
        .arg(&key)
        .arg("--expect")
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed (.ci/run installs what it needs): {e}"));
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    report
}

/// Standard zip tools read `archive` whole: Python's `zipfile` (its CRC test of every
/// entry) always, and Info-ZIP's `unzip -t` where it is installed (`.ci/run` installs
/// it; a fresh machine may lack it, and then says so on stderr).
pub fn zip_tools_accept(archive: &Path) {
    let python = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nbad = z.testzip()\nsys.exit(f'bad entry {bad}' if bad else 0)",
        ])
        .arg(archive)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed: {e}"));
    assert!(
        python.status.success(),
        "Python's zipfile refuses {}: {}",
        archive.display(),
        String::from_utf8_lossy(&python.stderr)
    );
    match std::process::Command::new("unzip")
        .arg("-tqq")
        .arg(archive)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "unzip -t refuses {}: {}",
            archive.display(),
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => eprintln!("(unzip is not installed: checked with Python's zipfile only)"),
    }
}
