#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), seeded from samples/.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET…]
# Needs cargo-fuzz (cargo install cargo-fuzz). On a stable toolchain the sanitizer flags
# are allowed with RUSTC_BOOTSTRAP=1. Crashes land in fuzz/artifacts/TARGET/: copy each
# into fuzz/regressions/TARGET/ with a name saying what it found; tests/fuzz_regressions.rs
# replays them all on every `cargo test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(reader gate manifest names)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  corpus="$here/corpus/$t"
  mkdir -p "$corpus"
  case $t in
    reader|gate) cp "$here"/../samples/archives/*.sacoche "$corpus/" ;;
    manifest)
      python3 - "$here/../samples/archives" "$corpus" <<'PY'
import sys, zipfile, glob, os
for p in glob.glob(os.path.join(sys.argv[1], "*.sacoche")):
    try:
        data = zipfile.ZipFile(p).read(".sacoche/manifest.json")
    except Exception:
        continue
    open(os.path.join(sys.argv[2], os.path.basename(p) + ".json"), "wb").write(data)
PY
      ;;
    names) printf '8502182-20201027171147.sacoche' > "$corpus/name"; printf 'Pièces/2020-01 facture.pdf' > "$corpus/path" ;;
  esac
  # The regression seeds (every verdict) start the corpus too.
  find "$here/regressions/$t" -type f ! -name README -exec cp {} "$corpus/" \;
  echo "== $t: ${seconds}s"
  (cd "$here/.." && cargo fuzz run --fuzz-dir "$here" "$t" "$corpus" -- -max_total_time="$seconds" -print_final_stats=1 2>&1 \
    | grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Test unit written" | tail -4)
done
