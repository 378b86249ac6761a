#!/usr/bin/env python3
"""Writes the sample FEC ledgers of GAEC LE GUYON (fiscal year 2020) and their .expect files.

Deterministic: the same bytes every run. Usage: python3 samples/ledgers/make_ledgers.py
The ten écritures below are the same in every file; each file writes them in its own
way (encoding, separator, line ends, amount columns), and the invalid ones change one
thing, stated beside it with the file lines where it must be found. Those lines were
counted by hand from the layout below (header = line 1):

    line  2- 5  AN  1  opening balances          line 18-20  VTE 2  cull cows
    line  6- 8  ACH 1  cattle feed (Agrial)      line 21-22  BQ  1  Agrial paid
    line  9-11  ACH 2  nitrogen fertiliser       line 23-24  BQ  2  milk cheque in
    line 12-14  ACH 3  tractor repair            line 25-27  BQ  3  loan instalment
    line 15-17  VTE 1  milk, January             line 28-29  OD  1  depreciation

Amounts are invented.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

COLS18 = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
          "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib",
          "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise",
          "Idevise"]
JOURNALS = {"AN": "À nouveaux", "ACH": "Achats", "VTE": "Ventes",
            "BQ": "Banque Crédit Agricole", "OD": "Opérations diverses"}

# (journal, n, date, piece, piece date, label, valid date,
#  [(account, account label, aux, aux label, debit, credit, let, date let,
#    date rglt, mode rglt, natop)])
ENTRIES = [
    ("AN", 1, "20200101", "AN2020", "20200101", "Reprise des soldes au 01/01/2020", "20200110", [
        ("512000", "Banque Crédit Agricole", "", "", "18652,37", "", "", "", "", "", ""),
        ("215400", "Matériel agricole", "", "", "246500,00", "", "", "", "", "", ""),
        ("164000", "Emprunts Crédit Agricole", "", "", "", "214800,00", "", "", "", "", ""),
        ("101000", "Capital", "", "", "", "50352,37", "", "", "", "", ""),
    ]),
    ("ACH", 1, "20200114", "AGR-0112", "20200110", "Aliment vaches laitières Agrial", "20200120", [
        ("601000", "Aliments du bétail", "", "", "2450,00", "", "", "", "20200205", "VIR", "Achat"),
        ("44566", "TVA déductible sur ABS", "", "", "134,75", "", "", "", "20200205", "VIR", "Achat"),
        ("401000", "Fournisseurs", "AGRIAL", "Coopérative Agrial", "", "2584,75", "A", "20200205", "20200205", "VIR", "Achat"),
    ]),
    ("ACH", 2, "20200305", "TER-20-0457", "20200302", "Engrais azoté ammonitrate Terrena", "20200310", [
        ("602000", "Engrais et amendements", "", "", "3120,00", "", "", "", "", "", ""),
        ("44566", "TVA déductible sur ABS", "", "", "624,00", "", "", "", "", "", ""),
        ("401000", "Fournisseurs", "TERRENA", "Coopérative Terrena", "", "3744,00", "", "", "", "", ""),
    ]),
    ("ACH", 3, "20200612", "GAS-2020-88", "20200609", "Réparation tracteur (franchise 150 €)", "20200615", [
        ("615500", "Entretien du matériel", "", "", "865,40", "", "", "", "20200612", "CHQ", "Achat"),
        ("44566", "TVA déductible sur ABS", "", "", "173,08", "", "", "", "20200612", "CHQ", "Achat"),
        ("401000", "Fournisseurs", "GARAGE", "Garage Agri-Services", "", "1038,48", "", "", "20200612", "CHQ", "Achat"),
    ]),
    ("VTE", 1, "20200131", "LAC-2020-01", "20200131", "Paie de lait janvier Lactalis", "20200205", [
        ("411000", "Clients", "LACTALIS", "Lactalis collecte Ouest", "15825,00", "", "B", "20200215", "20200215", "VIR", "Vente"),
        ("701000", "Ventes de lait", "", "", "", "15000,00", "", "", "20200215", "VIR", "Vente"),
        ("44571", "TVA collectée", "", "", "", "825,00", "", "", "20200215", "VIR", "Vente"),
    ]),
    ("VTE", 2, "20200918", "BET-0918", "20200918", "Vente de vaches de réforme", "20200925", [
        ("411000", "Clients", "BETAIL", "Bétail de l'Ouest", "4400,00", "", "", "", "", "", ""),
        ("707100", "Ventes d'animaux", "", "", "", "4000,00", "", "", "", "", ""),
        ("44571", "TVA collectée", "", "", "", "400,00", "", "", "", "", ""),
    ]),
    ("BQ", 1, "20200205", "RLV-02-01", "20200205", "Règlement Agrial virement", "20200210", [
        ("401000", "Fournisseurs", "AGRIAL", "Coopérative Agrial", "2584,75", "", "A", "20200205", "20200205", "VIR", "Banque"),
        ("512000", "Banque Crédit Agricole", "", "", "", "2584,75", "", "", "20200205", "VIR", "Banque"),
    ]),
    ("BQ", 2, "20200215", "RLV-02-02", "20200215", "Encaissement paie de lait Lactalis", "20200220", [
        ("512000", "Banque Crédit Agricole", "", "", "15825,00", "", "", "", "20200215", "VIR", "Banque"),
        ("411000", "Clients", "LACTALIS", "Lactalis collecte Ouest", "", "15825,00", "B", "20200215", "20200215", "VIR", "Banque"),
    ]),
    ("BQ", 3, "20200405", "ECH-04", "20200405", "Échéance prêt bâtiment", "20200410", [
        ("164000", "Emprunts Crédit Agricole", "", "", "2530,80", "", "", "", "20200405", "PRLV", "Emprunt"),
        ("661100", "Intérêts des emprunts", "", "", "419,20", "", "", "", "20200405", "PRLV", "Emprunt"),
        ("512000", "Banque Crédit Agricole", "", "", "", "2950,00", "", "", "20200405", "PRLV", "Emprunt"),
    ]),
    ("OD", 1, "20201231", "OD-AMORT", "20201231", "Dotation aux amortissements 2020", "20201231", [
        ("681120", "Dotations aux amortissements", "", "", "24650,00", "", "", "", "", "", ""),
        ("281540", "Amortissements matériel", "", "", "", "24650,00", "", "", "", "", ""),
    ]),
]


def rows(number, zero, change=None):
    """The lines as dicts of the 21 fields (Debit/Credit), in file order.

    `number(journal, n)` writes EcritureNum; `zero` is written for the empty side;
    `change(i, row)` may alter the row that lands on file line i."""
    out = []
    for journal, n, day, piece, piece_day, label, valid, lines in ENTRIES:
        for acc, acc_lib, aux, aux_lib, debit, credit, let, date_let, rglt, mode, natop in lines:
            row = {"JournalCode": journal, "JournalLib": JOURNALS[journal],
                   "EcritureNum": number(journal, n), "EcritureDate": day, "CompteNum": acc,
                   "CompteLib": acc_lib, "CompAuxNum": aux, "CompAuxLib": aux_lib,
                   "PieceRef": piece, "PieceDate": piece_day, "EcritureLib": label,
                   "Debit": debit or zero, "Credit": credit or zero, "EcritureLet": let,
                   "DateLet": date_let, "ValidDate": valid, "Montantdevise": "", "Idevise": "",
                   "DateRglt": rglt, "ModeRglt": mode, "NatOp": natop}
            if change:
                change(len(out) + 2, row)
            out.append(row)
    return out


def to_montant_sens(row):
    if row["Debit"] not in ("", "0,00"):
        row["Montant"], row["Sens"] = row["Debit"], "D"
    else:
        row["Montant"], row["Sens"] = row["Credit"], "C"
    return row


def write(name, cols, rows_, sep, encoding, eol, expect):
    text = eol.join([sep.join(cols)] + [sep.join(r[c] for c in cols) for r in rows_]) + eol
    if encoding == "latin9":
        data = text.encode("iso8859_15")
    elif encoding == "ascii":
        data = text.encode("ascii")
    else:
        data = ("\ufeff" if encoding == "utf8-bom" else "").encode("utf-8") + text.encode("utf-8")
    with open(os.path.join(HERE, name + ".txt"), "wb") as f:
        f.write(data)
    variant = ("montant-sens" if "Montant" in cols else
               "cash-basis" if "DateRglt" in cols else "debit-credit")
    expect = {"variant": variant, "separator": "tab" if sep == "\t" else "pipe",
              "encoding": encoding, "crlf": eol == "\r\n", "lines": len(rows_),
              "entries": len(ENTRIES),
              "defects": [{"line": l, "defect": d} for l, d in expect]}
    with open(os.path.join(HERE, name + ".expect"), "w", encoding="utf-8") as f:
        json.dump(expect, f, indent=1, ensure_ascii=False)
        f.write("\n")


def prefixed(journal, n):
    return f"{journal}{n:05d}"


def ascii_row(row):
    table = str.maketrans("ÀÉàâéèêïîôûç€", "AEaaeeeiiouc?")
    for k, v in row.items():
        row[k] = v.translate(table).replace("?", "EUR")
    return row


def main():
    cols21 = COLS18 + ["DateRglt", "ModeRglt", "NatOp"]
    ms = list(COLS18)
    ms[11:13] = ["Montant", "Sens"]

    # Valid: ISO-8859-15 (the € of ACH 3 is byte 0xA4), "|", LF.
    write("iso-8859-15-pipe", COLS18, rows(prefixed, "0,00"), "|", "latin9", "\n", [])
    # Valid: UTF-8 with a BOM, tab, CRLF; the side without an amount left empty.
    write("utf8-bom-crlf", COLS18, rows(lambda j, n: f"{j}-2020-{n:04d}", ""), "\t", "utf8-bom",
          "\r\n", [])
    # Valid: Montant + Sens instead of Debit/Credit, UTF-8, tab, LF, plain numbers.
    write("montant-sens", ms, [to_montant_sens(r) for r in rows(lambda j, n: str(n), "")],
          "\t", "utf8", "\n", [])
    # Valid: the cash-basis farm ledger (DateRglt, ModeRglt, NatOp), ASCII, tab, CRLF.
    write("cash-basis-21", cols21, [ascii_row(r) for r in rows(prefixed, "0,00")], "\t",
          "ascii", "\r\n", [])

    # Invalid: BQ 3 (lines 25-27): the interest typed 419,02 instead of 419,20, so the
    # écriture is 0,18 short on the debit side; reported on its first line, 25.
    def unbalanced(i, row):
        if i == 26:
            assert row["CompteNum"] == "661100"
            row["Debit"] = "419,02"
    write("unbalanced", COLS18, rows(prefixed, "0,00", unbalanced), "\t", "utf8", "\n",
          [(25, "unbalanced")])

    # Invalid: ACH 2's VAT line (line 10) carries 724,00 debit and 100,00 credit (a
    # correction typed on the same line): the écriture still balances.
    def both(i, row):
        if i == 10:
            assert row["CompteNum"] == "44566"
            row["Debit"], row["Credit"] = "724,00", "100,00"
    write("debit-and-credit", COLS18, rows(prefixed, "0,00", both), "\t", "utf8", "\n",
          [(10, "debit-and-credit")])

    # Invalid: ACH 1 (lines 6-8) dated 28/12/2019 and VTE 2 (lines 18-20) dated
    # 18/01/2021, every line of both.
    def outside(i, row):
        if 6 <= i <= 8:
            assert row["PieceRef"] == "AGR-0112"
            row["EcritureDate"] = "20191228"
        if 18 <= i <= 20:
            assert row["PieceRef"] == "BET-0918"
            row["EcritureDate"] = "20210118"
    write("outside-year", COLS18, rows(prefixed, "0,00", outside), "|", "utf8", "\r\n",
          [(6, "outside-year"), (7, "outside-year"), (8, "outside-year"),
           (18, "outside-year"), (19, "outside-year"), (20, "outside-year")])

    # Invalid: the supplier's code typed as the account on ACH 3's supplier line (line
    # 14), and a two-digit class on OD 1's depreciation line (line 28).
    def accounts(i, row):
        if i == 14:
            assert row["CompteNum"] == "401000"
            row["CompteNum"] = "GARAGE"
        if i == 28:
            assert row["CompteNum"] == "681120"
            row["CompteNum"] = "68"
    write("bad-account", COLS18, rows(prefixed, "0,00", accounts), "|", "latin9", "\n",
          [(14, "bad-account"), (28, "bad-account")])


if __name__ == "__main__":
    main()
