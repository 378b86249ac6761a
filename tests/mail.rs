//! Mail: the ready-to-send message parses with Python's `email` package and carries the
//! identical archive; archives come back out of .eml files, mbox files and Maildirs,
//! each once; SMTP delivers the identical archive to a server on 127.0.0.1.

mod common;

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use common::{sacoche, write};
use predicates::prelude::*;

struct Farm {
    _dir: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    archive: PathBuf,
}

fn farm() -> Farm {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let home = root.join("home");
    common::new_user(&home, "GAEC LE GUYON");
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let result = sacoche(&home)
        .arg("pack")
        .arg(common::sample_dossier())
        .args([
            "--dossier",
            "8502182",
            "--name",
            "GAEC LE GUYON",
            "--fiscal-year",
            "2020-01-01..2020-12-31",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(result.status.success());
    let archive = PathBuf::from(String::from_utf8_lossy(&result.stdout).trim());
    Farm {
        _dir: dir,
        root,
        home,
        archive,
    }
}

fn python(script: &str, args: &[&Path]) -> String {
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const CHECK_EML: &str = r#"
import email, sys
from email import policy
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
atts = list(m.iter_attachments())
assert len(atts) == 1, len(atts)
a = atts[0]
assert a.get_content_type() == 'application/octet-stream', a.get_content_type()
data = a.get_payload(decode=True)
assert data == open(sys.argv[2], 'rb').read(), 'attachment differs from the archive'
body = m.get_body(preferencelist=('plain',)).get_content()
print(a.get_filename())
print(m['To'], m['X-Unsent'])
print(body)
"#;

#[test]
fn the_message_carries_the_identical_archive_and_says_what_it_is() {
    let f = farm();
    let eml = f.root.join("message.eml");
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args([
            "--to",
            "cabinet.dupont@example.fr",
            "--from",
            "gaec@example.fr",
            "--out",
        ])
        .arg(&eml)
        .assert()
        .success()
        .stdout(predicate::str::contains("message.eml"));
    let report = python(CHECK_EML, &[&eml, &f.archive]);
    let name = f
        .archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert_eq!(report.lines().next(), Some(name.as_str()));
    assert!(report.contains("cabinet.dupont@example.fr 1"), "{report}");
    for want in [
        "dossier 8502182",
        "GAEC LE GUYON",
        "01/01/2020 – 31/12/2020",
        "le dossier complet",
        "the whole dossier",
        "sacoche inbox process --all",
        // Real plurals, from the catalog, in both languages.
        "(14 fichiers)",
        "(14 files)",
    ] {
        assert!(report.contains(want), "body lacks {want}:\n{report}");
    }
    for never in ["fichier(s)", "file(s)"] {
        assert!(!report.contains(never), "body has {never}:\n{report}");
    }
    // Bad addresses are usage errors.
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args(["--to", "pas une adresse"])
        .assert()
        .code(2);
}

#[test]
fn an_archive_too_big_for_mail_is_refused_with_the_fix() {
    let f = farm();
    write(&f.home.join("config.toml"), "[mail]\nmax_size = \"10k\"\n");
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args(["--to", "cabinet@example.fr"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--max-size"));
    assert!(!f.archive.with_extension("eml").exists());
}

#[test]
fn archives_come_out_of_eml_mbox_and_maildir_each_once() {
    let f = farm();
    let eml = f.root.join("m.eml");
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args([
            "--to",
            "cabinet@example.fr",
            "--from",
            "gaec@example.fr",
            "--out",
        ])
        .arg(&eml)
        .assert()
        .success();
    let message = fs::read(&eml).unwrap_or_default();
    // An mbox holding the message twice.
    let mut mbox = Vec::new();
    for _ in 0..2 {
        mbox.extend_from_slice(b"From gaec@example.fr Tue Nov 24 10:00:00 2026\n");
        mbox.extend_from_slice(&message);
        mbox.extend_from_slice(b"\n");
    }
    let mbox_path = f.root.join("Reçus.mbox");
    fs::write(&mbox_path, mbox).unwrap_or_else(|e| panic!("{e}"));
    // A Maildir with it in new/ and in cur/.
    let maildir = f.root.join("Maildir");
    write(&maildir.join("new/1.eml"), &message);
    write(&maildir.join("cur/2.eml:2,S"), &message);
    fs::create_dir_all(maildir.join("tmp")).unwrap_or_else(|e| panic!("{e}"));

    for source in [&eml, &mbox_path, &maildir] {
        let inbox = f.root.join(format!(
            "inbox-{}",
            source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        fs::create_dir_all(&inbox).unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..2 {
            // Twice: the second import finds it already there.
            sacoche(&f.home)
                .args(["inbox", "import-mail", "--inbox"])
                .arg(&inbox)
                .arg(source)
                .assert()
                .success();
        }
        let files: Vec<PathBuf> = fs::read_dir(&inbox)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        assert_eq!(files.len(), 1, "{source:?}: {files:?}");
        assert_eq!(
            fs::read(&files[0]).unwrap_or_default(),
            fs::read(&f.archive).unwrap_or_default()
        );
    }
}

/// An SMTP server on 127.0.0.1 for the tests, written here rather than borrowed (it
/// was Python's aiosmtpd, which a fresh machine does not have): it speaks the part of
/// SMTP a client sending one message needs (EHLO/HELO, MAIL, RCPT, DATA with dot
/// unstuffing, RSET, NOOP, QUIT) and stores each message in a Maildir. Stopped, and its
/// port closed, when dropped.
struct SmtpServer {
    port: u16,
    maildir: PathBuf,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SmtpServer {
    fn start(root: &Path) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("{e}"));
        let maildir = root.join("server-maildir");
        for sub in ["new", "cur", "tmp"] {
            fs::create_dir_all(maildir.join(sub)).unwrap_or_else(|e| panic!("{e}"));
        }
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dir, flag) = (maildir.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut count = 0;
            for stream in listener.incoming() {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    serve(stream, &dir, &mut count);
                }
            }
        });
        SmtpServer {
            port,
            maildir,
            stop,
            thread: Some(thread),
        }
    }
}

/// One SMTP session on `stream`; each message received goes to `maildir/new/`.
fn serve(stream: TcpStream, maildir: &Path, count: &mut usize) {
    use std::io::{BufRead, BufReader, Write};
    let Ok(mut out) = stream.try_clone() else {
        return;
    };
    let mut lines = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes()).is_ok();
    if !say("220 localhost sacoche test SMTP") {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        let ok = match verb.as_str() {
            "EHLO" | "HELO" => say("250 localhost"),
            "MAIL" | "RCPT" | "RSET" | "NOOP" => say("250 OK"),
            "QUIT" => {
                say("221 bye");
                return;
            }
            "DATA" => {
                if !say("354 go ahead") {
                    return;
                }
                let mut message = Vec::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let text = line.strip_prefix('.').unwrap_or(&line);
                    message.extend_from_slice(text.as_bytes());
                }
                *count += 1;
                let name = maildir.join("new").join(format!("{count}.eml"));
                fs::write(name, &message).unwrap_or_else(|e| panic!("{e}"));
                say("250 stored")
            }
            _ => say("502 not here"),
        };
        if !ok {
            return;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept so that the thread sees the flag and closes the port.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn smtp_delivers_the_identical_archive() {
    let f = farm();
    let server = SmtpServer::start(&f.root);
    write(
        &f.home.join("config.toml"),
        format!(
            "[mail]\nfrom = \"gaec@example.fr\"\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\ntls = \"none\"\n",
            server.port
        ),
    );
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args(["--to", "cabinet@example.fr", "--smtp"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Sent"));
    // What the server received is a Maildir: the accountant imports from it.
    let inbox = f.root.join("inbox");
    fs::create_dir_all(&inbox).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&f.home)
        .args(["inbox", "import-mail", "--inbox"])
        .arg(&inbox)
        .arg(&server.maildir)
        .assert()
        .success();
    let files: Vec<PathBuf> = fs::read_dir(&inbox)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        fs::read(&files[0]).unwrap_or_default(),
        fs::read(&f.archive).unwrap_or_default()
    );
    // A server that is not there: a clear error, exit 1.
    drop(server);
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args(["--to", "cabinet@example.fr", "--smtp"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("SMTP server"));
}

#[test]
fn a_dossier_over_the_limit_travels_in_several_archives_that_integrate_in_order() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let fk = common::new_user(&farmer, "GAEC LE GUYON");
    let ak = common::new_user(&accountant, "Cabinet Dupont");
    common::trust(&accountant, fk, "GAEC LE GUYON", &["8502182"]);
    common::trust(&farmer, ak, "Cabinet Dupont", &["8502182"]);
    let farm = root.join("farm");
    for i in 0..40 {
        write(
            &farm.join(format!("Pièces/scan {i:02}.pdf")),
            common::noise(i, 30_000),
        );
    }
    common::copy_tree(&common::sample_dossier(), &farm);
    sacoche(&farmer)
        .arg("init")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    let (inbox, dossiers) = (root.join("inbox"), root.join("dossiers"));
    fs::create_dir_all(&inbox).unwrap_or_else(|e| panic!("{e}"));
    let limit = 200_000u64;
    let pack = |expect_parts: &dyn Fn(usize) -> bool| {
        let out = sacoche(&farmer)
            .arg("pack")
            .arg(&farm)
            .args(["--max-size", "200k", "--json", "--out"])
            .arg(&inbox)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // One line per archive (after one per receipt found on the way, if any).
        let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap_or_else(|e| panic!("{e}")))
            .filter(|v| v["type"] == "packed")
            .collect();
        assert!(expect_parts(lines.len()), "{} parts", lines.len());
        for v in &lines {
            let size = v["size"].as_u64().unwrap_or(u64::MAX);
            assert!(size <= limit, "an archive of {size} bytes");
            assert_eq!(v["parts"].as_u64(), Some(lines.len() as u64));
        }
        lines
    };
    let dossier_only = |d: &Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        common::files_of(d)
            .into_iter()
            .filter(|(k, _)| !k.starts_with(".sacoche"))
            .collect()
    };

    // The parts of one split archive: all "full", integrated together.
    let first = pack(&|n| n >= 6);
    assert!(first.iter().all(|v| v["kind"] == "full"));
    sacoche(&accountant)
        .args(["inbox", "process", "--all", "--inbox"])
        .arg(&inbox)
        .arg("--dossiers")
        .arg(&dossiers)
        .assert()
        .success();
    assert_eq!(dossier_only(&dossiers.join("8502182")), dossier_only(&farm));
    // Every part was integrated and left; what is there now is the accountant's receipt
    // (as on a stick going back to the farmer).
    let left: Vec<String> = fs::read_dir(&inbox)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        left.len() == 1 && left[0].ends_with("-accuse-reception.sacoche"),
        "{left:?}"
    );

    // Changes too big for one message: split as well, deletions and renames included.
    for i in 0..10 {
        write(
            &farm.join(format!("Pièces/2021/scan {i}.pdf")),
            common::noise(100 + i, 30_000),
        );
    }
    fs::remove_file(farm.join("Pièces/scan 00.pdf")).unwrap_or_else(|e| panic!("{e}"));
    fs::rename(
        farm.join("Pièces/scan 01.pdf"),
        farm.join("Pièces/renommé.pdf"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The farmer's pack found the receipt: only what the accountant lacks travels.
    let second = pack(&|n| n >= 2);
    assert!(second.iter().all(|v| v["kind"] == "changes"));
    sacoche(&accountant)
        .args(["inbox", "process", "--all", "--inbox"])
        .arg(&inbox)
        .arg("--dossiers")
        .arg(&dossiers)
        .assert()
        .success();
    assert_eq!(dossier_only(&dossiers.join("8502182")), dossier_only(&farm));

    // A single file bigger than the limit: refused, nothing written.
    write(&farm.join("Pièces/énorme.pdf"), common::noise(7, 300_000));
    sacoche(&farmer)
        .arg("pack")
        .arg(&farm)
        .args(["--max-size", "200k", "--out"])
        .arg(&inbox)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("énorme.pdf").and(predicate::str::contains("USB stick")));
    let archives = fs::read_dir(&inbox)
        .map(|d| {
            d.flatten()
                .filter(|e| !e.file_name().to_string_lossy().contains("accuse-reception"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(archives, 0, "nothing written");
}

#[test]
fn an_archive_integrated_by_apply_is_never_imported_from_the_mail_again() {
    let f = farm();
    let accountant = f.root.join("accountant");
    common::new_user(&accountant, "Cabinet Dupont");
    let farmer_key = public_key_of(&f.home);
    common::trust(&accountant, farmer_key, "GAEC LE GUYON", &["8502182"]);
    let message = f.root.join("message.eml");
    sacoche(&f.home)
        .arg("mail")
        .arg(&f.archive)
        .args(["--to", "cabinet@example.fr", "--out"])
        .arg(&message)
        .assert()
        .success();
    // The accountant integrates the archive from the stick, by hand.
    let dossiers = f.root.join("dossiers");
    sacoche(&accountant)
        .arg("apply")
        .arg(&f.archive)
        .arg(dossiers.join("8502182"))
        .assert()
        .success();
    // Then the same archive comes by mail: not imported again.
    let inbox = f.root.join("inbox");
    fs::create_dir_all(&inbox).unwrap_or_else(|e| panic!("{e}"));
    sacoche(&accountant)
        .args(["inbox", "import-mail", "--inbox"])
        .arg(&inbox)
        .arg("--dossiers")
        .arg(&dossiers)
        .arg(&message)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 archives added"));
    assert_eq!(fs::read_dir(&inbox).map(|d| d.count()).unwrap_or(1), 0);
}

/// A user's public key, read back from their home.
fn public_key_of(home: &std::path::Path) -> sacoche::keys::PublicKey {
    sacoche::keys::OwnKey::load(&sacoche::home::Home::at(home))
        .unwrap_or_else(|e| panic!("{e}"))
        .public_key()
}
