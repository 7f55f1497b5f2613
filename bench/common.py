"""Shared harness of the benchmarks (``bench/*.py``).

A benchmark opens an Odoo environment on a database with :func:`open_env`,
times a block with :func:`measure` and prints its figures with :func:`emit`,
one machine-readable line per figure set::

    BENCH {"name": "ticket_create_mail", "wall_s": 1.2, "queries": 4700, "peak_rss_mb": 180.3, ...}

    from bench.common import emit, measure, open_env

    with open_env('.odoo/h4.conf', 'as_h4_small') as env:
        with measure() as m:
            env['aftersales.ticket'].search_count([])
        emit('ticket_count', **m.figures(tickets=10))

Queries are counted process-wide (every ``odoo.sql_db.Cursor.execute`` of
any cursor of this process, as ``cr.sql_log_count`` counts them per cursor);
peak memory is the process' peak resident set size during the block (the
kernel's high-water mark is reset when the block starts, where Linux allows
it; otherwise the peak since the process started).

:func:`odoo_server` runs a real Odoo HTTP server as a subprocess and
:func:`portal_session` logs a user in over HTTP (CSRF included), for the
benchmarks that measure what a browser gets.
"""
import contextlib
import json
import os
import platform
import re
import resource
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

BENCH_PREFIX = 'BENCH '
_QUERIES = [0]


# --------------------------------------------------------------------------
# Odoo environment
# --------------------------------------------------------------------------

def _install_query_counter():
    """Count every query of every cursor of this process (idempotent)."""
    from odoo import sql_db
    if getattr(sql_db.Cursor.execute, '_bench_counting', False):
        return
    original = sql_db.Cursor.execute

    def execute(self, query, params=None, log_exceptions=None):
        _QUERIES[0] += 1
        return original(self, query, params, log_exceptions)

    execute._bench_counting = True
    sql_db.Cursor.execute = execute


def query_count():
    """Queries run so far by this process (since the counter was installed)."""
    return _QUERIES[0]


def load_odoo(conf, db, log_level='warn'):
    """Parse the configuration (``-c conf -d db``) once; returns the module."""
    import odoo
    if odoo.tools.config.get('db_name') != db or not getattr(load_odoo, 'done', False):
        odoo.tools.config.parse_config(['-c', conf, '-d', db, '--log-level=%s' % log_level])
        load_odoo.done = True
    _install_query_counter()
    return odoo


@contextlib.contextmanager
def open_env(conf, db, uid=None, context=None, commit=True, log_level='warn'):
    """An ``odoo.api.Environment`` on a new cursor of database ``db``.

    Commits when the block ends (unless ``commit=False``: rolls back), closes
    the cursor in every case. ``uid`` defaults to the superuser.
    """
    odoo = load_odoo(conf, db, log_level=log_level)
    from odoo import SUPERUSER_ID, api
    registry = odoo.registry(db)
    with api.Environment.manage():
        cr = registry.cursor()
        try:
            env = api.Environment(cr, uid or SUPERUSER_ID, dict(context or {}, tz='UTC'))
            yield env
            if commit:
                cr.commit()  # pylint: disable=invalid-commit  (benchmark harness)
            else:
                cr.rollback()
        except BaseException:
            cr.rollback()
            raise
        finally:
            cr.close()


def working_hours_around_the_clock(env):
    """Put every SLA policy on an around-the-clock calendar, in the caller's
    transaction (roll it back): the tickets a benchmark creates are received
    in working hours whatever the time of day it runs at. After hours each
    one also gets a to-do for the engineer on call (about 50 queries more)."""
    calendar = env['resource.calendar'].create({
        'name': 'Bench: around the clock',
        'attendance_ids': [(0, 0, {'name': 'day %d' % day, 'dayofweek': str(day), 'hour_from': 0, 'hour_to': 23.99})
                           for day in range(7)]})
    env['aftersales.sla.policy'].search([]).write({'calendar_id': calendar.id})
    return calendar


# --------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------

def rss_mb():
    """The resident set size of this process now, in MB."""
    return _status_mb('VmRSS')


def peak_rss_mb():
    """The peak resident set size of this process (high-water mark), in MB."""
    peak = _status_mb('VmHWM')
    return peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reset_peak_rss():
    """Reset the kernel's peak RSS of this process (Linux >= 4.0); False if it cannot."""
    try:
        with open('/proc/self/clear_refs', 'w') as refs:
            refs.write('5')
        return True
    except OSError:
        return False


def _status_mb(key):
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith(key + ':'):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


