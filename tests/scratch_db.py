"""A scratch copy of the test database for tests that run Odoo in other
processes (a prefork server, a shell killed mid-way): their commits never
reach the test database. No cursor of the test database may stay open
while it is copied."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import closing

import odoo
import odoo.tests.common
import psycopg2
import psycopg2.errorcodes

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_BIN = os.path.join(ROOT, 'setup', 'odoo-bin')
STOP_TIMEOUT = 30


def postgres_cursor():
    """An autocommit cursor on the maintenance database (CREATE/DROP DATABASE)."""
    cr = odoo.sql_db.db_connect('postgres').cursor()
    cr.autocommit(True)
    return closing(cr)


def wait_for(condition, timeout, interval=0.5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return condition()


def copy_database(source, target):
    """What odoo.service.db.exp_duplicate_database does, without ending the
    other sessions: close ours, retry while someone else is connected."""
    odoo.sql_db.close_db(source)
    deadline = time.time() + 60
    with postgres_cursor() as cr:
        while True:
            try:
                cr.execute('CREATE DATABASE "%s" ENCODING \'unicode\' TEMPLATE "%s"' % (target, source))
                break
            except psycopg2.Error as error:
                if error.pgcode != psycopg2.errorcodes.OBJECT_IN_USE or time.time() > deadline:
                    raise
                time.sleep(1)
    if os.path.isdir(odoo.tools.config.filestore(source)):
        shutil.copytree(odoo.tools.config.filestore(source), odoo.tools.config.filestore(target))


def drop_database(db):
    odoo.sql_db.close_db(db)
    with postgres_cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % db)
    shutil.rmtree(odoo.tools.config.filestore(db), ignore_errors=True)


class ScratchDbMixin(object):
    """``cls.db``: a copy of the test database for the whole class, made
    before its tests and dropped after them (``cls.tmp``: a folder of its own)."""

    scratch_suffix = 'scratch'

    @classmethod
    def setUpClass(cls):
        super(ScratchDbMixin, cls).setUpClass()
        cls.setup_scratch_db()

    @classmethod
    def tearDownClass(cls):
        cls.drop_scratch_db()
        super(ScratchDbMixin, cls).tearDownClass()

    @classmethod
    def setup_scratch_db(cls):
        cls.source_db = odoo.tests.common.get_db_name()
        cls.db = '%s_%s_%d' % (cls.source_db, cls.scratch_suffix, os.getpid())
        cls.tmp = tempfile.mkdtemp(prefix='%s-' % cls.scratch_suffix)
        cls._drop_database()
        cls._copy_database()

    @classmethod
    def drop_scratch_db(cls):
        cls._drop_database()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def _copy_database(cls):
        copy_database(cls.source_db, cls.db)

    @classmethod
    def _drop_database(cls):
        drop_database(cls.db)

    @classmethod
    def sql(self, query, params=None):
        """Run ``query`` in the scratch database (committed); its rows, if any."""
        with closing(odoo.sql_db.db_connect(self.db).cursor()) as cr:
            cr.execute(query, params)
            result = cr.fetchall() if cr.description else None
            cr.commit()
        return result

    def open_transactions(self):
        """Sessions on the scratch database in a transaction (ours are idle)."""
        with postgres_cursor() as cr:
            cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state != 'idle'", (self.db,))
            return cr.fetchone()[0]

    def spawn(self, arguments, logfile, stdin=None):
        """An Odoo process on the scratch database, in a session of its own."""
        command = [sys.executable, ODOO_BIN] + arguments + [
            '-c', odoo.tools.config.rcfile, '-d', self.db, '--db-filter', '^%s$' % re.escape(self.db),
            '--logfile', logfile]
        with open(logfile + '.out', 'ab') as out:
            process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                       stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        if stdin:
            process.stdin.write(stdin.encode('utf-8'))
            process.stdin.close()
        self.addCleanup(self.kill, process)
        return process

    def run_shell(self, script, logfile, timeout=600):
        """Run ``script`` in ``odoo-bin shell`` (``env`` is a superuser environment) to its end."""
        process = self.spawn(['shell', '--log-level', 'warn'], logfile, stdin=script)
        returncode = process.wait(timeout)
        self.assertEqual(returncode, 0, (self.read(logfile) + self.read(logfile + '.out'))[-3000:])

    @staticmethod
    def kill(process, sig=signal.SIGKILL):
        if process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(STOP_TIMEOUT)

    @staticmethod
    def read(path):
        if not os.path.exists(path):
            return ''
        with open(path, encoding='utf-8', errors='replace') as log:
            return log.read()
