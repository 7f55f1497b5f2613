import threading
from datetime import date

import odoo
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase, get_db_name

from .common import AftersalesCase


def build_plan(env, customer, sites, equipment_category, name='Test district plan'):
    """A monthly plan over ``sites`` with early/middle/late checklists."""
    phases = [env.ref('aftersales_service.inspection_phase_%s' % code) for code in ('early', 'middle', 'late')]
    templates = []
    for phase in phases:
        templates.append(env['aftersales.checklist.template'].create({
            'name': '%s checklist' % phase.name,
            'item_ids': [
                (0, 0, {'name': 'Powers on', 'kind': 'pass_fail'}),
                (0, 0, {'name': 'Lamp hours', 'kind': 'number', 'unit': 'h', 'min_value': 0, 'max_value': 3000,
                        'category_ids': [(6, 0, equipment_category.ids)]}),
                (0, 0, {'name': 'Customer question', 'kind': 'text', 'phase_ids': [(6, 0, [phase.id])]}),
            ]}))
    return env['aftersales.inspection.plan'].create({
        'name': name, 'partner_id': customer.id, 'site_ids': [(6, 0, [site.id for site in sites])],
        'interval_number': 1, 'interval_type': 'months', 'date_start': '2026-01-05', 'horizon_days': 60,
        'phase_line_ids': [(0, 0, {'sequence': index, 'phase_id': phase.id, 'template_id': template.id})
                           for index, (phase, template) in enumerate(zip(phases, templates))],
    })


class InspectionCase(AftersalesCase):

    @classmethod
    def setUpClass(cls):
        super(InspectionCase, cls).setUpClass()
        cls.projectors = cls.env['maintenance.equipment.category'].create({'name': 'Test projectors'})
        cls.projector_a.category_id = cls.projectors
        cls.env['maintenance.equipment'].create({
            'name': 'Amplifier A', 'aftersales_customer_id': cls.customer.id, 'aftersales_site_id': cls.site_a.id})
        cls.plan = build_plan(cls.env, cls.customer, [cls.site_a, cls.site_b], cls.projectors)


class TestInspectionGeneration(InspectionCase):

    def test_rounds_over_the_horizon(self):
        created = self.plan._generate_rounds(today=date(2026, 3, 10))
        # monthly from 2026-01-05 to 2026-05-09: 5 dates x 2 sites
        self.assertEqual(created, 10)
        rounds = self.plan.inspection_ids.sorted(lambda r: (r.date, r.site_id.id))
        self.assertEqual(sorted(set(rounds.mapped('date'))),
                         ['2026-01-05', '2026-02-05', '2026-03-05', '2026-04-05', '2026-05-05'])
        expected_phases = ['early', 'middle', 'late', 'early', 'middle']
        for round_, phase in zip(rounds.filtered(lambda r: r.site_id == self.site_a), expected_phases):
            self.assertEqual(round_.phase_id, self.env.ref('aftersales_service.inspection_phase_%s' % phase))
            self.assertEqual(round_.template_id, self.plan.phase_line_ids.filtered(
                lambda line: line.phase_id == round_.phase_id).template_id)
            self.assertEqual(round_.commercial_partner_id, self.customer)

    def test_one_line_per_installed_equipment_with_applicable_checks(self):
        self.plan._generate_rounds(today=date(2026, 1, 5))
        round_a = self.plan.inspection_ids.filtered(lambda r: r.site_id == self.site_a and r.date == '2026-01-05')
        self.assertEqual(len(round_a), 1)
        self.assertEqual(set(round_a.line_ids.mapped('equipment_id.name')), {'Projector A', 'Amplifier A'})
        projector_line = round_a.line_ids.filtered(lambda line: line.equipment_id == self.projector_a)
        amplifier_line = round_a.line_ids - projector_line
        # the lamp check applies to projectors only; the question to its own phase
        self.assertEqual(set(projector_line.check_ids.mapped('item_id.name')),
                         {'Powers on', 'Lamp hours', 'Customer question'})
        self.assertEqual(set(amplifier_line.check_ids.mapped('item_id.name')), {'Powers on', 'Customer question'})
        self.assertEqual(projector_line.equipment_category_id, self.projectors)
        self.assertEqual(projector_line.phase_id, round_a.phase_id)
        round_b = self.plan.inspection_ids.filtered(lambda r: r.site_id == self.site_b and r.date == '2026-01-05')
        self.assertEqual(round_b.line_ids.mapped('equipment_id'), self.display_b)

    def test_twice_creates_nothing_more(self):
        first = self.plan._generate_rounds(today=date(2026, 3, 10))
        second = self.plan._generate_rounds(today=date(2026, 3, 10))
        self.assertEqual((first, second), (10, 0))
        self.assertEqual(len(self.plan.inspection_ids), 10)
        lines = self.env['aftersales.inspection.line'].search_count([('inspection_id.plan_id', '=', self.plan.id)])
        self.assertEqual(lines, 15)  # 3 pieces of equipment x 5 dates

    def test_interrupted_then_resumed(self):
        # a crash after the first batch: its rounds are there, the rest is not
        self.plan._generate_rounds(today=date(2026, 1, 20))  # up to 2026-03-21
        self.assertEqual(len(self.plan.inspection_ids), 6)
        self.plan._generate_rounds(today=date(2026, 3, 10), batch_size=3)
        self.assertEqual(len(self.plan.inspection_ids), 10)

    def test_query_count_does_not_grow_with_batch(self):
        other = build_plan(self.env, self.customer, [self.site_a, self.site_b], self.projectors, name='Other plan')
        self.plan.horizon_days = other.horizon_days = 400
        self.plan._round_rows(date(2026, 1, 5))  # warm the caches
        counts = []
        for plan, today in ((self.plan, date(2026, 1, 5)), (other, date(2026, 6, 30))):
            plan.invalidate_cache()
            start = self.cr.sql_log_count
            created = plan._generate_rounds(today=today, batch_size=1000)
            counts.append(self.cr.sql_log_count - start)
            self.assertGreater(created, 0)
        self.assertEqual(len(self.plan.inspection_ids) < len(other.inspection_ids), True)
        self.assertEqual(counts[0], counts[1], 'one batch of %d and one of %d rounds' % (
            len(self.plan.inspection_ids), len(other.inspection_ids)))

    def test_bad_plans_are_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.plan.interval_number = 0
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.plan.site_ids = [(4, self.other_customer.id)]