class Measure(object):
    """Figures of a measured block: ``wall_s``, ``queries``, ``peak_rss_mb``
    (peak RSS of the process during the block), ``rss_before_mb`` and
    ``rss_growth_mb`` (peak minus the RSS when the block started). While the
    block runs, the attributes hold the figures so far."""

    def __init__(self):
        self.peak_reset = reset_peak_rss()
        self.rss_before_mb = rss_mb()
        self._queries = query_count()
        self._started = time.perf_counter()
        self._wall_s = None
        self._query_total = None
        self._peak = None

    def stop(self):
        self._wall_s = time.perf_counter() - self._started
        self._query_total = query_count() - self._queries
        self._peak = peak_rss_mb()

    @property
    def wall_s(self):
        return self._wall_s if self._wall_s is not None else time.perf_counter() - self._started

    @property
    def queries(self):
        return self._query_total if self._query_total is not None else query_count() - self._queries

    @property
    def peak_rss_mb(self):
        return self._peak if self._peak is not None else peak_rss_mb()

    @property
    def rss_growth_mb(self):
        return self.peak_rss_mb - self.rss_before_mb

    def figures(self, **extra):
        """The figures as a dict for :func:`emit`, ``extra`` added."""
        figures = {'wall_s': round(self.wall_s, 4), 'queries': self.queries,
                   'peak_rss_mb': round(self.peak_rss_mb, 1), 'rss_growth_mb': round(self.rss_growth_mb, 1)}
        figures.update(extra)
        return figures


@contextlib.contextmanager
def measure():
    """``with measure() as m:`` — ``m.wall_s``, ``m.queries``, ``m.peak_rss_mb`` after the block."""
    result = Measure()
    try:
        yield result
    finally:
        result.stop()


