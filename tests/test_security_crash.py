"""Crash safety: an Odoo process is killed (SIGKILL) in the middle of an
inspection round generation and of a requisition issue, then the job is
run again. In a scratch copy of the test database.

- Round generation commits per batch (rounds, lines and checks in one
  statement each, one transaction per batch): after the kill every
  committed round is complete, the rerun creates exactly the missing ones.
- A requisition issue is one transaction: after the kill nothing is issued,
  the rerun issues everything once.
"""
import os
import time

import odoo.tests.common
import pytest
from scratch_db import ScratchDbMixin, wait_for

SITES, EQUIPMENT_PER_SITE, CHECKS = 100, 2, 3
BATCH = 50
PARTS = 40

SETUP = """
import sys
sys.path.insert(0, %(tests)r)
from security_fixtures import Fixtures
env = env(context=dict(env.context, tracking_disable=True, aftersales_no_ack=True))
data = Fixtures(%(marker)r)
customer, sites = data.customer(env, sites=%(sites)d, equipment_per_site=%(per_site)d)
data.plan(env, customer, sites)
engineer = data.user(env, %(marker)r + '_field', 'aftersales_service.group_aftersales_field')
data.approved_requisition(env, engineer, lines=%(parts)d, quantity=2, stock=2)
env.cr.commit()
"""
GENERATE = """
plan = env['aftersales.inspection.plan'].search([('name', '=', 'Plan ' + %(marker)r)])
created = [plan._generate_rounds(batch_size=%(batch)d, commit=True) for _run in range(%(runs)d)]
env.cr.commit()
with open(%(out)r, 'w') as out:
    out.write(repr(created))
"""
ISSUE = """
requisition = env['aftersales.part.requisition'].search([('user_id.login', '=', %(marker)r + '_field')])
requisition.action_issue()
env.cr.commit()
"""
ROUND_FIGURES = """
SELECT count(*), count(DISTINCT (i.site_id, i.date)),
       count(*) FILTER (WHERE (SELECT count(*) FROM aftersales_inspection_line l WHERE l.inspection_id = i.id) != %s),
       (SELECT count(*) FROM aftersales_inspection_line l JOIN aftersales_inspection r ON r.id = l.inspection_id
         WHERE r.plan_id = p.id AND (SELECT count(*) FROM aftersales_inspection_check c WHERE c.line_id = l.id) != %s)
  FROM aftersales_inspection_plan p LEFT JOIN aftersales_inspection i ON i.plan_id = p.id
 WHERE p.name = %s GROUP BY p.id
"""
ISSUE_FIGURES = """
SELECT r.state,
       (SELECT count(*) FROM stock_picking p WHERE p.aftersales_requisition_id = r.id),
       (SELECT count(*) FROM stock_picking p WHERE p.aftersales_requisition_id = r.id AND p.state = 'done'),
       (SELECT count(*) FROM stock_move m JOIN stock_picking p ON p.id = m.picking_id
         WHERE p.aftersales_requisition_id = r.id AND m.state = 'done'),
       (SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q WHERE q.location_id = r.location_dest_id),
       (SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q JOIN aftersales_part_requisition_line l
            ON l.product_id = q.product_id AND l.requisition_id = r.id
         WHERE q.location_id != r.location_dest_id
           AND q.location_id IN (SELECT id FROM stock_location WHERE usage = 'internal')),
       (SELECT count(*) FROM stock_quant q JOIN aftersales_part_requisition_line l
            ON l.product_id = q.product_id AND l.requisition_id = r.id WHERE q.quantity < 0
           AND q.location_id IN (SELECT id FROM stock_location WHERE usage = 'internal'))
  FROM aftersales_part_requisition r JOIN res_users u ON u.id = r.user_id WHERE u.login = %s
"""


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestSecurityCrash(ScratchDbMixin, odoo.tests.common.BaseCase):

    scratch_suffix = 'crash'

    @classmethod
    def setUpClass(cls):
        super(TestSecurityCrash, cls).setUpClass()
        cls.marker = 'crash%d' % int(time.time())
        cls.params = {'tests': os.path.dirname(os.path.abspath(__file__)), 'marker': cls.marker,
                      'batch': BATCH, 'sites': SITES, 'per_site': EQUIPMENT_PER_SITE, 'parts': PARTS}
        cls.setup_done = False

    def setUp(self):
        super(TestSecurityCrash, self).setUp()
        if not self.setup_done:
            type(self).setup_done = True
            started = time.time()
            self.run_shell(SETUP % self.params, '%s/setup.log' % self.tmp)
            print('crash set-up: %.0fs' % (time.time() - started))

    def kill_when(self, process, condition, timeout=300):
        """SIGKILL ``process`` as soon as ``condition()`` holds; fails if it ended first."""
        def ready():
            self.assertIsNone(process.poll(), 'the job ended before it could be killed')
            return condition()
        self.assertTrue(wait_for(ready, timeout, interval=0.05), 'the job never reached the point of the kill')
        self.kill(process)
        # PostgreSQL ends the killed process's session (and rolls back its transaction)
        self.assertTrue(wait_for(lambda: not self.open_transactions(), 60), 'the killed transaction stayed')

    def issue_writing(self):
        """The issue's transaction has started writing stock (not committed yet)."""
        return self.sql("""SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                            WHERE a.datname = current_database() AND a.pid != pg_backend_pid()
                              AND l.mode = 'RowExclusiveLock'
                              AND l.relation IN ('stock_move_line'::regclass, 'stock_quant'::regclass)""")[0][0]

    def round_figures(self):
        rows = self.sql(ROUND_FIGURES, (EQUIPMENT_PER_SITE, CHECKS, 'Plan %s' % self.marker))
        return rows[0]

    def test_round_generation_killed_midway(self):
        expected = SITES * self.sql(
            "SELECT count(*) FROM generate_series(current_date, current_date + 90, interval '1 week')")[0][0]
        out = '%s/created.txt' % self.tmp
        process = self.spawn(['shell', '--log-level', 'warn'], '%s/generate1.log' % self.tmp,
                             stdin=GENERATE % dict(self.params, runs=1, out=out))
        # a few batches are committed
        self.kill_when(process, lambda: self.round_figures()[0] >= 3 * BATCH)
        rounds, distinct, incomplete, lines_without_checks = self.round_figures()
        print('rounds: killed after %d of %d (complete: %d)' % (rounds, expected, rounds - incomplete))
        self.assertLess(rounds, expected, 'killed mid-way')
        self.assertEqual(rounds % BATCH, 0, 'whole batches only')
        self.assertEqual((distinct, incomplete, lines_without_checks), (rounds, 0, 0), 'committed rounds complete')

        # run again, twice: the first run creates the missing rounds, the second nothing
        self.run_shell(GENERATE % dict(self.params, runs=2, out=out), '%s/generate2.log' % self.tmp)
        with open(out) as created:
            self.assertEqual(created.read(), repr([expected - rounds, 0]))
        self.assertEqual(self.round_figures(), (expected, expected, 0, 0))

    def test_requisition_issue_killed_midway(self):
        login = '%s_field' % self.marker
        before = self.sql(ISSUE_FIGURES, (login,))[0]
        self.assertEqual(before, ('approved', 1, 0, 0, 0, PARTS * 2, 0))
        process = self.spawn(['shell', '--log-level', 'warn'], '%s/issue1.log' % self.tmp,
                             stdin=ISSUE % self.params)

        self.kill_when(process, self.issue_writing)
        self.assertEqual(self.sql(ISSUE_FIGURES, (login,))[0], before, 'nothing issued, nothing half-done')

        self.run_shell(ISSUE % self.params, '%s/issue2.log' % self.tmp)
        self.assertEqual(self.sql(ISSUE_FIGURES, (login,))[0], ('done', 1, 1, PARTS, PARTS * 2, 0, 0))
