"""Concurrency with real, committed transactions: every actor works in a
cursor of its own (a thread, as a worker of the prefork server would), and
commits. The data is committed to the test database too, under a unique
marker, and deleted at the end.

Scenarios:

1. two representatives write the same ticket at once, different fields,
   through Odoo's RPC layer: the second hits the first's row lock, gets a
   serialization failure, is retried by ``odoo.service.model.check`` and
   both writes are kept;
2. the same field, without and with the retry: the ORM raises
   ``TransactionRollbackError`` (nothing is silently lost), the XML-RPC call
   to the HTTP server is retried and its value wins;
3. two crons generate the rounds of the same inspection plan at once: each
   round exists once, with all its lines and checks;
4. two spare parts managers issue the same requisition at once: issued once,
   the other gets a clear error;
5. tickets created by eight workers at once get distinct references.
"""
import logging
import threading
import time
import uuid
import xmlrpc.client
from contextlib import closing
from datetime import timedelta

import odoo
import odoo.tests.common
from odoo import fields
from odoo.exceptions import UserError
from odoo.service import model as service_model
from psycopg2.extensions import TransactionRollbackError
from security_fixtures import Fixtures

THREAD_TIMEOUT = 120


class RetryLog(logging.Handler):
    """The messages of ``odoo.service.model`` (its retries of serialization failures)."""

    def __init__(self):
        super(RetryLog, self).__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class TestSecurityConcurrency(odoo.tests.common.BaseCase):

    def setUp(self):
        super(TestSecurityConcurrency, self).setUp()
        self.db = odoo.tests.common.get_db_name()
        self.registry = odoo.registry(self.db)
        self.marker = 'conc%s' % uuid.uuid4().hex[:8]
        self.data = Fixtures(self.marker)
        self.addCleanup(self._purge)

    def _purge(self):
        with self.registry.cursor() as cr:
            self.data.purge(cr)

    def env(self, cr, uid=odoo.SUPERUSER_ID, **context):
        return odoo.api.Environment(cr, uid, dict({'tracking_disable': True, 'aftersales_no_ack': True}, **context))

    def run_threads(self, targets):
        """Run the callables at once (a barrier), return their results or exceptions."""
        barrier = threading.Barrier(len(targets))
        results = [None] * len(targets)

        def run(index, target):
            try:
                with odoo.api.Environment.manage():
                    barrier.wait(timeout=30)
                    results[index] = target()
            except Exception as error:  # reported by the test
                results[index] = error

        threads = [threading.Thread(target=run, args=(index, target)) for index, target in enumerate(targets)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(THREAD_TIMEOUT)
            self.assertFalse(thread.is_alive(), 'a worker is stuck')
        return results

    def wait_for_lock_waiter(self):
        """Wait until a session of the test database waits for a row lock."""
        deadline = time.time() + 60
        with closing(odoo.sql_db.db_connect(self.db).cursor()) as cr:
            cr.autocommit(True)
            while time.time() < deadline:
                cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                           (self.db,))
                if cr.fetchone()[0]:
                    return
                time.sleep(0.05)
        self.fail('the second writer never waited for the lock of the first')

    def _ticket_and_representatives(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            customer, _sites = self.data.customer(env)
            users = [self.data.user(env, '%s_csr%d' % (self.marker, index), 'aftersales_service.group_aftersales_csr')
                     for index in (1, 2)]
            ticket = env['aftersales.ticket'].create({'title': 'Shared ticket', 'partner_id': customer.id})
            self.data.ids['tickets'].append(ticket.id)
            return ticket.id, [user.id for user in users]

    def _read_ticket(self, ticket_id, fields):
        with self.registry.cursor() as cr:
            return self.env(cr)['aftersales.ticket'].browse(ticket_id).read(fields)[0]

    def _hold_write(self, ticket_id, uid, vals, written, release):
        """Write in a transaction kept open until ``release`` is set, then commit."""
        with self.registry.cursor() as cr:
            self.env(cr, uid)['aftersales.ticket'].browse(ticket_id).write(vals)
            written.set()
            release.wait(60)
            cr.commit()
        return True

    def _race(self, ticket_id, uid, vals, second_writer):
        """``uid`` writes ``vals`` and keeps the row locked; then ``second_writer``
        starts and waits for the lock; then the first commits. Returns the
        results and the retries logged by Odoo's RPC layer."""
        written, release = threading.Event(), threading.Event()

        def second():
            written.wait(60)
            return second_writer()

        def releaser():
            written.wait(60)
            self.wait_for_lock_waiter()
            release.set()
            return True

        retries = RetryLog()
        logger = logging.getLogger('odoo.service.model')
        level, logger.level = logger.level, logging.INFO
        logger.addHandler(retries)
        try:
            results = self.run_threads([lambda: self._hold_write(ticket_id, uid, vals, written, release),
                                        second, releaser])
        finally:
            logger.removeHandler(retries)
            logger.setLevel(level)
        return results, retries.messages

    # ------------------------------------------------------------------
    # 1-2. two representatives, one ticket
    # ------------------------------------------------------------------

    def test_representatives_write_different_fields(self):
        ticket_id, (first, second) = self._ticket_and_representatives()

        def rpc_write():
            # odoo.service.model.execute: what /xmlrpc/2/object and /web/dataset/call_kw run
            return service_model.execute(self.db, second, 'aftersales.ticket', 'write', [ticket_id],
                                         {'color': 5}, context={'tracking_disable': True})

        results, retries = self._race(ticket_id, first, {'priority': '2'}, rpc_write)
        self.assertEqual(results, [True, True, True])
        self.assertTrue([line for line in retries if 'retry 1/' in line], retries)
        self.assertEqual(self._read_ticket(ticket_id, ['priority', 'color']),
                         {'id': ticket_id, 'priority': '2', 'color': 5})

    def test_representatives_write_same_field(self):
        ticket_id, (first, second) = self._ticket_and_representatives()

        # without a retry, the second transaction fails: nothing is lost silently
        def orm_write():
            with self.registry.cursor() as cr:
                self.env(cr, second)['aftersales.ticket'].browse(ticket_id).write({'title': 'From desk B'})
                cr.commit()

        results, _retries = self._race(ticket_id, first, {'title': 'From desk A'}, orm_write)
        self.assertIs(results[0], True)
        self.assertIsInstance(results[1], TransactionRollbackError)
        self.assertEqual(self._read_ticket(ticket_id, ['title'])['title'], 'From desk A')

        # through the HTTP server (XML-RPC): retried, the second value is written after the first
        url = 'http://127.0.0.1:%s/xmlrpc/2/object' % odoo.tools.config['http_port']
        login = '%s_csr2' % self.marker

        def xmlrpc_write():
            proxy = xmlrpc.client.ServerProxy(url, allow_none=True)
            return proxy.execute_kw(self.db, second, login, 'aftersales.ticket', 'write',
                                    [[ticket_id], {'title': 'From desk B'}])

        results, retries = self._race(ticket_id, first, {'title': 'From desk A2'}, xmlrpc_write)
        self.assertEqual(results, [True, True, True])
        self.assertTrue([line for line in retries if 'retry 1/' in line], retries)
        self.assertEqual(self._read_ticket(ticket_id, ['title'])['title'], 'From desk B')

    # ------------------------------------------------------------------
    # 3. two crons, one plan
    # ------------------------------------------------------------------

    def test_two_crons_generate_each_round_once(self):
        sites, per_site = 40, 2
        with self.registry.cursor() as cr:
            env = self.env(cr)
            customer, site_ids = self.data.customer(env, sites=sites, equipment_per_site=per_site)
            plan_id = self.data.plan(env, customer, site_ids).id

        def cron():
            with self.registry.cursor() as cr:
                plan = self.env(cr)['aftersales.inspection.plan'].browse(plan_id)
                return plan._generate_rounds(batch_size=50, commit=True)

        results = self.run_threads([cron, cron])
        for result in results:
            self.assertIsInstance(result, int, result)
        with self.registry.cursor() as cr:
            plan = self.env(cr)['aftersales.inspection.plan'].browse(plan_id)
            today = fields.Date.from_string(fields.Date.context_today(plan))
            expected = sites * len(list(plan._occurrences(today + timedelta(days=plan.horizon_days))))
            cr.execute("""SELECT count(*), count(DISTINCT (site_id, date)),
                                 count(*) FILTER (WHERE (SELECT count(*) FROM aftersales_inspection_line l
                                                          WHERE l.inspection_id = i.id) != %s)
                            FROM aftersales_inspection i WHERE plan_id = %s""", (per_site, plan_id))
            rounds, distinct, incomplete = cr.fetchone()
            cr.execute("""SELECT count(*) FROM aftersales_inspection_line l
                            JOIN aftersales_inspection i ON i.id = l.inspection_id
                           WHERE i.plan_id = %s
                             AND (SELECT count(*) FROM aftersales_inspection_check c WHERE c.line_id = l.id) != 3""",
                       (plan_id,))
            lines_without_checks = cr.fetchone()[0]
        self.assertGreater(expected, 400)
        self.assertEqual((rounds, distinct, incomplete, lines_without_checks), (expected, expected, 0, 0))
        self.assertEqual(sum(results), expected, 'each round is counted by the run that created it')

    # ------------------------------------------------------------------
    # 4. two parts managers, one requisition
    # ------------------------------------------------------------------

    def test_requisition_issued_once(self):
        with self.registry.cursor() as cr:
            env = self.env(cr)
            engineer = self.data.user(env, '%s_field' % self.marker, 'aftersales_service.group_aftersales_field')
            managers = [self.data.user(env, '%s_parts%d' % (self.marker, index),
                                       'aftersales_service.group_aftersales_parts').id for index in (1, 2)]
            requisition, van, _stock = self.data.approved_requisition(env, engineer, lines=3, quantity=2, stock=2)
            requisition_id, van_id = requisition.id, van.id

        def issue(uid):
            return lambda: service_model.execute(self.db, uid, 'aftersales.part.requisition', 'action_issue',
                                                 [requisition_id])

        results = self.run_threads([issue(uid) for uid in managers])
        self.assertEqual(len([result for result in results if result is True]), 1, results)
        refused = [result for result in results if result is not True]
        self.assertIsInstance(refused[0], UserError, refused)
        self.assertIn('this step is not possible now', str(refused[0]))
        with self.registry.cursor() as cr:
            env = self.env(cr)
            requisition = env['aftersales.part.requisition'].browse(requisition_id)
            self.assertEqual(requisition.state, 'done')
            self.assertEqual(requisition.line_ids.mapped('qty_issued'), [2.0, 2.0, 2.0])
            self.assertEqual(requisition.picking_ids.mapped('state'), ['done'])
            cr.execute("""SELECT location_id, sum(quantity) FROM stock_quant WHERE product_id = ANY(%s)
                          GROUP BY location_id HAVING sum(quantity) != 0""", (self.data.ids['products'],))
            self.assertEqual(dict(cr.fetchall()), {van_id: 6.0}, 'all in the van, nothing left or negative')
            cr.execute("SELECT count(*), sum(product_qty) FROM stock_move WHERE product_id = ANY(%s) "
                       "AND state = 'done'", (self.data.ids['products'],))
            self.assertEqual(cr.fetchone(), (3, 6.0))

    # ------------------------------------------------------------------
    # 5. references under concurrent creation
    # ------------------------------------------------------------------

    def test_ticket_references_unique(self):
        workers, per_worker = 8, 5
        with self.registry.cursor() as cr:
            env = self.env(cr)
            customer, _sites = self.data.customer(env)
            sequence = env['ir.sequence'].search([('code', '=', 'aftersales.ticket')])
            self.assertEqual(sequence.implementation, 'standard', 'a PostgreSQL sequence: no lock, no duplicate')
            customer_id = customer.id

        def create(worker):
            def run():
                ids = []
                for index in range(per_worker):
                    ids.append(service_model.execute(
                        self.db, odoo.SUPERUSER_ID, 'aftersales.ticket', 'create',
                        {'title': 'Ticket %d-%d' % (worker, index), 'partner_id': customer_id},
                        context={'tracking_disable': True, 'aftersales_no_ack': True}))
                return ids
            return run

        results = self.run_threads([create(worker) for worker in range(workers)])
        for result in results:
            self.assertIsInstance(result, list, result)
        ids = [ticket_id for result in results for ticket_id in result]
        self.data.ids['tickets'] += ids
        self.assertEqual(len(ids), workers * per_worker)
        with self.registry.cursor() as cr:
            names = self.env(cr)['aftersales.ticket'].browse(ids).mapped('name')
        self.assertEqual(len(set(names)), workers * per_worker, names)
        self.assertTrue(all(name.startswith('ST') for name in names))
