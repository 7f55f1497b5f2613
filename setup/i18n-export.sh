#!/usr/bin/env bash
# Re-export the translation template (i18n/<addon>.pot) of our addons from a
# database that has them installed, with Odoo's own exporter
# (--i18n-export ... --modules=<addon>), so the templates match the code.
#
#   bash setup/i18n-export.sh [database [addon ...]]
#
# database: an existing database with our addons (default: $TEST_DB);
# addons: default all of ours ($ADDONS).
# Then bring each po up to date: msgmerge --update --backup=none \
#   <addon>/i18n/zh_CN.po <addon>/i18n/<addon>.pot  (and translate what is new).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/setup/env.sh"
cd "$ROOT"

DB="${1:-$TEST_DB}"
shift || true
if [ "$#" -gt 0 ]; then
    MODULES=("$@")
else
    IFS=',' read -r -a MODULES <<< "$ADDONS"
fi

# into a temporary file first: a failed export leaves the template as it was
# (a .po without a language: Odoo writes a template)
tmp="$(mktemp --suffix=.po)"
trap 'rm -f "$tmp"' EXIT
for module in "${MODULES[@]}"; do
    installed=$(psql -h "$PGHOST" -p "$PGPORT" -U "$ODOO_DB_USER" -d "$DB" -tAc \
        "select 1 from ir_module_module where name = '$module' and state = 'installed'")
    if [ "$installed" != "1" ]; then
        echo "[i18n-export] $module is not installed in database $DB" >&2
        exit 1
    fi
    mkdir -p "$ROOT/$module/i18n"
    pot="$ROOT/$module/i18n/$module.pot"
    echo "[i18n-export] $module -> ${pot#"$ROOT"/}"
    "$VENV/bin/python" setup/odoo-bin -c "$TEST_CONFIG" -d "$DB" --log-level=warn \
        --i18n-export="$tmp" --modules="$module"
    cp "$tmp" "$pot"
done
