"""Regression tests for the Odoo 11-era vulnerability classes on our surface.

(a) a portal link that changes another customer's data (a token of record
    X with the id of record Y, on our routes and on Odoo's chatter routes);
(b) followers reading records they cannot access (a careless employee
    subscribes customer B to A's ticket);
(c) message routing creating records on models it should not (our alias
    only creates or updates service tickets);
(d) XSS through attachment names and ticket titles.
"""
import pytest
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools.safe_eval import safe_eval
from portal_case import SIGNATURE, WRONG_TOKEN
from security_case import SecurityCase

SCRIPT_TITLE = 'Dead <script>alert("t")</script> projector'
HTML_NAME = '<img src=x onerror=alert(1)>.png'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32


@pytest.mark.slow
@at_install(False)
@post_install(True)
class TestSecurityRegressionsHttp(SecurityCase):

    def json(self, url, params):
        payload = {'jsonrpc': '2.0', 'method': 'call', 'params': params}
        response = self.opener.post(self.base_url + url, json=payload, timeout=60)
        self.assertEqual(response.status_code, 200, url)
        return response.json()

    def chatter_post(self, data):
        """Odoo's portal chatter form, sent from the ticket's page."""
        data = dict(data, csrf_token=self.csrf_token())
        return self.opener.post(self.base_url + '/mail/chatter_post', data=data, timeout=60, allow_redirects=False,
                                headers={'Referer': self.base_url + '/my/tickets/%d' % self.a['open']})

    def _callbacks(self, ticket_id):
        with self.server_env() as env:
            return env['aftersales.callback'].search_count([('ticket_id', '=', ticket_id), ('rated_at', '!=', False)])

    # (a) ------------------------------------------------------------------

    def test_token_of_one_record_on_another(self):
        self.logout()
        before = self.checksum()
        a, b = self.a, self.b
        cases = [
            ('/my/tickets/%d/rate' % a['solved'], {'satisfaction': '1', 'resolved': 'no',
                                                   'access_token': b['tokens']['solved']}),
            ('/my/tickets/%d/rate' % a['solved'], {'satisfaction': '1', 'resolved': 'no',
                                                   'access_token': a['tokens']['open']}),
            ('/my/tickets/%d/message' % a['open'], {'message': 'x', 'access_token': b['tokens']['open']}),
            ('/my/tickets/%d/message' % a['open'], {'message': 'x', 'access_token': a['tokens']['to_sign']}),
            ('/my/visits/%d/sign' % a['to_sign'], {'partner_name': 'X', 'signature': SIGNATURE,
                                                   'access_token': b['tokens']['to_sign']}),
            ('/my/visits/%d/sign' % a['to_sign'], {'partner_name': 'X', 'signature': SIGNATURE,
                                                   'access_token': a['tokens']['open']}),
            # Odoo's generic chatter route, on our model
            ('/mail/chatter_post', {'res_model': 'aftersales.ticket', 'res_id': a['open'], 'message': 'x',
                                    'token': b['tokens']['open']}),
            ('/mail/chatter_post', {'res_model': 'aftersales.ticket', 'res_id': a['open'], 'message': 'x',
                                    'token': WRONG_TOKEN}),
        ]
        for login in (None, 'p_b1'):
            if login:
                self.login(login)
            for url, data in cases:
                response = self.chatter_post(data) if url == '/mail/chatter_post' else self.post(url, data)
                self.assertRefused(response, url)
        for data in ({'res_model': 'aftersales.ticket', 'res_id': a['open'], 'message': 'Posted by B'},
                     {'res_model': 'aftersales.ticket', 'res_id': '\u00b2', 'message': 'x'},
                     {'res_model': 'no.such.model', 'res_id': a['open'], 'message': 'x'}):
            response = self.chatter_post(data)
            self.assertRefused(response, data)
        self.assertUnchanged(before)
        # the right token does open the door: the refusals above are not a broken route
        self.logout()
        response = self.post('/my/tickets/%d/rate' % a['solved'], {
            'satisfaction': '4', 'resolved': 'yes', 'access_token': a['tokens']['solved']})
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self._callbacks(a['solved']), 1)
        self.assertEqual(self._callbacks(b['solved']), 0)

    def test_rating_values_posted(self):
        self.login('p_a1')
        url = '/my/tickets/%d/rate' % self.a['solved']
        before = self.checksum()
        for value in ('0', '6', '-1', '99999999999999999999', 'abc', '4.5', '', '\u00b2'):
            response = self.post(url, {'satisfaction': value, 'resolved': 'yes'})
            self.assertEqual(response.status_code, 400, value)
            self.assertIn('Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).', response.text)
        response = self.post(url, {'satisfaction': '5', 'resolved': 'maybe'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('Tell us whether the problem is solved.', response.text)
        self.assertUnchanged(before)

    # (b) ------------------------------------------------------------------

    def test_follower_of_another_customer(self):
        a, b = self.a, self.b
        b_partner = b['contacts'][0]
        with self.server_env(tracking_disable=False) as env:
            ticket = env['aftersales.ticket'].browse(a['open'])
            employee = env['res.users'].browse(self.engineer)
            # the careless employee
            ticket.message_subscribe(partner_ids=[b_partner])
            ticket.sudo(employee).message_post(body='Internal: the customer A owes us money',
                                               message_type='comment', subtype='mail.mt_note')
            ticket.sudo(employee).message_post(body='Public answer to A', message_type='comment',
                                               subtype='mail.mt_comment')
            followers = ticket.message_follower_ids
            follower_ids = followers.ids
            self.assertNotIn(b_partner, followers.mapped('partner_id').ids,
                             'a portal user of another customer follows the ticket')
            # followers written directly (as Odoo did before the fix): B still reads nothing
            env['mail.followers'].create({'res_model': 'aftersales.ticket', 'res_id': ticket.id,
                                          'partner_id': b_partner})
            ticket.sudo(employee).message_post(body='Second answer to A', message_type='comment',
                                               subtype='mail.mt_comment')
            b_user = env['res.users'].browse(b['users'][0])
            # the ORM: record rules win over the subscription
            self.assertFalse(env['aftersales.ticket'].sudo(b_user).search([('id', '=', ticket.id)]))
            with self.assertRaises(AccessError):
                ticket.sudo(b_user).read(['title'])
            notes = env['mail.message'].sudo(b_user).search([
                ('model', '=', 'aftersales.ticket'), ('res_id', '=', ticket.id), ('body', 'ilike', 'owes us')])
            self.assertFalse(notes, 'B reads an internal note of A')
            readable = env['mail.message'].sudo(b_user).search([
                ('model', '=', 'aftersales.ticket'), ('res_id', '=', ticket.id)])
            notified = readable.filtered(lambda message: b_partner in message.sudo().needaction_partner_ids.ids
                                         or b_partner in message.sudo().partner_ids.ids
                                         or b_partner in message.sudo().notification_ids.mapped(
                                             'res_partner_id').ids)
            self.assertEqual(readable, notified, 'B reads only what was sent to him by mail')
        self.login('p_b1')
        self.assertRefused(self.get('/my/tickets/%d' % a['open']))
        # the portal chatter of A's ticket
        result = self.json('/mail/chatter_fetch', {'res_model': 'aftersales.ticket', 'res_id': a['open'],
                                                   'limit': 50})
        bodies = ' '.join(message['body'] for message in result.get('result', {}).get('messages', []))
        self.assertNotIn('owes us', bodies)
        result = self.json('/mail/chatter_fetch', {'res_model': 'aftersales.ticket', 'res_id': a['open'],
                                                   'token': a['tokens']['solved']})
        self.assertIn('error', result)
        # the followers list: with our model, and with a model everyone reads
        for model in ('aftersales.ticket', 'res.country', 'res.partner'):
            result = self.json('/mail/read_followers', {'follower_ids': follower_ids, 'res_model': model})
            self.assertIn('error', result, '%s: the followers of A\'s ticket are listed' % model)
            self.assertNotIn('office.a@test.example.com', str(result))
        # B cannot write on A's ticket through the chatter either
        before = self.checksum()
        response = self.chatter_post({'res_model': 'aftersales.ticket', 'res_id': a['open'], 'message': 'B writes'})
        self.assertEqual(response.status_code, 403)
        self.assertUnchanged(before)
        # the route works for a reader of the ticket
        self.login('p_a1')
        result = self.json('/mail/read_followers', {'follower_ids': follower_ids, 'res_model': 'aftersales.ticket'})
        self.assertIn('result', result)

    # (d) ------------------------------------------------------------------

    def test_script_in_titles_and_attachment_names(self):
        with self.server_env() as env:
            ticket = env['aftersales.ticket'].browse(self.a['open'])
            ticket.title = SCRIPT_TITLE
            ticket.message_post(body='Photo', message_type='comment', subtype='mail.mt_comment',
                                attachments=[(HTML_NAME, PNG)])
        self.login('p_a1')
        for url in ('/my/tickets', '/my/tickets/%d' % self.a['open'], '/my/visits',
                    '/my/visits/%d' % self.a['to_sign'], '/my/equipment'):
            page = self.get(url).text
            self.assertNotIn('<script>alert("t")', page, url)
            self.assertNotIn('<img src=x', page, url)
        self.assertIn('Dead &lt;script&gt;', self.get('/my/tickets').text)
        result = self.json('/mail/chatter_fetch', {'res_model': 'aftersales.ticket', 'res_id': self.a['open'],
                                                   'limit': 50})['result']
        names = [attachment['name'] for message in result['messages'] for attachment in message['attachment_ids']]
        self.assertIn('&lt;img src=x onerror=alert(1)&gt;.png', names)
        self.assertNotIn(HTML_NAME, names)
        # the work report (QWeb) of the ticket shows the title escaped
        with self.server_env() as env:
            html = env.ref('aftersales_service.action_report_aftersales_ticket').render_qweb_html(
                [self.a['open']])[0].decode('utf-8')
            self.assertNotIn('<script>alert("t")', html)
            self.assertIn('&lt;script&gt;', html)


@at_install(False)
@post_install(True)
class TestSecurityMailRouting(SavepointCase):
    """(c) The service alias only creates or updates service tickets."""

    @classmethod
    def setUpClass(cls):
        super(TestSecurityMailRouting, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, aftersales_no_ack=True))
        cls.alias = cls.env.ref('aftersales_service.mail_alias_aftersales_ticket')
        cls.partner = cls.env['res.partner'].create({'name': 'Routing Victim', 'email': 'victim@test.example.com'})
        cls.partner_message = cls.partner.message_post(body='Private note on a partner', message_type='comment',
                                                       subtype='mail.mt_comment')

    def _mail(self, subject, headers=''):
        return ('From: Intruder <intruder@test.example.com>\r\n'
                'To: %s@test.example.com\r\n'
                'Subject: %s\r\n'
                'Message-Id: <%s@test.example.com>\r\n'
                '%s'
                'Content-Type: text/plain; charset=utf-8\r\n\r\n'
                'Hello\r\n') % (self.alias.alias_name, subject, subject.replace(' ', '.'), headers)

    def _counts(self):
        Message = self.env['mail.message'].sudo()
        return {
            'tickets': self.env['aftersales.ticket'].sudo().search_count([]),
            'partner messages': Message.search_count([('model', '=', 'res.partner'), ('res_id', '=', self.partner.id)]),
            'other models': Message.search_count([('model', 'not in', ('aftersales.ticket', 'res.partner')),
                                                  ('message_type', '=', 'email')]),
            'partners': self.env['res.partner'].sudo().search_count([]),
        }

    def test_alias_is_as_designed(self):
        self.assertEqual(self.alias.alias_model_id.model, 'aftersales.ticket')
        self.assertFalse(self.alias.alias_force_thread_id, 'the alias posts on no fixed record')
        self.assertFalse(self.alias.alias_parent_thread_id)
        # anyone may write to the service desk: a customer without an account opens a ticket
        self.assertEqual(self.alias.alias_contact, 'everyone')
        defaults = safe_eval(self.alias.alias_defaults or '{}')
        self.assertFalse(set(defaults) - {'type_id', 'channel', 'company_id', 'team_id'}, defaults)

    def test_routing_headers_cannot_leave_the_ticket_model(self):
        Thread = self.env['mail.thread']
        other_id = self.partner.id
        cases = [
            ('plain mail', ''),
            ('forged reference to a partner', 'In-Reply-To: <1.2-openerp-%d-res.partner@test.example.com>\r\n'
             % other_id),
            ('forged references to a user', 'References: <1.2-openerp-%d-res.users@test.example.com>\r\n'
             % self.env.uid),
            ('x-odoo-objects header', 'X-Odoo-Objects: res.partner-%d\r\n' % other_id),
            ('real reply to a partner message', 'In-Reply-To: %s\r\n' % self.partner_message.message_id),
        ]
        for name, headers in cases:
            before = self._counts()
            thread_id = Thread.message_process(None, self._mail('Routing %s' % name, headers))
            after = self._counts()
            self.assertEqual(after['partner messages'], before['partner messages'],
                             '%s: a message was posted on the partner' % name)
            self.assertEqual(after['other models'], before['other models'], name)
            self.assertEqual(after['tickets'], before['tickets'] + 1, '%s: no ticket was opened' % name)
            ticket = self.env['aftersales.ticket'].browse(thread_id)
            self.assertEqual(ticket.title, 'Routing %s' % name)
            self.assertEqual(ticket.channel, 'email')
        # a reply to a ticket's mail updates that ticket and opens none
        ticket = self.env['aftersales.ticket'].search([('title', '=', 'Routing plain mail')])
        before = self._counts()
        reply = self._mail('Re ticket', 'In-Reply-To: %s\r\n' % ticket.message_ids[-1].message_id)
        self.assertEqual(Thread.message_process(None, reply), ticket.id)
        self.assertEqual(self._counts()['tickets'], before['tickets'])
