#!/usr/bin/env bash
# The farmer ⇄ accountant round trip on the bundled sample dossier (GAEC LE GUYON,
# dossier 8502182), with two users in a scratch folder. Nothing outside it is touched.
# Usage: bash samples/demo.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
echo "Building sacoche (release; the first build takes a few minutes)…" >&2
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
echo "Built. The round trip, in a scratch folder:" >&2
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-demo.XXXXXX")
farm="$work/ferme/GAEC LE GUYON" office="$work/cabinet/8502182"
stick="$work/clé USB" && mkdir -p "$stick" "$(dirname "$farm")"
cp -R "$here/samples/dossier-8502182" "$farm"
farmer() { SACOCHE_HOME="$work/farmer-home" "$sacoche" "$@"; }
accountant() { SACOCHE_HOME="$work/accountant-home" "$sacoche" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Each side creates a signing key, and trusts the other's for dossier 8502182"
farmer key new --name "GAEC LE GUYON" 2>/dev/null
accountant key new --name "Cabinet Dupont" >/dev/null 2>&1
accountant trust add "$(farmer key show 2>/dev/null)" --name "GAEC LE GUYON" --dossier 8502182
farmer trust add "$(accountant key show 2>/dev/null)" --name "Cabinet Dupont" --dossier 8502182

step "The farmer sets up the dossier and packs it onto the stick (the first time: everything)"
farmer init "$farm" --dossier 8502182 --name "GAEC LE GUYON" --fiscal-year 2020-01-01..2020-12-31
archive=$(farmer pack "$farm" --purpose "Envoi pour révision" --out "$stick")
echo "$archive"

step "The accountant checks it, looks at it, and integrates it (a new dossier folder)"
accountant verify "$archive"
accountant show "$archive" | head -10
accountant apply "$archive" "$office" | head -2

step "The accountant corrects the VAT return, adds a note, sends back only the changes"
printf 'CA12A 2020 révisée : solde à payer 0,00\r\n' > "$office/TVA/CA12A 2020 - déclaration annuelle.txt"
mkdir -p "$office/Révision" && printf 'Lettrage 401 COOPAL à revoir\r\n' > "$office/Révision/Notes.txt"
back=$(accountant pack "$office" --purpose "Retour de révision" --out "$stick")
for f in "$archive" "$back"; do printf '%8d bytes  %s\n' "$(stat -c %s "$f")" "$(basename "$f")"; done

step "The farmer previews, then applies the changes"
farmer apply --dry-run "$back" "$farm"
farmer apply "$back" "$farm"
diff -r -x .sacoche "$farm" "$office" && echo "the two dossiers are identical"
farmer status "$farm" | head -5

step "Applying the same archive again changes nothing"
farmer apply "$back" "$farm"

step "A damaged copy is refused (exit 3)"
cp "$archive" "$work/damaged.sacoche"
printf 'X' | dd of="$work/damaged.sacoche" bs=1 seek=2000 conv=notrunc status=none
set +e; accountant verify "$work/damaged.sacoche"; code=$?; set -e
echo "exit code $code"
test "$code" -eq 3

echo; echo "Everything is in $work"
