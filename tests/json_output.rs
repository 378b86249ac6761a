//! Every `--json` line sacoche prints validates against `schemas/cli-output.schema.json`,
//! and every manifest against `schemas/manifest.schema.json` (checked with the
//! `jsonschema` crate, draft 2020-12, the two schemas registered by their `$id`; each
//! schema is checked against the meta-schema first).

mod common;

use std::fs;
use std::path::Path;

use common::{sacoche, write};

fn json_lines(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text field `key` of the one JSON object in `line`; the test stops if it has none.
fn text_field(line: &str, key: &str) -> String {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v[key].as_str().map(String::from))
        .unwrap_or_else(|| panic!("no {key} in {line}"))
}

fn check(schema: &str, lines: &str, _dir: &Path) -> String {
    common::schema::check(schema, lines)
}

#[test]
fn every_json_line_matches_the_schema() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let (farmer, accountant) = (root.join("farmer"), root.join("accountant"));
    let mut lines = String::new();

    sacoche(&farmer)
        .args(["key", "new", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    sacoche(&accountant)
        .args(["key", "new", "--name", "Cabinet Dupont"])
        .assert()
        .success();
    lines += &json_lines(sacoche(&farmer).args(["key", "show", "--json"]));
    let key = common::new_user(&root.join("third"), "Tiers");
    sacoche(&farmer)
        .args([
            "trust",
            "add",
            &key.to_string(),
            "--name",
            "Tiers",
            "--dossier",
            "1",
        ])
        .assert()
        .success();
    lines += &json_lines(sacoche(&farmer).args(["trust", "list", "--json"]));

    let dossier = root.join("dossier");
    common::copy_tree(&common::sample_dossier(), &dossier);
    write(&dossier.join("Thumbs.db"), "junk");
    let out = root.join("out");
    fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let packed = json_lines(
        sacoche(&farmer)
            .arg("pack")
            .arg(&dossier)
            .args([
                "--dossier",
                "8502182",
                "--name",
                "GAEC LE GUYON",
                "--json",
                "--out",
            ])
            .arg(&out)
            .args([
                "--fiscal-year",
                "2020-01-01..2020-12-31",
                "--comment",
                "Bilan",
            ]),
    );
    lines += &packed;
    let archive = text_field(&packed, "archive");
    let bad = root.join("bad.sacoche");
    let mut bytes = fs::read(&archive).unwrap_or_default();
    bytes.truncate(bytes.len() - 10);
    fs::write(&bad, bytes).unwrap_or_else(|e| panic!("{e}"));

    lines += &json_lines(
        sacoche(&farmer)
            .args(["verify", "--json", &archive])
            .arg(&bad)
            .arg(root.join("missing.sacoche")),
    );
    lines += &json_lines(sacoche(&farmer).args(["show", "--json", &archive]));
    // Untrusted: only the signed statement is shown.
    lines += &json_lines(sacoche(&accountant).args(["show", "--json", &archive]));
    let target = root.join("target");
    write(&target.join("LISEZ-MOI.txt"), "old");
    lines += &json_lines(
        sacoche(&farmer)
            .args(["extract", "--json", "--force", &archive, "--to"])
            .arg(&target),
    );
    lines += &json_lines(sacoche(&farmer).args(["trash", "list", "--json"]));

    // Integration: the accountant applies the full archive, then a changes archive.
    common::trust(
        &accountant,
        common::hostile::test_key().public_key(),
        "x",
        &["0"],
    );
    let farmer_key = text_field(
        &json_lines(sacoche(&farmer).args(["key", "show", "--json"])),
        "public_key",
    );
    sacoche(&accountant)
        .args(["trust", "add", &farmer_key, "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    let office = root.join("office");
    lines += &json_lines(
        sacoche(&accountant)
            .args(["apply", "--json", &archive])
            .arg(&office),
    );
    lines += &json_lines(
        sacoche(&accountant)
            .args(["apply", "--json", &archive])
            .arg(&office),
    );
    sacoche(&farmer)
        .arg("init")
        .arg(&dossier)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    let full = json_lines(
        sacoche(&farmer)
            .arg("pack")
            .arg(&dossier)
            .args(["--json", "--full", "--out"])
            .arg(&out),
    );
    lines += &full;
    write(&dossier.join("LISEZ-MOI.txt"), "v2");
    fs::rename(dossier.join("TVA"), dossier.join("TVA 2020")).unwrap_or_else(|e| panic!("{e}"));
    let changes = json_lines(
        sacoche(&farmer)
            .arg("pack")
            .arg(&dossier)
            .args(["--json", "--out"])
            .arg(&out),
    );
    lines += &changes;
    let changes_path = text_field(&changes, "archive");
    lines += &json_lines(
        sacoche(&accountant)
            .args(["apply", "--json", "--dry-run", &changes_path])
            .arg(&office),
    );
    // A reset archive: what --confirm would go ahead with, as codes.
    let reset = json_lines(
        sacoche(&farmer)
            .arg("pack")
            .arg(&dossier)
            .args(["--json", "--full", "--reset", "--out"])
            .arg(&out),
    );
    lines += &reset;
    let reset_path = text_field(&reset, "archive");
    let plan = json_lines(
        sacoche(&accountant)
            .args(["apply", "--json", "--dry-run", &reset_path])
            .arg(&office),
    );
    let confirm = plan
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["type"] == "plan")
        .map(|v| v["confirm"].clone());
    let codes: Vec<&str> = confirm
        .as_ref()
        .and_then(|c| c.as_array())
        .map(|c| c.iter().filter_map(|r| r["code"].as_str()).collect())
        .unwrap_or_default();
    assert!(codes.contains(&"reset"), "{plan}");
    lines += &plan;
    lines += &json_lines(sacoche(&farmer).args(["status", "--json"]).arg(&dossier));
    lines += &json_lines(sacoche(&accountant).args(["status", "--json"]).arg(&office));

    // The inbox: list, process, log (the farmer's own archives, in the farmer's inbox).
    let inbox = root.join("inbox");
    fs::create_dir_all(&inbox).unwrap_or_else(|e| panic!("{e}"));
    fs::copy(&archive, inbox.join("a.sacoche")).unwrap_or_else(|e| panic!("{e}"));
    fs::copy(&bad, inbox.join("bad.sacoche")).unwrap_or_else(|e| panic!("{e}"));
    let place = |cmd: &mut assert_cmd::Command| {
        cmd.arg("--inbox")
            .arg(&inbox)
            .arg("--dossiers")
            .arg(root.join("dossiers"));
    };
    let mut list = sacoche(&farmer);
    list.args(["inbox", "--json"]);
    place(&mut list);
    lines += &json_lines(&mut list);
    let mut process = sacoche(&farmer);
    process.args(["inbox", "process", "--all", "--json"]);
    place(&mut process);
    lines += &json_lines(&mut process);
    lines += &json_lines(sacoche(&farmer).args(["log", "--json"]));

    // Failures under --json are JSON lines too, with their exit code.
    let nowhere = root.join("nulle part");
    let bogus = root.join("pas une archive.sacoche");
    fs::write(&bogus, "pas une archive").unwrap_or_else(|e| panic!("{e}"));
    for (args, code) in [
        (
            vec![
                "status".into(),
                nowhere.display().to_string(),
                "--json".into(),
            ],
            1,
        ),
        (
            vec!["show".into(), bogus.display().to_string(), "--json".into()],
            3,
        ),
        (
            vec![
                "apply".into(),
                bogus.display().to_string(),
                nowhere.display().to_string(),
                "--json".into(),
            ],
            3,
        ),
    ] {
        let out = sacoche(&farmer)
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let error: serde_json::Value =
            serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"));
        assert_eq!(error["type"], "error", "{text}");
        assert_eq!(error["exit_code"], code, "{text}");
        lines += &text;
    }

    // The ledger: a valid one, one with a defect of each kind it can hold, a diff.
    let ledger = common::sample_dossier().join("Comptabilité/123456782FEC20201231.txt");
    let text = fs::read_to_string(&ledger).unwrap_or_else(|e| panic!("{e}"));
    let mut broken: Vec<String> = text.split("\r\n").map(String::from).collect();
    for (n, from, to) in [
        (1, "213000", "AB3000"),
        (2, "246500,00", "246500,00\t"),
        (3, "\t0,00\t", "\t12,x\t"),
        (4, "20200101", "20211301"),
    ] {
        if let Some(line) = broken.get_mut(n) {
            *line = line.replacen(from, to, 1);
        }
    }
    let broken_file = root.join("123456782FEC20201231.txt");
    write(&broken_file, broken.join("\r\n"));
    lines += &json_lines(
        sacoche(&farmer)
            .args(["fec", "check", "--json"])
            .arg(&ledger)
            .arg(&broken_file),
    );
    lines += &json_lines(
        sacoche(&farmer)
            .args(["fec", "diff", "--json"])
            .arg(&ledger)
            .arg(&broken_file),
    );

    let types: Vec<String> = lines
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["type"].as_str().map(String::from))
        .collect();
    for want in [
        "key",
        "trusted_key",
        "packed",
        "verified",
        "summary",
        "archive",
        "extracted",
        "trash_item",
        "error",
        "ledger_check",
        "ledger_diff",
    ] {
        assert!(
            types.iter().any(|t| t == want),
            "no {want} line in:\n{lines}"
        );
    }
    let report = check("cli-output", &lines, root);
    assert!(
        report.contains(&format!("{} passed, 0 failed", types.len())),
        "{report}"
    );

    // The manifest of the bundled sample archive, of a version 3 one (a ledger carried
    // as a delta), and of the one just packed.
    let mut manifests = String::new();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/archives");
    for path in [
        samples.join("8502182-20201027171147.sacoche"),
        samples.join("v3-delta-valid.sacoche"),
        archive.into(),
    ] {
        let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut entry = zip.by_index(0).unwrap_or_else(|e| panic!("{e}"));
        let mut json = String::new();
        std::io::Read::read_to_string(&mut entry, &mut json).unwrap_or_else(|e| panic!("{e}"));
        let value: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        manifests += &format!("{value}\n");
    }
    let report = check("manifest", &manifests, root);
    assert!(report.contains("3 passed, 0 failed"), "{report}");
}
