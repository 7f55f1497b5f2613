from .common import AftersalesCase
from .test_ticket_intake import INCOMING

# the acknowledgement job: a fixed part per batch, and the mail of each ticket
ACK_JOB_QUERIES = 8   # 7 measured
ACK_JOB_QUERIES_PER_TICKET = 8   # 8 measured: 15 for one ticket


class TestTicketQueryBudget(AftersalesCase):
    """Query budgets of the hot paths (measured, plus a small margin)."""

    @classmethod
    def setUpClass(cls):
        super(TestTicketQueryBudget, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param('mail.catchall.domain', 'aftersales-test.example.com')

    def test_mail_gateway_intake_budget(self):
        # warm the caches with a first message, then measure the second
        self.env['mail.thread'].message_process(None, INCOMING % {'tag': 'warm'})
        # 38 measured (with the savepoint each mail gets and the Message-Id
        # check); 106 when Odoo formatted each message for a bus nobody
        # listened to, 58 before the new ticket inserted its computed fields,
        # tracked its routing only and took its stage, type code and working
        # hours from the registry's caches
        with self.assertQueryCount(__system__=40):
            self.env['mail.thread'].message_process(None, INCOMING % {'tag': 'measured'})

    def test_create_budget(self):
        self._ticket()
        with self.assertQueryCount(__system__=16):   # 14 measured
            self._ticket()

    def test_create_as_representative_budget(self):
        """What a representative's new ticket costs in full: sequence, routing,
        SLA, tracking, the customer's subscription; the acknowledgement is
        the job's (test_acknowledgement_job_budget): 40 measured; 289 before
        the acknowledgement became one mail.mail, the company rules a cached
        id list, the SLA and the contact's subscription part of the insert,
        and no message formatted for a bus nobody listens to; 81 before the
        acknowledgement went to the job, the computed fields into the insert,
        the creation's tracking to the routing and the stage, type codes and
        working hours into the registry's caches."""
        around_the_clock = self.env['resource.calendar'].create({
            'name': 'Around the clock',
            'attendance_ids': [(0, 0, {'name': 'day %d' % day, 'dayofweek': str(day), 'hour_from': 0,
                                       'hour_to': 23.99}) for day in range(7)]})
        self.policy.write({'calendar_id': around_the_clock.id})   # never after hours: no on-call activity
        Ticket = self.env['aftersales.ticket'].sudo(self.csr).with_context(
            tracking_disable=False, aftersales_no_ack=False, mail_notify_force_send=False)
        values = {'title': 'Projector shows no image', 'partner_id': self.customer.id,
                  'contact_id': self.contact.id, 'site_id': self.site_a.id, 'equipment_id': self.projector_a.id,
                  'type_id': self.type_repair.id, 'channel': 'phone'}
        Ticket.create(values)
        with self.assertQueryCount(__system__=42):
            ticket = Ticket.create(values)
        self.assertEqual(ticket.sla_response_state, 'running')
        self.assertFalse(ticket.after_hours)
        self.assertTrue(ticket.ack_pending, 'acknowledged by the job')

    def test_acknowledgement_job_budget(self):
        """The acknowledgement job renders the template once per batch: each
        more ticket in it adds its mail, not a rendering."""
        Ticket = self.env['aftersales.ticket'].with_context(aftersales_no_ack=False, mail_notify_force_send=False)
        values = {'title': 'Projector shows no image', 'partner_id': self.customer.id,
                  'contact_id': self.contact.id, 'type_id': self.type_repair.id}
        Ticket.create(values)
        Ticket._cron_acknowledge()   # warm the caches
        for count in (1, 10):
            for _index in range(count):
                Ticket.create(values)
            with self.assertQueryCount(__system__=ACK_JOB_QUERIES + ACK_JOB_QUERIES_PER_TICKET * count):
                Ticket._cron_acknowledge()
        self.assertFalse(Ticket.search([('ack_pending', '=', True)]))

    def test_stage_change_budget(self):
        tickets = (self._ticket() + self._ticket()).with_context(tracking_disable=False)
        tickets[0].stage_id = self.stage_progress
        with self.assertQueryCount(__system__=24):   # 23 measured
            tickets[1].stage_id = self.stage_progress
        self.assertIn('In Progress', tickets[1].message_ids[0].tracking_value_ids.mapped('new_value_char'))

    def test_inbox_followers_still_get_chat_notifications(self):
        """Skipping the bus formatting when nobody is to be told in the chat
        leaves the notification of those who are."""
        self.manager.write({'notification_type': 'inbox'})
        ticket = self._ticket().with_context(tracking_disable=False)
        ticket.message_subscribe(self.manager.partner_id.ids)
        channel = '["%s","ir.needaction",%d]' % (self.env.cr.dbname, self.manager.partner_id.id)
        before = self.env['bus.bus'].search_count([('channel', '=', channel)])
        ticket.sudo(self.csr).message_post(body='Spare part ordered', message_type='comment',
                                           subtype='mail.mt_comment')
        self.assertEqual(self.env['bus.bus'].search_count([('channel', '=', channel)]), before + 1)
