//! The page (`sacoche ui`) over HTTP, as a browser and as a hostile web site would
//! reach it: served to this computer only, through the opening link once, changing
//! nothing without the page's own token and origin; and the round trip through it,
//! with what came from an archive shown as text.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::write;

/// An answer: its status, headers (names in lower case) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on its own connection. `headers` come first, so that a test
/// can send its own `Host`.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: impl AsRef<[u8]>,
) -> Answer {
    let body = body.as_ref();
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).unwrap_or_else(|e| panic!("connect: {e}"));
    let mut text = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        text.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    text.push_str(&format!(
        "Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    ));
    stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.write_all(body))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{e}"));
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        unchunk(body)
    } else {
        body.to_string()
    };
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// `application/x-www-form-urlencoded` of `fields`.
fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A running page, signed in as its browser would be.
struct Page {
    child: Child,
    port: u16,
    url: String,
    cookie: String,
    csrf: String,
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Page {
    /// Starts `sacoche ui --no-open` for `home` (in French) and opens its link once.
    fn start(home: &Path) -> Page {
        Page::start_with(home, &[])
    }

    /// [`Page::start`], with more environment (a failpoint).
    fn start_with(home: &Path, env: &[(&str, &str)]) -> Page {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("sacoche"))
            .envs(env.iter().copied())
            .env("SACOCHE_HOME", home)
            .env("SACOCHE_LANG", "fr")
            .args(["ui", "--no-open"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut url = String::new();
        BufReader::new(stdout)
            .read_line(&mut url)
            .unwrap_or_else(|e| panic!("{e}"));
        let url = url.trim().to_string();
        let port: u16 = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("not the page's address: {url:?}"));
        let path = url
            .strip_prefix(&format!("http://127.0.0.1:{port}"))
            .unwrap_or("/")
            .to_string();
        let opened = request(port, "GET", &path, &[], "");
        assert_eq!(opened.status, 303, "{}", opened.body);
        let cookie = opened
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .unwrap_or_else(|| panic!("no session cookie"))
            .to_string();
        let mut page = Page {
            child,
            port,
            url,
            cookie,
            csrf: String::new(),
        };
        let home_page = page.get("/");
        assert_eq!(home_page.status, 200, "{}", home_page.body);
        page.csrf = field_value(&home_page.body, "csrf")
            .unwrap_or_else(|| panic!("no csrf field in {}", home_page.body));
        page
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> Answer {
        request(self.port, "GET", path, &[("Cookie", &self.cookie)], "")
    }

    /// A POST as the page's own forms send it, followed as a browser does when it
    /// starts work: to the work's page, shown again until the work is done.
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let answer = self.post_only(path, fields);
        let Some(work) = answer
            .header("location")
            .filter(|l| l.starts_with("/travail/"))
            .map(str::to_string)
        else {
            return answer;
        };
        assert_eq!(answer.status, 303);
        self.settled(&work)
    }

    /// The page of the work at `work` once it is done (it shows itself again until
    /// then); fails after a generous limit.
    fn settled(&self, work: &str) -> Answer {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let shown = self.get(work);
            if !shown.body.contains("http-equiv=\"refresh\"") {
                return shown;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the work never ended: {}",
                shown.body
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// A POST as the page's own forms send it: its origin, its cookie, its token.
    fn post_only(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let origin = self.origin();
        request(
            self.port,
            "POST",
            path,
            &[
                ("Cookie", &self.cookie),
                ("Origin", &origin),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            form(&all),
        )
    }
}

/// The value of the first `<input name="name" value="…">` in `html`.
fn field_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    rest.split('"').next().map(str::to_string)
}

/// Every value of `<input … name="name" value="…">` in `html`.
fn field_values(html: &str, name: &str) -> Vec<String> {
    html.split(&format!("name=\"{name}\" value=\""))
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect()
}

/// A farmer with the sample dossier, an accountant with an inbox; each trusts the
/// other.
struct Office {
    _dir: tempfile::TempDir,
    farmer: PathBuf,
    accountant: PathBuf,
    farm: PathBuf,
    inbox: PathBuf,
    dossiers: PathBuf,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path().to_path_buf();
    let o = Office {
        farmer: root.join("farmer"),
        accountant: root.join("accountant"),
        farm: root.join("farm"),
        inbox: root.join("inbox"),
        dossiers: root.join("dossiers"),
        _dir: dir,
    };
    let fk = common::new_user(&o.farmer, "GAEC LE GUYON");
    let ak = common::new_user(&o.accountant, "Cabinet Dupont");
    common::trust(&o.accountant, fk, "GAEC LE GUYON", &["8502182"]);
    common::trust(&o.farmer, ak, "Cabinet Dupont", &["8502182"]);
    for d in [&o.inbox, &o.dossiers] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    common::copy_tree(&common::sample_dossier(), &o.farm);
    common::sacoche(&o.farmer)
        .arg("init")
        .arg(&o.farm)
        .args(["--dossier", "8502182", "--name", "GAEC LE GUYON"])
        .assert()
        .success();
    write(
        &o.accountant.join("config.toml"),
        format!(
            "inboxes = [{:?}]\ndossiers = {:?}\n",
            o.inbox.display().to_string(),
            o.dossiers.display().to_string()
        ),
    );
    o
}

fn inbox_names(o: &Office) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&o.inbox)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.contains("accuse-reception"))
        .collect();
    names.sort();
    names
}

