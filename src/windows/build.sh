#!/usr/bin/env bash
# Builds sacoche's Windows installer and portable zip, from Linux, out of a built
# sacoche.exe (x86_64-pc-windows-gnu):
#
#   cargo build --release --target x86_64-pc-windows-gnu
#   bash src/windows/build.sh target/x86_64-pc-windows-gnu/release/sacoche.exe target/windows
#
# writes OUTDIR/sacoche-VERSION-installation.exe (NSIS: makensis, Debian package nsis)
# and OUTDIR/sacoche-VERSION-portable.zip (sacoche.exe and LISEZ-MOI.txt), and prints
# their paths. .ci/run builds them from the debug build and tests/windows_installer.rs
# installs, uses and uninstalls the installer under Wine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 SACOCHE.EXE OUTDIR" >&2; exit 2; }
exe=$(realpath "$1")
[ -f "$exe" ] || { echo "$0: no file $1; build it first (see above)" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/../../Cargo.toml" | head -n 1)
mkdir -p "$2"
out=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# LISEZ-MOI for Notepad on every Windows 10: UTF-8 with a byte-order mark, CRLF.
readme="$work/LISEZ-MOI.txt"
printf '\xef\xbb\xbf' >"$readme"
sed 's/$/\r/' "$here/LISEZ-MOI.txt" >>"$readme"

installer="$out/sacoche-$version-installation.exe"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DEXE="$exe" -DREADME="$readme" \
  -DOUT="$installer" "$here/installer.nsi" >&2

portable="$out/sacoche-$version-portable.zip"
mkdir "$work/sacoche-$version"
cp "$exe" "$readme" "$work/sacoche-$version/"
rm -f "$portable"
(cd "$work" && zip -q -X -r "$portable" "sacoche-$version")

echo "$installer"
echo "$portable"
