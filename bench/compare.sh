#!/usr/bin/env bash
# sacoche against what a technician would script by hand, on a generated reference
# dossier: medians of RUNS runs, peak memory, and ratios.
#   full pack : sacoche pack --full        vs  zip -r + sha256sum of every file + minisign -S
#   verify    : sacoche verify             vs  unzip -t
#   extract   : sacoche extract            vs  unzip -q
#   changes   : sacoche pack (changes)     vs  git add/commit + git bundle old..HEAD, rsync --write-batch
# Usage: bash bench/compare.sh [MIB=1024] [FILES=10000] [RUNS=3]
# Needs ~4×MIB of free disk in $TMPDIR. Installs zip, unzip, minisign, rsync, git, time.
set -euo pipefail
mib=${1:-1024} files=${2:-10000} runs=${3:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
need=()
for tool in zip unzip minisign rsync git; do command -v $tool >/dev/null || need+=($tool); done
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then (apt-get update -qq && apt-get install -y -qq "${need[@]}") >/dev/null; fi
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
sacoche="$here/target/release/sacoche"
work=$(mktemp -d "${TMPDIR:-/tmp}/sacoche-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SACOCHE_HOME="$work/home"
"$sacoche" key new --name Bench >/dev/null 2>&1
python3 "$here/bench/gen_dossier.py" make "$work/d" --files "$files" --mib "$mib"
# Real dossier files were saved long ago (fresh files are rehashed by design: see the
# stat cache in docs/INTEGRATION.md).
find "$work/d" -type f -exec touch -d '-1 hour' {} +
echo "reference dossier: $(du -sh "$work/d" | cut -f1), $(find "$work/d" -type f | wc -l) files; $(nproc) cores; runs: $runs"

declare -A secs mem
# Waits until the disks have been idle (no reads or writes completed, none in flight)
# for a second, at most a minute: every tool is measured on a quiet disk, not while the
# host still writes back what the previous step wrote.
settle_disk() {
  local last="" now quiet=0
  for _ in $(seq 300); do
    now=$(awk '$3 !~ /^(loop|ram)/ {r += $4; w += $8; f += $12} END {print r, w, f}' /proc/diskstats)
    if [ "$now" = "$last" ] && [ "${now##* }" = 0 ]; then
      quiet=$((quiet + 1)); [ "$quiet" -ge 5 ] && return 0
    else
      quiet=0
    fi
    last=$now
    sleep 0.2
  done
}
# measure NAME CMD… : runs CMD $runs times (after `prepare_NAME` if defined), keeps the median.
measure() {
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    if declare -F "prepare_$name" >/dev/null; then "prepare_$name"; fi
    sync
    settle_disk
    /usr/bin/time -f "%e %M" -o "$work/t" bash -c "$*" >/dev/null 2>"$work/err" || { echo "$name failed:"; cat "$work/err"; exit 1; }
    read -r s k < "$work/t"
    times+=("$s"); (( k > peak )) && peak=$k
  done
  secs[$name]=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")
  mem[$name]=$(( peak / 1024 ))
  printf '%-22s %8.2f s  %6d MiB\n' "$name" "${secs[$name]}" "${mem[$name]}"
}
ratio() { python3 -c "print(f'{float($1)/max(float($2),1e-9):.2f}')"; }

mkdir -p "$work/out" "$work/peer"
minisign -G -W -p "$work/mini.pub" -s "$work/mini.key" >/dev/null 2>&1
prepare_sacoche_pack() { rm -f "$work"/out/*.sacoche "$work/full.sacoche"; }
measure sacoche_pack "'$sacoche' pack '$work/d' --full --dossier 8502182 --name Bench --out '$work/out'"
archive="$work/full.sacoche"
mv "$(ls "$work"/out/*.sacoche)" "$archive"
prepare_zip_sha_minisign() { rm -f "$work/peer/d.zip" "$work/peer/d.zip.minisig"; }
measure zip_sha_minisign "cd '$work' && zip -r -q peer/d.zip d && find d -type f -print0 | xargs -0 sha256sum >/dev/null && minisign -S -s mini.key -m peer/d.zip"
measure sacoche_verify "'$sacoche' verify '$archive'"
measure unzip_t "unzip -tqq '$archive'"
prepare_sacoche_extract() { rm -rf "$work/x"; }
measure sacoche_extract "'$sacoche' extract '$archive' --to '$work/x'"
prepare_unzip_q() { rm -rf "$work/y"; }
measure unzip_q "unzip -q '$archive' -d '$work/y'"

# Changes: the same 1 % change, from the same shared state each run.
"$sacoche" init "$work/d" --dossier 8502182 --name Bench >/dev/null 2>&1
"$sacoche" pack "$work/d" --full --out "$work/out" >/dev/null 2>&1
cp -a "$work/d/.sacoche" "$work/meta-saved"
export GIT_DIR="$work/git" GIT_WORK_TREE="$work/d"
git init -q && git add -A && git -c user.email=b@b -c user.name=b commit -qm base && git tag base
cp -a "$work/d" "$work/rsync-base"
python3 "$here/bench/gen_dossier.py" change "$work/d"
prepare_sacoche_changes() { rm -rf "$work/d/.sacoche" && cp -a "$work/meta-saved" "$work/d/.sacoche" && rm -f "$work"/out/*.sacoche; }
measure sacoche_changes "'$sacoche' pack '$work/d' --out '$work/out'"
changes_size=$(stat -c %s "$(ls "$work"/out/*.sacoche)")
prepare_git_bundle() { git reset -q --soft base && rm -f "$work/peer/b.bundle"; }
measure git_bundle "git add -A && git -c user.email=b@b -c user.name=b commit -qm change && git bundle create -q '$work/peer/b.bundle' base..HEAD"
prepare_rsync_batch() { rm -f "$work/peer/batch" "$work/peer/batch.sh"; }
measure rsync_batch "rsync -a --exclude .sacoche --only-write-batch='$work/peer/batch' '$work/d/' '$work/rsync-base/'"

echo
echo "ratios (higher is better for sacoche):"
echo "  full pack: zip+sha256sum+minisign / sacoche = $(ratio "${secs[zip_sha_minisign]}" "${secs[sacoche_pack]}")×  (target ≥ 5)"
echo "  verify:    unzip -t / sacoche verify        = $(ratio "${secs[unzip_t]}" "${secs[sacoche_verify]}")×  (target ≥ 3)"
echo "  extract:   unzip -q / sacoche extract       = $(ratio "${secs[unzip_q]}" "${secs[sacoche_extract]}")×"
echo "  changes:   sacoche changes / full pack      = $(ratio "${secs[sacoche_changes]}" "${secs[sacoche_pack]}")  (target ≤ 0.05)"
echo "  changes:   git bundle / sacoche changes     = $(ratio "${secs[git_bundle]}" "${secs[sacoche_changes]}")×  (target > 1)"
echo "  changes:   rsync batch / sacoche changes    = $(ratio "${secs[rsync_batch]}" "${secs[sacoche_changes]}")×"
echo "  archives:  full $(stat -c %s "$archive") bytes, changes $changes_size bytes"
echo "  peak memory: pack ${mem[sacoche_pack]} MiB, verify ${mem[sacoche_verify]} MiB, extract ${mem[sacoche_extract]} MiB, changes ${mem[sacoche_changes]} MiB (target ≤ 64)"
