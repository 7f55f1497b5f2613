from odoo.exceptions import AccessError, UserError

from .common import AftersalesCase


class TestComplaintAndCallback(AftersalesCase):

    def _complaint(self):
        return self._ticket(type_id=self.type_complaint.id, equipment_id=False,
                            title='Engineer arrived two hours late')

    def test_complaint_cannot_close_unverified(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.stage_id = self.stage_closed
        complaint.complaint_verified = 'true'
        with self.assertRaises(UserError):
            complaint.stage_id = self.stage_closed
        complaint.complaint_answer = 'We apologise; the visit was rescheduled without notice.'
        with self.assertRaises(UserError):
            complaint.stage_id = self.stage_closed
        self.assertNotEqual(complaint.stage_state, 'closed')

    def test_manager_review_allows_closing(self):
        complaint = self._complaint()
        complaint.write({'complaint_verified': 'false', 'complaint_answer': 'The visit was on time.'})
        complaint.sudo(self.manager).action_review_complaint()
        self.assertEqual(complaint.complaint_reviewed_by, self.manager)
        complaint.stage_id = self.stage_closed
        self.assertEqual(complaint.stage_state, 'closed')
        self.assertTrue(complaint.closed_at)

    def test_review_needs_verification_and_answer(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.sudo(self.manager).action_review_complaint()

    def test_representative_cannot_review(self):
        complaint = self._complaint()
        complaint.write({'complaint_verified': 'true', 'complaint_answer': 'Sorry.'})
        with self.assertRaises(UserError):
            complaint.sudo(self.csr).action_review_complaint()
        with self.assertRaises(AccessError):
            complaint.sudo(self.csr).write({'complaint_reviewed_by': self.csr.id})
        self.assertFalse(complaint.complaint_reviewed_by)

    def test_solved_repair_schedules_callback(self):
        ticket = self._ticket(user_id=self.csr.id)
        ticket.stage_id = self.stage_solved
        callback_type = self.env.ref('aftersales_service.mail_activity_type_callback')
        activity = ticket.activity_ids.filtered(lambda a: a.activity_type_id == callback_type)
        self.assertEqual(activity.user_id, self.csr)

    def test_callback_of_a_ticket_nobody_took_goes_to_a_manager(self):
        ticket = self._ticket(user_id=False)
        ticket.stage_id = self.stage_solved
        callback_type = self.env.ref('aftersales_service.mail_activity_type_callback')
        activity = ticket.activity_ids.filtered(lambda a: a.activity_type_id == callback_type)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.user_id.has_group('aftersales_service.group_aftersales_manager'))

    def test_callback_resolved_closes_ticket(self):
        ticket = self._ticket(user_id=self.csr.id)
        ticket.stage_id = self.stage_solved
        self.env['aftersales.callback'].sudo(self.csr).create({
            'ticket_id': ticket.id, 'resolved': 'yes', 'satisfaction': '5', 'comment': 'Works again'})
        self.assertEqual(ticket.stage_state, 'closed')
        self.assertEqual(ticket.callback_count, 1)
        self.assertEqual(ticket.satisfaction, '5')
        self.assertFalse(ticket.activity_ids)

    def test_callback_not_resolved_reopens_ticket(self):
        ticket = self._ticket(user_id=self.csr.id)
        ticket.stage_id = self.stage_solved
        self.assertTrue(ticket.resolved_at)
        self.env['aftersales.callback'].sudo(self.csr).create({
            'ticket_id': ticket.id, 'resolved': 'no', 'satisfaction': '2', 'comment': 'Still no image'})
        self.assertEqual(ticket.stage_state, 'progress')
        self.assertFalse(ticket.resolved_at)
        self.assertEqual(ticket.sla_resolution_state, 'running')
        self.assertIn('reopened', ticket.message_ids[0].body)

    def test_callback_before_solving_is_refused(self):
        ticket = self._ticket()
        with self.assertRaises(UserError), self.cr.savepoint():
            self.env['aftersales.callback'].create({'ticket_id': ticket.id, 'resolved': 'yes'})
        self.assertFalse(ticket.callback_ids)
