#!/usr/bin/env bash
# Streaming check: pack, verify and extract a dossier holding one 5 GiB file (zip64),
# reporting time and peak memory of each step. Usage: bash bench/big-file.sh [SIZE_GIB]
# Needs about 3 × SIZE of free disk in $TMPDIR. Installs GNU time if missing.
set -euo pipefail
size_gib=${1:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/bin/time >/dev/null || (apt-get update -qq && apt-get install -y -qq time) >/dev/null
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-big.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SACOCHE_HOME="$work/home"
mkdir -p "$work/dossier" "$work/out"
"$sacoche" key new --name "Bench" >/dev/null 2>&1
# Not sparse: real bytes, half compressible ledger-like text, half random "scan".
head -c $((size_gib * 512 * 1024 * 1024)) /dev/urandom > "$work/dossier/scans.bin"
(yes "VTE	Ventes	VTE00001	20200115	701100	Ventes de lait			LAIT01	20200115	Paie de lait	0,00	31234,56" || true) \
  | head -c $((size_gib * 512 * 1024 * 1024)) >> "$work/dossier/scans.bin"
ls -l "$work/dossier/scans.bin"
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  read -r secs kib < "$work/t"
  printf '%-8s %8.1f s   peak memory %6.1f MiB\n' "$label" "$secs" "$(echo "$kib / 1024" | bc -l)"
}
measure pack "$sacoche" pack "$work/dossier" --dossier 8502182 --name Bench --out "$work/out"
archive=$(ls "$work/out"/*.sacoche)
ls -l "$archive"
measure verify "$sacoche" verify "$archive"
rm -f "$work/dossier/scans.bin"
measure extract "$sacoche" extract "$archive" --to "$work/extracted"
unzip -l "$archive" | tail -3
