#!/usr/bin/env bash
# Crossing archives on a large ledger: the farmer adds two écritures while the
# accountant corrects 1 % of the labels; each packs before receiving the other's
# archive, then each integrates the other's (a merge in écritures on both sides).
# Reports time and peak memory of each `apply`, and checks both sides end the same.
# Usage: bash bench/ledger-merge.sh [ECRITURES]   (default 1,287,273: about 300 MB)
# KEEP=1 keeps the work folder (and the office before its apply) for profiling.
# Needs about 8 × the ledger's size of free disk in $TMPDIR. Installs GNU time if missing.
set -euo pipefail
count=${1:-1287273}
here=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/bin/time >/dev/null || (apt-get update -qq && apt-get install -y -qq time) >/dev/null
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-merge.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
ledger="Comptabilité/123456782FEC20201231.txt"
mkdir -p "$work/farm/Comptabilité" "$work/stick" "$work/back"

by() { local who=$1; shift; SACOCHE_HOME="$work/$who-home" "$sacoche" "$@"; }
key() { by "$1" key show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])'; }
by farmer key new --name "GAEC LE GUYON" >/dev/null 2>&1
by accountant key new --name "Cabinet Dupont" >/dev/null 2>&1
by farmer trust add "$(key accountant)" --name "Cabinet Dupont" --dossier 8502182 >/dev/null 2>&1
by accountant trust add "$(key farmer)" --name "GAEC LE GUYON" --dossier 8502182 >/dev/null 2>&1

# The ledger, and what each side does to it.
python3 - "$count" "$work/farm/$ledger" <<'EOF'
import sys
count, path = int(sys.argv[1]), sys.argv[2]
head = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\n"
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write(head)
    for n in range(1, count + 1):
        date = f"2020{1 + (n // 28) % 12:02}{1 + n % 28:02}"
        amount = f"{100 + n % 9000},{n % 100:02}"
        for account, name, debit, credit in (("411000", "Clients", amount, "0,00"), ("701000", "Ventes de produits", "0,00", amount)):
            f.write(f"VE\tVentes\tVE{n:07}\t{date}\t{account}\tClients\t\t\tF{n}\t{date}\tVente de lait lot {n}\t{debit}\t{credit}\t\t\t{date}\t\t\n")
EOF
ls -l "$work/farm/$ledger"
by farmer init "$work/farm" --dossier 8502182 --name "GAEC LE GUYON" --fiscal-year 2020-01-01..2020-12-31 >/dev/null 2>&1
full=$(by farmer pack "$work/farm" --out "$work/stick" --json 2>/dev/null | python3 -c 'import json,sys; print([json.loads(l) for l in sys.stdin if "packed" in l][0]["archive"])')
by accountant apply "$full" "$work/office" >/dev/null 2>&1
echo "full archive (the ledger compressed, and the sample's few files): $(stat -c %s "$full") bytes"
rm -f "$full"

python3 - "$work/farm/$ledger" "$work/office/$ledger" "$count" <<'EOF'
import sys
farm, office, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(farm, "a", encoding="utf-8", newline="") as f:
    for n in (count + 1, count + 2):
        for account, debit, credit in (("411000", "12,00", "0,00"), ("701000", "0,00", "12,00")):
            f.write(f"VE\tVentes\tVE{n:07}\t20201230\t{account}\tClients\t\t\tF{n}\t20201230\tVente de veaux {n}\t{debit}\t{credit}\t\t\t20201230\t\t\n")
lines = open(office, encoding="utf-8", newline="").read().split("\n")
for i in range(1, len(lines)):
    n = (i + 1) // 2
    if n % 100 == 0:
        lines[i] = lines[i].replace(f"Vente de lait lot {n}\t", f"Vente de lait lot {n} corrigé\t")
open(office, "w", encoding="utf-8", newline="").write("\n".join(lines))
EOF
pack() { by "$1" pack "$2" --out "$3" --json 2>/dev/null | python3 -c 'import json,sys; print([json.loads(l) for l in sys.stdin if "packed" in l][0]["archive"])'; }
from_farm=$(pack farmer "$work/farm" "$work/stick")
from_office=$(pack accountant "$work/office" "$work/back")
ls -l "$from_farm" "$from_office"

measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err"; exit 1; }
  read -r secs kib < "$work/t"
  printf '%-28s %6.1f s   peak memory %6.0f MiB\n' "$label" "$secs" "$(echo "$kib / 1024" | bc -l)"
}
cp -a "$work/office" "$work/office-before"; cp -a "$work/accountant-home" "$work/accountant-home-before"
measure "apply at the office" env SACOCHE_HOME="$work/accountant-home" "$sacoche" apply "$from_farm" "$work/office"
grep -q "ledger-merged\|fusionné\|merged" "$work/out" || { echo "no merge: $(cat "$work/out")"; exit 1; }
measure "apply at the farm" env SACOCHE_HOME="$work/farmer-home" "$sacoche" apply "$from_office" "$work/farm"
cmp "$work/farm/$ledger" "$work/office/$ledger" && echo "both sides have the same ledger ($(stat -c %s "$work/farm/$ledger") bytes)"

# Then an exchange without a merge: two more écritures at the farm, as a delta.
python3 - "$work/farm/$ledger" "$count" <<'EOF'
import sys
with open(sys.argv[1], "a", encoding="utf-8", newline="") as f:
    n = int(sys.argv[2]) + 3
    for account, debit, credit in (("411000", "7,00", "0,00"), ("701000", "0,00", "7,00")):
        f.write(f"VE\tVentes\tVE{n:07}\t20201231\t{account}\tClients\t\t\tF{n}\t20201231\tVente de paille\t{debit}\t{credit}\t\t\t20201231\t\t\n")
EOF
delta=$(pack farmer "$work/farm" "$work/stick")
ls -l "$delta"
measure "apply of a delta (no merge)" env SACOCHE_HOME="$work/accountant-home" "$sacoche" apply "$delta" "$work/office"
cmp "$work/farm/$ledger" "$work/office/$ledger" && echo "rebuilt byte for byte"