class TestInspectionFindings(InspectionCase):

    def setUp(self):
        super(TestInspectionFindings, self).setUp()
        self.plan._generate_rounds(today=date(2026, 1, 5))
        self.round = self.plan.inspection_ids.filtered(
            lambda r: r.site_id == self.site_a and r.date == '2026-01-05')

    def _line(self, equipment):
        return self.round.line_ids.filtered(lambda line: line.equipment_id == equipment)

    def test_all_lines_need_a_status(self):
        with self.assertRaises(UserError):
            self.round.action_done()
        self.assertEqual(self.round.state, 'planned')

    def test_threshold_breach_and_fault_create_tickets(self):
        projector = self._line(self.projector_a)
        amplifier = self.round.line_ids - projector
        lamp = projector.check_ids.filtered(lambda c: c.item_id.name == 'Lamp hours')
        lamp.value_number = 3500
        self.assertTrue(lamp.is_breach)
        projector.status = 'warning'
        amplifier.write({'status': 'fault', 'note': 'Hum on the left channel'})
        self.round.action_done()
        self.assertEqual(self.round.state, 'done')
        for line in (projector, amplifier):
            self.assertTrue(line.ticket_id)
            self.assertEqual(line.ticket_id.channel, 'inspection')
            self.assertEqual(line.ticket_id.equipment_id, line.equipment_id)
            self.assertEqual(line.ticket_id.site_id, self.site_a)
        self.assertIn('3500', projector.ticket_id.description)
        callback = self.env.ref('aftersales_service.mail_activity_type_callback')
        self.assertTrue(self.round.activity_ids.filtered(lambda a: a.activity_type_id == callback))

    def test_field_engineer_validates_a_round_with_findings(self):
        # field engineers may not create tickets themselves, the round's findings do
        self.round.user_id = self.field
        self.round.line_ids.write({'status': 'ok'})
        self._line(self.projector_a).write({'status': 'fault', 'note': 'No image'})
        self.round.sudo(self.field).action_done()
        ticket = self._line(self.projector_a).ticket_id
        self.assertEqual(ticket.channel, 'inspection')
        self.assertEqual(ticket.user_id, self.field)
        self.assertEqual(ticket.company_id, self.round.company_id)
        self.assertEqual(self.round.ticket_count, 1)
        self.assertEqual(self.round.finding_count, 1)

    def test_within_thresholds_creates_nothing(self):
        lamp = self._line(self.projector_a).check_ids.filtered(lambda c: c.item_id.name == 'Lamp hours')
        lamp.value_number = 1200
        self.round.line_ids.write({'status': 'ok'})
        self.round.action_done()
        self.assertFalse(self.round.line_ids.mapped('ticket_id'))

    def test_upgrade_lines_reach_the_proposal_list(self):
        self.round.line_ids.write({'status': 'ok'})
        self._line(self.projector_a).status = 'replace'
        self.round.action_done()
        proposals = self.env['aftersales.inspection.line'].search([('proposal_state', '=', 'proposed')])
        self.assertIn(self._line(self.projector_a), proposals)
        self.assertFalse(self._line(self.projector_a).ticket_id)
        self._line(self.projector_a).action_approve_proposal()
        self.assertEqual(self._line(self.projector_a).proposal_state, 'approved')

    def test_propose_mode_waits_for_the_manager(self):
        self.plan.finding_mode = 'propose'
        self.round.line_ids.write({'status': 'fault'})
        self.round.action_done()
        self.assertFalse(self.round.line_ids.mapped('ticket_id'))
        self.round.line_ids.action_create_ticket()
        self.assertEqual(len(self.round.line_ids.mapped('ticket_id')), 2)

    def test_round_carried_out_as_visit(self):
        action = self.round.action_plan_visit()
        visit = self.env['aftersales.visit'].browse(action['res_id'])
        self.assertEqual(visit.inspection_id, self.round)
        self.assertEqual(visit.site_id, self.site_a)
        self.assertEqual(self.round.state, 'in_progress')
        with self.assertRaises(UserError):
            self.round.action_plan_visit()

    def test_overdue_rounds(self):
        self.assertIn(self.round, self.env['aftersales.inspection'].search([('is_overdue', '=', True)]))

    def test_frequent_faults_are_flagged(self):
        for _index in range(4):
            self._ticket()
        flagged = self.env['maintenance.equipment']._cron_flag_frequent_faults(window_days=30, threshold=3)
        self.assertIn(self.projector_a, flagged)
        self.assertTrue(self.projector_a.aftersales_frequent_fault)
        self.assertNotIn(self.display_b, flagged)


