// The page (`sacoche ui`) in a real browser: Debian's chromium, headless, driven by
// playwright-core. Two people, each with their own sacoche and their own page: the
// farmer (GAEC LE GUYON) and the accountant (Cabinet Dupont). Every flow is checked
// by what it leaves on disk (the dossiers, the inboxes, the trust store, the trash),
// not only by what the page says. Run it with `bash tests/browser/run.sh`.
//
// Environment: SACOCHE_BIN (the binary), CHROMIUM (the browser), SCREENSHOTS (where the
// screenshots of each screen go), KEEP=1 (keep the scratch folder).
//
// The tests run in order and build on each other (what the farmer sends is what the
// accountant receives); a test whose prerequisite failed is skipped, saying which.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.resolve(ROOT, process.env.SACOCHE_BIN || "target/debug/sacoche");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = process.env.SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), "sacoche-shots-"));
const VIEWPORT = { width: 1280, height: 800 };
// Generous for a debug build on a busy 2-core machine; every wait is for a condition.
const TIMEOUT = 20_000;

// The scratch world: two sacoche homes, the farm's dossier, the accountant's dossiers
// folder, an inbox on each side, a "USB stick".
const R = fs.mkdtempSync(path.join(os.tmpdir(), "sacoche-ui-"));
const W = {
  farmer: path.join(R, "farmer"),
  acct: path.join(R, "acct"),
  third: path.join(R, "third"),
  farm: path.join(R, "farm"),
  inbox: path.join(R, "inbox"), // the accountant's
  farmInbox: path.join(R, "farm-inbox"), // the farmer's
  dossiers: path.join(R, "dossiers"),
  stick: path.join(R, "stick"),
};
const ACCT_COPY = path.join(W.dossiers, "8502182");

// ---------------------------------------------------------------------------------
// Helpers

function env(home) {
  const e = { ...process.env, SACOCHE_HOME: home, LANG: "fr_FR.UTF-8", SACOCHE_LANG: "fr" };
  delete e.LC_ALL;
  delete e.LC_MESSAGES;
  return e;
}

/** `sacoche ARGS` as the person whose sacoche lives in `home`; its stdout. */
function sacoche(home, args) {
  try {
    return execFileSync(BIN, args, { env: env(home), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`sacoche ${args.join(" ")} failed (${e.status}):\n${e.stdout}\n${e.stderr}`);
  }
}

function jsonLines(text) {
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every file under `dir` (relative path → sha256), sacoche's `.sacoche` folder left out. */
function tree(dir) {
  const out = {};
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && entry.name === ".sacoche") continue;
      if (entry.isDirectory()) walk(r);
      else out[r] = sha256(path.join(dir, r));
    }
  };
  walk("");
  return out;
}

function assertSameTree(a, b) {
  const ta = tree(a);
  const tb = tree(b);
  const onlyA = Object.keys(ta).filter((k) => !(k in tb));
  const onlyB = Object.keys(tb).filter((k) => !(k in ta));
  const differ = Object.keys(ta).filter((k) => k in tb && ta[k] !== tb[k]);
  assert.deepEqual(
    { onlyA, onlyB, differ },
    { onlyA: [], onlyB: [], differ: [] },
    `${a} and ${b} differ`,
  );
  assert.ok(Object.keys(ta).length > 0, `${a} is empty`);
  return Object.keys(ta);
}

const sacocheFiles = (dir) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".sacoche")) : []);

/** Starts `sacoche ui` for `home`: its process and the opening address it printed. */
function startPage(home) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ["ui", "--no-open"], { env: env(home), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise((res) => proc.on("exit", (code, signal) => res({ code, signal })));
    const timer = setTimeout(() => reject(new Error(`sacoche ui printed no address in ${TIMEOUT} ms:\n${stderr}`)), TIMEOUT);
    proc.on("error", (e) => reject(e));
    exited.then(({ code }) => reject(new Error(`sacoche ui stopped (${code}) before printing its address:\n${stderr}`)));
    const lines = readline.createInterface({ input: proc.stdout });
    lines.once("line", (url) => {
      clearTimeout(timer);
      const u = new URL(url.trim());
      resolve({ proc, url: u.href, origin: u.origin, exited, stderr: () => stderr });
    });
  });
}

let browser;
const servers = {};
const pages = {};
/** What each page did that it must not: dialogs, script errors, CSP reports. */
const incidents = [];
/** Console errors a flow expects (the refusals it provokes). */
let allowed = [];

// A browser of its own, in French (the page answers in the browser's language).
const newContext = (options = {}) => browser.newContext({ viewport: VIEWPORT, locale: "fr-FR", ...options });

