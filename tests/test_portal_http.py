"""The customer portal over HTTP, as customers A (users A1, A2) and B (B1).

Every portal route, GET and POST, is called by B with A's ids and A's
tokens, with an empty and a wrong token, and anonymously: refused (403/404 or
the login page) and the database does not change. POST routes refuse a
request without a CSRF token; GET requests never write.
"""
import base64
import logging
import re

import pytest
from odoo.tests.common import at_install, post_install
from portal_case import PDF_CONTENT, SIGNATURE, WRONG_TOKEN, PortalCase

_logger = logging.getLogger(__name__)
TOKENS = (None, '', 'own', WRONG_TOKEN)
SIGNATURE_PNG = base64.b64decode(SIGNATURE)
HUGE_PDF = b'%PDF' + b'0' * (10 * 1024 * 1024)      # one byte over the limit of 10 MB


@pytest.mark.slow
@at_install(False)
@post_install(True)
class TestPortalHttp(PortalCase):

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _ticket(self, ticket_id):
        with self.server_env() as env:
            ticket = env['aftersales.ticket'].browse(ticket_id)
            return {'title': ticket.title, 'channel': ticket.channel, 'partner': ticket.partner_id.id,
                    'contact': ticket.contact_id.id, 'site': ticket.site_id.id,
                    'equipment': ticket.equipment_id.id, 'type': ticket.type_code,
                    'description': ticket.description, 'state': ticket.stage_state,
                    'attachments': env['ir.attachment'].search([
                        ('res_model', '=', 'aftersales.ticket'), ('res_id', '=', ticket_id)]).mapped('datas_fname'),
                    'callbacks': [(c.source, c.satisfaction, c.resolved, c.customer_comment, bool(c.rated_at))
                                  for c in ticket.callback_ids]}

    def _visit(self, visit_id):
        with self.server_env() as env:
            visit = env['aftersales.visit'].browse(visit_id)
            return {'signed': visit.is_signed, 'signed_by': visit.signed_by, 'role': visit.signer_role,
                    'signature': bool(visit.signature)}

    def _token(self, customer, key, kind):
        """``kind``: None, '' (empty), 'own' (the record's own token) or a wrong token."""
        return customer['tokens'][key] if kind == 'own' else kind

    def _get_routes(self, customer):
        """(url, token key) of every GET route on the customer's records."""
        routes = []
        for key in ('open', 'solved', 'inquiry'):
            routes += [('/my/tickets/%d' % customer[key], key), ('/my/tickets/%d/rate' % customer[key], key)]
        for key in ('to_sign', 'signed'):
            routes += [('/my/visits/%d' % customer[key], key), ('/my/visits/%d/pdf' % customer[key], key)]
        return routes

    def _post_routes(self, customer):
        """(url, data, files, token key) of every POST route on the customer's records."""
        attachment = [('attachments', ('report.pdf', PDF_CONTENT, 'application/pdf'))]
        routes = []
        for key in ('open', 'solved'):
            routes += [
                ('/my/tickets/%d/message' % customer[key], {'message': 'Intruder message'}, attachment, key),
                ('/my/tickets/%d/rate' % customer[key], {'satisfaction': '1', 'resolved': 'no',
                                                         'comment': 'Intruder rating'}, None, key),
            ]
        for key in ('to_sign', 'signed'):
            routes.append(('/my/visits/%d/sign' % customer[key], {
                'partner_name': 'Intruder', 'signer_role': 'None', 'signature': SIGNATURE}, None, key))
        return routes

    def _new_request(self, **values):
        data = {'ticket_type': 'repair', 'site_id': str(self.a['sites'][0]),
                'equipment_id': str(self.a['equipment'][0]), 'title': 'Projector flickers',
                'description': 'The projector in room 101 flickers since Monday.'}
        data.update(values)
        return data

    # ------------------------------------------------------------------
    # lists
    # ------------------------------------------------------------------

    def test_lists_show_only_own_records(self):
        for login in self.a['logins']:
            # both users of customer A see all of A's records, none of B's
            self.login(login)
            response = self.get('/my/tickets')
            self.assertEqual(response.status_code, 200)
            for name, title in zip(self.a['names'], self.a['titles']):
                self.assertIn(name, response.text)
                self.assertIn(title, response.text)
            for name, title in zip(self.b['names'], self.b['titles']):
                self.assertNotIn(name, response.text)
                self.assertNotIn(title, response.text)

            response = self.get('/my/equipment')
            self.assertEqual(response.status_code, 200)
            self.assertIn('SN-A1', response.text)
            self.assertIn('SN-A2', response.text)
            self.assertIn('Site A2', response.text)
            self.assertNotIn('SN-B1', response.text)

            response = self.get('/my/visits')
            self.assertEqual(response.status_code, 200)
            self.assertEqual(sorted(map(int, re.findall(r'data-visit-id="(\d+)"', response.text))),
                             sorted([self.a['to_sign'], self.a['signed']]))
            response = self.get('/my/visits', filterby='to_sign')
            self.assertEqual(re.findall(r'data-visit-id="(\d+)"', response.text), [str(self.a['to_sign'])])

            response = self.get('/my')
            self.assertEqual(response.status_code, 200)
            self.assertIn('href="/my/tickets"', response.text)
            self.assertIn('href="/my/equipment"', response.text)
            self.assertIn('href="/my/visits?filterby=to_sign"', response.text)
            self.assertIn('href="/my/tickets/new"', response.text)

    def test_ticket_list_filters_sorting_and_paging(self):
        self.login('p_a1')

        def listed(**params):
            response = self.get('/my/tickets', **params)
            self.assertEqual(response.status_code, 200, params)
            return sorted(map(int, re.findall(r'data-ticket-id="(\d+)"', response.text)))

        a_all = sorted([self.a['open'], self.a['solved'], self.a['inquiry']])
        self.assertEqual(listed(), a_all)
        self.assertEqual(listed(filterby='solved'), [self.a['solved']])
        self.assertEqual(listed(filterby='open'), sorted([self.a['open'], self.a['inquiry']]))
        self.assertEqual(listed(ticket_type='inquiry'), [self.a['inquiry']])
        self.assertEqual(listed(ticket_type='repair', filterby='open'), [self.a['open']])
        self.assertEqual(listed(site=str(self.a['sites'][1])), [self.a['inquiry']])
        # another customer's site, nonsense values: ignored, never a crash
        self.assertEqual(listed(site=str(self.b['sites'][0])), a_all)
        for params in ({'sortby': 'name'}, {'sortby': 'stage'}, {'sortby': 'priority'}, {'sortby': 'nope'},
                       {'filterby': "'; drop table"}, {'site': '-1'}, {'site': '99999999999999'},
                       {'ticket_type': 'x'}):
            self.assertEqual(listed(**params), a_all)
        response = self.get('/my/tickets/page/7')
        self.assertEqual(response.status_code, 200)

    # ------------------------------------------------------------------
    # pages
    # ------------------------------------------------------------------

    def test_ticket_page(self):
        self.login('p_a1')
        response = self.get('/my/tickets/%d' % self.a['open'])
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn('Open request of A', page)
        self.assertIn('Engineer Lin', page)
        self.assertNotIn('lin.private@test.example.com', page)     # the engineer's name only
        self.assertIn('href="/my/visits/%d"' % self.a['to_sign'], page)
        self.assertIn('Review and sign', page)
        self.assertIn('o_portal_chatter', page)
        self.assertIn('action="/my/tickets/%d/message"' % self.a['open'], page)
        self.assertTrue(self.form_token(page))
        self.assertNotIn(self.a['tokens']['open'], page)            # no token links for a signed-in user

        page = self.get('/my/tickets/%d' % self.a['solved']).text
        self.assertIn('href="/my/visits/%d/pdf"' % self.a['signed'], page)
        self.assertIn('signed by Principal Zhou', page)
        self.assertIn('href="/my/tickets/%d/rate"' % self.a['solved'], page)

        page = self.get('/my/visits/%d' % self.a['to_sign']).text
        self.assertIn('o_aftersales_signature_form', page)
        self.assertIn('data-call-url="/my/visits/%d/sign"' % self.a['to_sign'], page)
        self.assertIn('Replaced the lamp module', page)
        page = self.get('/my/visits/%d' % self.a['signed']).text
        self.assertNotIn('o_aftersales_signature_form', page)
        self.assertIn('data:image/png;base64,', page)
        self.assertIn('Principal Zhou', page)

        response = self.get('/my/visits/%d/pdf' % self.a['signed'])
        self.assertEqual(response.status_code, 200)
        self.assertIn('Principal Zhou', response.text)      # the HTML version under tests
        self.assertEqual(self.get('/my/visits/%d/pdf' % self.a['to_sign']).status_code, 404)
        self.assertEqual(self.get('/my/tickets/%d' % 2 ** 40).status_code, 404)

    def test_anonymous_token_links(self):
        self.logout()
        ticket, visit = self.a['open'], self.a['to_sign']
        tokens = self.a['tokens']
        for url in ('/my/tickets/%d' % ticket, '/my/visits/%d' % visit, '/my/tickets', '/my/equipment',
                    '/my/visits', '/my/tickets/new'):
            for params in ({}, {'access_token': ''}):
                response = self.get(url, **params)
                self.assertRefused(response, url)
                self.assertIn(response.status_code, (302, 303), url)
        # a token opens its own record only
        for url, token in (('/my/tickets/%d' % ticket, WRONG_TOKEN),
                           ('/my/tickets/%d' % ticket, tokens['solved']),
                           ('/my/tickets/%d' % ticket, tokens['to_sign']),
                           ('/my/visits/%d' % visit, tokens['open']),
                           ('/my/visits/%d/pdf' % self.a['signed'], tokens['solved']),
                           ('/my/tickets/%d' % self.b['open'], tokens['open']),
                           ('/my/tickets/%d' % 2 ** 40, tokens['open']),
                           ('/my/tickets/%d' % ticket, 'é' * 36)):
            response = self.get(url, access_token=token)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn('Open request of A', response.text)
        response = self.get('/my/tickets/%d' % ticket, access_token=tokens['open'])
        self.assertEqual(response.status_code, 200)
        self.assertIn('Open request of A', response.text)
        # the visit links of the page carry the visit's own token
        self.assertIn('/my/visits/%d?access_token=%s' % (visit, tokens['to_sign']), response.text)
        self.assertIn('data-token="%s"' % tokens['open'], response.text)
        response = self.get('/my/visits/%d' % visit, access_token=tokens['to_sign'])
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-access-token="%s"' % tokens['to_sign'], response.text)
        response = self.get('/my/visits/%d/pdf' % self.a['signed'], access_token=tokens['signed'])
        self.assertEqual(response.status_code, 200)
        response = self.get('/my/tickets/%d/rate' % self.a['solved'], access_token=tokens['solved'])
        self.assertEqual(response.status_code, 200)
        self.assertIn('name="satisfaction"', response.text)

    # ------------------------------------------------------------------
    # another customer's ids and tokens
    # ------------------------------------------------------------------

    def test_other_customer_get_refused(self):
        self.login('p_b1')
        before = self.snapshot()
        for url, key in self._get_routes(self.a):
            for kind in TOKENS:
                response = self.get(url, access_token=self._token(self.a, key, kind))
                self.assertRefused(response, '%s %s' % (url, kind))
                for title in self.a['titles']:
                    self.assertNotIn(title, response.text, url)
        self.assertEqual(self.snapshot(), before)

    def test_other_customer_post_refused(self):
        for login in ('p_b1', None):
            if login:
                self.login(login)
            else:
                self.logout()
            before = self.snapshot()
            for url, data, files, key in self._post_routes(self.a):
                for kind in TOKENS:
                    if kind == 'own' and not login:
                        continue    # the link of the mail: allowed to its anonymous reader
                    token = self._token(self.a, key, kind)
                    post_data = dict(data, access_token=token) if token is not None else data
                    response = self.post(url, post_data, files=files)
                    self.assertRefused(response, '%s %s %s' % (login, url, kind))
            if login:
                # A's site and equipment in B's request
                response = self.post('/my/tickets/new', self._new_request())
                self.assertEqual(response.status_code, 403)
                self.assertIn('Choose one of your sites.', response.text)
                response = self.post('/my/tickets/new', self._new_request(site_id=''))
                self.assertEqual(response.status_code, 403)
                self.assertIn('Choose one of your installed equipment.', response.text)
            else:
                self.assertRefused(self.post('/my/tickets/new', self._new_request()))
            self.assertEqual(self.snapshot(), before, login)
        self.assertFalse(self._visit(self.a['to_sign'])['signed'])
        self.assertEqual(self._ticket(self.a['solved'])['callbacks'], [])

    def test_post_without_csrf_refused(self):
        self.login('p_a1')
        before = self.snapshot()
        routes = [('/my/tickets/new', self._new_request(), None)] + [
            (url, data, files) for url, data, files, _key in self._post_routes(self.a)]
        for url, data, files in routes:
            response = self.post(url, data, files=files, csrf=False)
            self.assertEqual(response.status_code, 400, url)
            response = self.post(url, dict(data, csrf_token='0' * 40 + 'o9999999999'), files=files, csrf=False)
            self.assertEqual(response.status_code, 400, url)
        # anonymous, with the right token but no CSRF token
        self.logout()
        for url, data, files, key in self._post_routes(self.a):
            response = self.post(url, dict(data, access_token=self.a['tokens'][key]), files=files, csrf=False)
            self.assertEqual(response.status_code, 400, url)
        self.assertEqual(self.snapshot(), before)

    def test_get_never_writes(self):
        self.login('p_a1')
        urls = ['/my', '/my/home', '/my/tickets', '/my/tickets/new', '/my/equipment', '/my/visits',
                '/my/tickets?filterby=open&sortby=name', '/my/visits?filterby=to_sign']
        urls += [url for url, _key in self._get_routes(self.a)]
        not_signed = '/my/visits/%d/pdf' % self.a['to_sign']
        self.get('/my')    # the first page compiles the asset bundles
        before = self.snapshot()
        for url in urls:
            self.assertEqual(self.get(url).status_code, 404 if url == not_signed else 200, url)
        # GET on the POST-only routes and GET with POST's parameters
        for url in ('/my/tickets/%d/message' % self.a['open'], '/my/visits/%d/sign' % self.a['to_sign']):
            self.assertIn(self.get(url).status_code, (404, 405), url)
        response = self.get('/my/tickets/%d/rate' % self.a['solved'], satisfaction='5', resolved='yes')
        self.assertEqual(response.status_code, 200)
        response = self.get('/my/tickets/new', title='x', description='y', ticket_type='repair')
        self.assertEqual(response.status_code, 200)
        self.logout()
        for url, key in self._get_routes(self.a):
            response = self.get(url, access_token=self.a['tokens'][key])
            self.assertEqual(response.status_code, 404 if url == not_signed else 200, url)
        self.assertEqual(self.snapshot(), before)

    # ------------------------------------------------------------------
    # new request
    # ------------------------------------------------------------------

    def test_new_request_with_attachment(self):
        self.login('p_a1')
        response = self.get('/my/tickets/new', equipment_id=str(self.a['equipment'][1]))
        self.assertEqual(response.status_code, 200)
        form = response.text
        self.assertTrue(self.form_token(form))
        for name in ('Site A1', 'Site A2', 'Projector A1', 'Projector A2'):
            self.assertIn(name, form)
        for name in ('Site B1', 'Projector B1'):
            self.assertNotIn(name, form)
        self.assertRegex(form, r'<option value="%d" [^>]*selected' % self.a['equipment'][1])

        response = self.post('/my/tickets/new', self._new_request(), files=[
            ('attachments', ('photo.png', SIGNATURE_PNG, 'image/png')),
            ('attachments', ('log.txt', b'error 42\n', 'text/plain'))])
        self.assertIn(response.status_code, (302, 303), response.text[:2000])
        ticket_id = int(re.search(r'/my/tickets/(\d+)\?notice=created', response.headers['Location']).group(1))
        ticket = self._ticket(ticket_id)
        self.assertEqual(ticket['channel'], 'portal')
        self.assertEqual(ticket['partner'], self.a['company'])
        self.assertEqual(ticket['contact'], self.a['contacts'][0])
        self.assertEqual((ticket['site'], ticket['equipment'], ticket['type']),
                         (self.a['sites'][0], self.a['equipment'][0], 'repair'))
        self.assertIn('room 101 flickers', ticket['description'])
        self.assertEqual(sorted(ticket['attachments']), ['log.txt', 'photo.png'])
        response = self.get('/my/tickets/%d' % ticket_id, notice='created')
        self.assertIn('your request is registered', response.text)
        self.assertIn('Projector flickers', self.get('/my/tickets').text)
        # the colleague sees it too, B does not
        self.login('p_a2')
        self.assertEqual(self.get('/my/tickets/%d' % ticket_id).status_code, 200)
        self.login('p_b1')
        self.assertEqual(self.get('/my/tickets/%d' % ticket_id).status_code, 403)

    def test_new_request_refuses_bad_input_clearly(self):
        self.login('p_a1')
        before = self.snapshot()
        cases = [
            (self._new_request(title='', description=''), None,
             ['Give your request a subject.', 'Describe your request.']),
            (self._new_request(ticket_type='invoice'), None, ['Choose the type of your request.']),
            (self._new_request(site_id=str(self.a['sites'][1])), None,
             ['Projector A1 is installed at Site A1, not at the site you chose.']),
            (self._new_request(), [('attachments', ('setup.exe', b'MZ\x90\x00', 'application/octet-stream'))],
             ['setup.exe: this type of file is not accepted.']),
            (self._new_request(), [('attachments', ('photo.png', b'<html>not a picture</html>', 'image/png'))],
             ['photo.png: the content of the file does not match its extension.']),
            (self._new_request(), [('attachments', ('huge.pdf', HUGE_PDF, 'application/pdf'))],
             ['huge.pdf is larger than 10 MB, the limit for one file.']),
            (self._new_request(), [('attachments', ('f%d.txt' % i, b'x', 'text/plain')) for i in range(6)],
             ['You can attach at most 5 files to one message.']),
        ]
        for data, files, messages in cases:
            response = self.post('/my/tickets/new', data, files=files)
            self.assertEqual(response.status_code, 400, messages)
            for message in messages:
                self.assertIn(message, response.text.replace('&#39;', "'"))
            self.assertNotIn('Traceback', response.text)
            # what was typed is kept
            if data['title']:
                self.assertIn('value="%s"' % data['title'], response.text)
        self.assertEqual(self.snapshot(), before)

    # ------------------------------------------------------------------
    # messages, signature, rating
    # ------------------------------------------------------------------

    def test_message_with_attachment(self):
        self.login('p_a2')
        response = self.post('/my/tickets/%d/message' % self.a['open'], {'message': 'The fan is noisy too.'},
                             files=[('attachments', ('noise.pdf', PDF_CONTENT, 'application/pdf'))])
        self.assertIn(response.status_code, (302, 303))
        response = self.post('/my/tickets/%d/message' % self.a['open'], {'message': ''})
        self.assertEqual(response.status_code, 400)
        self.assertIn('Write a message or attach a file.', response.text)
        # anonymous with the mail's token: written as the ticket's contact
        self.logout()
        response = self.post('/my/tickets/%d/message' % self.a['open'],
                             {'message': 'Sent from the mail link', 'access_token': self.a['tokens']['open']})
        self.assertIn(response.status_code, (302, 303))
        self.assertIn('access_token=%s' % self.a['tokens']['open'], response.headers['Location'])
        with self.server_env() as env:
            messages = env['mail.message'].search([
                ('model', '=', 'aftersales.ticket'), ('res_id', '=', self.a['open']),
                ('message_type', '=', 'comment')], order='id desc', limit=2)
            self.assertEqual(messages.mapped('author_id').ids, [self.a['contacts'][0], self.a['contacts'][1]])
            self.assertIn('The fan is noisy too.', messages[1].body)
            self.assertEqual(messages[1].attachment_ids.mapped('datas_fname'), ['noise.pdf'])
            self.assertEqual(messages[1].subtype_id, env.ref('mail.mt_comment'))

    def test_sign_visit(self):
        self.login('p_a2')
        url = '/my/visits/%d/sign' % self.a['to_sign']
        for data, message in (({'partner_name': '', 'signature': SIGNATURE}, 'Enter your name'),
                              ({'partner_name': 'Liu', 'signature': ''}, 'Draw your signature'),
                              ({'partner_name': 'Liu', 'signature': 'bm90IGEgcG5n'}, 'Draw your signature'),
                              ({'partner_name': 'Liu', 'signature': '%%%'}, 'Draw your signature')):
            response = self.post(url, data)
            self.assertEqual(response.status_code, 400)
            self.assertIn(message, response.json()['error'])
        self.assertFalse(self._visit(self.a['to_sign'])['signed'])
        response = self.post(url, {'partner_name': 'Liu Yang', 'signer_role': 'Head of IT', 'signature': SIGNATURE})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()['redirect_url'], '/my/visits/%d' % self.a['to_sign'])
        self.assertEqual(self._visit(self.a['to_sign']),
                         {'signed': True, 'signed_by': 'Liu Yang', 'role': 'Head of IT', 'signature': True})
        # signed once, then locked
        response = self.post(url, {'partner_name': 'Someone Else', 'signature': SIGNATURE})
        self.assertEqual(response.status_code, 409)
        self.assertIn('already signed', response.json()['error'])
        self.assertEqual(self._visit(self.a['to_sign'])['signed_by'], 'Liu Yang')
        self.assertEqual(self.get('/my/visits/%d/pdf' % self.a['to_sign']).status_code, 200)

    def test_sign_visit_with_mail_token(self):
        self.logout()
        url = '/my/visits/%d/sign' % self.a['to_sign']
        data = {'partner_name': 'Principal Qian', 'signature': SIGNATURE}
        self.assertEqual(self.post(url, data).status_code, 403)
        self.assertEqual(self.post(url, dict(data, access_token=self.a['tokens']['open'])).status_code, 403)
        response = self.post(url, dict(data, access_token=self.a['tokens']['to_sign']))
        self.assertEqual(response.status_code, 200)
        self.assertIn('access_token=%s' % self.a['tokens']['to_sign'], response.json()['redirect_url'])
        self.assertEqual(self._visit(self.a['to_sign'])['signed_by'], 'Principal Qian')

    def test_rate_solved_ticket(self):
        self.login('p_a1')
        response = self.get('/my/tickets/%d/rate' % self.a['open'])
        self.assertIn('not solved yet', response.text)
        response = self.post('/my/tickets/%d/rate' % self.a['open'], {'satisfaction': '5', 'resolved': 'yes'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('is not solved yet', response.text)
        url = '/my/tickets/%d/rate' % self.a['solved']
        for data, message in (({'satisfaction': '6', 'resolved': 'yes'}, 'Choose a rating from 1'),
                              ({'satisfaction': '4'}, 'Tell us whether the problem is solved.')):
            response = self.post(url, data)
            self.assertEqual(response.status_code, 400)
            self.assertIn(message, response.text)
        self.assertEqual(self._ticket(self.a['solved'])['callbacks'], [])
        response = self.post(url, {'satisfaction': '4', 'resolved': 'yes', 'comment': 'Quick & friendly <b>'})
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self._ticket(self.a['solved'])['callbacks'],
                         [('portal', '4', 'yes', 'Quick & friendly <b>', True)])
        page = self.get('/my/tickets/%d' % self.a['solved']).text
        self.assertIn('You rated our service', page)
        self.assertIn('Quick &amp; friendly &lt;b&gt;', page)
        # rated once
        response = self.post(url, {'satisfaction': '1', 'resolved': 'no'})
        self.assertEqual(response.status_code, 400)
        self.assertIn('already rated', response.text)
        self.assertEqual(len(self._ticket(self.a['solved'])['callbacks']), 1)

    def test_rate_from_mail_link_on_callback(self):
        # the representative called back already: the rating goes on that callback
        with self.server_env() as env:
            env['aftersales.callback'].create({'ticket_id': self.a['solved'], 'resolved': 'yes',
                                               'comment': 'Called the principal'})
            ticket = env['aftersales.ticket'].browse(self.a['open']).with_context(aftersales_no_ack=False)
            ticket.write({'stage_id': env.ref('aftersales_service.ticket_stage_solved').id})
            mail = env['mail.message'].search([('model', '=', 'aftersales.ticket'), ('res_id', '=', ticket.id)],
                                              order='id desc', limit=1)
            self.assertIn('is solved', mail.subject)
            link = re.search(r'href="([^"]*/rate\?access_token=[^"]+)"', mail.body).group(1)
        self.assertIn('/my/tickets/%d/rate?access_token=%s' % (self.a['open'], self.a['tokens']['open']), link)

        self.logout()
        response = self.get('/my/tickets/%d/rate' % self.a['solved'], access_token=self.a['tokens']['solved'])
        self.assertEqual(response.status_code, 200)
        self.assertNotIn('name="resolved"', response.text)      # confirmed on the phone already
        response = self.post('/my/tickets/%d/rate' % self.a['solved'], {
            'satisfaction': '5', 'comment': 'Thanks', 'access_token': self.a['tokens']['solved']})
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self._ticket(self.a['solved'])['callbacks'], [('phone', '5', 'yes', 'Thanks', True)])
        with self.server_env() as env:
            note = env['mail.message'].search([('model', '=', 'aftersales.ticket'),
                                               ('res_id', '=', self.a['solved'])], order='id desc', limit=1)
            self.assertIn('Rated by the customer: 5/5', note.body)
            self.assertEqual(note.author_id.id, self.a['contacts'][0])

    def test_customer_mails_carry_token_links(self):
        with self.server_env(aftersales_no_ack=False) as env:
            ticket = env['aftersales.ticket'].create({
                'title': 'Mail link check', 'partner_id': self.a['company'], 'contact_id': self.a['contacts'][0],
                'type_id': env.ref('aftersales_service.ticket_type_inquiry').id})
            link = '/my/tickets/%d?access_token=%s' % (ticket.id, ticket.access_token)
            env['aftersales.ticket']._cron_acknowledge()
            ack = env['mail.message'].search([('model', '=', 'aftersales.ticket'), ('res_id', '=', ticket.id)])
            self.assertIn(link, ''.join(ack.mapped('body')))
            # a reply of the representative to the customer: the button of the mail has the token
            # (kept in the queue: a sent notification is deleted at once)
            ticket.with_context(mail_notify_force_send=False).message_post(
                body='We are on it', message_type='comment', subtype='mail.mt_comment',
                partner_ids=[self.a['contacts'][0]])
            mails = env['mail.mail'].search([('model', '=', 'aftersales.ticket'), ('res_id', '=', ticket.id)])
            self.assertTrue(mails)
            self.assertTrue(any(link in mail.body_html.replace('&amp;', '&') for mail in mails),
                            mails.mapped('body_html'))
            # /mail/view sends a portal user to the portal page
            portal_user = env['res.users'].browse(self.a['users'][0])
            self.assertEqual(ticket.get_access_action(access_uid=portal_user.id)['url'], '/my/tickets/%d' % ticket.id)
            self.assertEqual(ticket.get_access_action()['type'], 'ir.actions.act_window')

    # ------------------------------------------------------------------
    # query budget
    # ------------------------------------------------------------------

    def _clone_tickets(self, ticket_id, count):
        """``count`` copies of the ticket, in SQL (the list page is measured, not the creation)."""
        with self.server_env() as env:
            env.cr.execute("SELECT column_name FROM information_schema.columns "
                           "WHERE table_name = 'aftersales_ticket' AND column_name != 'id'")
            columns = [row[0] for row in env.cr.fetchall()]
            values = {'name': "name || '-' || g", 'access_token': 'md5(random()::text)'}
            env.cr.execute('INSERT INTO aftersales_ticket (%s) SELECT %s FROM aftersales_ticket, '
                           'generate_series(1, %%s) g WHERE aftersales_ticket.id = %%s' % (
                               ', '.join('"%s"' % column for column in columns),
                               ', '.join(values.get(column, '"%s"' % column) for column in columns)),
                           (count, ticket_id))

    def _measure(self, url):
        # warm the caches (the first page of the session also stores the asset bundles)
        self.get(url)
        self.get(url)
        start = self.query_count()
        response = self.get(url)
        count = self.query_count() - start
        self.assertEqual(response.status_code, 200)
        return count, response.text

    def test_ticket_list_query_budget(self):
        self.login('p_a1')
        self._clone_tickets(self.a['open'], 20 - 3)
        small, page = self._measure('/my/tickets')
        self.assertEqual(len(re.findall(r'data-ticket-id=', page)), 20)
        self._clone_tickets(self.a['open'], 2000 - 20)
        large, page = self._measure('/my/tickets')
        self.assertEqual(len(re.findall(r'data-ticket-id=', page)), 20)
        self.assertIn('/my/tickets/page/2?', page)
        _logger.info('/my/tickets: %d queries with 20 tickets, %d with 2000', small, large)
        self.assertEqual(small, large)
        paged, _page = self._measure('/my/tickets/page/57?filterby=open&sortby=name')
        self.assertEqual(paged, large)