class TestInspectionConcurrency(TransactionCase):
    """Two workers generating at once, each with its own committed cursor."""

    def setUp(self):
        super(TestInspectionConcurrency, self).setUp()
        self.registry = odoo.registry(get_db_name())
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            customer = env['res.partner'].create({'name': 'Concurrency Bureau', 'is_company': True})
            sites = [env['res.partner'].create({'name': 'Concurrency school %d' % i, 'parent_id': customer.id,
                                                'aftersales_is_site': True}) for i in range(3)]
            category = env['maintenance.equipment.category'].create({'name': 'Concurrency category'})
            for site in sites:
                env['maintenance.equipment'].create({'name': 'Device of %s' % site.name, 'category_id': category.id,
                                                     'aftersales_customer_id': customer.id,
                                                     'aftersales_site_id': site.id})
            self.plan_id = build_plan(env, customer, sites, category, name='Concurrency plan').id
            self.customer_id = customer.id

    def tearDown(self):
        with self.registry.cursor() as cr:
            cr.execute('DELETE FROM aftersales_inspection WHERE plan_id = %s', (self.plan_id,))
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            plan = env['aftersales.inspection.plan'].browse(self.plan_id)
            templates = plan.phase_line_ids.mapped('template_id')
            plan.unlink()
            templates.unlink()
            env['maintenance.equipment'].search([('aftersales_customer_id', '=', self.customer_id)]).unlink()
            env['res.partner'].browse(self.customer_id).child_ids.unlink()
            env['res.partner'].browse(self.customer_id).unlink()
        super(TestInspectionConcurrency, self).tearDown()

    def test_two_workers_at_once(self):
        barrier = threading.Barrier(2)
        results, errors = [], []

        def worker():
            try:
                with odoo.api.Environment.manage(), self.registry.cursor() as cr:
                    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                    plan = env['aftersales.inspection.plan'].browse(self.plan_id)
                    plan._round_rows(date(2026, 3, 10))
                    barrier.wait(timeout=30)
                    results.append(plan._generate_rounds(today=date(2026, 3, 10), batch_size=4, commit=True))
            except Exception as error:  # reported below, with the thread's traceback gone
                errors.append(error)

        threads = [threading.Thread(target=worker) for _index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors, errors)
        self.assertEqual(sum(results), 15)  # 5 dates x 3 sites, whoever created them
        with self.registry.cursor() as cr:
            cr.execute('SELECT count(*), count(DISTINCT (site_id, date)) FROM aftersales_inspection '
                       'WHERE plan_id = %s', (self.plan_id,))
            self.assertEqual(cr.fetchone(), (15, 15))
            cr.execute('SELECT count(*) FROM aftersales_inspection_line l JOIN aftersales_inspection i '
                       'ON i.id = l.inspection_id WHERE i.plan_id = %s', (self.plan_id,))
            self.assertEqual(cr.fetchone()[0], 15)
