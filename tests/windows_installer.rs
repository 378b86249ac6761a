//! The Windows installer, as a farmer meets it, under Wine: installed silently (twice,
//! as an update would be), it puts sacoche in %LOCALAPPDATA%\Programs\sacoche, in the
//! user's PATH (keeping what was there), in the Start menu, and on .sacoche files; the
//! double-click command shows an archive and says how to integrate it; sacoche started
//! with no arguments opens its page and serves it until Enter; the uninstaller takes all that away and
//! nothing else. The portable zip holds sacoche.exe and its LISEZ-MOI.
//!
//! `.ci/run` builds both with `src/windows/build.sh` into `SACOCHE_WINE_PACKAGES`, in
//! the Wine prefix it made (`WINEPREFIX`, set to Windows 10). Without them this test
//! says it was skipped and passes.

mod common;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const VERSION: &str = env!("CARGO_PKG_VERSION");

struct Wine {
    loader: PathBuf,
    prefix: PathBuf,
}

impl Wine {
    fn find() -> Option<Wine> {
        let loader = std::env::var_os("SACOCHE_WINE").map(PathBuf::from)?;
        let prefix = std::env::var_os("WINEPREFIX").map(PathBuf::from)?;
        (loader.is_file() && prefix.is_dir()).then_some(Wine { loader, prefix })
    }

    fn run(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.loader);
        cmd.arg(program)
            .args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No menus or file associations written into the Linux desktop.
            .env("WINEDLLOVERRIDES", "winemenubuilder.exe=d")
            .env_remove("PROMPT")
            .env_remove("SACOCHE_FROM_SHELL")
            .env_remove("RUST_BACKTRACE");
        cmd
    }

    /// Runs `cmd` with `stdin`, returning its output.
    fn finish(&self, cmd: &mut Command, stdin: &str) -> Output {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        if let Some(mut input) = child.stdin.take() {
            let _ = input.write_all(stdin.as_bytes());
        }
        child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
    }

    /// Waits for every process of the prefix to end (an uninstaller copies itself to
    /// the temporary folder, starts that copy and returns at once).
    fn settle(&self) {
        let server = self.loader.with_file_name("wineserver");
        let waited = Command::new(server)
            .arg("-w")
            .env("WINEPREFIX", &self.prefix)
            .status()
            .unwrap_or_else(|e| panic!("wineserver -w: {e}"));
        assert!(waited.success(), "wineserver -w: {waited}");
    }

    fn ok(&self, mut cmd: Command) -> String {
        let out = self.finish(&mut cmd, "");
        assert!(
            out.status.success(),
            "{cmd:?} failed ({:?}):\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).replace('\r', "")
    }

    /// A value of a registry key (`""`: its default), with its type; `None` if absent.
    fn reg(&self, key: &str, value: &str) -> Option<(String, String)> {
        let which: &[&str] = if value.is_empty() {
            &["/ve"]
        } else {
            &["/v", value]
        };
        let mut args = vec!["query", key];
        args.extend_from_slice(which);
        let out = self.finish(&mut self.run("reg", &args), "");
        if !out.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
        text.lines().find_map(|line| {
            let mut fields = line.trim().splitn(3, "    ");
            let (name, kind) = (fields.next()?, fields.next()?);
            let shown = if value.is_empty() { "(Default)" } else { value };
            (name.eq_ignore_ascii_case(shown) && kind.starts_with("REG_"))
                .then(|| (kind.to_string(), fields.next().unwrap_or("").to_string()))
        })
    }

    /// A Windows folder known to the shell (`%LOCALAPPDATA%`), as Windows writes it.
    fn folder(&self, variable: &str) -> String {
        let echoed = self.ok(self.run("cmd", &["/c", &format!("echo %{variable}%")]));
        echoed.trim().to_string()
    }

    /// `C:\users\…` as a Linux path inside the prefix.
    fn unix(&self, windows: &str) -> PathBuf {
        let rest = windows
            .strip_prefix("C:\\")
            .or_else(|| windows.strip_prefix("c:\\"))
            .unwrap_or_else(|| panic!("not on C: {windows}"));
        self.prefix.join("drive_c").join(rest.replace('\\', "/"))
    }
}

/// A Windows whose display language is French: Wine takes it from `LC_ALL`, which
/// needs the fr_FR.UTF-8 locale on this machine (`.ci/run` makes it; without it, Wine
/// would also read accented arguments in the wrong code page); else `SACOCHE_LANG`.
fn french(cmd: &mut Command) -> &mut Command {
    let has_locale = Command::new("locale").arg("-a").output().is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .to_lowercase()
            .contains("fr_fr.utf8")
    });
    if has_locale {
        cmd.env("LC_ALL", "fr_FR.UTF-8")
    } else {
        cmd.env("SACOCHE_LANG", "fr")
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).replace('\r', "")
}

