from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import TrainingCase, datetime_in, days_from_today


class TestTrainingFlow(TrainingCase):
    """Plan -> approval -> sessions -> attendance -> certificates."""

    def _plan(self, **values):
        vals = {'name': 'Autumn term', 'date_start': days_from_today(-10), 'date_end': days_from_today(120),
                'user_id': self.tech.id}
        vals.update(values)
        return self.env['aftersales.training.plan'].sudo(self.tech).create(vals)

    def test_plan_to_certificates(self):
        plan = self._plan()
        internal = self._session(plan_id=plan.id, product_ids=[(6, 0, (self.display | self.projector).ids)],
                                 passing_score=60)
        customer = self._session(plan_id=plan.id, kind='customer', title='Operation of the displays',
                                 partner_id=self.customer.id, site_id=self.site_a.id, evaluation='attendance',
                                 validity_months=0)
        self.assertEqual(plan.session_count, 2)
        self.assertEqual(plan.planned_hours, 8.0)
        self.assertTrue(internal.name.startswith('TS'))
        self.assertNotEqual(internal.name, customer.name)

        # the sessions of a plan wait for its approval
        with self.assertRaises(UserError):
            internal.action_confirm()
        plan.sudo(self.tech).action_submit()
        self.assertEqual(plan.state, 'to_approve')
        self.assertTrue(plan.activity_ids, 'the manager is asked to approve')
        plan.sudo(self.manager).action_approve()
        self.assertEqual((plan.state, plan.approved_by), ('approved', self.manager))
        self.assertFalse(plan.activity_ids)
        (internal | customer).action_confirm()

        lines = [self._attend(internal, self.engineer_a, score=85), self._attend(internal, self.engineer_b, score=40),
                 self._attend(internal, self.csr, state='absent', score=0),
                 self._attend(customer, self.contact),
                 self._attend(customer, self.env['res.partner'].create({
                     'name': 'Teacher Li', 'parent_id': self.customer.id}), state='absent')]
        self.assertEqual(lines[0].partner_id, self.engineer_a.partner_id)
        self.assertEqual([line.passed for line in lines], [True, False, False, True, False])
        self.assertEqual((internal.attended_count, internal.absent_count, internal.passed_count), (2, 1, 1))
        self.assertAlmostEqual(internal.attendance_rate, 200.0 / 3)
        self.assertEqual(internal.pass_rate, 50.0)

        (internal | customer).action_done()
        self.assertEqual(plan.session_done_count, 2)
        self.assertEqual(plan.progress, 100.0)
        certified = [line for line in lines if line.certificate_number]
        self.assertEqual(len(certified), 2)
        numbers = [line.certificate_number for line in certified]
        self.assertEqual(len(set(numbers)), 2, 'certificate numbers are unique')
        self.assertTrue(all(number.startswith('TC') for number in numbers))
        issued = fields.Datetime.from_string(internal.date_end).date()
        self.assertEqual(lines[0].certificate_date, fields.Date.to_string(issued))
        self.assertEqual(lines[0].validity_end,
                         fields.Date.to_string(issued + relativedelta(months=24, days=-1)))
        self.assertFalse(lines[3].validity_end, 'a customer certificate without validity does not expire')
        self.assertEqual(lines[3].certificate_state, 'valid')

        # done: the certificates are frozen
        with self.assertRaises(UserError):
            lines[0].write({'score': 20})
        with self.assertRaises(UserError):
            lines[0].unlink()
        with self.assertRaises(UserError):
            internal.write({'product_ids': [(6, 0, self.projector.ids)]})
        with self.assertRaises(UserError):
            internal.unlink()
        self.assertEqual(self.Attendance.search([('certificate_number', 'in', numbers)]), certified[0] | certified[1])

    def test_certificate_numbers_unique_in_the_database(self):
        session = self._session()
        session.action_confirm()
        first, second = self._attend(session, self.engineer_a), self._attend(session, self.engineer_b)
        session.action_done()
        self.assertNotEqual(first.certificate_number, second.certificate_number)
        with mute_logger('odoo.sql_db'), self.assertRaises(Exception):
            with self.cr.savepoint():
                second.sudo()._write({'certificate_number': first.certificate_number})

    def test_done_needs_the_attendance(self):
        session = self._session()
        session.action_confirm()
        line = self._attend(session, self.engineer_a, state='invited')
        with self.assertRaises(UserError):
            session.action_done()
        session.action_mark_all_attended()
        self.assertEqual(line.state, 'attended')
        session.action_done()
        self.assertTrue(line.certificate_number)
        with self.assertRaises(UserError):
            session.action_cancel()

    def test_capacity_and_duplicates(self):
        session = self._session(capacity=1)
        self._attend(session, self.engineer_a, state='invited')
        self.assertEqual(session.seats_left, 0)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._attend(session, self.engineer_b, state='invited')
        session.capacity = 5
        with mute_logger('odoo.sql_db'), self.assertRaises(Exception):
            with self.cr.savepoint():
                self._attend(session, self.engineer_a, state='invited')

    def test_validation(self):
        with self.assertRaises(ValidationError):
            self._session(duration=0)
        with self.assertRaises(ValidationError):
            self._session(kind='customer')
        with self.assertRaises(ValidationError):
            self._session(kind='customer', partner_id=self.customer.id,
                          site_id=self.env['res.partner'].create({'name': 'Elsewhere'}).id)
        session = self._session()
        with self.assertRaises(ValidationError):
            self._attend(session, self.engineer_a, score=120)
        with self.assertRaises(ValidationError):
            self.Attendance.create({'session_id': session.id, 'user_id': self.engineer_a.id,
                                    'partner_id': self.contact.id})
        with self.assertRaises(ValidationError):
            self._plan(date_start=days_from_today(10), date_end=days_from_today(1))

    def test_invite_all_staff(self):
        session = self._session(date_start=datetime_in(10))
        session.action_add_staff()
        users = session.attendance_ids.mapped('user_id')
        for user in (self.csr, self.field, self.parts, self.manager, self.engineer_a):
            self.assertIn(user, users)
        self.assertNotIn(self.tech, users, 'the trainer does not attend his own training')
        count = len(session.attendance_ids)
        session.action_add_staff()
        self.assertEqual(len(session.attendance_ids), count)

    def test_categories_cover_their_products(self):
        session = self._session(product_ids=[(6, 0, self.projector.ids)], categ_ids=[(6, 0, self.categ.ids)])
        self.assertEqual(session.covered_product_ids, self.display | self.projector)
