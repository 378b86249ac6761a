#!/usr/bin/env python3
"""FEC ledgers written the way various accounting programs write them, with what must be
found in them. Written from docs of the FEC format (article A47 A-1 of the LPF) and
/work/shared/DOMAIN.md alone: it shares no code with sacoche's ledger module.

Python 3 standard library only; the same seed always gives the same bytes.

Usage:
  fec_gen.py check SEED OUTDIR   OUTDIR/ledger.txt and OUTDIR/expect.json
  fec_gen.py diff SEED OUTDIR    OUTDIR/old.txt, OUTDIR/new.txt and OUTDIR/expect.json
  fec_gen.py --self-test [N]     generates seeds 1..N (default 300) in a scratch folder and
                                 re-reads every file with the small reader below, which
                                 applies the rules on its own and must find exactly what
                                 expect.json states

check's expect.json:
  {"variant": "debit-credit"|"montant-sens"|"cash-basis", "separator": "tab"|"pipe",
   "encoding": "ascii"|"utf8"|"utf8-bom"|"latin9", "crlf": bool,
   "lines": non-blank lines after the header, "entries": number of écritures,
   "defects": [{"line": N, "defect": CODE[, "column": NAME]}, ...] sorted by line}
  Line numbers are 1-based file lines (the header is line 1). Every planted defect
  yields exactly one code on its own line:
    unbalanced        one amount of an écriture changed (reported on its FIRST line;
                      no other defect in that écriture)
    debit-and-credit  the same amount added on both sides of a line (balance kept;
                      Debit/Credit variants only)
    bad-account       CompteNum not starting with three digits
    bad-date          PieceDate not a real AAAAMMJJ day (the EcritureDate is left alone,
                      so that it is not also outside the year)
    outside-year      EcritureDate of every line of one écriture moved to 2019 or 2021
                      (one record per line; no other defect in that écriture)
    missing           empty PieceRef or EcritureLib ("column" names which)
    no-amount         a line added to an écriture with both amounts zero (or Montant
                      zero), which keeps it balanced

diff's expect.json:
  {"added": [[journal, piece_ref], ...], "modified": [...], "deleted": [...],
   "renumbered": bool, "unchanged": N}
  PieceRefs are unique per écriture in old, so [journal, piece_ref] names an écriture.
  Within a journal the changed écritures (added, modified, deleted) have pairwise
  different EcritureDates, so that matching "two of (EcritureNum, EcritureDate,
  PieceRef)" can only pair an old écriture with its own new version, even when every
  écriture is renumbered.
"""
import json
import os
import random
import sys
import tempfile
import unicodedata
from datetime import date, timedelta

COLS18 = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
          "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib",
          "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise",
          "Idevise"]
VARIANTS = ["debit-credit", "montant-sens", "cash-basis"]
ENCODINGS = ["ascii", "utf8", "utf8-bom", "latin9"]
YEAR_START = date(2020, 1, 1)
YEAR_END = date(2020, 12, 31)


def columns(variant):
    cols = list(COLS18)
    if variant == "montant-sens":
        i = cols.index("Debit")
        cols[i:i + 2] = ["Montant", "Sens"]
    elif variant == "cash-basis":
        cols += ["DateRglt", "ModeRglt", "NatOp"]
    return cols


JOURNALS = {"AN": "À nouveaux", "ACH": "Achats", "VTE": "Ventes",
            "BQ": "Banque Crédit Agricole", "OD": "Opérations diverses"}
JOURNAL_ORDER = ["AN", "ACH", "VTE", "BQ", "OD"]