async function openPage(who, server) {
  const context = await newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("dialog", async (d) => {
    incidents.push(`${who}: a ${d.type()} dialog opened: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on("pageerror", (e) => incidents.push(`${who}: script error: ${e.message}`));
  page.on("response", (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) lastAnswer.set(page, r);
  });
  page.on("console", (m) => {
    // The browser asks for /favicon.ico by itself; the page has none (404).
    if (m.type() === "error" && !/favicon|status of 404/.test(m.text()) && !allowed.some((a) => a.test(m.text()))) {
      incidents.push(`${who}: console error: ${m.text()}`);
    }
  });
  const answer = await page.goto(server.url);
  assert.equal(answer.status(), 200, `${who}'s opening address answered ${answer.status()}`);
  assert.equal(page.url(), server.origin + "/", "the opening address leads to /, without the key");
  return page;
}

async function go(page, where) {
  const answer = await page.goto(new URL(where, page.url()).href);
  assert.equal(answer.status(), 200, `GET ${where}: ${answer.status()}\n${await mainText(page)}`);
}

const mainText = (page) => page.locator("main").innerText().catch(() => "(no main)");
const h1 = (page) => page.locator("h1").innerText();

/** The page's last document answer (the end of a redirect or a refresh). */
const lastAnswer = new WeakMap();

/**
 * Waits until `page` shows a finished page: long work (packing, integrating) answers
 * with a page that refreshes itself (`<meta http-equiv="refresh">`, /travail/N) until
 * its result is there.
 */
async function finished(page) {
  const refresh = page.locator('meta[http-equiv="refresh"]');
  for (;;) {
    await refresh.waitFor({ state: "detached", timeout: 4 * TIMEOUT });
    await page.waitForLoadState("load");
    if ((await refresh.count()) === 0) return;
  }
}

/** Clicks `button` (a form's submit), waits for the finished page it leads to, checks its title. */
async function submit(page, button, title) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), button.click()]);
  await finished(page);
  const answer = lastAnswer.get(page);
  const got = await h1(page);
  if (got !== title) {
    throw new Error(`expected the page "${title}", got "${got}" (HTTP ${answer?.status()} ${page.url()}):\n${await mainText(page)}`);
  }
  return answer;
}

/**
 * Waits until the Recevoir page shows the inbox as it is now: its script reloads it
 * (within ~2 s) when the inbox changed since it was shown, and not while a box is ticked.
 */
async function settledInbox(page) {
  const stampNow = async () =>
    (await (await page.context().request.get(new URL("/recevoir/etat", page.url()).href)).text()).trim();
  for (;;) {
    const now = await stampNow();
    await page.locator(`[data-stamp="${now}"]`).waitFor({ state: "attached" });
    if ((await stampNow()) === now) return;
  }
}

async function shot(page, name) {
  await page.evaluate(() => (window.scrollTo(0, 0), document.fonts.ready));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The row of the Recevoir list for `file`. */
const row = (page, file) => page.locator("tbody tr").filter({ has: page.getByText(file, { exact: true }) });

// Tests that build on each other: a later one is skipped when one it needs failed.
const passed = new Set();
let flows = 0;
function flow(id, title, needs, body) {
  flows += 1;
  test(`${id}: ${title}`, async (t) => {
    allowed = [];
    const missing = needs.filter((n) => !passed.has(n));
    if (missing.length) {
      t.skip(`needs ${missing.join(", ")}, which did not pass`);
      return;
    }
    const before = incidents.length;
    try {
      await body(t);
      const now = incidents.slice(before);
      assert.deepEqual(now, [], "the page must open no dialog and raise no script error or CSP report");
      passed.add(id);
    } catch (e) {
      for (const [who, page] of Object.entries(pages)) {
        if (page.isClosed()) continue;
        const file = path.join(SHOTS, `FAILED-${id}-${who}.png`);
        await page.screenshot({ path: file }).catch(() => {});
        console.error(`--- ${who}'s page at ${page.url()} (screenshot ${file}):\n${await mainText(page)}`);
      }
      for (const [who, s] of Object.entries(servers)) {
        if (s.stderr().trim()) console.error(`--- ${who}'s sacoche ui said on stderr:\n${s.stderr()}`);
      }
      throw e;
    }
  });
}

// ---------------------------------------------------------------------------------
// The world

let farmerKey, acctKey, sentFull, sentFullSha, sentChanges;

before(async () => {
  for (const d of [W.inbox, W.farmInbox, W.dossiers, W.stick]) fs.mkdirSync(d, { recursive: true });
  const keyOf = (home) => JSON.parse(sacoche(home, ["key", "show", "--json"]));
  sacoche(W.farmer, ["key", "new", "--name", "GAEC LE GUYON"]);
  sacoche(W.acct, ["key", "new", "--name", "Cabinet Dupont"]);
  farmerKey = keyOf(W.farmer);
  acctKey = keyOf(W.acct);
  sacoche(W.acct, ["trust", "add", farmerKey.public_key, "--name", "GAEC LE GUYON"]);
  sacoche(W.farmer, ["trust", "add", acctKey.public_key, "--name", "Cabinet Dupont"]);
  fs.cpSync(path.join(ROOT, "samples/dossier-8502182"), W.farm, { recursive: true });
  sacoche(W.farmer, ["init", W.farm, "--dossier", "8502182", "--name", "GAEC LE GUYON"]);
  fs.writeFileSync(
    path.join(W.acct, "config.toml"),
    `inboxes = [${JSON.stringify(W.inbox)}]\ndossiers = ${JSON.stringify(W.dossiers)}\n`,
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Nothing but the pages on 127.0.0.1: no update checks, sync or other calls home.
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-pings"],
  });
  servers.farmer = await startPage(W.farmer);
  servers.acct = await startPage(W.acct);
  pages.farmer = await openPage("farmer", servers.farmer);
  pages.acct = await openPage("accountant", servers.acct);
  console.log(`# scratch folder: ${R}\n# screenshots: ${SHOTS}`);
});

