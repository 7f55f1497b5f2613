import base64

import vobject

from odoo import fields
from odoo.exceptions import UserError

from .common import TrainingCase, datetime_in


class TestInvitation(TrainingCase):
    """Invitations by mail, with the session as an .ics calendar file."""

    def test_invitation_mail_with_ics(self):
        session = self._session(date_start=datetime_in(5, hour=1), duration=2.5, location='Training room 2',
                                user_id=self.tech.id)
        invited = self._attend(session, self.contact, state='invited')
        no_mail = self._attend(session, self.env['res.partner'].create({
            'name': 'No e-mail', 'parent_id': self.customer.id}), state='invited')
        with self.assertRaises(UserError):
            session.action_send_invitation()    # planned, not confirmed yet
        session.action_confirm()
        session.action_send_invitation()

        self.assertTrue(invited.invitation_sent_at)
        self.assertFalse(no_mail.invitation_sent_at)
        self.assertTrue(session.invitation_sent_at)
        mails = self.env['mail.mail'].search([('model', '=', invited._name), ('res_id', '=', invited.id)])
        self.assertEqual(len(mails), 1)
        self.assertIn(self.contact, mails.recipient_ids)
        self.assertIn(session.title, mails.subject)
        self.assertIn('Training room 2', mails.body_html)
        ics = mails.attachment_ids
        self.assertEqual(len(ics), 1)
        self.assertEqual(ics.mimetype, 'text/calendar')
        self.assertTrue(ics.datas_fname.endswith('.ics'))

        event = vobject.readOne(base64.b64decode(ics.datas).decode('utf-8')).vevent
        start = fields.Datetime.from_string(session.date_start)
        self.assertEqual(event.dtstart.value.replace(tzinfo=None), start)
        self.assertEqual((event.dtend.value - event.dtstart.value).total_seconds(), 2.5 * 3600)
        self.assertIn(session.title, event.summary.value)
        self.assertEqual(event.location.value, 'Training room 2')
        self.assertEqual(event.organizer.value, 'MAILTO:%s' % self.tech.email)
        attendees = [attendee.value for attendee in event.contents['attendee']]
        self.assertEqual(attendees, ['MAILTO:%s' % self.contact.email])
        self.assertIn(self.contact.name, ''.join(session.message_ids.mapped('body')), 'noted on the chatter')

    def test_invitation_needs_an_address(self):
        session = self._session()
        self._attend(session, self.env['res.partner'].create({'name': 'Nobody'}), state='invited')
        session.action_confirm()
        with self.assertRaises(UserError):
            session.action_send_invitation()
