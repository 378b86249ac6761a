//! French first: the round trip a farmer and an accountant make (keys, trust, init,
//! pack, verify, show, apply, changes back, status, the inbox, the log, mail, the
//! trash, a refused archive, an error) read in French with `SACOCHE_LANG=fr`; and, in
//! the pseudo-language (every catalog message between ⟦ and ⟧), every line people read
//! came from the catalog.

mod common;

use std::fs;
use std::path::Path;

use common::{copy_tree, sample_dossier, write};

/// What the round trip printed: stdout and stderr line by line, and the whole
/// transcript (each command, who ran it, its exit code, its stdout and its stderr, with
/// the temporary folder written `[TMP]`).
struct Printed {
    lines: Vec<String>,
    transcript: String,
}

fn round_trip(lang: &str) -> Printed {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let root_text = root.display().to_string();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let (farm, stick, inbox, dossiers) = (
        root.join("GAEC LE GUYON"),
        root.join("clé USB"),
        root.join("inbox"),
        root.join("dossiers"),
    );
    for d in [&stick, &inbox, &dossiers] {
        fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut lines = Vec::new();
    let mut transcript = String::new();
    let mut run = |home: &Path, args: &[&dyn AsRef<std::ffi::OsStr>], ok: bool| -> String {
        let who = if home.ends_with("farmer") {
            "farmer"
        } else {
            "accountant"
        };
        let shown: Vec<String> = args
            .iter()
            .map(|a| a.as_ref().to_string_lossy().replace(&root_text, "[TMP]"))
            .collect();
        let out = common::sacoche(home)
            .env("SACOCHE_LANG", lang)
            .args(args.iter().map(|a| a.as_ref()))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert_eq!(
            out.status.success(),
            ok,
            "{:?}: {stdout}{stderr}",
            args.iter().map(|a| a.as_ref()).collect::<Vec<_>>()
        );
        lines.extend(stdout.lines().chain(stderr.lines()).map(str::to_string));
        transcript.push_str(&format!(
            "{who}$ sacoche {}\n[exit {}]\n--- stdout\n{}--- stderr\n{}\n",
            shown.join(" "),
            out.status.code().unwrap_or(-1),
            stdout.replace(&root_text, "[TMP]"),
            stderr.replace(&root_text, "[TMP]"),
        ));
        stdout
    };

    let farmer_key = run(
        &farmer,
        &[&"key", &"new", &"--name", &"GAEC LE GUYON"],
        true,
    );
    let accountant_key = run(
        &accountant,
        &[&"key", &"new", &"--name", &"Cabinet Dupont"],
        true,
    );
    let (farmer_key, accountant_key) = (farmer_key.trim(), accountant_key.trim());
    run(
        &accountant,
        &[
            &"trust",
            &"add",
            &farmer_key,
            &"--name",
            &"GAEC LE GUYON",
            &"--dossier",
            &"8502182",
        ],
        true,
    );
    run(
        &farmer,
        &[
            &"trust",
            &"add",
            &accountant_key,
            &"--name",
            &"Cabinet Dupont",
            &"--dossier",
            &"8502182",
        ],
        true,
    );
    run(&accountant, &[&"trust", &"list"], true);

    copy_tree(&sample_dossier(), &farm);
    run(
        &farmer,
        &[
            &"init",
            &farm,
            &"--dossier",
            &"8502182",
            &"--name",
            &"GAEC LE GUYON",
            &"--fiscal-year",
            &"2020-01-01..2020-12-31",
        ],
        true,
    );
    let full = run(
        &farmer,
        &[
            &"pack",
            &farm,
            &"--purpose",
            &"Envoi pour révision",
            &"--out",
            &stick,
        ],
        true,
    );
    let full = full.trim().to_string();
    run(&accountant, &[&"verify", &full], true);
    run(&accountant, &[&"show", &full], true);
    let office = dossiers.join("8502182");
    run(&accountant, &[&"apply", &"--dry-run", &full, &office], true);
    run(&accountant, &[&"apply", &full, &office], true);
    run(&accountant, &[&"apply", &full, &office], true); // already integrated

    // Both sides change the VAT return: a conflict, kept as two files.
    let vat = "TVA/CA12A 2020 - déclaration annuelle.txt";
    write(&office.join(vat), "révisée par le cabinet\r\n");
    write(&farm.join(vat), "corrigée à la ferme\r\n");
    write(&farm.join("nouveau.txt"), "n");
    run(&farmer, &[&"status", &farm], true);
    let back = run(&accountant, &[&"pack", &office, &"--out", &inbox], true);
    let back = back.trim().to_string();
    run(&accountant, &[&"status", &office], true);
    run(&farmer, &[&"apply", &"--dry-run", &back, &farm], true);
    run(&farmer, &[&"apply", &back, &farm], true);
    run(&farmer, &[&"trash", &"list", &"--dossier", &farm], true);

    // The accountant's inbox: the farmer's changes arrive, with a damaged copy.
    let changes = run(&farmer, &[&"pack", &farm, &"--out", &inbox], true);
    let changes = changes.trim().to_string();
    let mut bytes = fs::read(&changes).unwrap_or_else(|e| panic!("{e}"));
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    write(&inbox.join("abîmée.sacoche"), bytes);
    let place: [&dyn AsRef<std::ffi::OsStr>; 4] = [&"--inbox", &inbox, &"--dossiers", &dossiers];
    run(
        &accountant,
        &[&"inbox", place[0], place[1], place[2], place[3]],
        true,
    );
    run(
        &accountant,
        &[
            &"inbox", &"process", &"--all", place[0], place[1], place[2], place[3],
        ],
        false,
    );
    run(&accountant, &[&"log"], true);
    run(
        &accountant,
        &[&"verify", &inbox.join("abîmée.sacoche")],
        false,
    );
    run(
        &accountant,
        &[
            &"mail",
            &back,
            &"--to",
            &"gaec@example.fr",
            &"--out",
            &root.join("message.eml"),
        ],
        true,
    );
    run(
        &accountant,
        &[
            &"mail",
            &back,
            &"--to",
            &"gaec@example.fr",
            &"--out",
            &root.join("message.eml"),
        ],
        false,
    );
    run(&accountant, &[&"status", &root.join("nulle part")], false);
    // Command lines clap cannot read: said in words, with the fix it knows.
    run(&accountant, &[&"paks", &farm], false);
    run(&accountant, &[&"pack", &farm, &"--jsn"], false);
    run(
        &accountant,
        &[&"resolve", &farm, &"f", &"--keep", &"nope"],
        false,
    );
    run(&accountant, &[&"apply", &full], false);
    Printed { lines, transcript }
}

/// Lines that are data, not words: paths printed as results, a public key.
fn is_data(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('/') || line.starts_with("sacochepk")
}

#[test]
fn the_round_trip_reads_in_french() {
    let lines = round_trip("fr").lines;
    let all = lines.join("\n");
    for french in [
        "Clé créée",
        "a votre confiance pour le dossier 8502182",
        "est maintenant le dossier 8502182",
        "emballé en archive complète (tout le dossier)",
        "valide : ",
        "Exercice",
        "Objet",
        "ajoutés",
        "intégrée ; les fichiers remplacés",
        "déjà intégrée le ",
        "Échanges avec",
        "CONFLIT",
        "modifié des deux côtés",
        // Who made each version of the conflicting file, to the second.
        ", par vous ; reçu : ",
        ", par Cabinet Dupont) ; les deux sont gardés",
        "accusé de réception",
        "en cours d’arrivée",
        "refusée",
        "Message prêt pour gaec@example.fr",
        "erreur : ",
        "conseil : ",
        " ko",
        "la commande « paks » n’existe pas",
        "vouliez-vous dire « pack » ?",
        "valeurs possibles : mine, theirs, both",
        "il manque : <ARCHIVE>...",
        "Utilisation : sacoche apply <ARCHIVE>... <DOSSIER>",
    ] {
        assert!(all.contains(french), "no « {french} » in:\n{all}");
    }
    for english in [
        "error:",
        "hint:",
        "Packed",
        " files",
        " added",
        "integrated",
        "Trusted",
        "Key created",
        "not a sacoche",
        "already exists",
        "Fiscal year",
        " kB",
        "unrecognized",
        "Usage:",
        "For more information",
    ] {
        let found: Vec<&String> = lines.iter().filter(|l| l.contains(english)).collect();
        assert!(
            found.is_empty(),
            "English « {english} » in French output: {found:#?}"
        );
    }
}

#[test]
fn every_line_people_read_comes_from_the_catalog() {
    let lines = round_trip("pseudo").lines;
    let strays: Vec<&String> = lines
        .iter()
        .filter(|l| !is_data(l) && !l.contains('⟦'))
        .collect();
    assert!(strays.is_empty(), "lines not from the catalog: {strays:#?}");
}

/// The round trip's whole transcript in `lang`, pinned: any change to what people read
/// shows up as a snapshot diff to review (`cargo insta review`, or accept the
/// `.snap.new` file). What differs from run to run — keys, times, dates — is redacted.
fn pin_round_trip(lang: &str) {
    let printed = round_trip(lang);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    for (pattern, replacement) in [
        (r"sacochepk[0-9a-z]+", "[PUBLIC KEY]"),
        (r"\b[0-9A-F]{4}(-[0-9A-F]{4}){3}\b", "[KEY]"),
        (r"\b[0-9a-f]{16,64}\b", "[ID]"),
        (r"\b\d{14}\b", "[STAMP]"),
        (r"\d{2}/\d{2}/\d{4} à \d{2}:\d{2}(:\d{2})?", "[DATE]"),
        (r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?", "[DATE]"),
        // An archive's size varies by a few bytes (random ids compress unevenly).
        (r"→ \d+([,.]\d)? [a-zA-Z]+", "→ [SIZE]"),
        // The day in the name of a conflict's second copy.
        (r"(\(conflit [^)]* )\d{2}-\d{2}-\d{4}\)", "${1}[DAY])"),
    ] {
        settings.add_filter(pattern, replacement);
    }
    settings.bind(|| insta::assert_snapshot!(format!("round_trip_{lang}"), printed.transcript));
}

#[test]
fn the_round_trip_in_french_is_pinned() {
    pin_round_trip("fr");
}

#[test]
fn the_round_trip_in_english_is_pinned() {
    pin_round_trip("en");
}

/// `--help` of the program and of its main commands, pinned in `lang`.
fn pin_help(lang: &str) {
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut all = String::new();
    for args in [
        &["--help"][..],
        &["pack", "--help"],
        &["apply", "--help"],
        &["inbox", "--help"],
        &["inbox", "process", "--help"],
        &["status", "--help"],
    ] {
        let out = common::sacoche(home.path())
            .env("SACOCHE_LANG", lang)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "{args:?}");
        all.push_str(&format!(
            "$ sacoche {}\n{}\n",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    // The version changes with every release.
    settings.add_filter(r"sacoche \d+\.\d+\.\d+\S*", "sacoche [VERSION]");
    settings.bind(|| insta::assert_snapshot!(format!("help_{lang}"), all));
}

#[test]
fn the_help_in_french_is_pinned() {
    pin_help("fr");
}

#[test]
fn the_help_in_english_is_pinned() {
    pin_help("en");
}