let failedSomewhere = false;
after(async () => {
  await browser?.close().catch(() => {});
  for (const s of Object.values(servers)) if (s.proc.exitCode === null) s.proc.kill("SIGTERM");
  failedSomewhere = passed.size < flows;
  if (!process.env.KEEP && !failedSomewhere) fs.rmSync(R, { recursive: true, force: true });
  else console.log(`# scratch folder kept: ${R}`);
});

// ---------------------------------------------------------------------------------
// The flows

flow("0", "a form the browser sends from the page is accepted (its Origin is the page's)", [], async () => {
  // In a browser of its own, signed in with the accountant's cookie.
  const context = await newContext({ storageState: await pages.acct.context().storageState() });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    const shown = await page.goto(servers.acct.origin + "/correspondants");
    assert.equal(shown.status(), 200);
    const policy = shown.headers()["referrer-policy"];
    // The first step of adding a key changes nothing: it shows the fingerprint.
    await page.getByLabel("Son nom").fill("GAEC LE GUYON");
    await page.getByLabel("Sa clé (la ligne qui commence par sacochepk)").fill(farmerKey.public_key);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === "POST"),
      page.waitForNavigation({ waitUntil: "load" }),
      page.getByRole("button", { name: "Suivant : vérifier l’empreinte" }).click(),
    ]);
    const origin = await request.headerValue("origin");
    const answer = await request.response();
    assert.ok(
      answer.status() === 200 && (await h1(page)) === "Vérifier l’empreinte",
      `the page refused its own form: HTTP ${answer.status()}, "${await h1(page)}": ` +
        `${(await mainText(page)).split("\n").filter(Boolean)[1] ?? ""}\n` +
        `The browser sent Origin: ${origin} (the page's Origin is ${servers.acct.origin}), ` +
        `because the page answers with Referrer-Policy: ${policy}, under which browsers send ` +
        `"Origin: null" with a form; every button of the page is refused the same way.`,
    );
  } finally {
    await context.close();
  }
});

flow("g1", "a file named <script>alert(1)</script>.txt: Envoyer refuses it, and shows its name as text", ["0"], async () => {
  allowed = [/status of 422/];
  const page = pages.farmer;
  const hostile = "<script>alert(1)</script>.txt"; // a folder "<script>alert(1)<" holding "script>.txt"
  fs.mkdirSync(path.join(W.farm, "<script>alert(1)<"));
  fs.writeFileSync(path.join(W.farm, hostile), "x");
  try {
    await go(page, "/envoyer");
    await page.getByLabel("Ou un autre dossier (son chemin)").fill(W.farm);
    await page.getByLabel("Tous les documents").check();
    await page.getByLabel("Ou dans ce dossier (son chemin)").fill(W.inbox);
    const answer = await submit(page, page.getByRole("button", { name: "Terminer" }), "Cela n’a pas pu se faire");
    assert.equal(answer.status(), 422);
    const text = await page.locator("main").textContent();
    assert.ok(text.includes(hostile), `the refusal names the file as text:\n${text}`);
    assert.equal(await page.locator("script").count(), 0, "a refusal page has no script at all");
    assert.deepEqual(sacocheFiles(W.inbox), [], "nothing was written in the inbox");
  } finally {
    fs.rmSync(path.join(W.farm, "<script>alert(1)<"), { recursive: true });
  }
});

