#!/usr/bin/env bash
# Installs whatever is missing of the runtime: OS packages, PostgreSQL, the
# project's virtual environment (Odoo 11.0 + pinned dependencies + the
# Python 3.11 compatibility layer), lessc and wkhtmltopdf. Idempotent: a
# second run only checks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup/env.sh
source "$ROOT/setup/env.sh"

log() { printf '[setup] %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=0
apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || { log "please install: ${missing[*]}"; return 1; }
    log "installing OS packages: ${missing[*]}"
    if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_os_packages() {
    # wkhtmltopdf's libraries, CJK fonts for Chinese forms, pdftotext for the
    # report tests, Chromium for browser tests, Node.js for lessc
    apt_install libxrender1 libfontconfig1 libxext6 libx11-6 libfreetype6 \
        fonts-noto-cjk fonts-dejavu-core poppler-utils chromium ca-certificates
    command -v npm >/dev/null || apt_install nodejs npm
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
}

pg_answers() {
    pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null
}

start_postgresql() {
    pg_answers && return 0
    command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-client
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 30); do pg_answers && return 0; sleep 1; done
    log "PostgreSQL does not answer on $PGHOST:$PGPORT"; return 1
}

psql_admin() {
    # a local server with trust authentication, else the postgres OS user
    if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
    else
        as_root runuser -u postgres -- psql -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
    fi
}

create_db_role() {
    command -v psql >/dev/null || apt_install postgresql-client
    if [ "$(psql_admin "select 1 from pg_roles where rolname = '$ODOO_DB_USER'")" != 1 ]; then
        log "creating database role $ODOO_DB_USER"
        psql_admin "create role \"$ODOO_DB_USER\" login createdb password '$ODOO_DB_PASSWORD'"
    fi
    # PostgreSQL 12+ returns floats at full precision; Odoo 11's stock float
    # comparisons expect the old rounding
    psql_admin "alter role \"$ODOO_DB_USER\" set extra_float_digits = 0" >/dev/null
}

create_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV"
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.requirements.sha"
    local sum
    sum="$(cat "$ROOT/setup/requirements.txt" "$ROOT/setup/requirements-odoo.txt" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
        log "installing Python packages"
        "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/setup/requirements.txt"
        "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r "$ROOT/setup/requirements-odoo.txt"
        echo "$sum" > "$stamp"
    fi
    # the compatibility layer, loaded before anything imports Odoo
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    printf '%s\nimport odoo11_py311; odoo11_py311.install()\n' "$ROOT/setup/compat" > "$site/odoo11_py311.pth"
    ln -sf "$VENV/bin/wkhtmltopdf-pack" "$VENV/bin/wkhtmltopdf"
}

install_lessc() {
    if [ ! -x "$ROOT/setup/node_modules/.bin/lessc" ]; then
        log "installing lessc"
        (cd "$ROOT/setup" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
    ln -sf "$ROOT/setup/node_modules/.bin/lessc" "$VENV/bin/lessc"
}

write_config() {
    # $1: config file, $2: database, $3: http port
    mkdir -p "$(dirname "$1")" "$DATA_DIR"
    cat > "$1" <<EOF
[options]
addons_path = $ROOT
data_dir = $DATA_DIR
db_host = $PGHOST
db_port = $PGPORT
db_user = $ODOO_DB_USER
db_password = $ODOO_DB_PASSWORD
db_name = $2
dbfilter = ^$2\$
list_db = False
http_port = $3
longpolling_port = $(($3 + 3))
admin_passwd = $ODOO_ADMIN_PASSWD
without_demo = False
EOF
}

install_os_packages
start_postgresql
create_db_role
create_venv
install_lessc
write_config "$RUN_CONFIG" "$RUN_DB" "$RUN_PORT"
write_config "$TEST_CONFIG" "$TEST_DB" "$TEST_PORT"
