"""The prefork server (``--workers``): HTTP workers answer, the cron worker
runs a due job, the server stops cleanly, and nothing crashed on the way.

The server runs against a copy of the test database, so its commits (the
compiled assets, the job's next call) never reach the test database.
"""
import os
import re
import signal
import subprocess
import sys
import time

import odoo
import odoo.tests.common
import pytest
import requests
from scratch_db import ScratchDbMixin, wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_BIN = os.path.join(ROOT, 'setup', 'odoo-bin')
CRON = 'base.autovacuum_job'
START_TIMEOUT = 60
# the cron worker sleeps SLEEP_INTERVAL + pid % 10 seconds before its first poll
CRON_TIMEOUT = odoo.service.server.SLEEP_INTERVAL + 10 + 40
STOP_TIMEOUT = 30
# what the log of a server with a crashed or killed worker contains
CRASH_PATTERNS = [
    r'Traceback \(most recent call last\)',
    r' CRITICAL ',
    r' ERROR ',
    r'Worker\w* \(\d+\) (Exception occured|died|timeout)',
    r'\w+ \(\d+\) timeout after',
    r'Critial worker error',
    r'failed in Job',
]


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestRuntimePrefork(ScratchDbMixin, odoo.tests.common.BaseCase):
    """No cursor of the test database may stay open: it is the template of the copy."""

    scratch_suffix = 'prefork'

    @classmethod
    def setUpClass(cls):
        super(TestRuntimePrefork, cls).setUpClass()
        cls.logfile = os.path.join(cls.tmp, 'odoo.log')
        cls.outfile = os.path.join(cls.tmp, 'stdout.log')

    def _start_server(self, http_port):
        command = [
            sys.executable, ODOO_BIN, '-c', odoo.tools.config.rcfile,
            '-d', self.db, '--db-filter', '^%s$' % re.escape(self.db),
            '--workers', '2', '--max-cron-threads', '1',
            '--http-interface', '127.0.0.1', '--http-port', str(http_port),
            # this process serves HTTP on http_port, never on longpolling_port
            '--longpolling-port', str(odoo.tools.config['longpolling_port']),
            '--logfile', self.logfile, '--log-level', 'info',
        ]
        with open(self.outfile, 'wb') as out:
            # a session of its own: the workers can be ended with the server
            server = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        self.addCleanup(self._kill_server, server)
        return server

    def _stop_server(self, server):
        server.send_signal(signal.SIGTERM)
        try:
            returncode = server.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail('the server did not stop within %ss of SIGTERM' % STOP_TIMEOUT)
        # its workers are gone with it
        if not wait_for(lambda: not self._group_alive(server), 10):
            os.killpg(server.pid, signal.SIGKILL)
            self.fail('processes of the server were left running')
        return returncode

    @staticmethod
    def _group_alive(server):
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def _kill_server(self, server):
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(STOP_TIMEOUT)

    def _read(self, path):
        if not os.path.exists(path):
            return ''
        with open(path, encoding='utf-8', errors='replace') as log:
            return log.read()

    def test_workers_serve_and_run_crons(self):
        cron_id, cron_name = self.sql(
            "SELECT c.id, c.cron_name FROM ir_cron c JOIN ir_model_data d ON d.res_id = c.id AND d.model = 'ir.cron' "
            "WHERE d.module = %s AND d.name = %s", tuple(CRON.split('.')))[0]
        self.sql("UPDATE ir_cron SET active = true, numbercall = -1, "
                 "nextcall = (now() at time zone 'UTC') - interval '1 hour' WHERE id = %s", (cron_id,))
        # the cron worker skips a database with pending module operations
        pending = self.sql("SELECT name, state FROM ir_module_module WHERE state LIKE 'to %%'")
        self.assertFalse(pending, 'the cron worker will skip %s: modules left pending %s (a database '
                                  'created without the db_auto_install_missing_dependencies patch? '
                                  'recreate it)' % (self.source_db, pending))
        # the port after the test HTTP server's: the test ports stay together
        port = odoo.tools.config['http_port'] + 1
        started = time.time()
        server = self._start_server(port)
        url = 'http://127.0.0.1:%d/web/login' % port

        def login_page():
            self.assertIsNone(server.poll(), 'the server exited:\n%s' % self._read(self.logfile)[-3000:])
            try:
                return requests.get(url, timeout=30).status_code == 200
            except requests.ConnectionError:
                return False

        self.assertTrue(wait_for(login_page, START_TIMEOUT), 'no 200 on /web/login within %ss' % START_TIMEOUT)
        for _ in range(10):
            response = requests.get(url, timeout=30)
            self.assertEqual(response.status_code, 200)
            self.assertIn('name="login"', response.text)
            self.assertIn('name="csrf_token"', response.text)
        # one of the static files the workers' middleware serves
        self.assertEqual(requests.get('http://127.0.0.1:%d/web/static/src/img/favicon.ico' % port,
                                      timeout=30).status_code, 200)

        def cron_ran():
            self.assertIsNone(server.poll(), 'the server exited')
            return self.sql("SELECT nextcall > (now() at time zone 'UTC') FROM ir_cron WHERE id = %s",
                            (cron_id,))[0][0]

        self.assertTrue(wait_for(cron_ran, CRON_TIMEOUT - (time.time() - started), interval=2),
                        'the cron worker did not run %s within %ss' % (CRON, CRON_TIMEOUT))
        self.assertEqual(self._stop_server(server), 0)

        log = self._read(self.logfile)
        output = self._read(self.outfile)
        http_pids = re.findall(r'Worker WorkerHTTP \((\d+)\) alive', log)
        cron_pids = re.findall(r'Worker WorkerCron \((\d+)\) alive', log)
        self.assertEqual(len(http_pids), 2, log[-3000:])
        self.assertEqual(len(cron_pids), 1, log[-3000:])
        self.assertNotIn(str(server.pid), http_pids + cron_pids)
        # the requests were served by the HTTP workers, the job run by the cron worker
        # (a log line: date time pid level db logger: message)
        served = re.findall(r'^\S+ \S+ (\d+) INFO \S+ werkzeug: .*"GET /web/login HTTP/1\.[01]" 200 ', log, re.M)
        self.assertGreaterEqual(len(served), 11, log[-3000:])
        self.assertLessEqual(set(served), set(http_pids))
        job = re.findall(r'^\S+ \S+ (\d+) INFO \S+ odoo\.addons\.base\.ir\.ir_cron: Starting job `%s`\.'
                         % re.escape(cron_name), log, re.M)
        self.assertTrue(job, log[-3000:])
        self.assertLessEqual(set(job), set(cron_pids))
        self.assertIn('Stopping gracefully', log)
        for pattern in CRASH_PATTERNS:
            for text, name in ((log, 'log'), (output, 'output')):
                match = re.search(pattern, text)
                self.assertIsNone(match, 'the server %s shows a crash (%s):\n%s' % (
                    name, pattern, match and text[max(0, match.start() - 1500):match.end() + 1500]))