flow("a", "the farmer's page sends the whole sample dossier into the accountant's inbox", ["0"], async () => {
  // The accountant's Recevoir is open, empty, before anything is sent (b checks that
  // it shows the archive by itself).
  await go(pages.acct, "/recevoir");
  assert.match(await mainText(pages.acct), /La boîte de réception est vide/);

  const page = pages.farmer;
  await go(page, "/");
  await shot(page, "01-accueil-vide");
  await go(page, "/envoyer");
  await page.getByLabel("Ou un autre dossier (son chemin)").fill(W.farm);
  await page.getByLabel("Tous les documents").check();
  assert.equal(await page.getByLabel("Les documents modifiés ou ajoutés").isChecked(), false);
  await page.getByLabel("Ou dans ce dossier (son chemin)").fill(W.inbox);
  await page.getByLabel("Objectif de l’échange").fill("Envoi pour révision");
  await page.getByLabel("Commentaire").fill("Le dossier 2020 complet.");
  await shot(page, "02-envoyer");
  await submit(page, page.getByRole("button", { name: "Terminer" }), "Envoyé");
  await shot(page, "03-envoye");

  const line = await page.locator("p.result").first().innerText();
  const m = line.match(/^(8502182-\d{14}\.sacoche), ([\d\s,  ]+ ko), écrit dans (.+)\.$/);
  assert.ok(m, `the result line: ${line}`);
  assert.equal(m[3], W.inbox);
  assert.deepEqual(sacocheFiles(W.inbox), [m[1]], "the archive is in the inbox, alone");
  sentFull = m[1];
  sentFullSha = sha256(path.join(W.inbox, sentFull));
  // What the archive is, read by the command line.
  const shown = JSON.parse(sacoche(W.acct, ["show", "--json", path.join(W.inbox, sentFull)]));
  assert.equal(shown.manifest.kind, "full");
  assert.equal(shown.manifest.purpose, "Envoi pour révision");
  assert.equal(shown.manifest.comment, "Le dossier 2020 complet.");
  assert.equal(shown.signer.key_id, farmerKey.key_id);
  assert.equal(shown.manifest.files.length, Object.keys(tree(W.farm)).length, "every file of the dossier");
  // The farmer's page remembers the dossier: Accueil shows it now.
  await go(page, "/");
  assert.match(await mainText(page), /GAEC LE GUYON — 8502182/);
  assert.match(await mainText(page), new RegExp(`Dernier envoi : ${sentFull.replace(".", "\\.")}`));
});

flow("b", "the accountant's page shows it ready by itself, previews it, integrates it: same files, same bytes", ["a"], async () => {
  const page = pages.acct;
  // No reload by hand: the page follows the inbox (static/sacoche.js).
  const r = row(page, sentFull);
  await r.waitFor();
  await settledInbox(page);
  const cells = await r.locator("td").allInnerTexts();
  assert.equal(cells[0], sentFull);
  assert.match(cells[1], /^8502182\s+GAEC LE GUYON$/);
  assert.equal(cells[3], "complète");
  assert.match(cells[4], /GAEC LE GUYON/);
  assert.match(cells[5], /^prêt/);
  await page.getByLabel(`Traiter ${sentFull}`).check();
  await shot(page, "04-recevoir");
  await submit(page, page.getByRole("button", { name: "Suivant : voir le contenu" }), "Avant d’intégrer");
  const preview = await mainText(page);
  assert.match(preview, new RegExp(`${sentFull.replace(".", "\\.")} — dossier 8502182 \\(GAEC LE GUYON\\), archive complète numéro 1`));
  assert.match(preview, /Objectif de l’échange : Envoi pour révision/);
  assert.match(preview, /Commentaire : Le dossier 2020 complet\./);
  const flat = preview.replace(/\s+/g, " ");
  for (const file of Object.keys(tree(W.farm))) {
    assert.ok(flat.includes(`ajouté ${file}`), `the preview lists ${file} as added:\n${preview}`);
  }
  assert.ok(!fs.existsSync(ACCT_COPY), "the preview changes nothing");
  await shot(page, "05-apercu");
  await submit(page, page.getByRole("button", { name: "Terminer" }), "Résultat");
  await shot(page, "06-resultat");
  const result = await page.locator("p.result").first().innerText();
  assert.match(result, new RegExp(`^intégrée\\s+${sentFull.replace(".", "\\.")} → dossier 8502182`));
  assert.equal(await page.locator("p.result.bad").count(), 0);
  assertSameTree(W.farm, ACCT_COPY);
  // The archive left the inbox for the archives received, unchanged; the log says it
  // was integrated; the page's Historique shows it.
  assert.ok(!sacocheFiles(W.inbox).includes(sentFull), "no longer in the inbox");
  assert.equal(sha256(path.join(W.acct, "received", "8502182", sentFull)), sentFullSha, "kept with the archives received");
  const logged = jsonLines(fs.readFileSync(path.join(W.acct, "log.jsonl"), "utf8"));
  assert.ok(logged.some((e) => e.action === "integrated" && path.basename(e.file) === sentFull && e.outcome === "integrated"), JSON.stringify(logged));
  await go(page, "/historique");
  const history = await mainText(page);
  assert.ok(history.includes(sentFull), history);
  await shot(page, "07-historique");
  await go(page, "/");
  assert.match(await mainText(page), /GAEC LE GUYON — 8502182/);
  assert.match(await mainText(page), /Dernière réception : de GAEC LE GUYON/);
  await shot(page, "01-accueil");
});

