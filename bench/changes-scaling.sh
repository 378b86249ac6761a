#!/usr/bin/env bash
# The cost of a changes pack must follow the size of the change, not of the dossier:
# the same change (K files modified, 50 added, 50 deleted) packed from dossiers of
# growing size (about 100 KiB per file). Medians of RUNS runs.
# Usage: bash bench/changes-scaling.sh [RUNS=5] [K=100] [SIZES="1000 3000 10000"]
set -euo pipefail
runs=${1:-5} k=${2:-100} sizes=${3:-1000 3000 10000}
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-scaling.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SACOCHE_HOME="$work/home"
"$sacoche" key new --name Bench >/dev/null 2>&1
printf '%8s %9s %14s %12s\n' files dossier "changes pack" "archive"
for n in $sizes; do
  d="$work/d$n"
  python3 "$here/bench/gen_dossier.py" make "$d" --files "$n" --mib $(( n / 10 ))
  find "$d" -type f -exec touch -d '-1 hour' {} +
  "$sacoche" init "$d" --dossier 8502182 --name Bench >/dev/null 2>&1
  mkdir -p "$work/out$n"
  "$sacoche" pack "$d" --full --out "$work/out$n" >/dev/null 2>&1
  rm -f "$work/out$n"/*.sacoche
  cp -a "$d/.sacoche" "$work/meta$n"
  python3 "$here/bench/gen_dossier.py" change "$d" --modified "$k"
  find "$d" -type f -newermt '-10 minutes' -exec touch -d '-30 minutes' {} +
  times=()
  for _ in $(seq "$runs"); do
    rm -rf "$d/.sacoche" && cp -a "$work/meta$n" "$d/.sacoche" && rm -f "$work/out$n"/*.sacoche
    sync
    /usr/bin/time -f %e -o "$work/t" "$sacoche" pack "$d" --out "$work/out$n" >/dev/null 2>&1
    times+=("$(cat "$work/t")")
  done
  med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  size=$(stat -c %s "$work/out$n"/*.sacoche)
  printf '%8d %9s %12.3f s %10d B\n' "$n" "$(du -sh "$d" | cut -f1)" "$med" "$size"
done
