#!/usr/bin/env bash
# The farmer → accountant round trip on the bundled sample dossier (GAEC LE GUYON,
# dossier 8502182), with two users in a scratch folder. Nothing outside it is touched.
# Usage: bash samples/demo.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-demo.XXXXXX")
farmer="$work/farmer-home" accountant="$work/accountant-home"
stick="$work/USB stick" && mkdir -p "$stick"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "The farmer creates a signing key (once)"
SACOCHE_HOME=$farmer "$sacoche" key new --name "GAEC LE GUYON"

step "The farmer packs the dossier onto the stick"
archive=$(SACOCHE_HOME=$farmer "$sacoche" pack "$here/samples/dossier-8502182" \
  --dossier 8502182 --name "GAEC LE GUYON" --fiscal-year 2020-01-01..2020-12-31 \
  --purpose "Envoi pour révision" --out "$stick")
echo "$archive"

step "The accountant creates a key, then trusts the farmer's key for this dossier"
SACOCHE_HOME=$accountant "$sacoche" key new --name "Cabinet Dupont" >/dev/null 2>&1
SACOCHE_HOME=$accountant "$sacoche" trust add "$(SACOCHE_HOME=$farmer "$sacoche" key show 2>/dev/null)" \
  --name "GAEC LE GUYON" --dossier 8502182

step "The accountant checks the archive and looks at it"
SACOCHE_HOME=$accountant "$sacoche" verify "$archive"
SACOCHE_HOME=$accountant "$sacoche" show "$archive" | head -10

step "The accountant extracts it"
SACOCHE_HOME=$accountant "$sacoche" extract "$archive" --to "$work/cabinet/8502182"
diff -r "$here/samples/dossier-8502182" "$work/cabinet/8502182" && echo "identical to the farmer's dossier"

step "A damaged copy is refused (exit 3)"
cp "$archive" "$work/damaged.sacoche"
printf 'X' | dd of="$work/damaged.sacoche" bs=1 seek=2000 conv=notrunc status=none
set +e; SACOCHE_HOME=$accountant "$sacoche" verify "$work/damaged.sacoche"; code=$?; set -e
echo "exit code $code"
test "$code" -eq 3

echo; echo "Everything is in $work"
