//! The schemas of `schemas/`, checked with the `jsonschema` crate (draft 2020-12, an
//! implementation independent of ours), the two schemas registered by their `$id`.

use std::fs;
use std::path::Path;

/// Validates each JSON line of `lines` against `schemas/<schema>.schema.json`; the
/// report says "N passed, N failed" and panics on a failure, naming it.
pub fn check(schema: &str, lines: &str) -> String {
    let read = |name: &str| -> serde_json::Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(format!("{name}.schema.json"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let mut registry = jsonschema::Registry::new();
    for name in ["cli-output", "manifest"] {
        let doc = read(name);
        assert!(
            jsonschema::meta::is_valid(&doc),
            "{name}.schema.json is not a valid schema"
        );
        let id = doc["$id"].as_str().unwrap_or_default().to_string();
        registry = registry.add(id, doc).unwrap_or_else(|e| panic!("{e}"));
    }
    let registry = registry.prepare().unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(&registry)
        .build(&read(schema))
        .unwrap_or_else(|e| panic!("{schema}: {e}"));
    let (mut passed, mut failed) = (0, Vec::new());
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        if errors.is_empty() {
            passed += 1;
        } else {
            failed.push(format!("{line}\n  {}", errors.join("\n  ")));
        }
    }
    assert!(failed.is_empty(), "{schema}: {}", failed.join("\n"));
    format!("{passed} passed, {} failed", failed.len())
}