flow("c", "the accountant corrects a file and sends only the changes back; the farmer's page integrates them", ["b"], async () => {
  const changed = "TVA/CA12A 2020 - déclaration annuelle.txt";
  fs.appendFileSync(path.join(ACCT_COPY, changed), "\nCorrection du cabinet : ligne 0979 revue.\n");
  const page = pages.acct;
  await go(page, "/envoyer");
  // The dossier received is offered first, already chosen.
  const radio = page.locator(`input[type=radio][name=dossier][value="${ACCT_COPY}"]`);
  assert.equal(await radio.isChecked(), true, "the accountant's copy is the dossier offered");
  await page.getByLabel("Les documents modifiés ou ajoutés").check();
  await page.getByLabel("Ou dans ce dossier (son chemin)").fill(W.farmInbox);
  await page.getByLabel("Objectif de l’échange").fill("Retour de révision");
  await submit(page, page.getByRole("button", { name: "Terminer" }), "Envoyé");
  const line = await page.locator("p.result").first().innerText();
  const m = line.match(/^(8502182-\d{14}\.sacoche), .* écrit dans (.+)\.$/);
  assert.ok(m, line);
  assert.equal(m[2], W.farmInbox);
  sentChanges = m[1];
  const shown = JSON.parse(sacoche(W.farmer, ["show", "--json", path.join(W.farmInbox, sentChanges)]));
  assert.equal(shown.manifest.kind, "changes");
  assert.deepEqual(shown.manifest.files.map((f) => f.path), [changed], "only the file changed travels");

  // The farmer has an inbox now.
  fs.writeFileSync(
    path.join(W.farmer, "config.toml"),
    `inboxes = [${JSON.stringify(W.farmInbox)}]\n\n[dossier_folders]\n"8502182" = ${JSON.stringify(W.farm)}\n`,
  );
  const fp = pages.farmer;
  await go(fp, "/");
  assert.match(await mainText(fp), /1 archive dans la boîte de réception, dont 1 prête à intégrer\./);
  await go(fp, "/recevoir");
  await settledInbox(fp);
  const r = row(fp, sentChanges);
  assert.match((await r.locator("td").allInnerTexts())[5], /^prêt/);
  assert.equal((await r.locator("td").allInnerTexts())[3], "modifications");
  await fp.getByLabel(`Traiter ${sentChanges}`).check();
  await submit(fp, fp.getByRole("button", { name: "Suivant : voir le contenu" }), "Avant d’intégrer");
  const preview = await mainText(fp);
  assert.ok(/modifié\s+TVA\/CA12A 2020 - déclaration annuelle\.txt/.test(preview), preview);
  assert.match(preview, /Objectif de l’échange : Retour de révision/);
  await submit(fp, fp.getByRole("button", { name: "Terminer" }), "Résultat");
  assert.match(await fp.locator("p.result").first().innerText(), new RegExp(`^intégrée\\s+${sentChanges.replace(".", "\\.")}`));
  assertSameTree(W.farm, ACCT_COPY);
  assert.match(fs.readFileSync(path.join(W.farm, changed), "utf8"), /Correction du cabinet/);
  // The version it replaced is in the farm's trash, and Corbeille shows it.
  await go(fp, "/corbeille");
  const bin = await mainText(fp);
  assert.ok(bin.includes(`Fichiers remplacés ou supprimés dans ${W.farm}`), bin);
  assert.ok(bin.includes(changed), bin);
});

flow("d", "an archive sent to the inbox from the browser's file chooser, deleted through Recevoir, is in Corbeille; Restaurer brings it back", ["b"], async () => {
  // The farmer's next full archive, on a stick; the accountant adds it from the page.
  const onStick = sacoche(W.farmer, ["pack", W.farm, "--full", "--out", W.stick]).trim();
  const name = path.basename(onStick);
  const inInbox = path.join(W.inbox, name);
  const page = pages.acct;
  await go(page, "/recevoir");
  // Picked in the browser's file chooser, as a farmer does: the page receives the bytes.
  await page.getByLabel("L’archive reçue (sur la clé USB, dans les téléchargements…)").setInputFiles(onStick);
  await submit(page, page.getByRole("button", { name: "Envoyer ce fichier dans la boîte de réception" }), "Ajouter une archive");
  assert.match(await mainText(page), new RegExp(`L’archive est dans la boîte de réception : ${inInbox.replace(/[.]/g, "\\.")}`));
  assert.equal(sha256(inInbox), sha256(onStick), "the same bytes as on the stick");
  const bytes = sha256(inInbox);

  await go(page, "/recevoir");
  await settledInbox(page);
  await page.getByLabel(`Supprimer ${name}`).check();
  await submit(page, page.getByRole("button", { name: "Suivant : voir le contenu" }), "Avant d’intégrer");
  const preview = await mainText(page);
  assert.ok(preview.includes(name), preview);
  assert.ok(fs.existsSync(inInbox), "the preview deletes nothing");
  await submit(page, page.getByRole("button", { name: "Terminer" }), "Résultat");
  const said = await page.locator("p.result").first().innerText();
  assert.ok(said.startsWith(`${inInbox} est à la corbeille (`), said);
  assert.ok(!fs.existsSync(inInbox), "gone from the inbox");
  const trashed = jsonLines(sacoche(W.acct, ["trash", "list", "--json"]));
  assert.equal(trashed.length, 1, JSON.stringify(trashed));

  await go(page, "/corbeille");
  const section = await mainText(page);
  assert.ok(section.includes("Archives supprimées de la boîte de réception"), section);
  assert.ok(section.includes(inInbox), section);
  await shot(page, "08-corbeille");
  await submit(page, page.getByRole("button", { name: `Restaurer ${inInbox}` }), "Restauré");
  assert.match(await mainText(page), new RegExp(`${inInbox.replace(/[.]/g, "\\.")} est revenu à sa place\\.`));
  assert.ok(fs.existsSync(inInbox), "back in the inbox");
  assert.equal(sha256(inInbox), bytes, "with the same bytes");
  assert.deepEqual(jsonLines(sacoche(W.acct, ["trash", "list", "--json"])), [], "and no longer in the trash");
  await go(page, "/recevoir");
  await row(page, name).waitFor();

  // Its path typed on top of it: refused, the one in the inbox kept as it is.
  allowed = [/status of 422/];
  await page.getByLabel("Le chemin de l’archive (sur la clé USB, dans les téléchargements…)").fill(onStick);
  await submit(page, page.getByRole("button", { name: "La mettre dans la boîte de réception" }), "Cela n’a pas pu se faire");
  assert.match(await page.locator("body").innerText(), /déjà dans la boîte de réception/);
  assert.equal(sha256(inInbox), bytes, "kept as it was");
});