def percentile(values, pct):
    """The ``pct`` percentile (0-100) of ``values``, nearest-rank."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, int(-(-pct * len(ordered) // 100)))
    return ordered[min(rank, len(ordered)) - 1]


def run_ack_job(env):
    """The acknowledgement job over every ticket waiting for one, in one
    batch: (tickets, wall s, queries)."""
    Ticket = env['aftersales.ticket']
    pending = Ticket.search_count([('ack_pending', '=', True)])
    if not pending:
        raise SystemExit('no ticket waits for its acknowledgement')
    with measure() as job:
        Ticket._cron_acknowledge(batch_size=pending)
    return pending, job.wall_s, job.queries


def timed_samples(count, function):
    """Call ``function(index)`` ``count`` times; the wall times (s) and the
    query counts of each call, as two lists."""
    walls, queries = [], []
    for index in range(count):
        with measure() as sample:
            function(index)
        walls.append(sample.wall_s)
        queries.append(sample.queries)
    return walls, queries


def bench_arguments(description, **defaults):
    """An ``argparse`` parser with ``-c/--config`` and ``-d/--database``
    (required) and ``--samples``."""
    import argparse
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('-c', '--config', required=True, help='Odoo configuration file')
    parser.add_argument('-d', '--database', required=True, help='a database filled by bench/dataset.py')
    parser.add_argument('--samples', type=int, default=defaults.get('samples', 20),
                        help='measured repetitions (default %(default)s)')
    return parser


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

def emit(name, **figures):
    """Print one ``BENCH {json}`` line: the name first, then the figures
    (floats rounded to 4 decimals). Returns the dict printed."""
    record = {'name': name}
    for key, value in figures.items():
        record[key] = round(value, 4) if isinstance(value, float) else value
    print(BENCH_PREFIX + json.dumps(record, sort_keys=False), flush=True)
    return record


def parse_bench_lines(text):
    """The records of every ``BENCH {json}`` line of ``text`` (raises on a malformed one)."""
    records = []
    for line in text.splitlines():
        if line.startswith(BENCH_PREFIX):
            record = json.loads(line[len(BENCH_PREFIX):])
            if not isinstance(record, dict) or 'name' not in record:
                raise ValueError('BENCH line without a name: %r' % line)
            records.append(record)
    return records


def markdown_table(records, columns):
    """A Markdown table of ``records`` with ``columns`` (a list of keys)."""
    lines = ['| %s |' % ' | '.join(columns), '|%s' % ('---|' * len(columns))]
    for record in records:
        cells = []
        for column in columns:
            value = record.get(column, '')
            if isinstance(value, float):
                value = '%.3f' % value if value < 10 else '%.1f' % value
            cells.append(str(value))
        lines.append('| %s |' % ' | '.join(cells))
    return '\n'.join(lines)


def machine_description():
    """CPU model, cores, memory, PostgreSQL and Python versions (a dict)."""
    cpu = ''
    try:
        with open('/proc/cpuinfo') as info:
            cpu = next((line.split(':', 1)[1].strip() for line in info if line.startswith('model name')), '')
    except OSError:
        pass
    memory = _status_meminfo_gb()
    try:
        server = subprocess.run(['psql', '-h', os.environ.get('PGHOST', '127.0.0.1'), '-U', 'odoo', '-At',
                                 '-c', 'SHOW server_version', 'postgres'],
                                capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        server = ''
    return {'cpu': cpu, 'nproc': os.cpu_count(), 'memory_gb': memory, 'postgresql': server,
            'python': platform.python_version(), 'load_avg': os.getloadavg()}


def _status_meminfo_gb():
    try:
        with open('/proc/meminfo') as info:
            for line in info:
                if line.startswith('MemTotal:'):
                    return round(int(line.split()[1]) / 1048576.0, 1)
    except OSError:
        pass
    return 0.0


# --------------------------------------------------------------------------
# HTTP: a real server and a logged-in session
# --------------------------------------------------------------------------

def _port_open(port, host='127.0.0.1'):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def config_value(conf, key):
    """The value of ``key`` in the ``[options]`` of configuration file ``conf``."""
    with open(conf) as config:
        for line in config:
            match = re.match(r'\s*%s\s*=\s*(.*?)\s*$' % re.escape(key), line)
            if match:
                return match.group(1)
    return None


@contextlib.contextmanager
def odoo_server(conf, db, port=None, workers=0, extra_args=(), log_path=None, timeout=180):
    """A real Odoo server (``setup/odoo-bin``) on ``db`` as a subprocess;
    yields its base URL and stops it (by its own pid) at the end.

    ``port`` defaults to the configuration's ``http_port``; ``workers > 0``
    runs the prefork server. The log goes to ``log_path`` (default: a file in
    /tmp named after the database and port).
    """
    port = int(port or config_value(conf, 'http_port'))
    if _port_open(port):
        raise RuntimeError('port %d is already in use' % port)
    log_path = log_path or '/tmp/bench-server-%s-%d.log' % (db, port)
    args = [sys.executable, os.path.join(ROOT, 'setup', 'odoo-bin'), '-c', conf, '-d', db,
            '--http-port=%d' % port, '--workers=%d' % workers, '--max-cron-threads=0',
            '--log-level=warn', '--logfile=%s' % log_path] + list(extra_args)
    if workers:
        longpolling = config_value(conf, 'longpolling_port')
        if longpolling:
            args.append('--longpolling-port=%s' % longpolling)
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base_url = 'http://127.0.0.1:%d' % port
    try:
        _wait_ready(process, base_url, timeout, log_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(process, base_url, timeout, log_path):
    import requests
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError('the Odoo server exited (%s); see %s' % (process.returncode, log_path))
        try:
            if requests.get(base_url + '/web/login', timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError('the Odoo server did not answer within %d s; see %s' % (timeout, log_path))


def csrf_token(html):
    """The ``csrf_token`` of the first form of ``html``."""
    match = re.search(r'name="csrf_token"\s+value="([^"]+)"', html)
    if not match:
        raise ValueError('no csrf_token in the page')
    return match.group(1)


def portal_session(base_url, login, password, db=None):
    """A ``requests.Session`` logged in through ``/web/login`` (raises if refused)."""
    import requests
    session = requests.Session()
    query = '?db=%s' % db if db else ''
    page = session.get(base_url + '/web/login' + query, timeout=60)
    page.raise_for_status()
    answer = session.post(base_url + '/web/login', timeout=60, data={
        'login': login, 'password': password, 'csrf_token': csrf_token(page.text), 'redirect': '/my'})
    answer.raise_for_status()
    # Odoo 11 answers a good login with a page that redirects in JavaScript, a bad one with the form again
    if 'oe_login_form' in answer.text:
        raise RuntimeError('login refused for %s' % login)
    return session


class WsgiSession(object):
    """Requests served in this process by Odoo's WSGI application (the whole
    HTTP stack but the socket), so that :func:`query_count` counts the
    queries of each request. Call after :func:`load_odoo`."""

    def __init__(self):
        import odoo.service.wsgi_server
        from werkzeug.test import Client
        from werkzeug.wrappers import Response
        self.client = Client(odoo.service.wsgi_server.application, Response)

    ENVIRON = {'REMOTE_ADDR': '127.0.0.1'}

    def get(self, url):
        return self.client.get(url, base_url='http://127.0.0.1', environ_base=self.ENVIRON)

    def post(self, url, data):
        return self.client.post(url, data=data, base_url='http://127.0.0.1', environ_base=self.ENVIRON)

    def login(self, login, password):
        page = self.get('/web/login').get_data(as_text=True)
        answer = self.post('/web/login', {'login': login, 'password': password, 'redirect': '/my',
                                          'csrf_token': csrf_token(page)})
        if answer.status_code not in (200, 302, 303) or 'oe_login_form' in answer.get_data(as_text=True):
            raise RuntimeError('login refused for %s (%s)' % (login, answer.status_code))
        return self
