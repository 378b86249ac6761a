//! sacoche started from Windows' Explorer, in a console window of its own: a
//! double-click on `sacoche.exe` (or its Start-menu entry), or on an archive. The window
//! must not flash and vanish: it says, in French, what to do, and waits for Enter.
//! (Until the web page exists; then it opens it instead.)

use std::io::{BufRead, Write};
use std::path::Path;

/// Whether this process was started by a double-click rather than from a command line:
/// on Windows, cmd sets `PROMPT` for what it starts (set `SACOCHE_FROM_SHELL` in other
/// shells and scripts), Explorer does not.
pub fn started_from_explorer() -> bool {
    cfg!(windows)
        && std::env::var_os("PROMPT").is_none()
        && std::env::var_os("SACOCHE_FROM_SHELL").is_none()
}

/// What sacoche is and how to use it, then wait.
pub fn explain() {
    let text = "\
sacoche transporte votre dossier comptable entre la ferme et le cabinet,
sur une clé USB ou en pièce jointe d'un courriel.

Il s'utilise depuis l'Invite de commandes (Windows + R, cmd, Entrée) :

  sacoche key new --name \"GAEC LE GUYON\"                votre clé, une fois
  sacoche init \"D:\\GAEC LE GUYON\" --dossier 8502182 --name \"GAEC LE GUYON\"
  sacoche pack \"D:\\GAEC LE GUYON\" --out E:\\            envoyer : sur la clé E:
  sacoche apply E:\\8502182-20201027171147.sacoche \"D:\\GAEC LE GUYON\"   recevoir
  sacoche status \"D:\\GAEC LE GUYON\"                     où en sont les échanges

Double-cliquez sur une archive .sacoche pour voir ce qu'elle contient.
";
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    drop(err);
    wait_for_enter();
}

/// After `show`, in a double-clicked window: how to integrate it.
pub fn how_to_apply(archive: &Path) {
    let archive = sacoche::error::shell_quoted(archive);
    let text = format!(
        "\nPour intégrer cette archive dans votre dossier, dans l'Invite de commandes :\n  sacoche apply {archive} \"D:\\DOSSIER\"\n(d'abord avec --dry-run pour voir ce qui changera).\n"
    );
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Keep a double-clicked window open until the user has read it.
pub fn wait_for_enter() {
    let _ = std::io::stderr()
        .lock()
        .write_all("\nAppuyez sur Entrée pour fermer cette fenêtre.\n".as_bytes());
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}