flow("e", "Correspondants: a key is trusted only after the fingerprint checkbox, then `sacoche trust list` shows it", ["0"], async () => {
  sacoche(W.third, ["key", "new", "--name", "Expert Martin"]);
  const third = JSON.parse(sacoche(W.third, ["key", "show", "--json"]));
  const page = pages.acct;
  const posts = [];
  const count = (req) => req.method() === "POST" && req.url().endsWith("/correspondants/ajouter") && posts.push(req.url());
  page.on("request", count);
  try {
    await go(page, "/correspondants");
    const mine = await page.locator("p.key").innerText();
    assert.equal(mine, acctKey.public_key, "my key line");
    assert.match(await mainText(page), new RegExp(`Empreinte à lire au téléphone : ${acctKey.key_id}`));
    await shot(page, "09-correspondants");
    await page.getByLabel("Son nom").fill("Expert Martin");
    await page.getByLabel("Sa clé (la ligne qui commence par sacochepk)").fill(third.public_key);
    await page.getByLabel("Pour ces dossiers seulement").fill("8502182");
    await submit(page, page.getByRole("button", { name: "Suivant : vérifier l’empreinte" }), "Vérifier l’empreinte");
    assert.equal(await page.locator("p.key").innerText(), third.key_id, "the fingerprint to read on the phone");
    assert.ok(!sacoche(W.acct, ["trust", "list"]).includes("Expert Martin"), "not trusted yet");
    await shot(page, "10-verifier-empreinte");
    // Without the box ticked the browser does not send the form.
    const box = page.getByLabel("Nous avons comparé l’empreinte au téléphone : c’est la même");
    assert.equal(await box.evaluate((el) => el.required && !el.form.checkValidity()), true);
    await page.getByRole("button", { name: "Faire confiance à cette clé" }).click();
    assert.equal(await h1(page), "Vérifier l’empreinte");
    await box.check();
    await submit(page, page.getByRole("button", { name: "Faire confiance à cette clé" }), "Correspondants");
    assert.match(await mainText(page), /Le correspondant est ajouté\./);
    assert.deepEqual(posts.length, 2, "the form went twice: to see the fingerprint, then to trust (not when the box was empty)");
  } finally {
    page.off("request", count);
  }
  const list = sacoche(W.acct, ["trust", "list"]);
  const line = list.split("\n").find((l) => l.includes("Expert Martin"));
  assert.ok(line, list);
  assert.ok(line.includes(third.key_id) && line.includes("8502182"), line);
  await go(page, "/correspondants");
  const table = await page.locator("table").innerText();
  assert.ok(table.includes("Expert Martin") && table.includes(third.key_id), table);
});

