import base64

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import AftersalesCase

INCOMING = """Return-Path: <wu@test.example.com>
From: Teacher Wu <wu@test.example.com>
To: service@aftersales-test.example.com
Subject: Projector in room 3 shows no image
Message-ID: <first-%(tag)s@test.example.com>
Date: Mon, 23 Nov 2026 09:12:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello, the projector in classroom 3 has shown no image since this morning.
"""

REPLY = """Return-Path: <wu@test.example.com>
From: Teacher Wu <wu@test.example.com>
To: service@aftersales-test.example.com
Subject: Re: Projector in room 3 shows no image
Message-ID: <reply-%(tag)s@test.example.com>
In-Reply-To: <first-%(tag)s@test.example.com>
References: <first-%(tag)s@test.example.com>
Date: Mon, 23 Nov 2026 10:40:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

The lamp indicator is blinking red.
"""


class TestTicketIntake(AftersalesCase):

    @classmethod
    def setUpClass(cls):
        super(TestTicketIntake, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param('mail.catchall.domain', 'aftersales-test.example.com')

    def test_every_channel_creates_a_ticket(self):
        channels = [key for key, _label in self.env['aftersales.ticket']._fields['channel'].selection]
        self.assertEqual(set(channels), {'phone', 'email', 'web', 'portal', 'fax', 'im', 'walkin', 'inspection'})
        for channel in channels:
            ticket = self.env['aftersales.ticket'].sudo(self.csr).create({
                'title': 'Request by %s' % channel, 'partner_id': self.customer.id, 'channel': channel})
            self.assertEqual(ticket.channel, channel)
            self.assertTrue(ticket.name.startswith('ST'))
            self.assertEqual(ticket.stage_id, self.stage_new)
            self.assertEqual(ticket.sla_policy_id, self.policy)

    def test_references_are_unique(self):
        first, second = self._ticket(), self._ticket()
        self.assertNotEqual(first.name, second.name)

    def test_mail_gateway_creates_ticket_and_threads_reply(self):
        Thread = self.env['mail.thread']
        ticket_id = Thread.message_process(None, INCOMING % {'tag': 'a'})
        ticket = self.env['aftersales.ticket'].browse(ticket_id)
        self.assertEqual(ticket._name, 'aftersales.ticket')
        self.assertEqual(ticket.channel, 'email')
        self.assertEqual(ticket.title, 'Projector in room 3 shows no image')
        self.assertEqual(ticket.contact_id, self.contact)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertIn('classroom 3', ticket.description)
        self.assertIn(self.contact, ticket.message_partner_ids)
        # in the queue for a representative: the gateway's user neither takes nor follows it
        self.assertFalse(ticket.user_id)
        self.assertEqual(ticket.message_partner_ids, self.contact)
        reply_id = Thread.message_process(None, REPLY % {'tag': 'a'})
        self.assertEqual(reply_id, ticket.id)
        self.assertEqual(self.env['aftersales.ticket'].search_count([('title', 'like', 'Projector in room 3')]), 1)
        self.assertIn('blinking red', ticket.message_ids[0].body)

    def test_unknown_sender_becomes_a_customer(self):
        raw = (INCOMING % {'tag': 'b'}).replace('Teacher Wu <wu@test.example.com>',
                                                'New Person <new.person@elsewhere.example.com>')
        ticket = self.env['aftersales.ticket'].browse(self.env['mail.thread'].message_process(None, raw))
        self.assertEqual(ticket.partner_id.email, 'new.person@elsewhere.example.com')

    def test_acknowledgement_promises_response_time(self):
        ticket = self.env['aftersales.ticket'].with_context(aftersales_no_ack=False).create({
            'title': 'Broken display', 'partner_id': self.customer.id, 'contact_id': self.contact.id,
            'user_id': self.csr.id})
        self.assertTrue(ticket.ack_pending)
        self.env['aftersales.ticket']._cron_acknowledge()
        self.assertFalse(ticket.ack_pending)
        ack = ticket.message_ids.filtered(lambda m: ticket.name in (m.subject or ''))
        self.assertTrue(ack, 'an acknowledgement is posted to the customer')
        self.assertIn('respond by', ack[0].body)
        self.assertEqual(ack.author_id, self.csr.partner_id, 'signed by the representative, not by the job')
        self.assertIn(self.contact.partner_share and self.contact or self.contact, ack[0].partner_ids)

    def test_acknowledgements_are_queued_in_batches(self):
        """The job acknowledges every pending ticket once, with one template
        rendering for the batch; a ticket whose acknowledgement cannot be
        rendered does not hold the others back."""
        Ticket = self.env['aftersales.ticket'].with_context(aftersales_no_ack=False)
        tickets = Ticket.browse()
        for title in ('Broken display', 'boom', 'No sound'):
            tickets |= Ticket.create({'title': title, 'partner_id': self.customer.id, 'contact_id': self.contact.id})
        quiet = Ticket.with_context(aftersales_no_ack=True).create({
            'title': 'Typed in quietly', 'partner_id': self.customer.id, 'contact_id': self.contact.id})
        self.assertFalse(quiet.ack_pending)
        Mail = self.env['mail.mail']
        domain = [('model', '=', 'aftersales.ticket'), ('res_id', 'in', tickets.ids)]
        self.assertFalse(Mail.search(domain), 'nothing is rendered at creation')
        template = self.env.ref('aftersales_service.mail_template_aftersales_ticket_ack')
        template.subject = "${object.name}: ${object.title if object.title != 'boom' else 1 / 0}"
        with mute_logger('odoo.addons.aftersales_service.models.aftersales_ticket',
                         'odoo.addons.mail.models.mail_template'):
            Ticket._cron_acknowledge()
        acked = tickets.filtered(lambda t: t.message_ids.filtered(lambda m: t.name in (m.subject or '')))
        self.assertEqual(acked.mapped('title'), ['Broken display', 'No sound'])
        self.assertFalse(tickets.filtered('ack_pending'), 'the failing one is not retried every minute')
        self.assertFalse(quiet.message_ids.filtered(lambda m: quiet.name in (m.subject or '')))
        self.assertEqual(Mail.search_count(domain), 2)
        Ticket._cron_acknowledge()
        self.assertEqual(Mail.search_count(domain), 2, 'each ticket is acknowledged once')

    def test_creation_logs_the_routing_and_later_changes_track_all(self):
        ticket = self.env['aftersales.ticket'].with_context(tracking_disable=False).create({
            'title': 'Broken display', 'partner_id': self.customer.id, 'contact_id': self.contact.id,
            'site_id': self.site_a.id, 'equipment_id': self.projector_a.id, 'priority': '1'})
        logged = ticket.message_ids.mapped('tracking_value_ids.field')
        self.assertIn('stage_id', logged)
        self.assertFalse(set(logged) - {'stage_id', 'user_id', 'engineer_id'}, logged)
        ticket.write({'title': 'Broken display, no sound', 'priority': '2'})
        changed = ticket.message_ids[0].tracking_value_ids
        self.assertEqual(sorted(changed.mapped('field')), ['priority', 'title'])
        self.assertIn('Broken display', changed.mapped('old_value_char'))

    def test_new_repair_of_recently_repaired_equipment_is_a_repeat_fault(self):
        first = self._ticket()
        again = self._ticket()
        other_equipment = self._ticket(site_id=self.site_b.id, equipment_id=self.display_b.id)
        suggestion = self._ticket(type_id=self.type_suggestion.id, title='Open on Saturdays')
        self.assertEqual([first.repeat_fault, again.repeat_fault, other_equipment.repeat_fault,
                          suggestion.repeat_fault], [False, True, False, False])
        self.assertEqual((again.type_code, again.stage_state, again.commercial_partner_id, again.criticality),
                         ('repair', 'new', self.customer, self.projector_a.aftersales_criticality))

    def test_stage_and_type_settings_apply_to_the_next_ticket(self):
        """The first stage of a ticket type is kept in the registry for each
        new ticket: a change of the stages applies to the very next one."""
        before = self._ticket(type_id=self.type_complaint.id, equipment_id=False)
        intake = self.env['aftersales.ticket.stage'].create({
            'name': 'Complaint intake', 'state': 'new', 'sequence': 0, 'type_ids': [(6, 0, self.type_complaint.ids)]})
        complaint = self._ticket(type_id=self.type_complaint.id, equipment_id=False)
        repair = self._ticket()
        self.assertEqual(complaint.stage_id, intake)
        self.assertNotEqual(before.stage_id, intake)
        self.assertNotEqual(repair.stage_id, intake)
        intake.type_ids = [(6, 0, self.type_repair.ids)]
        self.assertEqual(self._ticket().stage_id, intake)
        self.assertEqual(self._ticket(type_id=self.type_complaint.id, equipment_id=False).stage_id, before.stage_id)

    def test_suggestion_goes_to_management(self):
        ticket = self._ticket(type_id=self.type_suggestion.id, equipment_id=False, title='Open on Saturdays')
        self.assertIn(self.manager, ticket.activity_ids.mapped('user_id'))

    def test_missing_customer_is_refused(self):
        count = self.env['aftersales.ticket'].search_count([])
        with self.assertRaises(UserError), self.cr.savepoint():
            self.env['aftersales.ticket'].create({'title': 'no customer'})
        self.assertEqual(self.env['aftersales.ticket'].search_count([]), count)

    def test_equipment_of_another_site_is_refused(self):
        count = self.env['aftersales.ticket'].search_count([])
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._ticket(site_id=self.site_a.id, equipment_id=self.display_b.id)
        self.assertEqual(self.env['aftersales.ticket'].search_count([]), count)

    def test_site_of_another_customer_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._ticket(partner_id=self.other_customer.id, equipment_id=False)

    def test_equipment_onchange_fills_site_and_priority(self):
        ticket = self.env['aftersales.ticket'].new({'partner_id': self.customer.id, 'priority': '0'})
        ticket.equipment_id = self.display_b
        ticket._onchange_equipment_id()
        self.assertEqual(ticket.site_id, self.site_b)
        self.assertEqual(ticket.priority, '1')

    def test_partner_and_equipment_smart_buttons(self):
        self._ticket()
        self.assertEqual(self.site_a.aftersales_equipment_count, 1)
        self.assertEqual(self.site_a.aftersales_ticket_count, 1)
        self.assertEqual(self.customer.aftersales_equipment_count, 2)
        self.assertEqual(self.projector_a.aftersales_ticket_count, 1)
        action = self.customer.action_aftersales_tickets()
        self.assertEqual(self.env['aftersales.ticket'].search_count(action['domain']), 1)

    def test_acknowledgement_carries_the_templates_report(self):
        """An administrator who adds the ticket's printout to the
        acknowledgement template gets it attached to the queued mail."""
        template = self.env.ref('aftersales_service.mail_template_aftersales_ticket_ack')
        template.write({'report_template': self.env.ref('aftersales_service.action_report_aftersales_ticket').id,
                        'report_name': 'Ticket ${object.name}'})
        ticket = self.env['aftersales.ticket'].with_context(aftersales_no_ack=False).create({
            'title': 'Broken display', 'partner_id': self.customer.id, 'contact_id': self.contact.id})
        self.env['aftersales.ticket']._cron_acknowledge()
        ack = ticket.message_ids.filtered(lambda m: ticket.name in (m.subject or ''))
        mail = self.env['mail.mail'].search([('mail_message_id', '=', ack.id)])
        # a PDF, or its HTML when Odoo runs its tests without a report directory
        self.assertRegex(mail.attachment_ids.name or '', r'^Ticket %s\.(pdf|html)$' % ticket.name)
        self.assertIn(ticket.name.encode(), base64.b64decode(mail.attachment_ids.datas))
