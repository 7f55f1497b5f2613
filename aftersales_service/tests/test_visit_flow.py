import base64
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import AftersalesCase

# a 1x1 PNG: what the signature widget sends, base64-encoded
SIGNATURE = base64.b64encode(bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082'))


class VisitCase(AftersalesCase):

    @classmethod
    def setUpClass(cls):
        super(VisitCase, cls).setUpClass()
        cls.field2 = cls._create_user('t_field2', 'group_aftersales_field')
        cls.category = cls.env.ref('aftersales_service.fault_category_hardware')
        cls.product = cls.env['product.product'].create({'name': 'Test Projector', 'type': 'consu'})
        cls.projector_a.aftersales_product_id = cls.product

    def _start(self, hours_from_now):
        return fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) + timedelta(hours=hours_from_now))

    def _visit(self, ticket=None, user=None, start=24, duration=2, **values):
        ticket = ticket or self._ticket()
        vals = {'ticket_id': ticket.id, 'user_id': (user or self.field).id,
                'planned_start': self._start(start), 'planned_end': self._start(start + duration)}
        vals.update(values)
        return self.env['aftersales.visit'].create(vals)

    def _work(self, visit, result='fixed', user=None):
        """Run a scheduled visit as its engineer up to the written work report."""
        if visit.state == 'draft':
            visit.action_schedule()
        visit = visit.sudo(user or self.field)
        visit.checklist_line_ids.write({'checked': True})
        visit.action_check_in()
        visit.write({'work_done': '<p>Replaced the lamp module</p>', 'result': result,
                     'fault_cause': 'Lamp at end of life', 'advice': 'Switch off with the remote, not the mains'})
        visit.action_check_out()
        visit.action_done()
        return visit


