#!/usr/bin/env bash
# flake8 and pylint-odoo on our code (versions pinned in requirements.txt)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/setup/env.sh"
cd "$ROOT"
echo "[lint] flake8"
"$VENV/bin/flake8" aftersales_* tests setup bench conftest.py
echo "[lint] pylint-odoo"
"$VENV/bin/pylint" --rcfile=setup/pylintrc aftersales_*
