//! Output an archive controls: whatever an archive brings — its sender's name, its
//! dossier's name, its purpose and comment, its file names, the fields of a statement
//! from an unknown key — is printed escaped, in human output and in JSON, in French and
//! English: no terminal escape sequence (window title, clear screen, colour), no NUL,
//! C1 or bidi control reaches the terminal, and no embedded newline can forge an extra
//! line such as a fake `valid:`.

mod common;

use std::path::{Path, PathBuf};

use common::hostile;

/// One of each class of control an archive could try to print.
const CONTROLS: &[(&str, &str)] = &[
    ("window title (OSC)", "\u{1b}]0;pwned\u{7}"),
    ("clear screen (CSI)", "\u{1b}[2J\u{1b}[H"),
    ("colour (SGR)", "\u{1b}[31m"),
    ("NUL", "\u{0}"),
    ("C1 CSI", "\u{9b}2J"),
    ("C1 next line", "\u{85}"),
    ("DEL", "\u{7f}"),
    ("backspace", "\u{8}\u{8}\u{8}"),
    ("carriage return", "\r"),
    ("right-to-left override", "\u{202e}"),
    (
        "a forged line",
        "\nvalid: /tmp/forged.sacoche: dossier 9999999",
    ),
    ("a forged French line", "\nvalide : /tmp/forged.sacoche"),
];

/// Whether `text` holds anything a terminal would obey rather than show.
fn raw_control(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}')
    })
}

fn run(home: &Path, lang: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = common::sacoche(home)
        .env("SACOCHE_LANG", lang)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The lines of `out` that claim an archive is valid.
fn valid_lines(out: &str) -> usize {
    out.lines()
        .filter(|l| l.starts_with("valid:") || l.starts_with("valide :"))
        .count()
}

#[test]
fn nothing_an_archive_brings_is_printed_raw() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = dir.path().join("home");
    common::new_user(&home, "Cabinet Dupont");
    let key = hostile::test_key();
    common::trust(&home, key.public_key(), "GAEC LE GUYON", &[]);
    let stranger = hostile::stranger_key();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap_or_else(|e| panic!("{e}"));
    let mut archives: Vec<(String, PathBuf)> = Vec::new();
    for (i, (class, control)) in CONTROLS.iter().enumerate() {
        let files: &[(&str, &[u8])] = &[("FEC.txt", b"VTE;1")];
        // Trusted, the control in every free-text field of the manifest.
        let mut m = hostile::manifest_v2_for(&key, files);
        m.sequence = i as u64 + 1;
        m.sender.name = format!("GAEC{control}");
        m.dossier.name = format!("GAEC LE GUYON{control}");
        m.purpose = Some(format!("Envoi{control}"));
        m.comment = Some(format!("Bonjour{control}"));
        let path = inbox.join(format!("8502182-2020102717{i:04}.sacoche"));
        hostile::sealed(&path, &key, &m, files);
        archives.push((format!("{class} (trusted)"), path));
        // From an unknown key: only the statement is shown.
        let m = hostile::manifest_v2_for(&stranger, files);
        let path = inbox.join(format!("stranger-{i}.sacoche"));
        hostile::sealed(&path, &stranger, &m, files);
        archives.push((format!("{class} (unknown key)"), path));
    }
    // A name the path guard refuses, with the control in it (its rejection names it).
    for (i, (class, control)) in CONTROLS.iter().enumerate() {
        let name = format!("facture{control}.pdf");
        let files: &[(&str, &[u8])] = &[(name.as_str(), b"1")];
        let m = hostile::manifest_v2_for(&key, files);
        let path = inbox.join(format!("name-{i}.sacoche"));
        hostile::sealed(&path, &key, &m, files);
        archives.push((format!("{class} (file name)"), path));
    }
    let office = dir.path().join("office");
    for lang in ["fr", "en"] {
        for (what, path) in &archives {
            for args in [
                vec!["show".as_ref(), path.as_os_str()],
                vec!["show".as_ref(), "--json".as_ref(), path.as_os_str()],
                vec!["verify".as_ref(), path.as_os_str()],
                vec!["verify".as_ref(), "--json".as_ref(), path.as_os_str()],
                vec![
                    "apply".as_ref(),
                    "--dry-run".as_ref(),
                    path.as_os_str(),
                    office.as_os_str(),
                ],
            ] {
                let out = run(&home, lang, &args);
                assert_eq!(raw_control(&out), None, "{lang} {what} {args:?}:\n{out:?}");
                assert!(
                    valid_lines(&out) <= 1,
                    "{lang} {what} {args:?}: a forged line\n{out}"
                );
                assert!(
                    !out.lines().any(|l| l.starts_with("valid: /tmp/forged")
                        || l.starts_with("valide : /tmp/forged")),
                    "{lang} {what}: a forged line\n{out}"
                );
            }
        }
        // The inbox lists them all at once.
        let inbox_args: Vec<&std::ffi::OsStr> = vec![
            "inbox".as_ref(),
            "--inbox".as_ref(),
            inbox.as_os_str(),
            "--dossiers".as_ref(),
            dir.path().as_os_str(),
        ];
        let out = run(&home, lang, &inbox_args);
        assert_eq!(raw_control(&out), None, "{lang} inbox:\n{out:?}");
        assert!(
            !out.lines().any(|l| l.starts_with("valid")),
            "{lang} inbox:\n{out}"
        );
        let mut json_args = inbox_args.clone();
        json_args.push("--json".as_ref());
        let out = run(&home, lang, &json_args);
        assert_eq!(raw_control(&out), None, "{lang} inbox --json:\n{out:?}");
        for line in out.lines() {
            assert!(
                serde_json::from_str::<serde_json::Value>(line).is_ok(),
                "{lang}: not one JSON object per line: {line:?}"
            );
        }
    }
}