class TestVisitFlow(VisitCase):

    def test_whole_repair_flow_by_role(self):
        # the representative opens the ticket
        ticket = self.env['aftersales.ticket'].sudo(self.csr).create({
            'title': 'Projector shows no image', 'partner_id': self.customer.id, 'site_id': self.site_a.id,
            'equipment_id': self.projector_a.id, 'type_id': self.type_repair.id, 'engineer_id': self.tech.id})
        # the technical engineer diagnoses and decides the repair plan
        ticket.sudo(self.tech).write({
            'fault_category_id': self.category.id, 'suspected_cause': 'Lamp module',
            'repair_plan': 'Replace lamp module\nClean the air filter'})
        ticket.sudo(self.tech).action_confirm_diagnosis()
        self.assertEqual(ticket.diagnosed_by, self.tech)
        # the representative books the visit with the customer
        visit = self.env['aftersales.visit'].sudo(self.csr).create({
            'ticket_id': ticket.id, 'user_id': self.field.id,
            'planned_start': self._start(20), 'planned_end': self._start(22)})
        self.assertEqual(visit.site_id, self.site_a)
        self.assertEqual(visit.equipment_id, self.projector_a)
        self.assertIn('Replace lamp module', visit.checklist_line_ids.mapped('name'))
        visit.sudo(self.csr).action_schedule()
        # the field engineer checks the checklist, leaves, works and reports
        mine = visit.sudo(self.field)
        mine.checklist_line_ids.write({'checked': True})
        mine.action_depart()
        self.assertEqual(visit.state, 'on_way')
        mine.action_check_in()
        self.assertEqual(visit.state, 'on_site')
        self.assertEqual(visit.attendance_ids.user_id, self.field)
        mine.write({'work_done': '<p>Replaced the lamp module, cleaned the filter</p>', 'result': 'fixed',
                    'advice': 'Clean the filter every term'})
        mine.action_check_out()
        self.assertTrue(visit.check_out_at)
        mine.action_done()
        self.assertEqual(visit.state, 'done')
        # the customer's responsible person signs on the engineer's tablet
        mine.action_sign(SIGNATURE, 'Principal Zhou', 'Principal')
        self.assertTrue(visit.is_signed)
        self.assertEqual(ticket.visit_count, 1)
        self.assertTrue(ticket.first_time_fix)
        # solved; the representative's callback closes the ticket
        ticket.sudo(self.csr).stage_id = self.stage_solved
        self.env['aftersales.callback'].sudo(self.csr).create({
            'ticket_id': ticket.id, 'resolved': 'yes', 'satisfaction': '5'})
        self.assertEqual(ticket.stage_state, 'closed')
        self.assertGreaterEqual(ticket.resolution_time_hours, 0.0)

    def test_only_technical_engineer_confirms_diagnosis(self):
        ticket = self._ticket(fault_category_id=self.category.id, repair_plan='Replace board')
        with self.assertRaises(UserError):
            ticket.sudo(self.csr).action_confirm_diagnosis()
        with self.assertRaises(UserError):
            self._ticket().sudo(self.tech).action_confirm_diagnosis()  # no plan yet

    def test_double_booking_is_refused(self):
        first = self._visit(start=24, duration=3)
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self._visit(start=25, duration=2)
        self.assertIn(first.name, str(error.exception))
        # a second engineer on the overlapping visit is refused too
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._visit(user=self.field2, start=26, duration=1, engineer_ids=[(6, 0, [self.field.id])])
        # back to back is fine, and so is another engineer
        self._visit(start=27, duration=1)
        self._visit(user=self.field2, start=24, duration=3)
        # a cancelled visit frees the slot
        first.action_cancel()
        self._visit(start=25, duration=1)

    def test_visit_cannot_start_with_unchecked_checklist(self):
        visit = self._visit()
        visit.action_schedule()
        with self.assertRaises(UserError):
            visit.sudo(self.field).action_depart()
        with self.assertRaises(UserError):
            visit.sudo(self.field).action_check_in()
        self.assertEqual(visit.state, 'scheduled')

    def test_done_needs_work_report(self):
        visit = self._visit()
        visit.action_schedule()
        visit.checklist_line_ids.write({'checked': True})
        visit.sudo(self.field).action_check_in()
        with self.assertRaises(UserError):
            visit.sudo(self.field).action_done()

    def test_signed_visit_is_locked(self):
        visit = self._work(self._visit())
        visit.action_sign(SIGNATURE, 'Principal Zhou', 'Principal')
        with self.assertRaises(UserError):
            visit.write({'work_done': '<p>changed afterwards</p>'})
        with self.assertRaises(UserError):
            visit.action_sign(SIGNATURE, 'Somebody Else')
        with self.assertRaises(UserError):
            visit.unlink()
        self.assertEqual(visit.signed_by, 'Principal Zhou')

    def test_sign_needs_signature_and_name(self):
        visit = self._work(self._visit())
        with self.assertRaises(UserError):
            visit.action_sign(SIGNATURE, '  ')
        with self.assertRaises(UserError):
            visit.action_sign(False, 'Principal Zhou')
        self.assertFalse(visit.is_signed)

    def test_cannot_solve_escalates_with_follow_up_visit(self):
        ticket = self._ticket(engineer_id=self.tech.id)
        visit = self._visit(ticket=ticket)
        visit.action_schedule()
        visit.checklist_line_ids.write({'checked': True})
        visit.sudo(self.field).action_check_in()
        visit.sudo(self.field).action_cannot_solve()
        self.assertEqual(ticket.escalation_level, 'tech')
        followup = visit.followup_visit_id
        self.assertTrue(followup)
        self.assertEqual(visit.state, 'followup')
        self.assertEqual(followup.ticket_id, ticket)
        self.assertEqual(followup.user_id, self.tech)
        self.assertGreater(followup.planned_start, visit.planned_end)
        self.assertIn(self.tech, followup.activity_ids.mapped('user_id') | ticket.activity_ids.mapped('user_id'))

    def test_time_on_site_from_attendance(self):
        visit = self._visit()
        self.env['aftersales.visit.attendance'].create({
            'visit_id': visit.id, 'user_id': self.field.id,
            'check_in': '2026-11-23 02:00:00', 'check_out': '2026-11-23 04:30:00'})
        self.assertAlmostEqual(visit.hours_on_site, 2.5)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env['aftersales.visit.attendance'].create({
                'visit_id': visit.id, 'user_id': self.field.id,
                'check_in': '2026-11-23 05:00:00', 'check_out': '2026-11-23 04:00:00'})

    def test_reversed_planning_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._visit(start=10, duration=-1)


