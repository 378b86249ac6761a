#!/usr/bin/env bash
# The cost of a changes pack, and of its integration on the other side, must follow
# the size of the change, not of the dossier: the same change (K files modified, 50
# added, 50 deleted) packed from dossiers of growing size (about 100 KiB per file), then
# applied to the accountant's copy. Medians of RUNS runs.
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
office="$work/office-home"
SACOCHE_HOME=$office "$sacoche" key new --name Cabinet >/dev/null 2>&1
SACOCHE_HOME=$office "$sacoche" trust add --name Bench "$("$sacoche" key show 2>/dev/null | grep -o 'sacochepk[0-9a-f]*')" >/dev/null 2>&1
printf '%8s %9s %14s %12s %14s\n' files dossier "changes pack" "archive" "apply"
for n in $sizes; do
  d="$work/d$n"
  python3 "$here/bench/gen_dossier.py" make "$d" --files "$n" --mib $(( n / 10 ))
  find "$d" -type f -exec touch -d '-1 hour' {} +
  "$sacoche" init "$d" --dossier 8502182 --name Bench >/dev/null 2>&1
  mkdir -p "$work/out$n"
  "$sacoche" pack "$d" --full --out "$work/out$n" >/dev/null 2>&1
  # The accountant's copy, at the same state.
  SACOCHE_HOME=$office "$sacoche" apply "$work/out$n"/*.sacoche "$work/copy$n" >/dev/null 2>&1
  # As some time later, after any status or inbox listing there: files not just
  # written, and a warm stat cache (a scan within 2 s of a write re-reads, by design).
  find "$work/copy$n" -type f -not -path '*/.sacoche/*' -exec touch -d '-1 hour' {} +
  SACOCHE_HOME=$office "$sacoche" status "$work/copy$n" >/dev/null 2>&1
  rm -f "$work/out$n"/*.sacoche
  cp -a "$d/.sacoche" "$work/meta$n"
  cp "$SACOCHE_HOME/sequences.toml" "$work/seq$n"
  python3 "$here/bench/gen_dossier.py" change "$d" --modified "$k"
  find "$d" -type f -newermt '-10 minutes' -exec touch -d '-30 minutes' {} +
  times=()
  for _ in $(seq "$runs"); do
    rm -rf "$d/.sacoche" && cp -a "$work/meta$n" "$d/.sacoche" && rm -f "$work/out$n"/*.sacoche
    cp "$work/seq$n" "$SACOCHE_HOME/sequences.toml"
    sync
    /usr/bin/time -f %e -o "$work/t" "$sacoche" pack "$d" --out "$work/out$n" >/dev/null 2>&1
    times+=("$(cat "$work/t")")
  done
  med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  size=$(stat -c %s "$work/out$n"/*.sacoche)
  # Each apply starts from the same copy: hard links are enough, since integration
  # replaces files by renaming new ones into place and never writes into old ones.
  applies=()
  for _ in $(seq "$runs"); do
    rm -rf "$work/run$n" && cp -al "$work/copy$n" "$work/run$n"
    sync
    /usr/bin/time -f %e -o "$work/t" env SACOCHE_HOME="$office" "$sacoche" apply "$work/out$n"/*.sacoche "$work/run$n" >/dev/null 2>"$work/apply-err" || { cat "$work/apply-err"; exit 1; }
    applies+=("$(cat "$work/t")")
  done
  amed=$(printf '%s\n' "${applies[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  printf '%8d %9s %12.3f s %10d B %12.3f s\n' "$n" "$(du -sh "$d" | cut -f1)" "$med" "$size" "$amed"
done
