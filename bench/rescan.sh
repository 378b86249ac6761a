#!/usr/bin/env bash
# Rescanning an unchanged dossier must not read file contents: FILES small files in
# nested folders; `sacoche status` (a full scan against the stat cache) is timed on the
# second and later runs. Medians of RUNS runs.
# Usage: bash bench/rescan.sh [FILES=100000] [RUNS=5]
set -euo pipefail
files=${1:-100000} runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-rescan.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SACOCHE_HOME="$work/home"
python3 "$here/bench/gen_dossier.py" make "$work/d" --files "$files" --mib $(( files / 100 ))
find "$work/d" -type f -exec touch -d '-1 hour' {} +
"$sacoche" init "$work/d" --dossier 8502182 --name Bench >/dev/null 2>&1
/usr/bin/time -f "%e" -o "$work/t" "$sacoche" status "$work/d" >/dev/null 2>&1
echo "dossier: $(find "$work/d" -type f -not -path '*/.sacoche/*' | wc -l) files, $(du -sh --exclude=.sacoche "$work/d" | cut -f1); first scan (hashes everything): $(cat "$work/t") s"
times=() peak=0
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$work/t" "$sacoche" status "$work/d" >/dev/null 2>&1
  read -r s k < "$work/t"; times+=("$s"); (( k > peak )) && peak=$k
done
med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
echo "rescan of the unchanged dossier: median $med s (runs: ${times[*]}), peak $(( peak / 1024 )) MiB (target < 1 s)"
