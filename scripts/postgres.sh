#!/usr/bin/env bash
# Start the distribution's PostgreSQL cluster and make a test database that
# the sync suite reaches as FIELDAPP_TEST_PG (written to .venv/pg-url).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
AS_PG=(runuser -u postgres --)
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; AS_PG=(sudo -u postgres); fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster=main
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver $cluster$"; then
  $SUDO pg_createcluster "$ver" "$cluster" >/dev/null
fi
$SUDO pg_ctlcluster "$ver" "$cluster" start 2>/dev/null || true
port=$(pg_lsclusters -h | awk -v v="$ver" -v c="$cluster" '$1==v && $2==c {print $3}')
"${AS_PG[@]}" psql -p "$port" -qtAc "SELECT 1 FROM pg_roles WHERE rolname='fieldapp'" | grep -q 1 || \
  "${AS_PG[@]}" psql -p "$port" -qc "CREATE ROLE fieldapp LOGIN PASSWORD 'fieldapp' CREATEDB"
"${AS_PG[@]}" psql -p "$port" -qtAc "SELECT 1 FROM pg_database WHERE datname='fieldapp_test'" | grep -q 1 || \
  "${AS_PG[@]}" psql -p "$port" -qc "CREATE DATABASE fieldapp_test OWNER fieldapp"
echo "postgresql://fieldapp:fieldapp@127.0.0.1:$port/fieldapp_test" > .venv/pg-url
echo "==> PostgreSQL ready on 127.0.0.1:$port"