ACCOUNTS = {
    "101000": "Capital", "108100": "Comptes de l'exploitant", "164000": "Emprunts Crédit Agricole",
    "213000": "Bâtiments d'exploitation", "215400": "Matériel agricole",
    "241000": "Animaux reproducteurs", "281540": "Amortissements matériel",
    "311000": "Stocks approvisionnements", "401000": "Fournisseurs", "411000": "Clients",
    "44566": "TVA déductible sur ABS", "44571": "TVA collectée", "44551": "TVA à décaisser",
    "445620": "TVA déductible sur immobilisations", "455000": "Associés - comptes courants",
    "512000": "Banque Crédit Agricole", "601000": "Achats d'aliments du bétail",
    "601200": "Minéraux et compléments", "602000": "Engrais azoté et amendements",
    "602300": "Semences et plants", "603200": "Variation des stocks d'approvisionnements",
    "606100": "Carburants et lubrifiants", "615500": "Entretien du matériel",
    "616000": "Assurances", "622600": "Honoraires comptables", "627000": "Frais bancaires",
    "646000": "Cotisations MSA de l'exploitant", "661100": "Intérêts des emprunts",
    "681120": "Dotations aux amortissements", "701000": "Ventes de lait",
    "707100": "Ventes d'animaux", "702000": "Ventes de céréales",
    "708000": "Produits des activités annexes", "740000": "Aides PAC - DPB",
}
SUPPLIERS = [("F0001", "Coopérative Terrena"), ("F0002", "Agrial aliments du bétail"),
             ("F0003", "Garage Agri-Services"), ("F0004", "Groupama Loire Bretagne"),
             ("F0005", "MSA Portes de Bretagne"), ("F0006", "Cerfrance Côtes d'Armor"),
             ("F0007", "Distributeur carburant agricole")]
CLIENTS = [("C0001", "Lactalis collecte Ouest"), ("C0002", "Bétail de l'Ouest"),
           ("C0003", "Coopérative Eureden céréales"), ("C0004", "ASP aides PAC")]

# Purchases: (charge account(s), label, supplier index, VAT rate in per-mille or None).
PURCHASES = [
    (["601000", "601200"], "Facture aliment vaches laitières", 1, 55),
    (["602000"], "Engrais azoté ammonitrate 27 %", 0, 200),
    (["602300"], "Semences maïs ensilage", 0, 100),
    (["606100"], "Gazole non routier - livraison cuve", 6, 200),
    (["615500", "606100"], "Réparation tracteur et vidange", 2, 200),
    (["215400"], "Matériel : herse rotative d'occasion", 2, 200),
    (["616000"], "Assurance multirisque exploitation", 3, None),
    (["646000"], "Cotisation MSA - appel provisionnel (forfait 150 €)", 4, None),
    (["622600"], "Honoraires comptables - forfait 1 200 € HT", 5, 200),
]
SALES = [
    (["701000", "708000"], "Paie de lait - collecte du mois", 0, 55),
    (["707100"], "Vente de vaches de réforme", 1, 100),
    (["702000"], "Vente blé tendre récolte 2020", 2, 55),
    (["740000"], "Aides PAC 2020 - acompte DPB", 3, None),
]
MODES = ["VIR", "CHQ", "PRLV", "CB", "ESP"]


def ascii_only(text):
    text = text.replace("€", "EUR").replace("œ", "oe").replace("Œ", "OE")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def d8(d):
    return d.strftime("%Y%m%d")


def rand_day(rng, start=YEAR_START, end=YEAR_END):
    return start + timedelta(days=rng.randint(0, (end - start).days))