/// The farmer's page sends the dossier (all of it, or the changes) to the inbox.
fn farmer_sends(o: &Office, page: &Page, content: &str, comment: &str) -> String {
    let before = inbox_names(o);
    let farm = o.farm.display().to_string();
    let inbox = o.inbox.display().to_string();
    let sent = page.post(
        "/envoyer",
        &[
            ("other_dossier", &farm),
            ("content", content),
            ("folder", &inbox),
            ("purpose", "Bilan 2020"),
            ("comment", comment),
        ],
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(sent.body.contains("écrit dans"), "{}", sent.body);
    inbox_names(o)
        .into_iter()
        .find(|n| !before.contains(n))
        .unwrap_or_else(|| panic!("nothing new in the inbox: {}", sent.body))
}

#[test]
fn the_page_is_served_to_this_computer_only_through_its_link() {
    let o = office();
    let page = Page::start(&o.accountant);
    let signed_in = page.get("/");
    assert!(
        signed_in.body.contains("Mes dossiers"),
        "{}",
        signed_in.body
    );
    let csp = signed_in
        .header("content-security-policy")
        .unwrap_or_default();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(signed_in.header("x-frame-options"), Some("DENY"));
    // Another name for this computer (DNS rebinding): refused, cookie or not.
    let cookie = page.cookie.clone();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{}", page.port),
        format!("127.0.0.1:{}", page.port + 1),
    ] {
        let answer = request(
            page.port,
            "GET",
            "/",
            &[("Host", &host), ("Cookie", &cookie)],
            "",
        );
        assert_eq!(answer.status, 421, "{host}");
        assert!(!answer.body.contains("Mes dossiers"), "{host}");
    }
    // The same computer under its other names is the page.
    for host in [
        format!("localhost:{}", page.port),
        format!("[::1]:{}", page.port),
    ] {
        let answer = request(
            page.port,
            "GET",
            "/",
            &[("Host", &host), ("Cookie", &cookie)],
            "",
        );
        assert_eq!(answer.status, 200, "{host}");
    }
    // Without the session: only the refusal, in words.
    for path in ["/", "/recevoir", "/correspondants", "/corbeille"] {
        let answer = request(page.port, "GET", path, &[], "");
        assert_eq!(answer.status, 403, "{path}");
        assert!(
            answer.body.contains("Ouvrez sacoche depuis son icône"),
            "{path}"
        );
    }
    let forged = format!("sacoche_session_{}=00", page.port);
    let wrong = request(page.port, "GET", "/", &[("Cookie", &forged)], "");
    assert_eq!(wrong.status, 403);
    // The opening link works once.
    let path = page
        .url
        .strip_prefix(&page.origin())
        .unwrap_or_default()
        .to_string();
    let again = request(page.port, "GET", &path, &[], "");
    assert_eq!(again.status, 403);
    assert!(again.header("set-cookie").is_none());
    // Not on the computer's other addresses.
    if let Some(ip) = other_address() {
        assert!(
            TcpStream::connect((ip, page.port)).is_err(),
            "the page answers on {ip}"
        );
    }
}

