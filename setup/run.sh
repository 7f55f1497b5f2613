#!/usr/bin/env bash
# The README's run command: sets up whatever is missing, creates the demo
# database once, and serves Odoo at http://localhost:$RUN_PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/setup/install.sh"
source "$ROOT/setup/env.sh"
cd "$ROOT"

if ! psql -h "$PGHOST" -p "$PGPORT" -U "$ODOO_DB_USER" -d postgres -tAc \
        "select 1 from pg_database where datname = '$RUN_DB'" | grep -q 1; then
    echo "[run] creating database $RUN_DB with demo data (a few minutes, once)"
    "$VENV/bin/python" setup/odoo-bin -c "$RUN_CONFIG" -d "$RUN_DB" -i "$ADDONS" \
        --stop-after-init --log-level=warn
fi
cat <<EOT

After-Sales service suite: http://localhost:$RUN_PORT  (database $RUN_DB)
Demo logins (login / password):
  After-Sales Manager             admin / admin
  After-Sales Manager             aftersales_manager / aftersales_manager
  Customer Service Representative aftersales_csr / aftersales_csr
  Field Service Engineer          aftersales_field / aftersales_field
  Technical Support Engineer      aftersales_tech / aftersales_tech
  Spare Parts Manager             aftersales_parts / aftersales_parts
  Portal customer                 aftersales_portal / aftersales_portal

EOT
exec "$VENV/bin/python" setup/odoo-bin -c "$RUN_CONFIG" -d "$RUN_DB" "$@"