flow("f", "security: the opening link works once; a POST without the CSRF token is refused and changes nothing", [], async () => {
  // The link again, in another browser (no cookie): refused.
  const stranger = await newContext();
  try {
    const p = await stranger.newPage();
    const again = await p.goto(servers.acct.url);
    assert.equal(again.status(), 403);
    assert.equal(await h1(p), "Accès refusé");
    assert.match(await mainText(p), /Ce lien a déjà servi/);
    await shot(p, "11-lien-deja-servi");
    const bare = await p.goto(servers.acct.origin + "/correspondants");
    assert.equal(bare.status(), 403, "no page without the session");
    assert.doesNotMatch(await p.content(), /sacochepk/, "and nothing of it shows");
  } finally {
    await stranger.close();
  }
  // From the page itself (its cookie, its Origin), a form without the token.
  allowed = [/status of 403/];
  const page = pages.acct;
  await go(page, "/correspondants");
  const trustBefore = fs.readFileSync(path.join(W.acct, "trust.toml"));
  const inboxBefore = sacocheFiles(W.inbox).sort();
  const post = (where, fields) =>
    page.evaluate(
      async ([where, fields]) => {
        const r = await fetch(where, { method: "POST", body: new URLSearchParams(fields) });
        return { status: r.status, text: await r.text() };
      },
      [where, fields],
    );
  const noToken = await post("/correspondants/retirer", { key: farmerKey.public_key });
  assert.equal(noToken.status, 403, noToken.text);
  assert.match(noToken.text, /jeton absent ou faux/);
  const wrongToken = await post("/correspondants/retirer", { key: farmerKey.public_key, csrf: "0".repeat(64) });
  assert.equal(wrongToken.status, 403, wrongToken.text);
  const noTokenDelete = await post("/recevoir/terminer", { supprimer: sentFull });
  assert.equal(noTokenDelete.status, 403, noTokenDelete.text);
  assert.deepEqual(fs.readFileSync(path.join(W.acct, "trust.toml")), trustBefore, "the trust store is unchanged");
  assert.ok(sacoche(W.acct, ["trust", "list"]).includes(farmerKey.key_id));
  assert.deepEqual(sacocheFiles(W.inbox).sort(), inboxBefore, "the inbox is unchanged");
  // The same request with the page's token is served (it is the token that was missing).
  const csrf = await page.locator("input[name=csrf]").first().inputValue();
  const withToken = await post("/recevoir/apercu", { csrf });
  assert.equal(withToken.status, 200, withToken.text);
  assert.match(withToken.text, /Rien n’a été coché/);
});

flow("g2", "what an archive brings (holder's name, comment, file names, the archive's own name) shows as text on Recevoir, the preview and the result", ["0"], async () => {
  // A second dossier of the farmer's whose every text is hostile markup.
  const farm2 = path.join(R, "farm2");
  const holder = "<script>alert(1)</script>";
  const fileName = "R&D &lt;b&gt;gras&lt;&#47;b&gt; l'été.txt"; // entities, as text: no < > / allowed in a name
  const comment = "<img src=x onerror=alert(2)>";
  const purpose = "</p><script>alert(3)</script>";
  fs.mkdirSync(farm2);
  fs.writeFileSync(path.join(farm2, fileName), "x\n");
  sacoche(W.farmer, ["init", farm2, "--dossier", "8502183", "--name", holder]);
  const out = path.join(R, "stick2");
  fs.mkdirSync(out);
  const page = pages.farmer;
  await go(page, "/envoyer");
  await page.getByLabel("Ou un autre dossier (son chemin)").fill(farm2);
  await page.getByLabel("Tous les documents").check();
  await page.getByLabel("Ou dans ce dossier (son chemin)").fill(out);
  await page.getByLabel("Objectif de l’échange").fill(purpose);
  await page.getByLabel("Commentaire").fill(comment);
  await submit(page, page.getByRole("button", { name: "Terminer" }), "Envoyé");
  const [packed] = sacocheFiles(out);
  // The archive arrives under a hostile name of its own (a file name is anyone's).
  const arrived = "<img src=x onerror=alert(4)>.sacoche";
  fs.copyFileSync(path.join(out, packed), path.join(W.inbox, arrived));

  const acct = pages.acct;
  const noMarkup = async (where) => {
    const found = await acct.evaluate(() => ({
      scripts: [...document.scripts].map((s) => s.src || s.textContent),
      imgs: document.querySelectorAll("img").length,
      handlers: [...document.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => a.name.startsWith("on"))).length,
    }));
    assert.deepEqual(found, { scripts: [servers.acct.origin + "/static/sacoche.js"], imgs: 0, handlers: 0 }, `${where}: only the page's own script, no markup from the archive`);
  };
  await go(acct, "/recevoir");
  await settledInbox(acct);
  const r = row(acct, arrived);
  const cells = await r.locator("td").allInnerTexts();
  assert.match(cells[1], /^8502183\s+<script>alert\(1\)<\/script>$/);
  await noMarkup("Recevoir");
  await acct.getByLabel(`Traiter ${arrived}`).check();
  await submit(acct, acct.getByRole("button", { name: "Suivant : voir le contenu" }), "Avant d’intégrer");
  const text = await acct.locator("main").textContent();
  for (const s of [arrived, holder, fileName, comment, purpose]) assert.ok(text.includes(s), `the preview shows ${s} as text:\n${text}`);
  await noMarkup("the preview");
  await shot(acct, "12-apercu-noms-hostiles");
  await submit(acct, acct.getByRole("button", { name: "Terminer" }), "Résultat");
  assert.ok((await acct.locator("main").textContent()).includes(`intégrée  ${arrived} → dossier 8502183`));
  await noMarkup("the result");
  assert.deepEqual(Object.keys(tree(path.join(W.dossiers, "8502183"))), [fileName], "the file arrived under its own name");
  await go(acct, "/");
  assert.ok((await acct.locator("main").textContent()).includes(`${holder} — 8502183`));
  await noMarkup("Accueil");
});

