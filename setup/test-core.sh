#!/usr/bin/env bash
# Odoo's own test suites of the core addons we build on, run under the
# Python 3.11 compatibility layer in a database where our addons are
# installed (not part of the default test run: it takes a long while).
# 1. creates a fresh database with the core addons and ours (and demo data);
# 2. updates the core addons with --test-enable: Odoo reloads each one and
#    runs its at_install tests right after it, then the post_install tests
#    once the registry is complete (our addons' code loaded). An update also
#    updates the installed addons depending on the listed ones (accounting,
#    purchase, ours...): their tests run too and are listed in the summary.
# Logs to .odoo/test-core.log (the install to .odoo/test-core-install.log),
# prints a summary per module and exits non-zero if a test failed or errored.
# Tours and QUnit suites need PhantomJS: without one on PATH they are skipped
# and counted apart. See setup/CORE_TESTS.md.
#
# usage: setup/test-core.sh [MODULE[,MODULE...]]
#   default modules: mail,portal,stock,maintenance,product (with base in the
#   list, every installed addon is updated and tested)
# env: CORE_TEST_DB (aftersales_core_test), CORE_TEST_PORT (8269),
#      CORE_TEST_LOG (.odoo/test-core.log), CORE_TEST_KEEP_DB=1 keeps the database,
#      CORE_TEST_ADDONS_PATH (the tests' addons_path) to test another copy of our addons.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/setup/install.sh"
source "$ROOT/setup/env.sh"
cd "$ROOT"

MODULES="${*:-mail,portal,stock,maintenance,product}"
MODULES="$(echo "$MODULES" | tr ' ' ',' | tr -s ',')"
DB="${CORE_TEST_DB:-aftersales_core_test}"
PORT="${CORE_TEST_PORT:-8269}"
CONFIG="$ROOT/.odoo/test-core-$DB.conf"
LOG="${CORE_TEST_LOG:-$ROOT/.odoo/test-core.log}"
INSTALL_LOG="${LOG%.log}-install.log"

# a copy of the tests' configuration with a database and ports of its own
sed -e "s/^db_name = .*/db_name = $DB/" \
    -e "s/^dbfilter = .*/dbfilter = ^$DB\$/" \
    -e "s/^http_port = .*/http_port = $PORT/" \
    -e "s/^longpolling_port = .*/longpolling_port = $((PORT + 3))/" \
    ${CORE_TEST_ADDONS_PATH:+-e "s|^addons_path = .*|addons_path = $CORE_TEST_ADDONS_PATH|"} \
    "$TEST_CONFIG" > "$CONFIG"

if command -v phantomjs >/dev/null; then
    echo "[test-core] PhantomJS $(phantomjs --version) at $(command -v phantomjs): tours and QUnit suites run"
else
    echo "[test-core] no PhantomJS on PATH: tours and QUnit suites are skipped"
fi

drop_db() {
    dropdb --if-exists -h "$PGHOST" -p "$PGPORT" -U "$ODOO_DB_USER" "$DB"
    rm -rf "$DATA_DIR/filestore/$DB"
}

echo "[test-core] creating database $DB with $MODULES,$ADDONS (log: ${INSTALL_LOG#"$ROOT/"})"
drop_db
rm -f "$LOG" "$INSTALL_LOG"
"$VENV/bin/python" setup/odoo-bin -c "$CONFIG" -d "$DB" -i "$MODULES,$ADDONS" --stop-after-init \
    --log-level=warn --logfile="$INSTALL_LOG"
if grep -E " (ERROR|CRITICAL) $DB " "$INSTALL_LOG"; then
    echo "[test-core] the install logged errors"; exit 1
fi

echo "[test-core] updating $MODULES with --test-enable (log: ${LOG#"$ROOT/"})"
start=$(date +%s)
odoo_rc=0
"$VENV/bin/python" setup/odoo-bin -c "$CONFIG" -d "$DB" -u "$MODULES" --test-enable \
    --stop-after-init --log-level=info --logfile="$LOG" || odoo_rc=$?
echo "[test-core] odoo exited with $odoo_rc after $(($(date +%s) - start))s"
[ "${CORE_TEST_KEEP_DB:-0}" = 1 ] || drop_db

# The summary reads what odoo.modules.module.run_unit_tests logs: every
# line a test module's unittest runner writes is logged under the test
# module's name (ERROR level for "FAIL:", "ERROR:" and tracebacks, with
# "` " before continuation lines), "Ran N tests" and "OK"/"FAILED (...)"
# close each test module.
summary_rc=0
"$PYTHON" -S - "$LOG" <<'PY' || summary_rc=$?
import collections
import re
import sys

