#!/usr/bin/env bash
# One-command setup for a fresh Debian/Ubuntu machine.
#   bash scripts/setup.sh run    install everything, then start the app on a demo store
#   bash scripts/setup.sh test   install everything, then run the whole test suite
# Idempotent: a second run skips apt and pip when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-run}
shift || true

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Qt offscreen/xcb libraries, free CJK fonts (WenQuanYi; HanaMin for rare
# characters such as 𠮷 in names), poppler for
# PDF checks, Xvfb for screenshots, PostgreSQL for the sync suite.
APT_PACKAGES=(
  python3 python3-venv python3-pip
  libgl1 libegl1 libglib2.0-0 libxkbcommon0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
  libxcb-sync1 libxcb-shm0 libxcb-util1 libx11-xcb1 libcups2
  fonts-wqy-microhei fonts-hanazono poppler-utils poppler-data xvfb xauth
)
if [ "$MODE" = "test" ]; then APT_PACKAGES+=(postgresql); fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  # env: sudo drops DEBIAN_FRONTEND from the caller's environment.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian 12 and Ubuntu 24.04 ship 3.11/3.12 as python3; older releases may have a newer one beside it.
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3 python3.13 python3.12 python3.11; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      PY=$cand; break
    fi
  done
fi
if [ -z "$PY" ] || ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "fieldapp needs Python 3.11 or newer (Debian 12, Ubuntu 24.04 or later have it); found $(python3 --version 2>&1)" >&2
  echo "fieldapp 需要 Python 3.11 或更新版本（Debian 12、Ubuntu 24.04 及以后自带）。" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
STAMP=.venv/.fieldapp-installed
WANT=$( (cat pyproject.toml scripts/setup.sh; .venv/bin/python --version) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  echo "==> pip: installing fieldapp with extras server,dev"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[server,dev]"
  echo "$WANT" > "$STAMP"
fi

case "$MODE" in
  run)
    DATA=${FIELDAPP_DEMO_DIR:-$ROOT/demo-data}
    if [ ! -f "$DATA/fieldapp.db" ]; then
      .venv/bin/fieldapp --data-dir "$DATA" demo
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "==> no display found: starting the app on a virtual screen (Xvfb); screenshots go to $DATA/screens"
      exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/fieldapp --data-dir "$DATA" gui --screenshot-dir "$DATA/screens" "$@"
    fi
    exec .venv/bin/fieldapp --data-dir "$DATA" gui "$@"
    ;;
  test)
    if [ "${FIELDAPP_NO_PG:-}" != "1" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
      if ! bash scripts/postgres.sh; then
        # CI must run the sync suite on both databases; on a laptop, SQLite alone is still a useful run.
        if [ "${CI:-}" = "true" ]; then echo "==> PostgreSQL did not start" >&2; exit 1; fi
        echo "==> PostgreSQL not started; its tests will be skipped"
      fi
    fi
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash scripts/setup.sh run|test [args...]" >&2
    exit 2
    ;;
esac
