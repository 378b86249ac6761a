#!/usr/bin/env python3
"""Writes the sample dossier of GAEC LE GUYON (dossier 8502182, fiscal year 2020).

Deterministic: the same files every run. Usage: python3 samples/make_dossier.py
The dossier lands in samples/dossier-8502182/. Amounts are invented; the SIREN
123456782 is a fake that passes the Luhn check.
"""
import os
import random
import shutil
from datetime import date, timedelta

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dossier-8502182")
rng = random.Random(8502182)

COLUMNS = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum",
           "CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib",
           "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"]
JOURNALS = {"AN": "A nouveaux", "ACH": "Achats", "VTE": "Ventes", "BQ": "Banque Crédit Agricole",
            "OD": "Opérations diverses"}
ACCOUNTS = {
    "101000": "Capital", "108100": "Comptes associés exploitants", "164000": "Emprunts Crédit Agricole",
    "213000": "Bâtiments d'exploitation", "215400": "Matériel agricole", "241000": "Animaux reproducteurs - vaches laitières",
    "281540": "Amortissements matériel", "311000": "Stocks approvisionnements", "321000": "Animaux - génisses",
    "401000": "Fournisseurs", "411000": "Clients", "445660": "TVA déductible sur ABS",
    "445710": "TVA collectée", "455000": "Associés - comptes courants", "512000": "Banque Crédit Agricole",
    "601100": "Aliments du bétail", "602100": "Engrais et amendements", "606100": "Carburants et lubrifiants",
    "615500": "Entretien matériel", "616000": "Assurances", "622600": "Honoraires comptables",
    "681120": "Dotations aux amortissements", "701100": "Ventes de lait", "707100": "Ventes d'animaux",
    "740000": "Aides PAC - DPB", "661100": "Intérêts des emprunts",
}
THIRD = {
    "LACTALIS": ("411000", "LACTALIS COLLECTE OUEST"), "COOPAL": ("401000", "COOPÉRATIVE AGRIAL ALIMENTS"),
    "ENGRAIS": ("401000", "TERRENA APPROVISIONNEMENT"), "GARAGE": ("401000", "GARAGE AGRI-SERVICES"),
    "BETAIL": ("411000", "BÉTAIL DE L'OUEST SAS"), "GROUPAMA": ("401000", "GROUPAMA LOIRE BRETAGNE"),
    "CERFRANCE": ("401000", "CABINET DUPONT EXPERTISE"), "TOTAL": ("401000", "DISTRIBUTEUR CARBURANT AGRICOLE"),
}


def amount(x):
    return f"{x:.2f}".replace(".", ",")


class Ledger:
    def __init__(self):
        self.entries = []
        self.lines = []
        self.count = {}

    def entry(self, journal, day, piece, label, rows):
        """rows: (account, aux_key or None, debit, credit). Must balance."""
        debit = round(sum(r[2] for r in rows), 2)
        credit = round(sum(r[3] for r in rows), 2)
        assert abs(debit - credit) < 0.005, (label, debit, credit)
        self.entries.append((journal, day, piece, label, rows))

    def text(self):
        """Opening entry first, then in chronological order, numbered in that order."""
        self.entries.sort(key=lambda e: (e[0] != "AN", e[1]))
        for journal, day, piece, label, rows in self.entries:
            self.count[journal] = self.count.get(journal, 0) + 1
            num = f"{journal}{self.count[journal]:05d}"
            for account, aux, d, c in rows:
                aux_num, aux_lib = (aux, THIRD[aux][1]) if aux else ("", "")
                self.lines.append([
                    journal, JOURNALS[journal], num, day.strftime("%Y%m%d"), account, ACCOUNTS[account],
                    aux_num, aux_lib, piece, day.strftime("%Y%m%d"), label,
                    amount(d), amount(c), "", "", day.strftime("%Y%m%d"), "", "",
                ])
        out = ["\t".join(COLUMNS)]
        out += ["\t".join(line) for line in self.lines]
        return "\r\n".join(out) + "\r\n"


def ttc(ht, rate):
    vat = round(ht * rate, 2)
    return vat, round(ht + vat, 2)