log_path = sys.argv[1]
line_re = re.compile(r'^\S+ \S+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)$')
test_logger_re = re.compile(r'^odoo\.addons\.(?P<module>\w+)\.tests\.')
counts = collections.defaultdict(collections.Counter)
problems = []       # (module, FAIL/ERROR, test, lines of its traceback)
other_errors = []   # lines of ERROR/CRITICAL records logged outside of a test result
current = None      # the traceback of the last FAIL/ERROR, continued by "` " lines
sink = None         # where the lines of a logged exception's traceback go
with open(log_path, encoding='utf-8', errors='replace') as log:
    for raw in log:
        raw = raw.rstrip('\n')
        match = line_re.match(raw)
        if not match:
            if sink is not None and len(sink) < 40:
                sink.append(raw)
            continue
        sink = None
        level, logger, msg = match.group('level', 'logger', 'msg')
        test_match = test_logger_re.match(logger)
        if test_match:
            module = test_match.group('module')
            failed = re.match(r'^(FAIL|ERROR): (.*)$', msg)
            ran = re.match(r'^Ran (\d+) tests? in', msg)
            skipped = re.match(r"^skipped '(.*)'$", msg)
            if msg.startswith('` ') and current is not None:
                current.append(msg[2:])
            elif failed:
                current = [msg]
                problems.append((module, failed.group(1), failed.group(2), current))
            elif msg.startswith('Traceback') and current is not None:
                current.append(msg)
            elif ran:
                counts[module]['run'] += int(ran.group(1))
                current = None
            elif skipped:
                reason = 'phantomjs' if 'phantomjs' in skipped.group(1).lower() else 'other'
                counts[module]['skipped_' + reason] += 1
            continue
        current = None
        if level not in ('ERROR', 'CRITICAL'):
            continue
        # a tests package that cannot be imported, a YAML test that raised
        broken = (re.match(r'^Can not `import (\w+)`', msg) if logger == 'odoo.modules.module' else
                  re.match(r'^module (\w+): an exception occurred in a test', msg) if logger == 'odoo.tests' else None)
        if broken:
            sink = [msg]
            problems.append((broken.group(1), 'ERROR', msg, sink))
        # the wheel's addons whose dependencies it does not ship (test.sh
        # ignores them too), and the summaries of what is counted already
        elif not ('Unmet dependencies' in msg or re.match(r'^(Module \w+: \d+ failures|At least one test failed)', msg)):
            sink = [raw]
            other_errors.append(sink)

for module, kind, test, text in problems:
    counts[module][kind.lower()] += 1

print('\n[test-core] %-22s %5s %6s %7s %8s %8s' % ('module', 'run', 'failed', 'errored', 'skip:pjs', 'skip:oth'))
total = collections.Counter()
for module in sorted(counts):
    c = counts[module]
    total.update(c)
    print('[test-core] %-22s %5d %6d %7d %8d %8d' % (
        module, c['run'], c['fail'], c['error'], c['skipped_phantomjs'], c['skipped_other']))
print('[test-core] %-22s %5d %6d %7d %8d %8d' % (
    'total', total['run'], total['fail'], total['error'], total['skipped_phantomjs'], total['skipped_other']))

for module, kind, test, text in problems:
    last = next((line for line in reversed(text) if line.strip()), '')
    print('\n[test-core] %s %s: %s\n    %s' % (module, kind, test, last.strip()))
for lines in other_errors:
    print('\n[test-core] logged outside of a test:\n    ' + '\n    '.join(lines[:12]))

bad = total['fail'] + total['error']
if not total['run']:
    print('[test-core] no test ran')
    sys.exit(1)
print('\n[test-core] %d tests run, %d failed, %d errored, %d skipped (%d for want of PhantomJS); '
      '%d other errors logged' % (total['run'], total['fail'], total['error'],
                                  total['skipped_phantomjs'] + total['skipped_other'], total['skipped_phantomjs'],
                                  len(other_errors)))
sys.exit(1 if bad else 0)
PY
if [ "$odoo_rc" != 0 ] && [ "$summary_rc" = 0 ]; then
    echo "[test-core] odoo exited with $odoo_rc (see $LOG)"; exit 1
fi
exit "$summary_rc"
