//! sacoche started from Windows' Explorer, in a console window of its own: a
//! double-click on `sacoche.exe` (or its Start-menu entry), or on an archive. The window
//! must not flash and vanish: it says what to do (in French on a French Windows), and
//! waits for Enter. Started with no arguments, it opens the page (`sacoche ui`) and
//! serves it until Enter is pressed in its window.

use std::io::{BufRead, Write};
use std::path::Path;

use crate::words::escape::escaped;
use crate::words::t;

/// Whether this process was started by a double-click rather than from a command line:
/// on Windows, cmd sets `PROMPT` for what it starts (set `SACOCHE_FROM_SHELL` in other
/// shells and scripts), Explorer does not.
pub fn started_from_explorer() -> bool {
    cfg!(windows)
        && std::env::var_os("PROMPT").is_none()
        && std::env::var_os("SACOCHE_FROM_SHELL").is_none()
}

/// sacoche started with no arguments: the page, in the browser, until Enter; if it
/// cannot start, what sacoche is and how to use it, then wait.
pub fn open_page() -> u8 {
    let _ = writeln!(std::io::stderr().lock(), "{}", t!("double-click-page"));
    let served = sacoche::home::Home::from_env()
        .map_err(crate::failure::Failure::from)
        .and_then(|home| {
            crate::ui::serve(
                home,
                crate::ui::UiOptions {
                    place: crate::cli::Place {
                        inboxes: Vec::new(),
                        dossiers: None,
                    },
                    open: true,
                    port: 0,
                    stop_on_enter: true,
                },
            )
        });
    match served {
        Ok(code) => code,
        Err(e) => {
            crate::words::errors::report(&e);
            explain();
            e.exit_code()
        }
    }
}

/// What sacoche is and how to use it, then wait.
pub fn explain() {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", t!("double-click-help"));
    drop(err);
    wait_for_enter();
}

/// After `show`, in a double-clicked window: how to integrate it.
pub fn how_to_apply(archive: &Path) {
    let archive = escaped(&crate::words::errors::shell_quoted(archive));
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n{}",
        t!("double-click-apply", archive = archive)
    );
}

/// Keep a double-clicked window open until the user has read it.
pub fn wait_for_enter() {
    let _ = writeln!(std::io::stderr().lock(), "\n{}", t!("double-click-wait"));
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}