/// The parts of a registry command line: quoted pieces whole, the rest by spaces.
fn command_line(line: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for (i, piece) in line.split('"').enumerate() {
        if i % 2 == 1 {
            parts.push(piece.to_string());
        } else {
            parts.extend(piece.split_whitespace().map(str::to_string));
        }
    }
    parts
}

#[test]
fn the_installer_installs_associates_and_uninstalls_for_one_user() {
    let (Some(w), Some(packages)) = (
        Wine::find(),
        std::env::var_os("SACOCHE_WINE_PACKAGES").map(PathBuf::from),
    ) else {
        println!(
            "skipped: no Windows installer under Wine (SACOCHE_WINE_PACKAGES; .ci/run sets it)"
        );
        return;
    };
    let installer = packages.join(format!("sacoche-{VERSION}-installation.exe"));
    let portable = packages.join(format!("sacoche-{VERSION}-portable.zip"));
    assert!(installer.is_file() && portable.is_file(), "{packages:?}");

    // The portable zip: the program and its French instructions, in one folder.
    let listing = Command::new("unzip")
        .arg("-Z1")
        .arg(&portable)
        .output()
        .unwrap_or_else(|e| panic!("unzip: {e}"));
    let listing = String::from_utf8_lossy(&listing.stdout);
    let mut names: Vec<&str> = listing.lines().filter(|l| !l.ends_with('/')).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            format!("sacoche-{VERSION}/LISEZ-MOI.txt"),
            format!("sacoche-{VERSION}/sacoche.exe")
        ],
        "{listing}"
    );

    // The user's own PATH before installing, to find again after uninstalling.
    let path_key = r"HKCU\Environment";
    let before = w.reg(path_key, "Path");
    let theirs = r"C:\outils;%USERPROFILE%\bin";
    w.ok(w.run(
        "reg",
        &[
            "add",
            path_key,
            "/v",
            "Path",
            "/t",
            "REG_EXPAND_SZ",
            "/d",
            theirs,
            "/f",
        ],
    ));

    // Installed twice (an update over the first), silently, without rights.
    let local = w.folder("LOCALAPPDATA");
    let appdata = w.folder("APPDATA");
    let dir = format!(r"{local}\Programs\sacoche");
    let exe = format!(r"{dir}\sacoche.exe");
    for _ in 0..2 {
        w.ok(w.run(&installer.to_string_lossy(), &["/S"]));
    }
    let installed = w.unix(&dir);
    assert!(installed.join("sacoche.exe").is_file(), "{installed:?}");
    let readme = std::fs::read(installed.join("LISEZ-MOI.txt")).unwrap_or_default();
    assert!(
        readme.starts_with(b"\xef\xbb\xbf"),
        "LISEZ-MOI for Notepad: a BOM"
    );
    let readme = String::from_utf8_lossy(&readme);
    assert!(readme.contains("DÉSINSTALLER\r\n"), "{readme}");

    // Runs from the installed place.
    let version = w.ok(w.run(&exe, &["--version"]));
    assert!(
        version
            .trim()
            .starts_with(&format!("sacoche {VERSION} (commit ")),
        "{version}"
    );

    // In the user's PATH, once, after their own entries, still expandable.
    assert_eq!(
        w.reg(path_key, "Path"),
        Some(("REG_EXPAND_SZ".into(), format!("{theirs};{dir}")))
    );

    // The Start-menu entry: sacoche.exe with no arguments, which opens the page and
    // serves it until Enter.
    let shortcut = w.unix(&format!(
        r"{appdata}\Microsoft\Windows\Start Menu\Programs\sacoche.lnk"
    ));
    let link = std::fs::read(&shortcut).unwrap_or_else(|e| panic!("{shortcut:?}: {e}"));
    let target: Vec<u8> = exe.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(
        link.windows(target.len()).any(|w| w == target.as_slice())
            || link.windows(exe.len()).any(|w| w == exe.as_bytes()),
        "the shortcut does not start {exe}"
    );
    // On a French Windows, in French.
    // No browser under Wine (its winebrowser would hold the window's output open).
    let mut page = w.run(&exe, &[]);
    page.env("SACOCHE_NO_BROWSER", "1");
    let started = w.finish(french(&mut page), "\n");
    assert!(started.status.success(), "{}", stderr(&started));
    // The page was served: its address is the first line.
    let address = String::from_utf8_lossy(&started.stdout);
    assert!(address.starts_with("http://127.0.0.1:"), "{address}");
    let help = stderr(&started);
    assert!(
        help.contains("sacoche transporte votre dossier comptable")
            && help.contains("La page sacoche s’ouvre dans votre navigateur")
            && help.contains("Appuyez sur Entrée pour arrêter sacoche"),
        "{help}"
    );

    // .sacoche files: double-click shows the archive, then how to integrate it.
    assert_eq!(
        w.reg(r"HKCU\Software\Classes\.sacoche", ""),
        Some(("REG_SZ".into(), "sacoche.archive".into()))
    );
    let (_, open) = w
        .reg(
            r"HKCU\Software\Classes\sacoche.archive\shell\open\command",
            "",
        )
        .unwrap_or_else(|| panic!("no open command for .sacoche files"));
    assert_eq!(open, format!(r#""{exe}" show --wait "%1""#));
    let scratch = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (farmer, accountant, farm, stick) = (
        scratch.path().join("farmer"),
        scratch.path().join("accountant"),
        scratch.path().join("GAEC LE GUYON"),
        scratch.path().join("clé USB"),
    );
    let farmer_key = common::new_user(&farmer, "GAEC LE GUYON");
    common::new_user(&accountant, "Cabinet Dupont");
    common::trust(&accountant, farmer_key, "GAEC LE GUYON", &["8502182"]);
    common::copy_tree(&common::sample_dossier(), &farm);
    std::fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));
    let packed = common::sacoche(&farmer)
        .arg("pack")
        .arg(&farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON", "--out"])
        .arg(&stick)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(packed.status.success(), "{}", stderr(&packed));
    let archive = String::from_utf8_lossy(&packed.stdout).trim().to_string();
    let archive_win = format!("Z:{archive}").replace('/', "\\");
    let parts: Vec<String> = command_line(&open)
        .into_iter()
        .map(|p| if p == "%1" { archive_win.clone() } else { p })
        .collect();
    let args: Vec<&str> = parts[1..].iter().map(String::as_str).collect();
    let mut double_click = w.run(&parts[0], &args);
    double_click.env(
        "SACOCHE_HOME",
        format!("Z:{}", accountant.display()).replace('/', "\\"),
    );
    french(&mut double_click);
    let shown = w.finish(&mut double_click, "\n");
    let (said, told) = (String::from_utf8_lossy(&shown.stdout), stderr(&shown));
    assert!(shown.status.success(), "{said}{told}");
    assert!(
        said.contains("8502182") && said.contains("GAEC LE GUYON") && said.contains("Exercice"),
        "{said}"
    );
    assert!(
        told.contains(&format!("sacoche apply \"{archive_win}\""))
            && told.contains("Appuyez sur Entrée"),
        "{told}"
    );

    // Settings > Apps lists it; the uninstaller is where that entry says.
    let (_, uninstall) = w
        .reg(
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\sacoche",
            "QuietUninstallString",
        )
        .unwrap_or_else(|| panic!("not in Settings > Apps"));
    assert_eq!(uninstall, format!(r#""{dir}\desinstaller.exe" /S"#));

    // A file of the user's in the program's folder, and their sacoche files elsewhere.
    std::fs::write(installed.join("mes notes.txt"), "à garder").unwrap_or_else(|e| panic!("{e}"));
    let user_files = common::snapshot(&accountant);

    w.ok(w.run(&format!(r"{dir}\desinstaller.exe"), &["/S"]));
    w.settle();
    for name in ["sacoche.exe", "LISEZ-MOI.txt", "desinstaller.exe"] {
        assert!(!installed.join(name).exists(), "{name} left behind");
    }
    assert_eq!(
        std::fs::read_to_string(installed.join("mes notes.txt"))
            .ok()
            .as_deref(),
        Some("à garder"),
        "the user's file in the folder is kept (never a recursive delete)"
    );
    assert!(!shortcut.exists(), "the Start-menu entry is left");
    assert_eq!(w.reg(r"HKCU\Software\Classes\.sacoche", ""), None);
    assert_eq!(
        w.reg(
            r"HKCU\Software\Classes\sacoche.archive\shell\open\command",
            ""
        ),
        None
    );
    assert_eq!(
        w.reg(
            r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\sacoche",
            "DisplayName"
        ),
        None
    );
    assert_eq!(
        w.reg(path_key, "Path"),
        Some(("REG_EXPAND_SZ".into(), theirs.to_string())),
        "the user's PATH, exactly as before"
    );
    assert_eq!(common::snapshot(&accountant), user_files);

    // Leave the prefix as it was found.
    let _ = std::fs::remove_file(installed.join("mes notes.txt"));
    let _ = std::fs::remove_dir(&installed);
    match before {
        Some((kind, value)) => w.ok(w.run(
            "reg",
            &[
                "add", path_key, "/v", "Path", "/t", &kind, "/d", &value, "/f",
            ],
        )),
        None => w.ok(w.run("reg", &["delete", path_key, "/v", "Path", "/f"])),
    };
}