def split(rng, total, parts):
    """`total` cents in `parts` positive amounts."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    bounds = [0] + cuts + [total]
    return [bounds[i + 1] - bounds[i] for i in range(parts)]


class Style:
    """How one accounting program writes its ledger."""

    def __init__(self, rng):
        self.variant = rng.choice(VARIANTS)
        self.separator = rng.choice(["tab", "pipe"])
        self.encoding = rng.choice(ENCODINGS)
        self.crlf = rng.random() < 0.5
        self.decimal = "," if rng.random() < 0.8 else "."
        self.zero = rng.choice(["0" + self.decimal + "00", ""])
        self.numbering = rng.choice(["prefix5", "prefix6", "plain"])
        self.layout = rng.choice(["by-journal", "chronological"])
        self.devise = rng.choice(["empty", "eur", "both"])
        self.trailing_blank = rng.random() < 0.25

    def number(self, journal, n):
        if self.numbering == "plain":
            return str(n)
        width = 5 if self.numbering == "prefix5" else 6
        return f"{journal}{n:0{width}d}"

    def money(self, cents):
        return f"{cents // 100}{self.decimal}{cents % 100:02d}"

    def text(self, s):
        return ascii_only(s) if self.encoding == "ascii" else s


class Line:
    def __init__(self, account, debit, credit, aux=None):
        self.account = account
        self.account_label = ACCOUNTS.get(account, "Compte")
        self.aux = aux  # (num, label) or None
        self.debit = debit
        self.credit = credit
        self.raw = {}  # column -> string written instead (planted defects)
        self.let = ""
        self.date_let = ""
        self.date_rglt = ""
        self.mode_rglt = ""
        self.natop = ""

    def copy(self):
        c = Line(self.account, self.debit, self.credit, self.aux)
        c.account_label = self.account_label
        c.raw = dict(self.raw)
        c.date_rglt, c.mode_rglt, c.natop = self.date_rglt, self.mode_rglt, self.natop
        return c


class Entry:
    def __init__(self, journal, day, label, lines):
        self.journal = journal
        self.date = day
        self.label = label
        self.lines = lines
        self.piece = ""
        self.piece_date = day
        self.valid_date = day
        self.num = ""
        self.date_override = None  # outside-year

    def copy(self):
        e = Entry(self.journal, self.date, self.label, [l.copy() for l in self.lines])
        e.piece, e.piece_date, e.valid_date, e.num = self.piece, self.piece_date, self.valid_date, self.num
        for a, b in zip(self.lines, e.lines):
            b.let, b.date_let = a.let, a.date_let
        return e


def make_entry(rng, journal, day):
    """One realistic farm écriture of `journal` on `day` (2 to 4 lines, balanced)."""
    if journal == "AN":
        debits = rng.sample(["512000", "215400", "213000", "241000", "311000"], rng.randint(1, 2))
        credits = rng.sample(["101000", "164000", "108100", "281540"], 4 - len(debits) if rng.random() < 0.5 else 1)
        total = rng.randint(5000_00, 250000_00)
        lines = [Line(a, c, 0) for a, c in zip(debits, split(rng, total, len(debits)))]
        lines += [Line(a, 0, c) for a, c in zip(credits, split(rng, total, len(credits)))]
        return Entry(journal, day, "Reprise des soldes au 01/01/2020", lines)
    if journal in ("ACH", "VTE"):
        accounts, label, who, vat = rng.choice(PURCHASES if journal == "ACH" else SALES)
        party = (SUPPLIERS if journal == "ACH" else CLIENTS)[who]
        if vat is None:
            accounts = accounts[:1]
        elif len(accounts) == 2 and rng.random() < 0.5:
            accounts = accounts[:1]
        ht = rng.randint(80_00, 18000_00)
        parts = split(rng, ht, len(accounts))
        tva = (ht * vat + 500) // 1000 if vat else 0
        if journal == "ACH":
            lines = [Line(a, c, 0) for a, c in zip(accounts, parts)]
            if tva:
                lines.append(Line("445620" if accounts[0].startswith("2") else "44566", tva, 0))
            lines.append(Line("401000", 0, ht + tva, party))
        else:
            lines = [Line("411000", ht + tva, 0, party)]
            lines += [Line(a, 0, c) for a, c in zip(accounts, parts)]
            if tva:
                lines.append(Line("44571", 0, tva))
        label = f"{label} {party[1]}" if rng.random() < 0.4 else label
        return Entry(journal, day, label, lines)
    if journal == "BQ":
        kind = rng.randint(0, 4)
        if kind == 0:
            party = rng.choice(SUPPLIERS)
            amount = rng.randint(50_00, 15000_00)
            return Entry(journal, day, f"Règlement {party[1]}",
                         [Line("401000", amount, 0, party), Line("512000", 0, amount)])
        if kind == 1:
            party = rng.choice(CLIENTS)
            amount = rng.randint(500_00, 30000_00)
            return Entry(journal, day, f"Encaissement {party[1]}",
                         [Line("512000", amount, 0), Line("411000", 0, amount, party)])
        if kind == 2:
            capital, interest = rng.randint(1500_00, 3000_00), rng.randint(100_00, 600_00)
            lines = [Line("164000", capital, 0), Line("661100", interest, 0)]
            insurance = rng.randint(10_00, 60_00) if rng.random() < 0.5 else 0
            if insurance:
                lines.append(Line("616000", insurance, 0))
            lines.append(Line("512000", 0, capital + interest + insurance))
            return Entry(journal, day, "Échéance prêt bâtiment", lines)
        if kind == 3:
            amount = rng.randint(500_00, 3000_00)
            return Entry(journal, day, "Prélèvement des associés",
                         [Line("455000", amount, 0), Line("512000", 0, amount)])
        amount = rng.randint(5_00, 90_00)
        return Entry(journal, day, "Frais de tenue de compte",
                     [Line("627000", amount, 0), Line("512000", 0, amount)])
    # OD
    kind = rng.randint(0, 2)
    if kind == 0:
        amount = rng.randint(2000_00, 30000_00)
        return Entry(journal, day, "Dotation aux amortissements matériel",
                     [Line("681120", amount, 0), Line("281540", 0, amount)])
    if kind == 1:
        amount = rng.randint(500_00, 8000_00)
        return Entry(journal, day, "Variation de stock engrais",
                     [Line("603200", amount, 0), Line("311000", 0, amount)])
    deductible = [rng.randint(200_00, 3000_00) for _ in range(rng.randint(1, 2))]
    due = rng.randint(50_00, 2000_00)
    collected = sum(deductible) + due
    lines = [Line("44571", collected, 0)]
    lines += [Line(a, 0, c) for a, c in zip(["44566", "445620"], deductible)]
    lines.append(Line("44551", 0, due))
    return Entry(journal, day, "Liquidation TVA - acompte trimestriel", lines)


def fill_details(rng, style, entry, piece):
    """PieceRef, PieceDate, ValidDate, lettering, payment fields."""
    entry.piece = piece
    if entry.journal == "AN":
        entry.piece_date = entry.date
    else:
        entry.piece_date = entry.date - timedelta(days=rng.randint(0, 10))  # may be in 2019
    entry.valid_date = min(entry.date + timedelta(days=rng.randint(0, 25)), YEAR_END)
    for line in entry.lines:
        if line.aux and rng.random() < 0.4:
            line.let = rng.choice(["A", "B", "AA", "AB", "LT", "ZZ"])
            line.date_let = d8(min(entry.date + timedelta(days=rng.randint(0, 60)), YEAR_END))
        if style.variant == "cash-basis" and rng.random() < 0.7:
            line.date_rglt = d8(min(entry.date + timedelta(days=rng.randint(0, 45)), YEAR_END))
            line.mode_rglt = rng.choice(MODES)
            line.natop = rng.choice(["", "Achat", "Vente", "Banque", "Cotisation", "Aide"])


def build_entries(rng, style, pieces=None):
    """The écritures of one fiscal year, numbered per journal in date order."""
    counts = {"AN": rng.randint(1, 3), "ACH": rng.randint(8, 20), "VTE": rng.randint(4, 12),
              "BQ": rng.randint(8, 20), "OD": rng.randint(2, 6)}
    pieces = pieces if pieces is not None else PieceRefs(rng)
    entries = []
    for journal in JOURNAL_ORDER:
        days = [YEAR_START] * counts[journal] if journal == "AN" else \
            sorted(rand_day(rng) for _ in range(counts[journal]))
        for day in days:
            entry = make_entry(rng, journal, day)
            fill_details(rng, style, entry, pieces.new(journal, day))
            entries.append(entry)
    number(style, entries)
    return order(style, entries), pieces


def number(style, entries):
    """EcritureNum per journal, in the order of `entries`."""
    counters = {}
    for e in entries:
        counters[e.journal] = counters.get(e.journal, 0) + 1
        e.num = style.number(e.journal, counters[e.journal])


def order(style, entries):
    if style.layout == "by-journal":
        return sorted(entries, key=lambda e: (JOURNAL_ORDER.index(e.journal), e.date))
    return sorted(entries, key=lambda e: (e.journal != "AN", e.date, JOURNAL_ORDER.index(e.journal)))


class PieceRefs:
    """PieceRefs never used twice in a ledger."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.n = 0

    def new(self, journal, day):
        while True:
            self.n += 1
            if journal == "AN":
                ref = f"AN2020-{self.n:02d}"
            elif journal == "ACH":
                ref = self.rng.choice([f"FA{self.n:05d}", f"F{day.month:02d}-{self.n:03d}",
                                       f"{self.rng.randint(10000, 99999)}"])
            elif journal == "VTE":
                ref = f"VT2020-{self.n:04d}"
            elif journal == "BQ":
                ref = self.rng.choice([f"RLV{day.month:02d}-{self.n:03d}", f"CHQ{self.rng.randint(1000000, 9999999)}"])
            else:
                ref = f"OD{day.month:02d}-{self.n:02d}"
            if ref not in self.used:
                self.used.add(ref)
                return ref


