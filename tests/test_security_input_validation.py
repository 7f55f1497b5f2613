"""Input validation of our models, as a table of cases: dates out of order,
negative durations and quantities, scores out of range, equipment not at
the chosen site. Each case must raise ValidationError or UserError with a
clear message, and leave its table as it was.
"""
import logging
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install

from odoo.addons.aftersales_inventory.tests.common import InventoryCase

_logger = logging.getLogger(__name__)


def _dt(days=1, hours=0):
    start = datetime.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=days, hours=hours)
    return fields.Datetime.to_string(start)


@at_install(False)
@post_install(True)
class TestSecurityInputValidation(InventoryCase):

    @classmethod
    def setUpClass(cls):
        super(TestSecurityInputValidation, cls).setUpClass()
        env = cls.env
        cls.other_site = env['res.partner'].create({'name': 'Other Customer Site', 'type': 'other',
                                                    'parent_id': cls.other_customer.id,
                                                    'aftersales_is_site': True})
        cls.other_equipment = env['maintenance.equipment'].create({
            'name': 'Other Projector', 'aftersales_customer_id': cls.other_customer.id,
            'aftersales_site_id': cls.other_site.id})
        cls.ticket = env['aftersales.ticket'].create({
            'title': 'Validation ticket', 'partner_id': cls.customer.id, 'site_id': cls.site_a.id,
            'equipment_id': cls.projector_a.id, 'type_id': cls.type_repair.id, 'channel': 'phone'})
        cls.visit = env['aftersales.visit'].create({
            'ticket_id': cls.ticket.id, 'user_id': cls.field.id, 'planned_start': _dt(30),
            'planned_end': _dt(30, 2)})
        cls.solved = env['aftersales.ticket'].create({
            'title': 'Solved ticket', 'partner_id': cls.customer.id, 'site_id': cls.site_a.id,
            'equipment_id': cls.projector_a.id, 'type_id': cls.type_repair.id, 'channel': 'phone'})
        cls.solved.stage_id = cls.stage_solved
        phase = env['aftersales.inspection.phase'].create({'name': 'Validation phase'})
        cls.template = env['aftersales.checklist.template'].create({
            'name': 'Validation checklist', 'item_ids': [(0, 0, {
                'name': 'Image quality', 'kind': 'choice', 'choices': 'good,fair,poor'})]})
        cls.plan = env['aftersales.inspection.plan'].create({
            'name': 'Validation plan', 'partner_id': cls.customer.id, 'site_ids': [(6, 0, cls.site_a.ids)],
            'date_start': '2026-01-05', 'phase_line_ids': [(0, 0, {
                'sequence': 1, 'phase_id': phase.id, 'template_id': cls.template.id})]})
        cls.round = env['aftersales.inspection'].create({
            'name': 'Validation round', 'plan_id': cls.plan.id, 'partner_id': cls.customer.id,
            'site_id': cls.site_a.id, 'date': '2026-02-05', 'phase_id': phase.id, 'template_id': cls.template.id})
        cls.line = env['aftersales.inspection.line'].create({'inspection_id': cls.round.id,
                                                             'equipment_id': cls.projector_a.id})
        cls.rectification = env['aftersales.rectification'].create({
            'title': 'Brighter lamp', 'kind': 'equipment', 'equipment_id': cls.projector_a.id,
            'reason': 'Too dark', 'proposal': 'Change the lamp'})
        cls.session = env['aftersales.training.session'].create({
            'title': 'Validation training', 'kind': 'customer', 'partner_id': cls.customer.id,
            'trainer_user_id': cls.tech.id, 'evaluation': 'score', 'duration': 2.0,
            'date_start': '2026-01-05 01:00:00'})
        cls.attendance = env['aftersales.training.attendance'].create({
            'session_id': cls.session.id, 'partner_id': cls.contact.id})
        request = env['aftersales.presales.request'].search([], limit=1)
        cls.interview = env['aftersales.presales.interview'].create({
            'request_id': request.id, 'name': 'Stores', 'date': '2026-10-01'}) if request else None

    # ------------------------------------------------------------------
    # the table
    # ------------------------------------------------------------------

    def _cases(self):
        """(name, model, action, expected message): ``action`` creates or writes."""
        env = self.env
        Visit, Ticket = env['aftersales.visit'], env['aftersales.ticket']
        visit_values = {'ticket_id': self.ticket.id, 'user_id': self.field.id}
        cases = [
            # dates out of order
            ('visit ends before it starts', 'aftersales.visit', lambda: Visit.create(dict(
                visit_values, planned_start=_dt(40), planned_end=_dt(39))), 'A visit must end after it starts.'),
            ('visit of no duration', 'aftersales.visit', lambda: self.visit.write({
                'planned_end': self.visit.planned_start}), 'A visit must end after it starts.'),
            ('check-out before check-in', 'aftersales.visit.attendance',
             lambda: env['aftersales.visit.attendance'].create({
                 'visit_id': self.visit.id, 'user_id': self.field.id, 'check_in': _dt(30, 1),
                 'check_out': _dt(30)}), 'Check-out cannot come before check-in.'),
            ('on-call shift ends before it starts', 'aftersales.duty.roster',
             lambda: env['aftersales.duty.roster'].create({
                 'user_id': self.field.id, 'date_start': _dt(5), 'date_end': _dt(4)}),
             'An on-call shift must end after it starts.'),
            ('inspection plan ends before it starts', 'aftersales.inspection.plan',
             lambda: self.plan.write({'date_end': '2025-12-31'}), 'ends before it starts'),
            ('training plan ends before it starts', 'aftersales.training.plan',
             lambda: env['aftersales.training.plan'].create({
                 'name': 'Validation plan', 'user_id': self.tech.id, 'date_start': '2026-06-01',
                 'date_end': '2026-05-01'}),
             'cannot end before it starts'),
            ('warranty ends before installation', 'maintenance.equipment', lambda: self.projector_a.write({
                'aftersales_install_date': '2025-01-01', 'aftersales_warranty_end': '2024-01-01'}),
             'cannot end before its installation'),
            ('SLA resolution shorter than response', 'aftersales.sla.policy', lambda: self.policy.write({
                'response_hours': 8, 'resolution_hours': 4}),
             'The resolution target cannot be shorter than the response target.'),
            # negative durations and quantities
            ('training of no duration', 'aftersales.training.session', lambda: self.session.write({
                'duration': 0}), 'must last some time'),
            ('training of negative duration', 'aftersales.training.session', lambda: self.session.write({
                'duration': -2}), 'must last some time'),
            ('negative training capacity', 'aftersales.training.session', lambda: self.session.write({
                'capacity': -1}), 'cannot be negative'),
            ('negative SLA target', 'aftersales.sla.policy', lambda: self.policy.write({'response_hours': -1}),
             'SLA targets must be positive'),
            ('inspection every 0 months', 'aftersales.inspection.plan', lambda: self.plan.write({
                'interval_number': 0}), 'must be positive'),
            ('negative planning horizon', 'aftersales.inspection.plan', lambda: self.plan.write({
                'horizon_days': -30}), 'must be positive'),
            ('negative checklist quantity', 'aftersales.visit.checklist.line', lambda: self.visit.write({
                'checklist_line_ids': [(0, 0, {'name': 'Lamp', 'kind': 'part', 'quantity': -2})]}),
             'cannot be negative'),
            ('negative rectification cost', 'aftersales.rectification', lambda: self.rectification.write({
                'cost_estimate': -500}), 'cannot be negative'),
            ('zero requested part', 'aftersales.part.requisition.line',
             lambda: self.requisition(self.field, [(self.lamp, 0)], submit=False), 'must be positive'),
            ('negative requested part', 'aftersales.part.requisition.line',
             lambda: self.requisition(self.field, [(self.lamp, -3)], submit=False), 'must be positive'),
            ('negative defective return', 'aftersales.defective.return',
             lambda: env['aftersales.defective.return'].create({'product_id': self.lamp.id, 'quantity': -1}),
             'must be positive'),
            # scores out of range
            ('training score above 100', 'aftersales.training.attendance', lambda: self.attendance.write({
                'score': 101}), 'must be between 0 and 100'),
            ('negative training score', 'aftersales.training.attendance', lambda: self.attendance.write({
                'score': -1}), 'must be between 0 and 100'),
            ('passing score above 100', 'aftersales.training.session', lambda: self.session.write({
                'passing_score': 150}), 'must be between 0 and 100'),
            ('rating 9 of 5', 'aftersales.callback', lambda: self.solved._portal_rate('9', resolved='yes'),
             'Choose a rating from 1'),
            ('rating 0 of 5', 'aftersales.callback', lambda: self.solved._portal_rate('0', resolved='yes'),
             'Choose a rating from 1'),
            ('rating -1 of 5', 'aftersales.callback', lambda: self.solved._portal_rate('-1', resolved='yes'),
             'Choose a rating from 1'),
            ('rating of an open ticket', 'aftersales.callback', lambda: self.ticket._portal_rate(
                '5', resolved='yes'), 'is not solved yet'),
            ('inspection answer not offered', 'aftersales.inspection.check',
             lambda: env['aftersales.inspection.check'].create({
                 'line_id': self.line.id, 'item_id': self.template.item_ids[0].id, 'value_choice': 'excellent'}),
             'is not an answer of'),
            ('checklist maximum below minimum', 'aftersales.checklist.item',
             lambda: env['aftersales.checklist.item'].create({
                 'template_id': self.template.id, 'name': 'Brightness', 'kind': 'number',
                 'min_value': 100, 'max_value': 10}), 'is below its minimum'),
            # equipment not at the chosen site, records of another customer
            ('ticket equipment at another site', 'aftersales.ticket', lambda: Ticket.create({
                'title': 'x', 'partner_id': self.customer.id, 'site_id': self.site_b.id,
                'equipment_id': self.projector_a.id, 'type_id': self.type_repair.id}),
             'is installed at another site'),
            ('ticket site of another customer', 'aftersales.ticket', lambda: Ticket.create({
                'title': 'x', 'partner_id': self.customer.id, 'site_id': self.other_site.id,
                'type_id': self.type_repair.id}), 'does not belong to the customer'),
            ("ticket equipment of another customer", 'aftersales.ticket', lambda: Ticket.create({
                'title': 'x', 'partner_id': self.customer.id, 'equipment_id': self.other_equipment.id,
                'type_id': self.type_repair.id}), 'belongs to another customer'),
            ('visit equipment at another site', 'aftersales.visit', lambda: self.visit.write({
                'equipment_id': self.display_b.id}), 'is installed at another site'),
            ('visit equipment of another customer', 'aftersales.visit', lambda: self.visit.write({
                'equipment_id': self.other_equipment.id}), 'belongs to another customer'),
            ('inspection equipment at another site', 'aftersales.inspection.line',
             lambda: env['aftersales.inspection.line'].create({
                 'inspection_id': self.round.id, 'equipment_id': self.display_b.id}),
             'the site of the inspection round'),
            ('inspection plan site of another customer', 'aftersales.inspection.plan',
             lambda: self.plan.write({'site_ids': [(4, self.other_site.id)]}), 'must belong to its customer'),
            ('equipment site of another customer', 'maintenance.equipment', lambda: self.projector_a.write({
                'aftersales_site_id': self.other_site.id}), 'does not belong to its customer'),
            ('training site of another customer', 'aftersales.training.session', lambda: self.session.write({
                'site_id': self.other_site.id}), 'does not belong to its customer'),
        ]
        if self.interview:
            cases.append(('minutes confirmed before sent', 'aftersales.presales.interview',
                          lambda: self.interview.write({'minutes_sent_date': '2026-10-10',
                                                        'confirmed_date': '2026-10-05'}),
                          'cannot be confirmed before they were sent'))
        return cases

    def _fingerprint(self, model):
        Model = self.env[model]
        self.env.cr.execute('SELECT count(*), max(write_date) FROM "%s"' % Model._table)
        return self.env.cr.fetchone()

    def test_validation_table(self):
        cases = self._cases()
        for name, model, action, message in cases:
            before = self._fingerprint(model)
            with self.assertRaises((ValidationError, UserError), msg=name) as caught, self.env.cr.savepoint():
                action()
            text = caught.exception.name
            self.assertIn(message, text, name)
            self.assertNotIn('Traceback', text, name)
            self.env.clear()
            self.assertEqual(self._fingerprint(model), before, '%s: something was saved' % name)
        _logger.info('input validation cases: %d', len(cases))

    def test_valid_values_pass(self):
        """The boundaries are accepted: the cases above fail for the right reason."""
        self.visit.write({'checklist_line_ids': [(0, 0, {'name': 'Lamp', 'kind': 'part', 'quantity': 0})]})
        self.rectification.cost_estimate = 0
        self.attendance.score = 100
        env = self.env
        env['aftersales.inspection.check'].create({
            'line_id': self.line.id, 'item_id': self.template.item_ids[0].id, 'value_choice': 'fair'})
        self.visit.write({'equipment_id': self.projector_a.id})
        if self.interview:
            self.interview.write({'minutes_sent_date': '2026-10-10', 'confirmed_date': '2026-10-10'})
