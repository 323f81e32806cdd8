#!/usr/bin/env bash
# Build the desktop app as one folder with PyInstaller (build.spec), then prove the frozen app works:
# it reports its version, builds a demo store, and starts offscreen to the main window (screenshots).
#   bash scripts/build_app.sh            -> dist/fieldapp/ (fieldapp, fieldapp-gui, _internal/)
# Windows: see docs/windows-build.md (same spec, run in a Windows venv).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
built=$(date +%s)
APP=dist/fieldapp/fieldapp
[ -x "$APP" ] || APP=dist/fieldapp/fieldapp.exe

want=$("$PY" -c 'import fieldapp; print(fieldapp.__version__)')
got=$("$APP" --version)
echo "==> frozen app reports: $got"
case "$got" in *"$want"*) ;; *) echo "expected version $want" >&2; exit 1 ;; esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen
"$APP" --data-dir "$tmp/demo" demo >/dev/null
t0=$(date +%s%N)
timeout 180 "$APP" --data-dir "$tmp/demo" gui --screenshot-dir "$tmp/shots" >"$tmp/gui.log" 2>&1 || {
  cat "$tmp/gui.log" >&2; echo "the frozen app did not start" >&2; exit 1; }
t1=$(date +%s%N)
for shot in signin home cases sync county; do
  [ -s "$tmp/shots/$shot.png" ] || { cat "$tmp/gui.log" >&2; echo "missing screenshot $shot.png" >&2; exit 1; }
done
size=$(du -sm dist/fieldapp | cut -f1)
printf '==> build %ss, %s MB; frozen app started offscreen and toured the screens in %.1fs\n' \
  "$((built - start))" "$size" "$(( (t1 - t0) / 100000000 ))e-1"
echo "==> OK: dist/fieldapp"