def render_line(style, entry, line):
    cols = columns(style.variant)
    f = {
        "JournalCode": entry.journal, "JournalLib": JOURNALS[entry.journal],
        "EcritureNum": entry.num, "EcritureDate": entry.date_override or d8(entry.date),
        "CompteNum": line.account, "CompteLib": line.account_label,
        "CompAuxNum": line.aux[0] if line.aux else "", "CompAuxLib": line.aux[1] if line.aux else "",
        "PieceRef": entry.piece, "PieceDate": d8(entry.piece_date), "EcritureLib": entry.label,
        "EcritureLet": line.let, "DateLet": line.date_let, "ValidDate": d8(entry.valid_date),
        "Montantdevise": "", "Idevise": "",
    }
    if style.variant == "montant-sens":
        f["Montant"] = style.money(line.debit or line.credit)
        f["Sens"] = "D" if line.debit else "C"
    else:
        f["Debit"] = style.money(line.debit) if line.debit else style.zero
        f["Credit"] = style.money(line.credit) if line.credit else style.zero
    if style.devise in ("eur", "both"):
        f["Idevise"] = "EUR"
    if style.devise == "both":
        f["Montantdevise"] = style.money(line.debit or line.credit)
    if style.variant == "cash-basis":
        f["DateRglt"], f["ModeRglt"], f["NatOp"] = line.date_rglt, line.mode_rglt, line.natop
    f.update(line.raw)
    return [style.text(f[c]) for c in cols]


