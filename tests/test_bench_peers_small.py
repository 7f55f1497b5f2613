"""The peer and load benchmarks' own machinery at a tiny size: the raw
PostgreSQL reference on a scratch database, and the portal load generator
(3 users, a few seconds) against a real prefork server. Neither needs the OCA
peers. Both run as the scripts do (subprocesses) and must print parseable
``BENCH`` lines with zero errors.

The load generator commits its portal users: it runs on a copy of the test
database, as ``test_runtime_prefork`` does.
"""
import os
import subprocess
import sys

import odoo
import odoo.tests.common
import pytest
from scratch_db import copy_database, drop_database, postgres_cursor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from bench.common import parse_bench_lines  # noqa: E402  pylint: disable=wrong-import-position


def run_script(*args, timeout=150):
    result = subprocess.run([sys.executable] + list(args), cwd=ROOT, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestBenchPeersSmall(odoo.tests.common.BaseCase):

    def test_raw_pg_reference(self):
        scratch = '%s_rawpg_%d' % (odoo.tests.common.get_db_name(), os.getpid())
        code, out, err = run_script('bench/bench_raw_pg.py', '-c', odoo.tools.config.rcfile, '--rows', '200',
                                    '--warmup', '20', '--orm-ms', '10', '--scratch-db', scratch)
        self.assertEqual(code, 0, err[-3000:])
        records = {r['variant']: r for r in parse_bench_lines(out) if r['name'] == 'raw_pg_insert'}
        self.assertEqual(set(records), {'per_row', 'per_row_commit', 'batched'})
        self.assertEqual(records['per_row']['rows'], 200)
        self.assertEqual(records['per_row_commit']['rows'], 20)
        for record in records.values():
            self.assertGreater(record['us_per_row'], 0)
            self.assertAlmostEqual(record['orm_over_raw'], 10000.0 / record['us_per_row'], delta=0.1)
        with postgres_cursor() as cr:
            cr.execute('SELECT 1 FROM pg_database WHERE datname = %s', (scratch,))
            self.assertFalse(cr.fetchall(), 'the scratch database was left behind')

    def test_load_generator_prefork(self):
        source = odoo.tests.common.get_db_name()
        db = '%s_load_%d' % (source, os.getpid())
        copy_database(source, db)
        self.addCleanup(drop_database, db)
        port = odoo.tools.config['http_port'] + 2
        code, out, err = run_script('bench/bench_load.py', '-c', odoo.tools.config.rcfile, '-d', db,
                                    '--users', '3', '--seconds', '5', '--single-seconds', '3',
                                    '--warmup-seconds', '2', '--think', '0.2', '--port', str(port))
        records = {r['name']: r for r in parse_bench_lines(out)}
        self.assertEqual(code, 0, (out + err)[-3000:])
        single, load, targets = records['load_single_user'], records['load_concurrent'], records['load_targets']
        self.assertEqual((single['errors'], load['errors']), (0, 0), out[-3000:])
        self.assertEqual(load['users'], 3)
        # every user starts with /my, then /my/tickets (a busy machine may serve few pages in 5 s)
        self.assertGreaterEqual(single['requests'], 1)
        self.assertGreaterEqual(load['requests'], 3)
        self.assertGreater(load['my_p50'], 0)
        self.assertLessEqual(load['ms_p50'], load['ms_p95'])
        self.assertTrue(targets['zero_errors'])
        self.assertAlmostEqual(targets['p50_ratio'], load['ms_p50'] / single['ms_p50'], delta=0.01)
        with odoo.sql_db.db_connect(db).cursor() as cr:
            cr.execute("SELECT count(*) FROM res_users WHERE login IN %s AND share",
                       (('h5_load_00', 'h5_load_01', 'h5_load_02'),))
            self.assertEqual(cr.fetchone()[0], 3)