def build_ledger():
    led = Ledger()
    opening = [("213000", None, 182000.00, 0), ("215400", None, 246500.00, 0), ("241000", None, 168000.00, 0),
               ("311000", None, 21400.00, 0), ("321000", None, 58300.00, 0), ("512000", None, 18652.37, 0),
               ("281540", None, 0, 131200.00), ("164000", None, 0, 214800.00), ("101000", None, 0, 150000.00),
               ("455000", None, 0, 43852.37), ("108100", None, 0, 155000.00)]
    led.entry("AN", date(2020, 1, 1), "AN2020", "Reprise des soldes au 01/01/2020", opening)
    vat_collected = vat_deductible = 0.0
    for month in range(1, 13):
        first = date(2020, month, 1)
        # Milk: ~85,000 litres a month at ~0.35 EUR, VAT 5.5 %.
        litres = rng.randint(78000, 92000)
        ht = round(litres * rng.uniform(0.33, 0.37), 2)
        vat, total = ttc(ht, 0.055)
        vat_collected += vat
        d = first + timedelta(days=rng.randint(8, 12))
        led.entry("VTE", d, f"LAIT{month:02d}", f"Paie de lait {first:%m/%Y} {litres} litres",
                  [("411000", "LACTALIS", total, 0), ("701100", None, 0, ht), ("445710", None, 0, vat)])
        led.entry("BQ", d + timedelta(days=15), f"VIR{month:02d}L", f"Virement Lactalis lait {first:%m/%Y}",
                  [("512000", None, total, 0), ("411000", "LACTALIS", 0, total)])
        # Feed, VAT 10 %.
        for k in range(rng.randint(5, 7)):
            ht = round(rng.uniform(2500, 7800), 2)
            vat, total = ttc(ht, 0.10)
            vat_deductible += vat
            d = first + timedelta(days=rng.randint(1, 27))
            led.entry("ACH", d, f"FA{month:02d}{k}", "Aliment VL correcteur azote",
                      [("601100", None, ht, 0), ("445660", None, vat, 0), ("401000", "COOPAL", 0, total)])
            led.entry("BQ", d + timedelta(days=rng.randint(20, 30)) if month < 12 else date(2020, 12, 31),
                      f"PRL{month:02d}{k}", "Prélèvement Agrial aliments",
                      [("401000", "COOPAL", total, 0), ("512000", None, 0, total)])
        # Fuel and repairs, VAT 20 %.
        for account, aux, label, lo, hi in [("606100", "TOTAL", "GNR livraison cuve", 800, 2400),
                                            ("615500", "GARAGE", "Réparation tracteur / désileuse", 150, 1900)]:
            ht = round(rng.uniform(lo, hi), 2)
            vat, total = ttc(ht, 0.20)
            vat_deductible += vat
            d = first + timedelta(days=rng.randint(1, 27))
            led.entry("ACH", d, f"F{aux[:3]}{month:02d}", label,
                      [(account, None, ht, 0), ("445660", None, vat, 0), ("401000", aux, 0, total)])
            led.entry("BQ", min(d + timedelta(days=30), date(2020, 12, 31)), f"CHQ{aux[:3]}{month:02d}",
                      f"Règlement {THIRD[aux][1]}", [("401000", aux, total, 0), ("512000", None, 0, total)])
        # Loan instalment.
        interest = round(rng.uniform(380, 460), 2)
        capital = round(2950 - interest, 2)
        led.entry("BQ", first + timedelta(days=4), f"ECH{month:02d}", "Échéance prêt bâtiment",
                  [("164000", None, capital, 0), ("661100", None, interest, 0), ("512000", None, 0, 2950.00)])
        if month in (3, 6, 9, 11):
            ht = round(rng.uniform(4200, 9800), 2)
            vat, total = ttc(ht, 0.10)
            vat_collected += vat
            d = first + timedelta(days=rng.randint(5, 20))
            led.entry("VTE", d, f"BOV{month:02d}", "Vente vaches de réforme",
                      [("411000", "BETAIL", total, 0), ("707100", None, 0, ht), ("445710", None, 0, vat)])
            led.entry("BQ", d + timedelta(days=10), f"VIRB{month:02d}", "Virement Bétail de l'Ouest",
                      [("512000", None, total, 0), ("411000", "BETAIL", 0, total)])
        if month in (2, 5):
            ht = round(rng.uniform(9000, 16000), 2)
            vat, total = ttc(ht, 0.20)
            vat_deductible += vat
            d = first + timedelta(days=rng.randint(1, 20))
            led.entry("ACH", d, f"ENG{month:02d}", "Ammonitrate 33,5 et chaux",
                      [("602100", None, ht, 0), ("445660", None, vat, 0), ("401000", "ENGRAIS", 0, total)])
            led.entry("BQ", d + timedelta(days=45), f"VENG{month:02d}", "Règlement Terrena engrais",
                      [("401000", "ENGRAIS", total, 0), ("512000", None, 0, total)])
    led.entry("BQ", date(2020, 10, 16), "PAC2020", "Avance aides PAC 2020 - DPB et paiement vert",
              [("512000", None, 31480.00, 0), ("740000", None, 0, 31480.00)])
    led.entry("ACH", date(2020, 4, 3), "ASS2020", "Assurance multirisque exploitation 2020",
              [("616000", None, 6210.40, 0), ("401000", "GROUPAMA", 0, 6210.40)])
    led.entry("OD", date(2020, 12, 31), "AMORT2020", "Dotations aux amortissements 2020",
              [("681120", None, 38650.00, 0), ("281540", None, 0, 38650.00)])
    return led, round(vat_collected, 2), round(vat_deductible, 2)