def render(style, entries):
    """The ledger's bytes, and each line's (entry, line) in file order (index 0 = line 2)."""
    sep = "\t" if style.separator == "tab" else "|"
    eol = "\r\n" if style.crlf else "\n"
    rows = [sep.join(columns(style.variant))]
    where = []
    for e in entries:
        for line in e.lines:
            fields = render_line(style, e, line)
            assert not any(sep in x or "\n" in x or "\r" in x for x in fields), fields
            rows.append(sep.join(fields))
            where.append((e, line))
    text = eol.join(rows) + eol + (eol if style.trailing_blank else "")
    if style.encoding == "latin9":
        data = text.encode("iso8859_15")
    elif style.encoding == "ascii":
        data = text.encode("ascii")
    else:
        data = text.encode("utf-8")
        if style.encoding == "utf8-bom":
            data = b"\xef\xbb\xbf" + data
    return data, where


BAD_ACCOUNTS = ["AB1000", "60", "6O1000", "X411000", "4A1000", "CLIENT"]
BAD_DATES = ["20201332", "2020-03-01", "20200230", "20190229", "2020031", "20200431", "31/03/2020"]


def plant(rng, style, entries):
    """Plants 0 to 6 defects; returns them as (entry, line, code, column or None)."""
    kinds = ["unbalanced", "debit-and-credit", "bad-account", "bad-date", "outside-year",
             "missing", "no-amount"]
    if style.variant == "montant-sens":
        kinds.remove("debit-and-credit")
    planted = []
    exclusive = set()  # entries with an unbalanced or outside-year defect: nothing else
    touched = set()    # entries with any defect
    used = set()       # lines with a defect
    for _ in range(rng.randint(0, 6)):
        kind = rng.choice(kinds)
        if kind in ("unbalanced", "outside-year"):
            free = [e for e in entries if id(e) not in touched]
            if not free:
                continue
            e = rng.choice(free)
            touched.add(id(e))
            exclusive.add(id(e))
            if kind == "unbalanced":
                line = rng.choice(e.lines)
                delta = rng.randint(1, 5000)
                side = "debit" if line.debit else "credit"
                value = getattr(line, side)
                setattr(line, side, value - delta if value > delta and rng.random() < 0.5 else value + delta)
                planted.append((e, e.lines[0], kind, None))
            else:
                if rng.random() < 0.5:
                    day = rand_day(rng, date(2021, 1, 1), date(2021, 12, 31))
                else:
                    day = rand_day(rng, date(2019, 1, 1), date(2019, 12, 31))
                e.date_override = d8(day)
                planted.extend((e, line, kind, None) for line in e.lines)
            continue
        free = [(e, line) for e in entries if id(e) not in exclusive
                for line in e.lines if id(line) not in used]
        if not free:
            continue
        e, line = rng.choice(free)
        touched.add(id(e))
        column = None
        if kind == "no-amount":
            zero = line.copy()
            zero.debit = zero.credit = 0
            if style.variant == "montant-sens":
                zero.raw["Montant"] = "0" + style.decimal + "00"
                zero.raw["Sens"] = rng.choice(["D", "C"])
            else:
                z = rng.choice(["0" + style.decimal + "00", ""])
                zero.raw["Debit"] = zero.raw["Credit"] = z
            e.lines.insert(rng.randint(0, len(e.lines)), zero)
            line = zero
        elif kind == "debit-and-credit":
            extra = rng.randint(1_00, 500_00)
            if line.debit:
                line.debit += extra
                line.credit = extra
            else:
                line.credit += extra
                line.debit = extra
        elif kind == "bad-account":
            line.raw["CompteNum"] = rng.choice(BAD_ACCOUNTS)
        elif kind == "bad-date":
            line.raw["PieceDate"] = rng.choice(BAD_DATES)
        elif kind == "missing":
            column = rng.choice(["PieceRef", "EcritureLib"])
            line.raw[column] = ""
        used.add(id(line))
        planted.append((e, line, kind, column))
    return planted


