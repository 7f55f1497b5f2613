"""The hostile mail corpus (``tests/mail_corpus/*.eml``) through the real
mail gateway: ``mail.thread.message_process`` on the service alias, as
fetchmail calls it (one call per mail; a mail that raises is counted as
failed and the next one goes on).

Every mail has its expected effect in ``EXPECTED``:

- ``ticket``: a new e-mail ticket; its acknowledgement goes to the sender,
  except for automatic mail (``no_ack``);
- ``append``: added to the ticket it answers, no new ticket;
- ``ignored``: dropped (bounce, auto-reply, duplicate Message-Id), nothing
  written;
- ``refused``: a clean ``UserError`` that fetchmail logs, nothing written.

Each mail is processed twice: the second time changes nothing (Message-Id
dedupe, also for a mail without a Message-Id).
"""
import base64
import os
import uuid

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import SavepointCase

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mail_corpus')
SENDER = 'wu@test.example.com'
# name: (effect, what the ticket must show: substring of the title or description, or None)
EXPECTED = {
    '01_plain_request': ('ticket', 'classroom 3'),
    '02_reply_to_request': ('append', 'blinking red'),
    '03_duplicate_message_id': ('ignored', None),
    '04_no_message_id': ('ticket', 'room 5 flickers'),
    '05_two_message_id_headers': ('ticket', 'Which id'),
    '06_unknown_charset': ('ticket', 'Printer jam'),
    '07_gb2312_declared_utf8': ('ticket', '投影仪故障'),
    '08_big5_declared_ascii': ('ticket', 'Big5 body'),
    '09_8bit_headers': ('ticket', 'no encoded-words'),
    '10_broken_encoded_words': ('ticket', 'broken RFC 2047'),
    '11_malformed_boundary': ('ticket', 'undeclared boundary'),
    '12_missing_boundary': ('ticket', 'no boundary parameter'),
    '13_unclosed_multipart': ('ticket', 'no closing boundary'),
    '14_nested_rfc822': ('ticket', 'Forwarding'),
    '15_deep_nesting': ('ticket', 'Deep inside'),
    '16_bounce_dsn': ('ignored', None),
    '17_bounce_mailer_daemon_plain': ('ignored', None),
    '18_auto_submitted_auto_replied': ('ignored', None),
    '19_x_autoreply': ('ignored', None),
    '20_out_of_office_subject': ('ignored', None),
    '21_out_of_office_chinese_subject': ('ignored', None),
    '22_precedence_bulk': ('ticket', 'Lamp hours', 'no_ack'),
    '23_auto_generated_alarm': ('ticket', 'offline for 15 minutes', 'no_ack'),
    '24_unknown_sender': ('ticket', 'new customer'),
    '25_no_from': ('refused', None),
    '26_sender_without_address': ('refused', None),
    '27_from_own_alias': ('ignored', None),
    '28_html_only_script': ('ticket', 'Broken <b>screen</b>'),
    '29_empty_body': ('ticket', 'Empty body'),
    '30_very_long_subject': ('ticket', 'very very very'),
    '31_nul_bytes': ('ticket', 'NUL  bytes'),
    '32_broken_base64_body': ('ticket', 'Broken base64'),
    '33_attachment_path_traversal': ('ticket', 'Log attached'),
    '34_reply_to_unknown_message': ('ticket', 'do not know'),
    '35_base64_attachment': ('ticket', 'Photo attached'),
}
WATCHED = ('aftersales_ticket', 'res_partner', 'ir_attachment', 'mail_message', 'mail_mail', 'mail_followers',
           'mail_activity', 'mail_tracking_value')
HUGE_MB = 25


def load(name, tag):
    with open(os.path.join(CORPUS, name + '.eml'), 'rb') as eml:
        return eml.read().replace(b'{tag}', tag.encode('ascii'))


