from contextlib import contextmanager

from odoo.exceptions import ValidationError

from .common import TrainingCase, datetime_in


class TestCertificationWarning(TrainingCase):
    """Assigning an engineer without a valid certificate for the product to
    a ticket or a visit warns, and is refused when the company blocks it."""

    @classmethod
    def setUpClass(cls):
        super(TestCertificationWarning, cls).setUpClass()
        cls.projector_a.with_context(aftersales_training_no_proposal=True).aftersales_product_id = cls.display
        cls._certify(cls.engineer_a, cls.display)
        cls._certify(cls.field, cls.display, days_ago=800)     # expired
        cls.company.aftersales_training_block_uncertified = False

    @contextmanager
    def refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            yield

    def _block(self):
        self.company.aftersales_training_block_uncertified = True

    def _visit(self, user, days=1, **values):
        vals = {'partner_id': self.customer.id, 'site_id': self.site_a.id, 'equipment_id': self.projector_a.id,
                'user_id': user.id, 'planned_start': datetime_in(days, 1), 'planned_end': datetime_in(days, 3)}
        vals.update(values)
        return self.env['aftersales.visit'].create(vals)

    def test_ticket_warns(self):
        ticket = self._ticket(engineer_id=self.engineer_b.id)
        self.assertIn(self.engineer_b.name, ticket.aftersales_training_warning)
        self.assertIn(self.display.name, ticket.aftersales_training_warning)
        ticket.engineer_id = self.field
        self.assertIn('expired', ticket.aftersales_training_warning)
        ticket.engineer_id = self.engineer_a
        self.assertFalse(ticket.aftersales_training_warning)

        # the form: a warning when the engineer is chosen
        draft = self.env['aftersales.ticket'].new({'partner_id': self.customer.id, 'equipment_id': self.projector_a.id,
                                                   'engineer_id': self.engineer_b.id})
        result = draft._onchange_aftersales_training_warning()
        self.assertIn(self.engineer_b.name, result['warning']['message'])
        draft.engineer_id = self.engineer_a
        self.assertEqual(draft._onchange_aftersales_training_warning(), {})
        arch = self.env['aftersales.ticket'].fields_view_get(view_type='form')['arch']
        self.assertIn('aftersales_training_warning', arch)

    def test_ticket_blocks_when_configured(self):
        self._block()
        with self.refused():
            self._ticket(engineer_id=self.engineer_b.id)
        with self.refused():
            self._ticket(engineer_id=self.field.id)
        ticket = self._ticket(engineer_id=self.engineer_a.id)
        with self.refused():
            ticket.write({'engineer_id': self.engineer_b.id})
        self.assertEqual(ticket.engineer_id, self.engineer_a)
        # another product the engineer does not know
        with self.refused():
            ticket.write({'product_id': self.projector.id})
        # without a product there is nothing to check
        self._ticket(engineer_id=self.engineer_b.id, equipment_id=self.display_b.id, site_id=self.site_b.id)
        draft = self.env['aftersales.ticket'].new({'partner_id': self.customer.id, 'equipment_id': self.projector_a.id,
                                                   'engineer_id': self.engineer_b.id})
        self.assertIn('refused', draft._onchange_aftersales_training_warning()['warning']['message'])

    def test_engineer_of_the_service_area_is_not_refused(self):
        """Requests from e-mail and the portal get the area's engineer: warned, not refused."""
        self._block()
        area = self.env['aftersales.service.area'].create({'name': 'Test area', 'engineer_id': self.engineer_b.id})
        self.site_a.aftersales_area_id = area
        ticket = self._ticket()
        self.assertEqual(ticket.engineer_id, self.engineer_b)
        self.assertTrue(ticket.aftersales_training_warning)

    def test_visit_warns(self):
        visit = self._visit(self.engineer_b)
        self.assertIn(self.engineer_b.name, visit.aftersales_training_warning)
        visit.write({'user_id': self.engineer_a.id})
        self.assertFalse(visit.aftersales_training_warning)
        visit.write({'engineer_ids': [(4, self.field.id)]})
        self.assertIn(self.field.name, visit.aftersales_training_warning)
        draft = self.env['aftersales.visit'].new({'partner_id': self.customer.id, 'equipment_id': self.projector_a.id,
                                                  'user_id': self.engineer_b.id})
        self.assertIn('warning', draft._onchange_aftersales_training_warning())
        arch = self.env['aftersales.visit'].fields_view_get(view_type='form')['arch']
        self.assertIn('aftersales_training_warning', arch)

    def test_visit_blocks_when_configured(self):
        self._block()
        with self.refused():
            self._visit(self.engineer_b)
        visit = self._visit(self.engineer_a, days=2)
        with self.refused():
            visit.write({'engineer_ids': [(4, self.engineer_b.id)]})
        with self.refused():
            visit.write({'user_id': self.field.id})
        # the product through the ticket
        ticket = self._ticket(equipment_id=False, product_id=self.display.id)
        with self.refused():
            self._visit(self.engineer_b, days=3, equipment_id=False, ticket_id=ticket.id)
        self._visit(self.engineer_a, days=4, equipment_id=False, ticket_id=ticket.id)
