#!/usr/bin/env bash
# An accountant's inbox: DOSSIERS dossiers already integrated once, each with PER new
# changes archives waiting (DOSSIERS × PER archives in all). Times `sacoche inbox` (the
# listing), first run and second run, and its peak memory.
# Each changes archive carries one new scanned invoice of SCAN bytes.
# Usage: bash bench/inbox.sh [DOSSIERS=200] [PER=5] [FILES=40] [SCAN=1000000]
set -euo pipefail
dossiers=${1:-200} per=${2:-5} files=${3:-40} scan=${4:-1000000}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-inbox.XXXXXX")
trap 'rm -rf "$work"' EXIT
farm="$work/farm-home" office="$work/office-home"
mkdir -p "$work/inbox" "$work/dossiers" "$work/stick"
SACOCHE_HOME=$farm "$sacoche" key new --name "Ferme" >/dev/null 2>&1
SACOCHE_HOME=$office "$sacoche" key new --name "Cabinet" >/dev/null 2>&1
SACOCHE_HOME=$office "$sacoche" trust add --name Ferme "$(SACOCHE_HOME=$farm "$sacoche" key show 2>/dev/null | grep -o 'sacochepk[0-9a-f]*')" >/dev/null 2>&1
echo "making $dossiers dossiers of $files files, $per archives each…"
for i in $(seq "$dossiers"); do
  id=$(printf '85%05d' "$i") d="$work/farm/$id"
  python3 "$here/bench/gen_dossier.py" make "$d" --files "$files" --mib 2 --seed "$i"
  find "$d" -type f -exec touch -d '-1 hour' {} +
  SACOCHE_HOME=$farm "$sacoche" init "$d" --dossier "$id" --name "GAEC $i" >/dev/null 2>&1
  SACOCHE_HOME=$farm "$sacoche" pack "$d" --full --out "$work/inbox" >/dev/null 2>&1
done
SACOCHE_HOME=$office "$sacoche" inbox process --inbox "$work/inbox" --dossiers "$work/dossiers" --all >/dev/null 2>&1
for i in $(seq "$dossiers"); do
  id=$(printf '85%05d' "$i") d="$work/farm/$id"
  for k in $(seq "$per"); do
    echo "écriture $k" >> "$d/Comptabilité/saisie $k.txt"
    head -c "$scan" /dev/urandom > "$d/Pièces/facture $k.pdf"
    SACOCHE_HOME=$farm "$sacoche" pack "$d" --out "$work/inbox" >/dev/null 2>&1
  done
done
find "$work/inbox" -name '*.sacoche' -exec touch -d '-1 hour' {} +
n=$(find "$work/inbox" -name '*.sacoche' | wc -l)
echo "inbox: $n archives, $(du -sh "$work/inbox" | cut -f1)"
for run in first second third; do
  /usr/bin/time -f "%e %M" -o "$work/t" bash -c "SACOCHE_HOME='$office' '$sacoche' inbox --inbox '$work/inbox' --dossiers '$work/dossiers' > '$work/list'"
  read -r s k < "$work/t"
  printf 'inbox listing, %-6s run: %6.2f s  %5d MiB\n' "$run" "$s" $(( k / 1024 ))
done
echo "statuses: $(grep -oE '\b(ready|waiting|conflict|stale|already-integrated|invalid|incomplete)\b' "$work/list" | sort | uniq -c | tr -s ' ' | tr '\n' ',')"