flow("i", "both sides change the same file: the accountant settles the conflict from Accueil (take theirs, then keep mine); once the choice travels back, both dossiers are the same", ["c", "d"], async () => {
  // What flow d left in the accountant's inbox is not part of this.
  for (const name of fs.readdirSync(W.inbox).filter((n) => n.endsWith(".sacoche") && !n.includes("accuse"))) {
    sacoche(W.acct, ["inbox", "delete", name]);
  }
  const file = "LISEZ-MOI.txt";
  const acct = pages.acct;
  const farmer = pages.farmer;
  for (const [round, choice, button] of [[1, "theirs", "Prendre la leur"], [2, "mine", "Garder la mienne"]]) {
    const farmText = `Version de la ferme, tour ${round}.\n`;
    const officeText = `Version du cabinet, tour ${round}.\n`;
    fs.writeFileSync(path.join(W.farm, file), farmText);
    fs.writeFileSync(path.join(ACCT_COPY, file), officeText);
    // The farmer sends the changes to the accountant's inbox.
    await go(farmer, "/envoyer");
    await farmer.getByLabel("Ou un autre dossier (son chemin)").fill(W.farm);
    await farmer.getByLabel("Les documents modifiés ou ajoutés").check();
    await farmer.getByLabel("Ou dans ce dossier (son chemin)").fill(W.inbox);
    await submit(farmer, farmer.getByRole("button", { name: "Terminer" }), "Envoyé");
    const sent = (await farmer.locator("p.result").first().innerText()).match(/^(8502182-\d{14}\.sacoche),/)[1];
    // The accountant integrates it: a conflict, shown in the preview, kept as a copy.
    await go(acct, "/recevoir");
    await settledInbox(acct);
    await acct.getByLabel(`Traiter ${sent}`).check();
    await submit(acct, acct.getByRole("button", { name: "Suivant : voir le contenu" }), "Avant d’intégrer");
    assert.match(await mainText(acct), /1 conflit/);
    await submit(acct, acct.getByRole("button", { name: "Terminer" }), "Résultat");
    const copies = fs.readdirSync(ACCT_COPY).filter((n) => n.includes("(conflit "));
    assert.equal(copies.length, 1, `one conflict copy: ${copies}`);
    // Settled from Accueil.
    await go(acct, "/");
    if (round === 1) await shot(acct, "13-conflit");
    await submit(acct, acct.getByRole("button", { name: button }), "Conflit réglé");
    assert.equal(fs.readFileSync(path.join(ACCT_COPY, file), "utf8"), choice === "theirs" ? farmText : officeText);
    assert.deepEqual(fs.readdirSync(ACCT_COPY).filter((n) => n.includes("(conflit ")), [], "the copy is gone");
    // The choice travels back; the farmer integrates it: the same dossier on both sides.
    await go(acct, "/envoyer");
    await acct.getByLabel("Ou un autre dossier (son chemin)").fill(ACCT_COPY);
    await acct.getByLabel("Les documents modifiés ou ajoutés").check();
    await acct.getByLabel("Ou dans ce dossier (son chemin)").fill(W.farmInbox);
    await submit(acct, acct.getByRole("button", { name: "Terminer" }), "Envoyé");
    const back = (await acct.locator("p.result").first().innerText()).match(/^(8502182-\d{14}\.sacoche),/)[1];
    await go(farmer, "/recevoir");
    await settledInbox(farmer);
    await farmer.getByLabel(`Traiter ${back}`).check();
    await submit(farmer, farmer.getByRole("button", { name: "Suivant : voir le contenu" }), "Avant d’intégrer");
    await submit(farmer, farmer.getByRole("button", { name: "Terminer" }), "Résultat");
    assert.match(await farmer.locator("p.result").first().innerText(), /^intégrée/);
    assertSameTree(W.farm, ACCT_COPY);
  }
});

flow("h", "Quitter stops each page: goodbye, and the program ends by itself", ["0"], async () => {
  allowed = [/ERR_CONNECTION_REFUSED/];
  for (const who of ["farmer", "acct"]) {
    const page = pages[who];
    await go(page, "/");
    const failed = [];
    const note = (r) => failed.push(new URL(r.url()).pathname);
    page.on("requestfailed", note);
    await submit(page, page.getByRole("button", { name: "Quitter" }), "sacoche est arrêté");
    const { code } = await servers[who].exited;
    page.off("requestfailed", note);
    assert.equal(code, 0, `${who}'s sacoche ui exit code`);
    // The goodbye page asks for its style sheet from a sacoche that is stopping.
    if (failed.length) console.log(`# note: ${who}'s goodbye page could not load ${failed.join(", ")}`);
    const gone = await page.evaluate(() => fetch("/").then(() => "answered", () => "no answer"));
    assert.equal(gone, "no answer", "nothing answers at the page's address any more");
  }
});
