#!/usr/bin/env python3
"""Deterministic reference dossier for the benchmarks.

  gen_dossier.py make DIR [--files N] [--mib M] [--seed S]
      ~M MiB (default 1024) in ~N files (default 10000) in nested folders: ~70 % of the
      bytes incompressible (scans: .pdf, .jpg), ~30 % compressible text (CSV and FEC
      ledgers), including one 300 MB ledger (scaled down with M).
  gen_dossier.py change DIR [--seed S] [--modified K]
      the "changed" variant, in place: 1 % of the files modified (or K files, never the
      big ledger: the same change whatever the dossier's size), 50 added, 50 deleted.

Same arguments, same bytes, on any machine.
"""
import argparse
import os
import random

FEC_HEAD = ("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
            "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
            "ValidDate\tMontantdevise\tIdevise\n")
ACCOUNTS = [("601100", "Aliments du bétail"), ("602100", "Engrais"), ("701100", "Ventes de lait"),
            ("401000", "Fournisseurs"), ("411000", "Clients"), ("512000", "Banque"),
            ("445660", "TVA déductible"), ("445710", "TVA collectée")]


def ledger(rng, size):
    """FEC-like text of about `size` bytes."""
    out, total, n = [FEC_HEAD], len(FEC_HEAD), 0
    while total < size:
        n += 1
        acc, lib = ACCOUNTS[rng.randrange(len(ACCOUNTS))]
        day = f"2020{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        amount = f"{rng.randrange(1, 99999)},{rng.randrange(100):02d}"
        line = (f"VTE\tVentes\tVTE{n:07d}\t{day}\t{acc}\t{lib}\t\t\tP{n:06d}\t{day}\t"
                f"Paie de lait {n}\t{amount}\t0,00\t\t\t{day}\t\t\n")
        out.append(line)
        total += len(line.encode())
    return "".join(out).encode()[:size]


def noise(rng, size, kind):
    head = b"%PDF-1.4\n" if kind == "pdf" else b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
    return head + rng.randbytes(max(0, size - len(head)))


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def make(root, files, mib, seed):
    rng = random.Random(seed)
    total = mib * 1024 * 1024
    big = int(total * 300 / 1024)  # the 300 MB ledger, at 1 GiB
    write(os.path.join(root, "Comptabilité", "123456782FEC20201231.txt"), ledger(rng, big))
    text_budget = int(total * 0.30) - big
    scan_budget = int(total * 0.70)
    n_text = max(1, files * 3 // 10)
    n_scan = max(1, files - n_text - 1)
    for i in range(n_text):
        size = max(64, int(rng.expovariate(n_text / max(text_budget, 1))))
        write(os.path.join(root, "Grands livres", f"{i % 40:02d}", f"{i % 7}", f"extrait {i:05d}.csv"),
              ledger(rng, size))
    for i in range(n_scan):
        size = max(1024, int(rng.expovariate(n_scan / scan_budget)))
        kind = "pdf" if i % 3 else "jpg"
        write(os.path.join(root, "Pièces", f"{2010 + i % 11}", f"{i % 12 + 1:02d}", f"scan {i:05d}.{kind}"),
              noise(rng, size, kind))


def change(root, seed, modified=None):
    rng = random.Random(seed + 1)
    paths = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
                   if ".sacoche" not in d and ".git" not in d)
    if modified is not None:
        paths = [p for p in paths if not p.endswith("FEC20201231.txt")]
    rng.shuffle(paths)
    n_mod = max(1, len(paths) // 100) if modified is None else modified
    for p in paths[:n_mod]:
        data = bytearray(open(p, "rb").read())
        if data:
            i = rng.randrange(len(data))
            data[i] ^= 0xFF
        write(p, bytes(data) + b"\n")
    for p in paths[n_mod:n_mod + 50]:
        os.remove(p)
    for i in range(50):
        write(os.path.join(root, "Pièces", "2021", f"nouveau {i:02d}.pdf"), noise(rng, 100_000, "pdf"))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["make", "change"])
    ap.add_argument("dir")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--mib", type=int, default=1024)
    ap.add_argument("--seed", type=int, default=8502182)
    ap.add_argument("--modified", type=int)
    a = ap.parse_args()
    if a.what == "make":
        make(a.dir, a.files, a.mib, a.seed)
    else:
        change(a.dir, a.seed, a.modified)
