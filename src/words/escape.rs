//! Text that came from an archive or a file name, made safe to print: control
//! characters (C0, DEL, C1) and the Unicode controls that reorder or hide text (bidi
//! overrides and isolates, zero-width marks) are shown as `\u{…}` escapes, so a hostile
//! name can neither move the cursor, recolour the terminal, nor read backwards.

use std::path::Path;

/// `text` with every control character escaped.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Dossier numbers as one escaped, comma-separated list (`8502182, 8502183`).
pub fn escaped_ids(ids: &[sacoche::ids::DossierId]) -> String {
    let texts: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    escaped(&texts.join(", "))
}

/// `value` as one JSON line that is also safe on a terminal: serde_json escapes the C0
/// controls, and this escapes what JSON lets through raw — DEL, the C1 controls (U+009B
/// is a CSI to many terminals), the bidi and zero-width controls — as `\uXXXX`, which
/// decodes to the same string.
pub fn json_line(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(is_control) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_control(c) {
            // Outside strings JSON has no such characters: each is inside one.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A path as people read it, escaped.
pub fn path(path: &Path) -> String {
    escaped(&path.display().to_string())
}

fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(escaped("Facture été.pdf"), "Facture été.pdf");
        assert_eq!(escaped("a\x1b[31mb"), "a\\u{001b}[31mb");
        assert_eq!(escaped("fdp.\u{202e}txt.exe"), "fdp.\\u{202e}txt.exe");
        assert_eq!(
            escaped("ligne\nsuite\u{85}"),
            "ligne\\u{000a}suite\\u{0085}"
        );
    }

    #[test]
    fn json_lines_escape_what_json_lets_through_and_decode_the_same() {
        let value = serde_json::json!({"name": "a\u{1b}]0;x\u{7}b\u{9b}c\u{7f}d\u{202e}e\u{85}f"});
        let line = json_line(&value);
        assert!(line.is_ascii(), "{line}");
        let back: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        assert_eq!(back, value);
        assert_eq!(
            json_line(&serde_json::json!({"n": "été"})),
            r#"{"n":"été"}"#
        );
    }
}