def ensure_non_ascii(style, data):
    if style.encoding in ("utf8", "latin9"):
        assert any(b >= 0x80 for b in data), "a non-ASCII ledger without a non-ASCII byte"


def gen_check(seed, outdir):
    rng = random.Random(f"check-{seed}")
    style = Style(rng)
    entries, _ = build_entries(rng, style)
    planted = plant(rng, style, entries)
    data, where = render(style, entries)
    ensure_non_ascii(style, data)
    line_no = {id(line): i + 2 for i, (_, line) in enumerate(where)}
    defects = []
    for _, line, code, column in planted:
        d = {"line": line_no[id(line)], "defect": code}
        if column:
            d["column"] = column
        defects.append(d)
    defects.sort(key=lambda d: (d["line"], d["defect"]))
    assert len({d["line"] for d in defects}) == len(defects), "two defects on one line"
    expect = {"variant": style.variant, "separator": style.separator, "encoding": style.encoding,
              "crlf": style.crlf, "lines": len(where), "entries": len(entries), "defects": defects}
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "ledger.txt"), "wb") as f:
        f.write(data)
    with open(os.path.join(outdir, "expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return expect


def gen_diff(seed, outdir):
    rng = random.Random(f"diff-{seed}")
    style = Style(rng)
    old, pieces = build_entries(rng, style)
    new = [e.copy() for e in old]
    renumber = rng.random() < 0.35
    taken = {}  # journal -> EcritureDates of its changed écritures

    def free_date(e):
        return e.date not in taken.get(e.journal, set())

    def take(e):
        taken.setdefault(e.journal, set()).add(e.date)

    # Deleted.
    deleted = []
    protected = []
    n_del = rng.randint(0, 3)
    if renumber:
        # At least one deletion before the end of its journal, so that renumbering
        # after it changes numbers.
        last = {}
        for i, e in enumerate(new):
            last[e.journal] = i
        # ...and the next écriture of that journal left unchanged: sacoche counts the
        # unchanged écritures whose number changed.
        middle = [i for i, e in enumerate(new) if last[e.journal] != i]
        i = rng.choice(middle)
        deleted.append(new[i])
        take(new[i])
        protected.append(next(e for e in new[i + 1:] if e.journal == new[i].journal))
        n_del = max(0, n_del - 1)
    for _ in range(n_del):
        cands = [e for e in new if free_date(e) and e not in deleted and e not in protected]
        if cands:
            e = rng.choice(cands)
            deleted.append(e)
            take(e)
    new = [e for e in new if not any(e is d for d in deleted)]
    # Modified.
    modified = []
    for _ in range(rng.randint(0, 3)):
        cands = [e for e in new if free_date(e) and e not in modified and e not in protected]
        if not cands:
            break
        e = rng.choice(cands)
        take(e)
        modified.append(e)
        if rng.random() < 0.5:
            debit = rng.choice([l for l in e.lines if l.debit])
            credit = rng.choice([l for l in e.lines if l.credit])
            delta = rng.randint(1, 20000)
            if min(debit.debit, credit.credit) > delta and rng.random() < 0.5:
                delta = -delta
            debit.debit += delta
            credit.credit += delta
        else:
            e.label = rng.choice([e.label + " (corrigé)", e.label + " - rectificatif",
                                  "Écriture corrigée : " + e.label])
    # Added.
    added = []
    for _ in range(rng.randint(0, 3)):
        journal = rng.choice(["ACH", "VTE", "BQ", "OD"])
        used_days = {e.date for e in old if e.journal == journal} | taken.get(journal, set())
        day = rand_day(rng)
        while day in used_days:
            day = rand_day(rng)
        e = make_entry(rng, journal, day)
        fill_details(rng, style, e, pieces.new(journal, day))
        take(e)
        if renumber:
            e.num = ""  # numbered below
        else:
            n = 1 + max(int(x.num[len(journal):] if style.numbering != "plain" else x.num)
                        for x in old + added if x.journal == journal)
            e.num = style.number(journal, n)
        if rng.random() < 0.5:
            new.append(e)
        else:
            ends = [i for i, x in enumerate(new) if x.journal == journal]
            new.insert(ends[-1] + 1 if ends else len(new), e)
        added.append(e)
    if renumber:
        number(style, new)
    old_data, _ = render(style, old)
    new_data, _ = render(style, new)
    ensure_non_ascii(style, old_data)
    ensure_non_ascii(style, new_data)

    def keys(es):
        return sorted([e.journal, e.piece] for e in es)

    expect = {"added": keys(added), "modified": keys(modified), "deleted": keys(deleted),
              "renumbered": renumber, "unchanged": len(old) - len(deleted) - len(modified)}
    os.makedirs(outdir, exist_ok=True)
    for name, data in (("old.txt", old_data), ("new.txt", new_data)):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
    with open(os.path.join(outdir, "expect.json"), "w", encoding="utf-8") as f:
        json.dump(expect, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return expect


# ---------------------------------------------------------------------------------------
# The self-test's reader: applies the rules to the bytes, knowing nothing of the planting.

def read_ledger(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, text = "utf8-bom", data[3:].decode("utf-8")
    elif all(b < 0x80 for b in data):
        encoding, text = "ascii", data.decode("ascii")
    else:
        try:
            encoding, text = "utf8", data.decode("utf-8")
        except UnicodeDecodeError:
            encoding, text = "latin9", data.decode("iso8859_15")
    crlf = "\r\n" in text
    lines = text.split("\n")
    lines = [l[:-1] if l.endswith("\r") else l for l in lines]
    header = lines[0]
    sep = "\t" if "\t" in header else "|"
    names = header.split(sep)
    rows = []
    for i, l in enumerate(lines[1:], start=2):
        if l.strip() == "":
            continue
        fields = l.split(sep)
        assert len(fields) == len(names), (path, i, len(fields))
        rows.append((i, dict(zip(names, fields))))
    if "Montant" in names:
        variant = "montant-sens"
    elif "DateRglt" in names:
        variant = "cash-basis"
    else:
        variant = "debit-credit"
    assert names == columns(variant), names
    return {"encoding": encoding, "crlf": crlf, "separator": "tab" if sep == "\t" else "pipe",
            "variant": variant, "rows": rows}


def cents(s):
    if s.strip() == "":
        return 0
    s = s.replace(",", ".")
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def real_day(s):
    if len(s) != 8 or not s.isdigit():
        return None
    try:
        return date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


REQUIRED = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
            "CompteLib", "PieceRef", "PieceDate", "EcritureLib"]


def amounts(variant, r):
    if variant == "montant-sens":
        m = cents(r["Montant"])
        return (m, 0) if r["Sens"] == "D" else (0, m)
    return cents(r["Debit"]), cents(r["Credit"])


def check_rules(ledger):
    defects = []
    groups = {}
    for i, r in ledger["rows"]:
        d, c = amounts(ledger["variant"], r)
        key = (r["JournalCode"], r["EcritureNum"])
        g = groups.setdefault(key, [i, 0])
        g[1] += d - c
        if d and c:
            defects.append((i, "debit-and-credit"))
        if not d and not c:
            defects.append((i, "no-amount"))
        if not r["CompteNum"][:3].isdigit() or len(r["CompteNum"]) < 3:
            defects.append((i, "bad-account"))
        for col in ["EcritureDate", "PieceDate", "ValidDate", "DateLet", "DateRglt"]:
            if r.get(col, "") != "" and real_day(r[col]) is None:
                defects.append((i, "bad-date"))
        day = real_day(r["EcritureDate"])
        if day is not None and not (YEAR_START <= day <= YEAR_END):
            defects.append((i, "outside-year"))
        for col in REQUIRED:
            if r[col] == "":
                defects.append((i, "missing"))
    for first, balance in groups.values():
        if balance:
            defects.append((first, "unbalanced"))
    return sorted(defects), len(groups)


def diff_rules(old, new):
    """The matching described for `sacoche fec diff`, on the reader's rows; renumbered
    counts the unchanged écritures whose EcritureNum changed."""
    def entries(ledger):
        out = {}
        for _, r in ledger["rows"]:
            out.setdefault((r["JournalCode"], r["EcritureNum"]), []).append(r)
        return [{"journal": k[0], "num": k[1], "date": v[0]["EcritureDate"],
                 "piece": v[0]["PieceRef"],
                 "content": tuple(tuple(sorted((n, x) for n, x in r.items() if n != "EcritureNum"))
                                  for r in v)} for k, v in out.items()]
    o, n = entries(old), entries(new)
    renumbered = 0
    rest_n = list(n)
    rest_o = []
    for e in o:
        same = next((x for x in rest_n if x["journal"] == e["journal"] and x["content"] == e["content"]), None)
        if same is None:
            rest_o.append(e)
        else:
            rest_n.remove(same)
            renumbered += same["num"] != e["num"]
    modified, deleted = [], []
    for e in rest_o:
        cands = [x for x in rest_n if x["journal"] == e["journal"] and
                 (x["num"] == e["num"]) + (x["date"] == e["date"]) + (x["piece"] == e["piece"]) >= 2]
        assert len(cands) <= 1, ("ambiguous", e["piece"], [c["piece"] for c in cands])
        if cands:
            rest_n.remove(cands[0])
            modified.append([e["journal"], e["piece"]])
        else:
            deleted.append([e["journal"], e["piece"]])
    added = [[x["journal"], x["piece"]] for x in rest_n]
    return sorted(added), sorted(modified), sorted(deleted), renumbered, len(o) - len(rest_o)


def self_test(count):
    problems = 0
    stats = {"defects": {}, "variant": {}, "encoding": {}, "renumbered": 0, "changes": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, count + 1):
            out = os.path.join(tmp, f"c{seed}")
            expect = gen_check(seed, out)
            again = os.path.join(tmp, f"c{seed}b")
            gen_check(seed, again)
            for name in ("ledger.txt", "expect.json"):
                if open(os.path.join(out, name), "rb").read() != open(os.path.join(again, name), "rb").read():
                    print(f"check {seed}: {name} differs between two runs")
                    problems += 1
            ledger = read_ledger(os.path.join(out, "ledger.txt"))
            got, n_entries = check_rules(ledger)
            want = sorted((d["line"], d["defect"]) for d in expect["defects"])
            facts = {k: ledger[k] for k in ("variant", "separator", "encoding", "crlf")}
            facts.update(lines=len(ledger["rows"]), entries=n_entries)
            wanted = {k: expect[k] for k in facts}
            if got != want or facts != wanted:
                print(f"check {seed}: expected {want} {wanted}\n   found {got} {facts}")
                problems += 1
            for d in expect["defects"]:
                stats["defects"][d["defect"]] = stats["defects"].get(d["defect"], 0) + 1
            stats["variant"][expect["variant"]] = stats["variant"].get(expect["variant"], 0) + 1
            stats["encoding"][expect["encoding"]] = stats["encoding"].get(expect["encoding"], 0) + 1

            out = os.path.join(tmp, f"d{seed}")
            expect = gen_diff(seed, out)
            old = read_ledger(os.path.join(out, "old.txt"))
            new = read_ledger(os.path.join(out, "new.txt"))
            for which, ledger in (("old", old), ("new", new)):
                if check_rules(ledger)[0]:
                    print(f"diff {seed}: {which} has defects {check_rules(ledger)[0]}")
                    problems += 1
            try:
                added, modified, deleted, renumbered, unchanged = diff_rules(old, new)
            except AssertionError as e:
                print(f"diff {seed}: {e}")
                problems += 1
                continue
            if (added, modified, deleted, unchanged) != (expect["added"], expect["modified"],
                                                         expect["deleted"], expect["unchanged"]) \
                    or (renumbered > 0) != expect["renumbered"]:
                print(f"diff {seed}: expected {expect}\n   found added={added} modified={modified} "
                      f"deleted={deleted} renumbered={renumbered} unchanged={unchanged}")
                problems += 1
            stats["renumbered"] += expect["renumbered"]
            stats["changes"] += len(expect["added"]) + len(expect["modified"]) + len(expect["deleted"])
    print(json.dumps(stats, sort_keys=True))
    print(f"self-test: {count} check seeds and {count} diff seeds, {problems} problem(s)")
    return problems == 0


def main(argv):
    if len(argv) >= 1 and argv[0] == "--self-test":
        return 0 if self_test(int(argv[1]) if len(argv) > 1 else 300) else 1
    if len(argv) != 3 or argv[0] not in ("check", "diff"):
        print(__doc__, file=sys.stderr)
        return 2
    (gen_check if argv[0] == "check" else gen_diff)(int(argv[1]), argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
