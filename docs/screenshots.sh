#!/usr/bin/env bash
# `make screenshots`: a demo database, a server of our own on a free port,
# docs/screenshots.py against it, then the server is stopped.
#
#   DB=aftersales_docs  the database (default); created with the demo data
#                       like setup/run.sh does when it does not exist
#   FRESH=1             drop and re-create it first, so that the demo dates
#                       are those of today (default: 1 for aftersales_docs)
#   PORT=<free port>    the HTTP port of the server
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -x "$ROOT/.venv/bin/python" ] || [ ! -f "$ROOT/.odoo/run.conf" ]; then
    bash "$ROOT/setup/install.sh"
fi
source "$ROOT/setup/env.sh"
cd "$ROOT"

DB="${DB:-aftersales_docs}"
if [ "$DB" = aftersales_docs ]; then FRESH="${FRESH:-1}"; else FRESH="${FRESH:-0}"; fi
free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="${PORT:-$(free_port)}"
LONGPOLLING_PORT="$(free_port)"

exists() {
    psql -h "$PGHOST" -p "$PGPORT" -U "$ODOO_DB_USER" -d postgres -tAc \
        "select 1 from pg_database where datname = '$DB'" | grep -q 1
}
if [ "$FRESH" = 1 ]; then
    dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$ODOO_DB_USER" "$DB"
fi
if ! exists; then
    echo "[screenshots] creating database $DB with demo data (a few minutes)"
    "$VENV/bin/python" setup/odoo-bin -c "$RUN_CONFIG" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn
fi

LOG="$(mktemp -t aftersales-screenshots-XXXXXX.log)"
"$VENV/bin/python" setup/odoo-bin -c "$RUN_CONFIG" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --longpolling-port="$LONGPOLLING_PORT" --no-database-list \
    --max-cron-threads=0 --log-level=warn >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login"; then break; fi
    if ! kill -0 "$SERVER" 2>/dev/null; then cat "$LOG"; exit 1; fi
    sleep 1
done
echo "[screenshots] server on port $PORT (database $DB, log $LOG)"
"$VENV/bin/python" docs/screenshots.py --url "http://127.0.0.1:$PORT" --db "$DB" "$@"
du -ch docs/images/*.png | tail -1