/// What `ss -ltn` shows, read from the kernel: every socket listening on the page's
/// port is on the loopback address (127.0.0.1 or ::1), and there is one.
#[cfg(target_os = "linux")]
#[test]
fn the_page_listens_on_loopback_only() {
    let o = office();
    let page = Page::start(&o.farmer);
    let port = format!("{:04X}", page.port);
    let mut listening = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // local address, remote address, state (0A: LISTEN)
            if let [_, local, _, state, ..] = fields[..]
                && state == "0A"
                && local.ends_with(&format!(":{port}"))
            {
                listening.push(local.to_string());
            }
        }
    }
    assert!(!listening.is_empty(), "nothing listens on {}", page.port);
    for local in &listening {
        let address = local.split(':').next().unwrap_or_default();
        assert!(
            address == "0100007F" || address == "00000000000000000000000001000000",
            "the page listens on {local}"
        );
    }
}

/// This computer's address on its network, if it has one (no packet is sent).
fn other_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// A POST a hostile page could make: what it is, its headers, its body.
type Attempt<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[test]
fn nothing_changes_without_the_pages_token_and_origin() {
    let o = office();
    let page = Page::start(&o.accountant);
    let stranger = common::new_user(&o.root_of_stranger(), "Inconnu");
    let key = stranger.to_string();
    let fields = form(&[
        ("name", "Inconnu"),
        ("key", &key),
        ("dossiers", ""),
        ("checked", "yes"),
    ]);
    let trusted = || {
        let out = common::sacoche(&o.accountant)
            .args(["trust", "list"])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let origin = page.origin();
    let cookie = page.cookie.clone();
    let with_token = format!("csrf={}&{fields}", page.csrf);
    let attempts: Vec<Attempt> = vec![
        // A web site's form: its origin, no token.
        (
            "foreign origin, no token",
            vec![("Cookie", &cookie), ("Origin", "http://evil.example")],
            &fields,
        ),
        // Even with the token (leaked, say), a foreign origin is refused.
        (
            "foreign origin",
            vec![("Cookie", &cookie), ("Origin", "http://evil.example")],
            &with_token,
        ),
        ("no origin", vec![("Cookie", &cookie)], &with_token),
        (
            "no token",
            vec![("Cookie", &cookie), ("Origin", &origin)],
            &fields,
        ),
        (
            "wrong token",
            vec![("Cookie", &cookie), ("Origin", &origin)],
            "csrf=0000&name=Inconnu",
        ),
        ("no session", vec![("Origin", &origin)], &with_token),
    ];
    for (what, mut headers, body) in attempts {
        headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        let answer = request(page.port, "POST", "/correspondants/ajouter", &headers, body);
        assert_eq!(answer.status, 403, "{what}: {}", answer.body);
        assert!(!trusted().contains("Inconnu"), "{what}");
    }
    // A GET never changes anything.
    let get = page.get(&format!("/correspondants/ajouter?{fields}"));
    assert_eq!(get.status, 405);
    assert!(!trusted().contains("Inconnu"));
    // The page's own form does.
    let added = page.post(
        "/correspondants/ajouter",
        &[
            ("name", "Inconnu"),
            ("key", &key),
            ("dossiers", "8502182"),
            ("checked", "yes"),
        ],
    );
    assert_eq!(added.status, 200, "{}", added.body);
    assert!(trusted().contains("Inconnu"), "{}", trusted());
}

impl Office {
    fn root_of_stranger(&self) -> PathBuf {
        self.farmer.with_file_name("stranger")
    }
}

/// The fingerprint comes first: the key is trusted only once the user says they
/// compared it over the phone.
#[test]
fn a_key_is_trusted_after_its_fingerprint_is_checked() {
    let o = office();
    let page = Page::start(&o.accountant);
    let stranger = common::new_user(&o.root_of_stranger(), "Inconnu");
    let key = stranger.to_string();
    let first = page.post(
        "/correspondants/ajouter",
        &[("name", "Inconnu"), ("key", &key), ("dossiers", "")],
    );
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(
        first.body.contains(&stranger.key_id().to_string()),
        "{}",
        first.body
    );
    let listed = page.get("/correspondants").body;
    assert!(!listed.contains("Inconnu"), "trusted before the check");
    let bad = page.post(
        "/correspondants/ajouter",
        &[("name", "X"), ("key", "sacochepk00"), ("checked", "yes")],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("sacochepk00"), "{}", bad.body);
}

#[test]
fn the_round_trip_through_the_page() {
    let o = office();
    let farmer = Page::start(&o.farmer);
    let accountant = Page::start(&o.accountant);
    let name = farmer_sends(&o, &farmer, "full", "premier envoi");
    // Listed as ready, with a Traiter box.
    let listed = accountant.get("/recevoir").body;
    assert!(
        listed.contains(&name) && listed.contains("prêt"),
        "{listed}"
    );
    assert!(field_values(&listed, "traiter").contains(&name), "{listed}");
    // The preview says what integrating would do, and changes nothing.
    let preview = accountant.post("/recevoir/apercu", &[("traiter", &name)]);
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Avant d’intégrer")
            && preview.body.contains("LISEZ-MOI.txt")
            && preview.body.contains("Bilan 2020"),
        "{}",
        preview.body
    );
    assert!(!o.dossiers.join("8502182").exists());
    let done = accountant.post("/recevoir/terminer", &[("traiter", &name)]);
    assert!(done.body.contains("intégrée"), "{}", done.body);
    assert_eq!(
        common::dossier_files(&o.dossiers.join("8502182")),
        common::dossier_files(&o.farm)
    );
    // Accueil and Historique say so.
    let home = accountant.get("/").body;
    assert!(
        home.contains("Dernière réception : de GAEC LE GUYON"),
        "{home}"
    );
    let history = accountant.get("/historique").body;
    assert!(
        history.contains(&name) && history.contains("intégrée"),
        "{history}"
    );
    // A changes archive, deleted instead (Supprimer), then restored from the Corbeille.
    write(&o.farm.join("LISEZ-MOI.txt"), "changé");
    let second = farmer_sends(&o, &farmer, "changes", "");
    let deleted = accountant.post("/recevoir/terminer", &[("supprimer", &second)]);
    assert!(deleted.body.contains("corbeille"), "{}", deleted.body);
    assert!(!inbox_names(&o).contains(&second));
    let trash = accountant.get("/corbeille").body;
    assert!(trash.contains(&second), "{trash}");
    let ids = field_values(&trash, "id");
    assert_eq!(ids.len(), 1, "{trash}");
    let restored = accountant.post(
        "/corbeille/restaurer",
        &[("trash", "home"), ("id", &ids[0])],
    );
    assert!(
        restored.body.contains("est revenu à sa place"),
        "{}",
        restored.body
    );
    assert!(inbox_names(&o).contains(&second));
    // And now integrated: both dossiers the same again.
    let done = accountant.post("/recevoir/terminer", &[("traiter", &second)]);
    assert!(done.body.contains("intégrée"), "{}", done.body);
    let copy = o.dossiers.join("8502182");
    assert_eq!(common::dossier_files(&copy), common::dossier_files(&o.farm));
    // The version it replaced is in the dossier's trash; restored, it comes back beside
    // the newer one, which stays.
    let old = std::fs::read(common::sample_dossier().join("LISEZ-MOI.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let trash = accountant.get("/corbeille").body;
    let bin = copy.display().to_string();
    assert!(field_values(&trash, "trash").contains(&bin), "{trash}");
    let mut ids: Vec<String> = field_values(&trash, "id")
        .into_iter()
        .filter(|id| !ids.contains(id))
        .collect();
    // Each shows twice: its own button, and its archive's.
    ids.dedup();
    assert_eq!(ids.len(), 1, "{trash}");
    let back = accountant.post("/corbeille/restaurer", &[("trash", &bin), ("id", &ids[0])]);
    assert!(
        back.body.contains("à côté de la version actuelle"),
        "{}",
        back.body
    );
    assert_eq!(
        std::fs::read(copy.join("LISEZ-MOI (restauré).txt")).unwrap_or_default(),
        old
    );
    assert_eq!(
        std::fs::read_to_string(copy.join("LISEZ-MOI.txt")).unwrap_or_default(),
        "changé"
    );
}

#[test]
fn what_came_from_an_archive_shows_as_text() {
    let o = office();
    let farmer = Page::start(&o.farmer);
    let accountant = Page::start(&o.accountant);
    // A name Windows refuses is refused before packing; the refusal shows it as text.
    let script = o.farm.join("<script>alert(1)</script>.txt");
    write(&script, "x");
    let refused = farmer.post(
        "/envoyer",
        &[
            ("other_dossier", &o.farm.display().to_string()),
            ("content", "full"),
            ("folder", &o.inbox.display().to_string()),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt;.txt"),
        "{}",
        refused.body
    );
    assert!(!refused.body.contains("<script>alert"), "{}", refused.body);
    std::fs::remove_file(&script).unwrap_or_else(|e| panic!("{e}"));
    // What an archive brings (a name, a comment) is shown as text.
    write(&o.farm.join("R&D i notes.txt"), "x");
    let name = farmer_sends(&o, &farmer, "full", "<b onmouseover=alert(2)>gras</b>");
    let preview = accountant
        .post("/recevoir/apercu", &[("traiter", &name)])
        .body;
    assert!(preview.contains("R&amp;D i notes.txt"), "{preview}");
    assert!(
        preview.contains("&lt;b onmouseover=alert(2)&gt;gras&lt;/b&gt;"),
        "{preview}"
    );
    assert!(!preview.contains("<b onmouseover"), "{preview}");
}

/// The farmer's whole dossier, packed on a USB stick (a folder beside the others).
fn packed_on_a_stick(o: &Office) -> PathBuf {
    let stick = o.farm.parent().map(|p| p.join("stick")).unwrap_or_default();
    std::fs::create_dir_all(&stick).unwrap_or_else(|e| panic!("{e}"));
    let out = common::sacoche(&o.farmer)
        .arg("pack")
        .arg(&o.farm)
        .args(["--full", "--out"])
        .arg(&stick)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// A path given to put an archive in the inbox must be a `.sacoche` file: the page
/// cannot be used to copy other files about. An archive's path puts a copy of it
/// there, once.
#[test]
fn only_archives_go_into_the_inbox_from_the_page() {
    let o = office();
    let page = Page::start(&o.accountant);
    let secret = o.farm.join("LISEZ-MOI.txt");
    let answer = page.post(
        "/recevoir/deposer",
        &[("path", &secret.display().to_string())],
    );
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(
        answer.body.contains("n’est pas une archive sacoche"),
        "{}",
        answer.body
    );
    assert!(inbox_names(&o).is_empty());

    let archive = packed_on_a_stick(&o);
    let typed = format!("\"{}\"", archive.display());
    let added = page.post("/recevoir/deposer", &[("path", &typed)]);
    assert_eq!(added.status, 200, "{}", added.body);
    let name = archive.file_name().unwrap_or_default();
    assert_eq!(
        std::fs::read(o.inbox.join(name)).ok(),
        std::fs::read(&archive).ok(),
        "the same bytes as on the stick"
    );
    let again = page.post("/recevoir/deposer", &[("path", &typed)]);
    assert_eq!(again.status, 422, "{}", again.body);
    assert_eq!(inbox_names(&o).len(), 1);
}

/// A `multipart/form-data` body with one file field, as a browser sends it.
fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----sacocheTestBoundary7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"archive\"; \
         filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Page {
    /// The browser sends `bytes` as the file `file_name`; `csrf` is the address's token.
    fn upload(&self, csrf: Option<&str>, file_name: &str, bytes: &[u8]) -> Answer {
        let (kind, body) = multipart(file_name, bytes);
        let path = match csrf {
            Some(token) => format!("/recevoir/televerser?csrf={token}"),
            None => "/recevoir/televerser".to_string(),
        };
        let origin = self.origin();
        request(
            self.port,
            "POST",
            &path,
            &[
                ("Cookie", &self.cookie),
                ("Origin", &origin),
                ("Content-Type", &kind),
            ],
            body,
        )
    }
}

/// Every name in a folder, hidden ones included.
fn all_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The browser sends an archive it picked on a stick: it lands in the inbox with the
/// same bytes, and is listed. Without the token, with a name that is not a plain
/// archive name, over an archive already there, or cut short: refused, and nothing
/// else is in the inbox (no partial file either).
#[test]
fn an_archive_sent_by_the_browser_lands_in_the_inbox() {
    let o = office();
    let archive = packed_on_a_stick(&o);
    let name = archive
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(&archive).unwrap_or_else(|e| panic!("{e}"));
    let page = Page::start(&o.accountant);

    let without = page.upload(None, &name, &bytes);
    assert_eq!(without.status, 403, "{}", without.body);
    let forged = page.upload(Some("0123456789abcdef"), &name, &bytes);
    assert_eq!(forged.status, 403, "{}", forged.body);
    for bad in ["../evil.sacoche", "notes.txt", ".hidden.sacoche"] {
        let answer = page.upload(Some(&page.csrf), bad, &bytes);
        assert_eq!(answer.status, 422, "{bad}: {}", answer.body);
    }
    assert!(all_names(&o.inbox).is_empty(), "{:?}", all_names(&o.inbox));
    let outside = o.inbox.parent().map(|p| p.join("evil.sacoche"));
    assert!(outside.is_some_and(|p| !p.exists()));

    let sent = page.upload(Some(&page.csrf), &name, &bytes);
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert!(
        sent.body
            .contains("L’archive est dans la boîte de réception"),
        "{}",
        sent.body
    );
    assert_eq!(all_names(&o.inbox), vec![name.clone()]);
    assert_eq!(
        std::fs::read(o.inbox.join(&name)).unwrap_or_default(),
        bytes,
        "the same bytes as on the stick"
    );
    let listed = page.get("/recevoir");
    assert!(listed.body.contains(&name), "{}", listed.body);

    let again = page.upload(Some(&page.csrf), &name, b"something else");
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(
        again.body.contains("déjà dans la boîte de réception"),
        "{}",
        again.body
    );
    assert_eq!(
        std::fs::read(o.inbox.join(&name)).unwrap_or_default(),
        bytes
    );

    // Cut short: the browser announces the whole body, sends half and stops.
    let (kind, body) = multipart("8502182-20991231235959.sacoche", &bytes);
    let mut stream = TcpStream::connect(("127.0.0.1", page.port)).unwrap_or_else(|e| panic!("{e}"));
    let head = format!(
        "POST /recevoir/televerser?csrf={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
         Cookie: {}\r\nOrigin: {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
        page.csrf,
        page.port,
        page.cookie,
        page.origin(),
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body[..body.len() / 2]))
        .and_then(|()| stream.shutdown(std::net::Shutdown::Write))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    // The answer may come before the partial file is gone: wait for it to go.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while all_names(&o.inbox) != vec![name.clone()] {
        assert!(
            std::time::Instant::now() < deadline,
            "left in the inbox: {:?}",
            all_names(&o.inbox)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Both sides changed the same file: the archive brings a conflict copy, which the
/// accountant settles from Accueil — keeping theirs the first time, their own the
/// second — and the dossiers agree again once the choice travels back.
#[test]
fn conflicts_are_settled_in_the_page() {
    let o = office();
    let farmer = Page::start(&o.farmer);
    let accountant = Page::start(&o.accountant);
    let first = farmer_sends(&o, &farmer, "full", "");
    accountant.post("/recevoir/terminer", &[("traiter", &first)]);
    let theirs_dir = o.dossiers.join("8502182");
    for (round, choice) in [(1, "theirs"), (2, "mine")] {
        let farm_text = format!("de la ferme, {round}");
        let office_text = format!("du cabinet, {round}");
        write(&o.farm.join("LISEZ-MOI.txt"), &farm_text);
        write(&theirs_dir.join("LISEZ-MOI.txt"), &office_text);
        let sent = farmer_sends(&o, &farmer, "changes", "");
        let done = accountant.post("/recevoir/terminer", &[("traiter", &sent)]);
        assert!(done.body.contains("intégrée"), "{}", done.body);
        let home = accountant.get("/").body;
        let copies = field_values(&home, "file");
        assert_eq!(copies.len(), 1, "{home}");
        assert!(copies[0].contains("(conflit "), "{home}");
        assert!(home.contains("Garder la mienne") && home.contains("Prendre la leur"));
        let dossier = field_value(&home, "dossier").unwrap_or_default();
        let settled = accountant.post(
            "/conflit",
            &[
                ("dossier", &dossier),
                ("file", &copies[0]),
                ("choice", choice),
            ],
        );
        assert_eq!(settled.status, 200, "{}", settled.body);
        let kept = std::fs::read_to_string(theirs_dir.join("LISEZ-MOI.txt"))
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = if choice == "theirs" {
            &farm_text
        } else {
            &office_text
        };
        assert_eq!(&kept, expected, "{choice}");
        assert!(
            !common::dossier_files(&theirs_dir)
                .keys()
                .any(|k| k.contains("(conflit ")),
            "{choice}: the copy is still there"
        );
        assert!(field_values(&accountant.get("/").body, "file").is_empty());
    }
    // A choice for a folder the page does not know is refused.
    let elsewhere = accountant.post(
        "/conflit",
        &[
            ("dossier", &o.farm.display().to_string()),
            ("file", "LISEZ-MOI.txt"),
            ("choice", "mine"),
        ],
    );
    assert_eq!(elsewhere.status, 422);
}

/// Packing runs on while the page shows how far it has got, then the result.
#[test]
fn long_work_shows_its_progress() {
    let o = office();
    // One file (the pause is per file written)…
    for entry in std::fs::read_dir(&o.farm)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() && !path.ends_with(".sacoche") {
            std::fs::remove_dir_all(&path).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    // … whose writing pauses a second, as on a slow USB stick.
    let farmer = Page::start_with(&o.farmer, &[("SACOCHE_FAILPOINT", "pack.mid-write=pause")]);
    let started = farmer.post_only(
        "/envoyer",
        &[
            ("other_dossier", &o.farm.display().to_string()),
            ("content", "full"),
            ("folder", &o.inbox.display().to_string()),
        ],
    );
    assert_eq!(started.status, 303, "{}", started.body);
    let work = started.header("location").unwrap_or_default().to_string();
    assert!(work.starts_with("/travail/"), "{work}");
    let shown = farmer.get(&work);
    assert!(
        shown.body.contains("<progress") && shown.body.contains("http-equiv=\"refresh\""),
        "{}",
        shown.body
    );
    let done = farmer.post("/envoyer", &[]);
    assert_eq!(done.status, 422, "no dossier chosen: {}", done.body);
    // The first one ends with its result.
    let result = farmer.settled(&work);
    assert!(result.body.contains("écrit dans"), "{}", result.body);
    assert_eq!(inbox_names(&o).len(), 1);
}

/// Envoyer can also make the mail: a message ready to send, next to the archive.
#[test]
fn the_page_makes_the_mail_ready_to_send() {
    let o = office();
    let farmer = Page::start(&o.farmer);
    let sent = farmer.post(
        "/envoyer",
        &[
            ("other_dossier", &o.farm.display().to_string()),
            ("content", "full"),
            ("folder", &o.inbox.display().to_string()),
            ("mail_to", "cabinet@example.fr"),
        ],
    );
    assert!(
        sent.body.contains("Courriel prêt à envoyer"),
        "{}",
        sent.body
    );
    let emls: Vec<PathBuf> = std::fs::read_dir(&o.inbox)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(emls.len(), 1, "{}", sent.body);
    let message = std::fs::read_to_string(&emls[0]).unwrap_or_else(|e| panic!("{e}"));
    assert!(message.contains("cabinet@example.fr"), "{message}");
}

/// Each browser is answered in the language it asks for, French or English; the
/// others get sacoche's own (French here).
#[test]
fn the_page_speaks_the_browsers_language() {
    let o = office();
    let page = Page::start(&o.farmer);
    let cookie = page.cookie.clone();
    let in_lang = |lang: &str| {
        request(
            page.port,
            "GET",
            "/",
            &[("Cookie", &cookie), ("Accept-Language", lang)],
            "",
        )
        .body
    };
    let english = in_lang("en-GB,en;q=0.9");
    assert!(
        english.contains("My dossiers") && english.contains("lang=\"en\""),
        "{english}"
    );
    assert!(!english.contains("Mes dossiers"), "{english}");
    assert!(in_lang("fr-FR,fr;q=0.9,en;q=0.5").contains("Mes dossiers"));
    assert!(in_lang("de-DE").contains("Mes dossiers"));
    // A refusal too.
    let refused = request(page.port, "GET", "/", &[("Accept-Language", "en")], "");
    assert!(
        refused.body.contains("Open sacoche from its icon"),
        "{}",
        refused.body
    );
}
