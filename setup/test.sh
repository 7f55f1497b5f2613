#!/usr/bin/env bash
# The README's test command: sets up whatever is missing, lints, creates a
# fresh test database with our addons (and demo data), and runs the
# whole suite with pytest + pytest-odoo against it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/setup/install.sh"
source "$ROOT/setup/env.sh"
cd "$ROOT"

bash "$ROOT/setup/lint.sh"

echo "[test] creating database $TEST_DB"
dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$ODOO_DB_USER" "$TEST_DB"
rm -rf "$DATA_DIR/filestore/$TEST_DB" "$ROOT/.odoo/test-install.log"
"$VENV/bin/python" setup/odoo-bin -c "$TEST_CONFIG" -d "$TEST_DB" -i "$ADDONS" \
    --stop-after-init --log-level=warn --logfile="$ROOT/.odoo/test-install.log"
if grep -E "(ERROR|CRITICAL) $TEST_DB " "$ROOT/.odoo/test-install.log" | grep -v "odoo.modules.graph: module .*: Unmet dependencies"; then
    echo "[test] installing the addons logged errors (see .odoo/test-install.log)"; exit 1
fi

echo "[test] running pytest"
exec "$VENV/bin/pytest" --odoo-config="$TEST_CONFIG" --odoo-database="$TEST_DB" "$@"
