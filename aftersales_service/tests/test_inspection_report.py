"""Views, menus and the printed inspection record of the inspection rounds.

The PDF test prints through the real wkhtmltopdf (``PdfReportMixin``).
"""
from datetime import date, timedelta

import odoo.tests.common
import pytest
from odoo import fields
from odoo.tools.safe_eval import safe_eval

from .common import PdfReportMixin, pdf_pages_text
from .test_inspection import InspectionCase, build_plan

REPORT = 'aftersales_service.action_report_aftersales_inspection'
# a 1x1 PNG: the customer's signature
SIGNATURE = b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='


class TestInspectionViews(InspectionCase):

    @classmethod
    def setUpClass(cls):
        super(TestInspectionViews, cls).setUpClass()
        cls.plan._generate_rounds(today=date(2026, 1, 5))
        cls.round = cls.plan.inspection_ids.filtered(lambda r: r.site_id == cls.site_a and r.date == '2026-01-05')

    def test_views_load_for_each_role(self):
        expected = {
            'aftersales.inspection': ('form', 'tree', 'calendar', 'search'),
            'aftersales.inspection.line': ('form', 'tree', 'pivot', 'graph', 'search'),
            'aftersales.inspection.plan': ('form', 'tree', 'search'),
            'aftersales.checklist.template': ('form', 'tree', 'search'),
        }
        for user in (self.csr, self.field, self.tech, self.manager):
            for model, view_types in expected.items():
                for view_type in view_types:
                    view = self.env[model].sudo(user).fields_view_get(view_type=view_type)
                    self.assertEqual(view['type'], view_type)
                    self.assertEqual(view['model'], model)
        calendar = self.env['aftersales.inspection'].fields_view_get(view_type='calendar')
        self.assertIn('date_start="date"', calendar['arch'])
        self.assertIn('color="user_id"', calendar['arch'])
        pivot = self.env['aftersales.inspection.line'].fields_view_get(view_type='pivot')
        for field in ('site_id', 'equipment_category_id', 'phase_id'):
            self.assertIn('name="%s"' % field, pivot['arch'])
        form = self.env['aftersales.inspection'].fields_view_get(view_type='form')
        for name in ('action_plan_visit', 'action_done', 'action_cancel', 'action_view_visit',
                     'action_view_findings', 'action_view_tickets', 'message_ids', 'activity_ids'):
            self.assertIn('name="%s"' % name, form['arch'])

    def test_field_engineer_reads_and_fills_his_round(self):
        self.round.user_id = self.field
        round_ = self.round.sudo(self.field)
        round_.read(['name', 'site_id', 'finding_count', 'ticket_count', 'is_overdue', 'visit_id'])
        check = round_.line_ids.mapped('check_ids').filtered(lambda c: c.kind == 'number')[:1]
        check.write({'value_number': 1200})
        round_.line_ids.write({'status': 'ok', 'note': 'Clean'})
        round_.write({'customer_questions': 'How to switch inputs?', 'customer_remarks': 'Fine'})
        round_.action_done()
        self.assertEqual(self.round.state, 'done')

    def test_overdue_action_lists_the_overdue_rounds(self):
        today = fields.Date.from_string(fields.Date.context_today(self.env['aftersales.inspection']))
        rounds = self.plan.inspection_ids
        late = self.round
        done = rounds.filtered(lambda r: r.site_id == self.site_b and r.date == '2026-01-05')
        coming = rounds.filtered(lambda r: r.site_id == self.site_a and r.date == '2026-02-05')
        late.date = fields.Date.to_string(today - timedelta(days=3))
        done.date = fields.Date.to_string(today - timedelta(days=3))
        done.state = 'done'
        coming.date = fields.Date.to_string(today + timedelta(days=3))
        action = self.env.ref('aftersales_service.aftersales_inspection_action_overdue')
        domain = safe_eval(action.domain, {'uid': self.env.uid})
        found = self.env['aftersales.inspection'].sudo(self.csr).search(
            domain + [('plan_id', '=', self.plan.id)])
        self.assertIn(late, found)
        self.assertNotIn(done, found)
        self.assertNotIn(coming, found)
        self.assertTrue(late.is_overdue)
        # the search view's filter is the same
        search = self.env['aftersales.inspection'].fields_view_get(view_type='search')
        self.assertIn("('is_overdue', '=', True)", search['arch'])

    def test_smart_buttons(self):
        self.round.line_ids.write({'status': 'ok'})
        projector = self.round.line_ids.filtered(lambda line: line.equipment_id == self.projector_a)
        projector.status = 'fault'
        self.round.action_done()
        findings = self.round.action_view_findings()
        self.assertEqual(self.env[findings['res_model']].search(findings['domain']), projector)
        tickets = self.round.action_view_tickets()
        self.assertEqual(self.env['aftersales.ticket'].search(tickets['domain']), projector.ticket_id)
        rounds = self.plan.action_rounds()
        self.assertEqual(self.env['aftersales.inspection'].search(rounds['domain']), self.plan.inspection_ids)
        # customer service books the round's visit
        other = self.plan.inspection_ids.filtered(lambda r: r.state == 'planned')[:1]
        visit = self.env['aftersales.visit'].browse(other.sudo(self.csr).action_plan_visit()['res_id'])
        self.assertEqual(other.action_view_visit()['res_id'], visit.id)

    def test_technical_engineer_generates_rounds_now(self):
        plan = build_plan(self.env, self.customer, [self.site_a], self.projectors, name='Tech plan')
        plan.date_start = fields.Date.context_today(plan)
        action = plan.sudo(self.tech).action_generate_rounds()
        self.assertEqual(action['res_model'], 'aftersales.inspection')
        self.assertTrue(self.env['aftersales.inspection'].search(action['domain']))
        self.assertEqual(plan.inspection_count, len(plan.inspection_ids))

    def test_proposal_list_shows_upgrades(self):
        self.round.line_ids.write({'status': 'ok'})
        projector = self.round.line_ids.filtered(lambda line: line.equipment_id == self.projector_a)
        projector.status = 'upgrade'
        self.round.action_done()
        action = self.env.ref('aftersales_service.aftersales_inspection_line_action_proposals')
        domain = safe_eval(action.domain)
        self.assertIn(projector, self.env['aftersales.inspection.line'].sudo(self.manager).search(domain))
        projector.sudo(self.manager).action_approve_proposal()
        self.assertEqual(projector.proposal_state, 'approved')

    def test_menus_per_role(self):
        def visible(user):
            menus = self.env['ir.ui.menu'].sudo(user).search([('id', 'child_of', self.env.ref(
                'aftersales_service.aftersales_menu_inspections').id)])
            data = self.env['ir.model.data'].search([('model', '=', 'ir.ui.menu'), ('res_id', 'in', menus.ids)])
            return set(data.mapped('name'))
        field = visible(self.field)
        self.assertIn('aftersales_menu_inspections_my_rounds', field)
        self.assertNotIn('aftersales_menu_inspections_plans', field)
        tech = visible(self.tech)
        self.assertTrue({'aftersales_menu_inspections_plans', 'aftersales_menu_inspections_overdue',
                         'aftersales_menu_inspections_findings'} <= tech)
        self.assertNotIn('aftersales_menu_inspections_proposals', tech)
        self.assertIn('aftersales_menu_inspections_proposals', visible(self.manager))
        self.assertFalse(visible(self.parts))


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestInspectionRecordPdf(PdfReportMixin, odoo.tests.common.HttpCase):

    def setUp(self):
        super(TestInspectionRecordPdf, self).setUp()
        self.env = self.env(context={'tracking_disable': True, 'aftersales_no_ack': True})
        self.inspection = self._create_round(self.env)

    def _create_round(self, env):
        Partner = env['res.partner']
        customer = Partner.create({'name': 'Report District Bureau', 'is_company': True, 'customer': True})
        site = Partner.create({'name': 'Report Middle School', 'parent_id': customer.id, 'type': 'other',
                               'aftersales_is_site': True, 'street': '12 Lake Road', 'city': 'Hefei'})
        category = env['maintenance.equipment.category'].create({'name': 'Report projectors'})
        no_category = env['maintenance.equipment.category']
        for name, serial, equipment_category in (('Projector 301', 'SN-P301', category),
                                                 ('Amplifier Hall', 'SN-AMP7', no_category),
                                                 ('Display Lab 2', 'SN-DL2', no_category)):
            env['maintenance.equipment'].create({
                'name': name, 'serial_no': serial, 'category_id': equipment_category.id,
                'aftersales_customer_id': customer.id, 'aftersales_site_id': site.id})
        inspector = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Inspector Lin', 'login': 'report_inspector_lin',
            'groups_id': [(6, 0, [env.ref('aftersales_service.group_aftersales_tech').id])]})
        plan = build_plan(env, customer, [site], category, name='Report plan')
        plan.user_id = inspector
        plan._generate_rounds(today=date(2026, 1, 5))
        inspection = plan.inspection_ids.filtered(lambda r: r.date == '2026-01-05')
        self.assertEqual(len(inspection.line_ids), 3)
        lines = {line.equipment_id.name: line for line in inspection.line_ids}
        lamp = lines['Projector 301'].check_ids.filtered(lambda c: c.item_id.name == 'Lamp hours')
        lamp.value_number = 3500
        lines['Projector 301'].write({'status': 'warning', 'note': 'Lamp dim'})
        lines['Amplifier Hall'].write({'status': 'fault', 'note': 'Hum on the left channel'})
        lines['Display Lab 2'].write({'status': 'replace', 'note': 'Cracked panel'})
        inspection.write({'customer_questions': 'How do teachers switch the projector input?',
                          'customer_remarks': 'The school is satisfied with the morning broadcast.'})
        visit = env['aftersales.visit'].browse(inspection.action_plan_visit()['res_id'])
        visit.write({'state': 'on_site', 'work_done': 'Inspected every device of the school.', 'result': 'fixed'})
        visit.action_sign(SIGNATURE, 'Principal Tang', 'Principal')
        inspection.action_done()
        return inspection

    def test_inspection_record_pdf(self):
        inspection = self.inspection
        statuses = dict(self.env['aftersales.inspection.line']._fields['status'].selection)
        lines = [(line.equipment_id.name, line.equipment_id.serial_no, statuses[line.status], line.note)
                 for line in inspection.line_ids]
        tickets = inspection.line_ids.mapped('ticket_id').mapped('name')
        text = '\n'.join(pdf_pages_text(self.render_pdf(REPORT, inspection)))
        rows = [' '.join(row.split()) for row in text.splitlines()]
        flat = ' '.join(text.split())
        for label in ('巡检记录表 / Inspection Record', 'Report Middle School', 'Inspector Lin', inspection.phase_id.name,
                      '客户签字 / Customer Signature', 'Principal Tang'):
            self.assertIn(label, flat)
        self.assertEqual(len(lines), 3)
        for name, serial, status, note in lines:
            self.assertIn(serial, flat, text)
            # the equipment, its status and its note (wrapped in its cell) on
            # one row of the equipment table
            start = ' '.join(note.split()[:3])
            self.assertTrue(any(name in row and status in row and start in row for row in rows),
                            '%s / %s / %s not found:\n%s' % (name, status, start, text))
        # the measured value out of its thresholds, and the findings' tickets
        self.assertIn('Lamp hours: 3500 h', flat)
        self.assertEqual(len(tickets), 2)
        for ticket in tickets:
            self.assertIn(ticket, flat)
        self.assertIn('The school is satisfied with the morning broadcast.', flat)
        self.assertIn('How do teachers switch the projector input?', flat)
