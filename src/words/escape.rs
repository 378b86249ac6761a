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
}
