//! Command lines typed in cmd or PowerShell on Windows, where `"D:\GAEC\"` — a folder
//! between quotes, with its trailing backslash — is read as `D:\GAEC"` followed by the
//! rest of the line as the same argument (`\"` is an escaped quote for Windows programs).
//! sacoche recognises that mistake and reads the line as the person meant it.

/// The arguments as meant: an argument with a quote that Windows' rules left in it ends
/// there with the backslash the quote ate, and what followed it on the line becomes
/// arguments again.
pub fn repaired(args: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    for arg in args {
        // A path (it has a drive or a backslash) cut by a stray quote at the end, or
        // followed by the rest of the line. A quote elsewhere (a comment that quotes
        // someone) is left as it is.
        match arg.split_once('"') {
            Some((path, rest))
                if (path.contains('\\') || path.contains(':'))
                    && (rest.is_empty() || rest.starts_with([' ', '\t'])) =>
            {
                out.push(format!("{path}\\"));
                out.extend(split_line(rest));
            }
            _ => out.push(arg),
        }
    }
    out
}

/// Splits what followed, as a shell would: on spaces, keeping "quoted parts" together.
fn split_line(rest: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in rest.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' | '\t' if !quoted => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_quoted_folder_with_its_trailing_backslash_is_read_as_meant() {
        // sacoche status "D:\GAEC\"
        assert_eq!(
            repaired(v(&["sacoche", "status", "D:\\GAEC\""])),
            v(&["sacoche", "status", "D:\\GAEC\\"])
        );
        // sacoche pack "D:\GAEC LE GUYON\" --out E:\
        assert_eq!(
            repaired(v(&["sacoche", "pack", "D:\\GAEC LE GUYON\" --out E:\\"])),
            v(&["sacoche", "pack", "D:\\GAEC LE GUYON\\", "--out", "E:\\"])
        );
        // sacoche pack "E:\" --purpose "Envoi pour révision"
        assert_eq!(
            repaired(v(&[
                "sacoche",
                "pack",
                "E:\" --purpose \"Envoi pour révision\""
            ])),
            v(&[
                "sacoche",
                "pack",
                "E:\\",
                "--purpose",
                "Envoi pour révision"
            ])
        );
        // Nothing else changes.
        assert_eq!(
            repaired(v(&["sacoche", "pack", "D:\\GAEC", "--comment", "a b"])),
            v(&["sacoche", "pack", "D:\\GAEC", "--comment", "a b"])
        );
    }
}