def pseudo_scan(kind, size):
    """Incompressible stand-in for a scanned document, with the right magic bytes."""
    body = bytes(rng.getrandbits(8) for _ in range(size))
    if kind == "pdf":
        return b"%PDF-1.4\n% sacoche sample scan stand-in\n" + body + b"\n%%EOF\n"
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + body + b"\xff\xd9"


def write(rel, data):
    path = os.path.join(ROOT, *rel.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as f:
        f.write(data)


def main():
    shutil.rmtree(ROOT, ignore_errors=True)
    led, collected, deductible = build_ledger()
    write("Comptabilité/123456782FEC20201231.txt", led.text())
    write("TVA/CA12A 2020 - déclaration annuelle.txt",
          "DÉCLARATION ANNUELLE DE TVA - RÉGIME SIMPLIFIÉ AGRICOLE (CA12A)\r\n"
          "Exploitant : GAEC LE GUYON - SIREN 123456782 - dossier 8502182\r\n"
          "Période : du 01/01/2020 au 31/12/2020\r\n\r\n"
          f"TVA collectée (lait 5,5 %, animaux 10 %) : {amount(collected)}\r\n"
          f"TVA déductible sur biens et services : {amount(deductible)}\r\n"
          f"Acomptes versés : {amount(round((collected - deductible) * 0.8, 2))}\r\n"
          f"Solde à payer : {amount(round((collected - deductible) * 0.2, 2))}\r\n")
    write("TVA/Acomptes trimestriels 2020.csv",
          "Trimestre;Échéance;Montant\r\n" + "".join(
              f"T{q};{d};{amount(round((collected - deductible) * 0.2, 2))}\r\n"
              for q, d in [(1, "05/05/2020"), (2, "05/07/2020"), (3, "05/10/2020"), (4, "05/12/2020")]))
    write("Modèles d'écritures/modèles.csv",
          "Code;Journal;Libellé;Compte débit;Compte crédit;TVA\r\n"
          "LAIT;VTE;Paie de lait mensuelle;411000;701100;5,5\r\n"
          "ALIM;ACH;Facture aliments;601100;401000;10\r\n"
          "GNR;ACH;Livraison GNR;606100;401000;20\r\n"
          "PAC;BQ;Versement aides PAC;512000;740000;0\r\n"
          "ECH;BQ;Échéance d'emprunt;164000;512000;0\r\n")
    write("Référentiel/Plan comptable.csv",
          "Compte;Libellé\r\n" + "".join(f"{k};{v}\r\n" for k, v in sorted(ACCOUNTS.items())))
    write("Référentiel/Tiers.csv",
          "Code;Nom;Compte collectif\r\n" + "".join(f"{k};{v[1]};{v[0]}\r\n" for k, v in sorted(THIRD.items())))
    write("Référentiel/Journaux.csv",
          "Code;Libellé\r\n" + "".join(f"{k};{v}\r\n" for k, v in JOURNALS.items()))
    write("Situation intermédiaire/Situation au 30-06-2020.txt",
          "SITUATION INTERMÉDIAIRE AU 30/06/2020 - GAEC LE GUYON\r\n"
          "Lait livré : 512 340 litres\r\nEBE provisoire : 118 400,00\r\n"
          "Trésorerie : 24 910,55\r\n")
    for month, name in [(1, "Lactalis paie de lait"), (3, "facture aliment Agrial"),
                        (5, "Terrena ammonitrate"), (10, "notification aides PAC")]:
        write(f"Pièces/2020-{month:02d} {name}.pdf", pseudo_scan("pdf", 6000 + 1000 * month))
    write("Pièces/Photos/compteur tank à lait.jpg", pseudo_scan("jpg", 9000))
    write("LISEZ-MOI.txt",
          "Dossier 8502182 - GAEC LE GUYON - exercice 2020\r\n"
          "Exemple de dossier pour sacoche : grand livre au format FEC, déclaration de TVA,\r\n"
          "modèles d'écritures, référentiel, pièces scannées (substituts).\r\n")
    print(f"{len(led.lines)} ledger lines in {sum(led.count.values())} entries -> {ROOT}")


if __name__ == "__main__":
    main()