class TestSecurityMailCorpus(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSecurityMailCorpus, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env['ir.config_parameter'].sudo().set_param('mail.catchall.domain', 'aftersales-test.example.com')
        cls.customer = cls.env['res.partner'].create({
            'name': 'Corpus County School', 'is_company': True, 'customer': True})
        cls.contact = cls.env['res.partner'].create({
            'name': 'Teacher Wu', 'parent_id': cls.customer.id, 'email': SENDER})
        cls.env['res.partner'].search([('email', '=ilike', SENDER), ('id', '!=', cls.contact.id)]).write(
            {'email': False})

    def setUp(self):
        super(TestSecurityMailCorpus, self).setUp()
        self.tag = uuid.uuid4().hex[:12]

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def counts(self):
        result = {}
        for table in WATCHED:
            self.env.cr.execute('SELECT count(*) FROM %s' % table)
            result[table] = self.env.cr.fetchone()[0]
        return result

    def fetch(self, raw):
        """What fetchmail does with one mail: process it; an exception is a
        failed mail (logged), the next mail goes on. Then the acknowledgement
        job runs. Returns (result, error)."""
        try:
            result = self.env['mail.thread'].message_process(None, raw)
        except Exception as error:  # fetchmail catches everything, so does this
            return None, error
        self.env['aftersales.ticket']._cron_acknowledge()
        return result, None

    def tickets(self):
        return self.env['aftersales.ticket'].search([])

    def acks_to(self, email):
        """The messages of tickets sent to ``email``: an e-mail to a partner,
        queued by a template or by a follower notification, is a message
        with the partner among its recipients (sent mails are deleted, their
        message stays)."""
        return self.env['mail.message'].search([('model', '=', 'aftersales.ticket'),
                                                ('partner_ids.email', '=ilike', email)])

    # ------------------------------------------------------------------
    # tests
    # ------------------------------------------------------------------

    def test_corpus(self):
        names = sorted(name[:-4] for name in os.listdir(CORPUS) if name.endswith('.eml'))
        self.assertEqual(names, sorted(EXPECTED), 'every mail of the corpus has its expected effect')
        self.assertGreaterEqual(len(names), 20)
        results = []
        first_ticket = None
        for name in names:
            effect, text = EXPECTED[name][:2]
            no_ack = EXPECTED[name][2:] == ('no_ack',)
            raw = load(name, self.tag)
            before, tickets = self.counts(), self.tickets()
            result, error = self.fetch(raw)
            new = self.tickets() - tickets
            if effect == 'refused':
                self.assertIsInstance(error, UserError, '%s: %r' % (name, error))
                self.assertEqual(self.counts(), before, '%s left rows behind' % name)
            else:
                self.assertIsNone(error, '%s raised %r' % (name, error))
            if effect == 'ignored':
                self.assertFalse(result, name)
                self.assertEqual(self.counts(), before, '%s wrote something' % name)
            if effect == 'append':
                self.assertFalse(new, name)
                self.assertEqual(result, first_ticket.id, name)
                self.assertIn(text, first_ticket.message_ids[0].body, name)
            if effect == 'ticket':
                self.assertEqual(len(new), 1, name)
                self.assertEqual(result, new.id, name)
                self.assertEqual(new.channel, 'email', name)
                self.assertRegex(new.name, r'^ST\d{4}-\d{5}$', '%s: a reference from the sequence' % name)
                self.assertTrue(new.partner_id, name)
                self.assertIn(text, '%s %s' % (new.title, new.description or ''), name)
                acks = new.message_ids.filtered(lambda m: new.name in (m.subject or ''))
                self.assertEqual(bool(acks), not no_ack, '%s: acknowledgement' % name)
                self._check_ticket(name, new)
                first_ticket = first_ticket or new
            # the same mail again changes nothing
            after = self.counts()
            again, error = self.fetch(raw)
            if effect == 'refused':
                self.assertIsInstance(error, UserError, name)
            else:
                self.assertIsNone(error, name)
                self.assertFalse(again, '%s processed twice' % name)
            self.assertEqual(self.counts(), after, '%s processed twice wrote rows' % name)
            results.append((name, effect, len(new), type(error).__name__ if error else ''))
        print('\n'.join('%-36s %-8s tickets+%d %s' % row for row in results))

    def _check_ticket(self, name, ticket):
        body = ticket.description or ''
        for bad in ('<script', 'onerror', 'javascript:'):
            self.assertNotIn(bad, body, name)
            self.assertNotIn(bad, ''.join(ticket.message_ids.mapped('body')), name)
        self.assertNotIn('\x00', ticket.title + body, name)
        attachments = self.env['ir.attachment'].search([('res_model', '=', 'aftersales.ticket'),
                                                        ('res_id', '=', ticket.id)])
        if name == '35_base64_attachment':
            self.assertEqual(attachments.mapped('datas_fname'), ['photo.png'])
        if name == '33_attachment_path_traversal':
            self.assertEqual(len(attachments), 1)
            self.assertNotIn('..', attachments.store_fname or '')
        if name == '30_very_long_subject':
            self.assertGreater(len(ticket.title), 10000)
        if name == '24_unknown_sender':
            self.assertEqual(ticket.partner_id.email, 'new.person.%s@elsewhere.example.com' % self.tag)

    def test_huge_attachment(self):
        data = os.urandom(HUGE_MB * 1024 * 1024)
        raw = (b'From: Teacher Wu <wu@test.example.com>\nTo: service@aftersales-test.example.com\n'
               b'Subject: Video of the fault\nMessage-ID: <huge-%s@test.example.com>\nMIME-Version: 1.0\n'
               b'Content-Type: multipart/mixed; boundary="h"\n\n--h\nContent-Type: text/plain\n\nVideo attached.\n'
               b'--h\nContent-Type: video/mp4; name="fault.mp4"\nContent-Transfer-Encoding: base64\n'
               b'Content-Disposition: attachment; filename="fault.mp4"\n\n' % self.tag.encode('ascii')
               + base64.encodebytes(data) + b'--h--\n')
        ticket = self.env['aftersales.ticket'].browse(self.fetch(raw)[0])
        self.assertTrue(ticket)
        attachment = self.env['ir.attachment'].search([('res_model', '=', 'aftersales.ticket'),
                                                       ('res_id', '=', ticket.id)])
        self.assertEqual(attachment.datas_fname, 'fault.mp4')
        self.assertEqual(attachment.file_size, len(data))
        self.assertEqual(self.fetch(raw), (False, None))

    def test_auto_replies_do_not_ping_pong(self):
        """Our acknowledgement gets an out-of-office answer: it is added to
        the ticket as a note and nothing is sent back; five more
        auto-replies, threaded or not, create no ticket and send nothing."""
        ticket = self.env['aftersales.ticket'].browse(self.fetch(load('01_plain_request', self.tag))[0])
        ack = ticket.message_ids.filtered(lambda m: ticket.name in (m.subject or ''))
        self.assertEqual(len(ack), 1, [(m.subject, m.message_type, m.subtype_id.name, m.body[:200]) for m in ack])
        self.assertEqual(len(self.acks_to(SENDER)), 1)
        queued = self.env['mail.mail'].search([('mail_message_id', '=', ack.id)])
        self.assertEqual(queued.mapped('recipient_ids.email'), [SENDER], 'the acknowledgement is queued to the sender')
        tickets, note = self.tickets(), self.env.ref('mail.mt_note')
        for index in range(5):
            for headers, threaded in (('Auto-Submitted: auto-replied', True), ('X-Autoreply: yes', False),
                                      ('Precedence: auto_reply', False), ('X-Autorespond: yes', True)):
                raw = ('From: Teacher Wu <%s>\nTo: service@aftersales-test.example.com\n'
                       'Subject: Automatic reply: %s\nMessage-ID: <ooo-%d-%s-%s@test.example.com>\n%s%s\n\n'
                       'I am out of the office.\n') % (
                    SENDER, ack.subject, index, headers[:4], self.tag,
                    'In-Reply-To: %s\n' % ack.message_id if threaded else '', headers)
                result, error = self.fetch(raw.encode('utf-8'))
                self.assertIsNone(error)
                self.assertEqual(result, ticket.id if threaded else False, headers)
        self.assertEqual(self.tickets(), tickets)
        self.assertEqual(len(self.acks_to(SENDER)), 1, 'nothing is sent back to an auto-reply')
        autos = ticket.message_ids.filtered(lambda m: 'out of the office' in (m.body or ''))
        self.assertEqual(len(autos), 10)
        self.assertEqual(autos.mapped('subtype_id'), note, 'auto-replies are internal notes: nobody is notified')

    def test_failed_mail_leaves_nothing(self):
        """A mail that fails after the gateway created the sender's partner
        (the ticket is refused) leaves no partner, no attachment, no message."""
        raw = load('35_base64_attachment', self.tag).replace(
            b'From: Teacher Wu <wu@test.example.com>', b'From: Stranger <stranger.%s@example.com>' % (
                self.tag.encode('ascii')))
        other_site = self.env['res.partner'].create({
            'name': 'Site of another customer', 'aftersales_is_site': True,
            'parent_id': self.env['res.partner'].create({'name': 'Another customer', 'is_company': True}).id})
        # a misconfigured alias: every ticket it creates is refused by a constraint
        alias = self.env.ref('aftersales_service.mail_alias_aftersales_ticket')
        alias.alias_defaults = "{'site_id': %d}" % other_site.id
        before = self.counts()
        result, error = self.fetch(raw)
        self.assertIsInstance(error, (UserError, ValidationError), error)
        self.assertFalse(result)
        self.assertEqual(self.counts(), before)
        self.assertFalse(self.env['res.partner'].search([('email', 'ilike', 'stranger.%s' % self.tag)]))