class TestVisitKpis(VisitCase):

    def test_first_time_fix(self):
        fixed_once = self._ticket()
        self._work(self._visit(ticket=fixed_once))
        self.assertTrue(fixed_once.first_time_fix)
        self.assertEqual(fixed_once.visit_count, 1)

        twice = self._ticket()
        self._work(self._visit(ticket=twice, start=30), result='partly')
        self._work(self._visit(ticket=twice, start=60), result='fixed')
        self.assertFalse(twice.first_time_fix)
        self.assertEqual(twice.visit_count, 2)

    def test_not_first_time_fix_needs_fault_analysis_to_close(self):
        ticket = self._ticket()
        self._work(self._visit(ticket=ticket, start=30), result='not_fixed')
        self._work(self._visit(ticket=ticket, start=60), result='fixed')
        with self.assertRaises(UserError):
            ticket.stage_id = self.stage_closed
        self.env['aftersales.fault.analysis'].sudo(self.tech).create({
            'equipment_id': self.projector_a.id, 'symptom': 'No image', 'root_cause': 'Lamp driver board',
            'solution': 'Replace the driver board', 'fault_category_id': self.category.id,
            'ticket_ids': [(6, 0, ticket.ids)]})
        ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.stage_state, 'closed')

    def test_repeat_fault_within_30_days(self):
        first = self._ticket()
        second = self._ticket()
        self.assertFalse(first.repeat_fault)
        self.assertTrue(second.repeat_fault)
        other_equipment = self._ticket(site_id=self.site_b.id, equipment_id=self.display_b.id)
        self.assertFalse(other_equipment.repeat_fault)
        # a repair 31 days after the last one is not a repeat
        self.env.cr.execute("UPDATE aftersales_ticket SET create_date = create_date - interval '31 days' "
                            "WHERE id IN %s", (tuple((first + second).ids),))
        first.invalidate_cache()
        late = self._ticket()
        self.assertFalse(late.repeat_fault)

    def test_past_solutions_are_suggested(self):
        analysis = self.env['aftersales.fault.analysis'].create({
            'equipment_id': self.projector_a.id, 'symptom': 'Projector shows no image after power on',
            'root_cause': 'Lamp at end of life', 'solution': 'Replace lamp module'})
        self.assertEqual(analysis.product_id, self.product)
        unrelated = self.env['aftersales.fault.analysis'].create({
            'product_id': self.product.id, 'symptom': 'Remote control lost', 'root_cause': 'x', 'solution': 'y'})
        ticket = self._ticket(title='Projector shows no image')
        self.assertIn(analysis, ticket.suggested_analysis_ids)
        self.assertNotIn(unrelated, ticket.suggested_analysis_ids)
        found = self.env['aftersales.fault.analysis'].search([('symptom', 'ilike', 'no image'),
                                                             ('product_id', '=', self.product.id)])
        self.assertEqual(found, analysis)


class TestVisitAccess(VisitCase):

    def test_field_engineer_sees_only_own_visits(self):
        mine = self._visit(user=self.field)
        theirs = self._visit(user=self.field2, start=48)
        shared = self._visit(user=self.field2, start=72, engineer_ids=[(6, 0, [self.field.id])])
        visible = self.env['aftersales.visit'].sudo(self.field).search([])
        self.assertIn(mine, visible)
        self.assertIn(shared, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.sudo(self.field).write({'work_done': '<p>not mine</p>'})
        # the technical engineer and the representative see all
        self.assertIn(theirs, self.env['aftersales.visit'].sudo(self.tech).search([]))
        self.assertIn(theirs, self.env['aftersales.visit'].sudo(self.csr).search([]))

    def test_cannot_sign_another_engineers_visit(self):
        theirs = self._work(self._visit(user=self.field2), user=self.field2)
        with self.assertRaises(AccessError):
            theirs.sudo(self.field).action_sign(SIGNATURE, 'Principal Zhou')
        self.assertFalse(theirs.is_signed)

    def test_spare_parts_manager_cannot_edit_visits(self):
        visit = self._visit()
        with self.assertRaises(AccessError):
            visit.sudo(self.parts).write({'planned_end': self._start(30)})
