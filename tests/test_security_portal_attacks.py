"""Attacks on every HTTP route of our addons.

The routes are read from Odoo's routing map of the installed modules: a
route of ours that is not in ``ROUTES`` fails ``test_every_route_is_attacked``,
so a new route must be added to the table (and is then attacked).

Per record route: customer B with A's record (GET and POST), an anonymous
visitor with a wrong token, with the token of another record and with none,
B signed in with A's valid token, ids out of range, POST without CSRF token,
and GET as the owner: refused (403/404/400 or the login page) and no table
of our addons changes. Per list route: B sees none of A's records whatever
the parameters, the anonymous visitor is sent to the login page, POST
without CSRF is refused and GET does not write. The request form gets
tampered fields, script in text fields and hostile attachments.
"""
import logging
import re

import pytest
from odoo.tests.common import at_install, post_install
from portal_case import PDF_CONTENT, SIGNATURE, WRONG_TOKEN
from security_case import SecurityCase, our_routes

_logger = logging.getLogger(__name__)

SCRIPT = '<script>alert("x")</script>'
HTML_NAME = '<img src=x onerror=alert(1)>.png'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 32
BAD_NUMBERS = ('-5', '0', '99999999999999999999', 'abc', '1e3', '3.5', '\u00b2', '\u0663', ' 7', '')

# rule -> what it is: 'list' (the customer's records), 'form' (the request
# form) or a record route: the model, the customer's record it is tried on
# (a key of PortalCase's customers), whether an access token opens it, the
# methods it serves and the data a POST sends
ROUTES = {
    '/my/tickets': {'kind': 'list', 'markers': 'titles'},
    '/my/tickets/page/<int:page>': {'kind': 'list', 'url': '/my/tickets/page/1', 'markers': 'titles'},
    '/my/visits': {'kind': 'list', 'markers': 'visit_names'},
    '/my/visits/page/<int:page>': {'kind': 'list', 'url': '/my/visits/page/1', 'markers': 'visit_names'},
    '/my/equipment': {'kind': 'list', 'markers': 'equipment_names'},
    '/my/equipment/page/<int:page>': {'kind': 'list', 'url': '/my/equipment/page/1',
                                      'markers': 'equipment_names'},
    '/my/trainings': {'kind': 'list', 'markers': 'training_titles'},
    '/my/trainings/page/<int:page>': {'kind': 'list', 'url': '/my/trainings/page/1',
                                      'markers': 'training_titles'},
    '/my/certificates': {'kind': 'list', 'markers': 'certificate_numbers'},
    '/my/certificates/page/<int:page>': {'kind': 'list', 'url': '/my/certificates/page/1',
                                         'markers': 'certificate_numbers'},
    '/my/tickets/new': {'kind': 'form'},
    # attacked in test_security_regressions.py (followers of another customer's ticket)
    '/mail/read_followers': {'kind': 'json'},
    # Odoo's portal chatter, overridden for clean refusals; attacked in test_security_regressions.py
    '/mail/chatter_post': {'kind': 'chatter', 'token': True},
    '/my/tickets/<int:ticket_id>': {'kind': 'record', 'record': 'open', 'token': True, 'get': True,
                                    'other': 'solved'},
    '/my/tickets/<int:ticket_id>/message': {
        'kind': 'record', 'record': 'open', 'token': True, 'get': False, 'other': 'solved',
        'data': {'message': 'Intruder message'}},
    '/my/tickets/<int:ticket_id>/rate': {
        'kind': 'record', 'record': 'solved', 'token': True, 'get': True, 'other': 'open',
        'data': {'satisfaction': '1', 'resolved': 'no', 'comment': 'Intruder rating'}},
    '/my/visits/<int:visit_id>': {'kind': 'record', 'record': 'to_sign', 'token': True, 'get': True,
                                  'other': 'signed'},
    '/my/visits/<int:visit_id>/sign': {
        'kind': 'record', 'record': 'to_sign', 'token': True, 'get': False, 'other': 'signed',
        'data': {'partner_name': 'Intruder', 'signer_role': 'None', 'signature': SIGNATURE}},
    '/my/visits/<int:visit_id>/pdf': {'kind': 'record', 'record': 'signed', 'token': True, 'get': True,
                                      'other': 'to_sign'},
    '/my/trainings/<int:session_id>': {'kind': 'record', 'record': 'session', 'token': False, 'get': True,
                                       'other': 'upcoming'},
    '/my/trainings/<int:session_id>/ics': {'kind': 'record', 'record': 'session', 'token': False, 'get': True,
                                           'other': 'upcoming'},
    '/my/certificates/<int:attendance_id>/pdf': {'kind': 'record', 'record': 'certificate', 'token': False,
                                                 'get': True, 'other': 'certificate'},
}


def record_url(rule, record_id):
    return re.sub(r'<int:\w+>', str(record_id), rule)


@pytest.mark.slow
@at_install(False)
@post_install(True)
class TestSecurityPortalAttacks(SecurityCase):

    def setUp(self):
        super(TestSecurityPortalAttacks, self).setUp()
        self.attacks = {}
        with self.server_env() as env:
            for customer in (self.a, self.b):
                visits = env['aftersales.visit'].browse([customer['to_sign'], customer['signed']])
                equipment = env['maintenance.equipment'].browse(customer['equipment'])
                sessions = env['aftersales.training.session'].browse([customer['session'], customer['upcoming']])
                customer.update({
                    'visit_names': visits.mapped('name'), 'equipment_names': equipment.mapped('serial_no'),
                    'training_titles': sessions.mapped('title'),
                    'certificate_numbers': [customer['certificate_number']],
                })
        self.login('p_a1')
        self.get('/my')     # the first page compiles the asset bundles

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def attack(self, rule, name, response, before=None, refused=True):
        """Count the attack, check the response is a refusal and that no table changed."""
        self.attacks.setdefault(rule, set()).add(name)
        message = '%s: %s (%s)' % (rule, name, response.status_code)
        if refused:
            self.assertRefused(response, message)
        self.assertNotIn('Traceback', response.text, message)
        self.assertLess(response.status_code, 500, message)
        if before is not None:
            self.assertUnchanged(before, message)

    def _report(self, kind):
        count = sum(len(names) for names in self.attacks.values())
        _logger.info('%s: %d routes, %d attacks: %s', kind, len(self.attacks), count,
                     ', '.join('%s: %d' % (rule, len(names)) for rule, names in sorted(self.attacks.items())))

    # ------------------------------------------------------------------
    # the routing map
    # ------------------------------------------------------------------

    def test_every_route_is_attacked(self):
        routes = our_routes(self.registry)
        missing = sorted(set(routes) - set(ROUTES))
        self.assertFalse(missing, 'routes of our addons without attacks: add them to ROUTES: %s' % missing)
        stale = sorted(set(ROUTES) - set(routes))
        self.assertFalse(stale, 'ROUTES lists routes that no longer exist: %s' % stale)
        for rule, (methods, auth, _module) in routes.items():
            if ROUTES[rule].get('kind') == 'record' and not ROUTES[rule]['get']:
                self.assertEqual(methods, ('POST',), '%s must be POST-only' % rule)
            if not ROUTES[rule].get('token', False):
                self.assertEqual(auth, 'user', '%s has no token access: it must ask for a login' % rule)
        _logger.info('routes of our addons: %d', len(routes))

    # ------------------------------------------------------------------
    # record routes
    # ------------------------------------------------------------------

    def _send(self, rule, record_id, method, token=None, csrf=True):
        spec = ROUTES[rule]
        url = record_url(rule, record_id)
        data = dict(spec.get('data', {}))
        if token is not None:
            data['access_token'] = token
        files = [('attachments', ('report.pdf', PDF_CONTENT, 'application/pdf'))] \
            if rule.endswith('/message') else None
        if method == 'GET':
            return self.get(url, **data)
        return self.post(url, data, files=files, csrf=csrf)

    def test_record_routes(self):
        rules = [rule for rule, spec in ROUTES.items() if spec['kind'] == 'record']
        for rule in rules:
            spec = ROUTES[rule]
            key = spec['record']
            a_id, b_id = self.a[key], self.b[key]
            methods = ('GET', 'POST') if spec['get'] else ('POST',)
            # the owner reaches it (the attacks below can fail)
            if spec['get']:
                self.login('p_a1')
                before = self.checksum()
                response = self._send(rule, a_id, 'GET')
                self.assertEqual(response.status_code, 200, rule)
                self.attack(rule, 'owner GET does not write', response, before, refused=False)
            # B signed in, on A's record
            self.login('p_b1')
            for method in methods:
                before = self.checksum()
                self.attack(rule, 'other customer %s' % method, self._send(rule, a_id, method), before)
                if spec['token']:
                    self.attack(rule, 'other customer with the valid token %s' % method,
                                self._send(rule, a_id, method, token=self.a['tokens'][key]), before)
                for bad_id in (0, 2 ** 31, 2 ** 40):
                    self.attack(rule, 'id %s %s' % (bad_id, method), self._send(rule, bad_id, method), before)
            # anonymous
            self.logout()
            tokens = {'no token': None, 'empty token': '', 'wrong token': WRONG_TOKEN, 'unicode token': '\u00e9' * 36}
            if spec['token']:
                tokens.update({
                    "the token of A's other record": self.a['tokens'].get(spec['other']),
                    "the token of B's record": self.b['tokens'][key]})
            for method in methods:
                before = self.checksum()
                for name, token in tokens.items():
                    self.attack(rule, 'anonymous, %s, %s' % (name, method),
                                self._send(rule, a_id, method, token=token), before)
            # no CSRF token, as the owner: refused before anything is read
            self.login('p_a1')
            before = self.checksum()
            response = self._send(rule, a_id, 'POST', csrf=False)
            self.assertEqual(response.status_code, 400, rule)
            self.attack(rule, 'POST without CSRF token', response, before)
            if spec['token']:
                self.logout()
                response = self._send(rule, a_id, 'POST', token=self.a['tokens'][key], csrf=False)
                self.assertEqual(response.status_code, 400, rule)
                self.attack(rule, 'POST with the token, without CSRF token', response, before)
            self.assertTrue(b_id)
        self._report('record routes')

    # ------------------------------------------------------------------
    # list routes
    # ------------------------------------------------------------------

    def test_list_routes(self):
        rules = [rule for rule, spec in ROUTES.items() if spec['kind'] == 'list']
        hostile_params = {
            'site': [str(self.a['sites'][0]), '\u00b2', '-1', '99999999999999999999', "1' OR 1=1 --"],
            'sortby': ['name; DROP TABLE aftersales_ticket', 'id desc'],
            'filterby': ['<script>', 'all'],
            'ticket_type': ["' OR 1=1", 'repair'],
        }
        for rule in rules:
            spec = ROUTES[rule]
            url = spec.get('url', rule)
            markers_a = self.a[spec['markers']]
            # A sees A's records: the checks below can fail
            self.login('p_a1')
            response = self.get(url)
            self.assertEqual(response.status_code, 200, rule)
            for marker in markers_a:
                self.assertIn(marker, response.text, rule)
            self.login('p_b1')
            before = self.checksum()
            response = self.get(url)
            self.attack(rule, 'other customer list', response, before, refused=False)
            self.assertEqual(response.status_code, 200, rule)
            for marker in markers_a:
                self.assertNotIn(marker, response.text, rule)
            for param, values in hostile_params.items():
                for value in values:
                    response = self.get(url, **{param: value})
                    self.attack(rule, 'parameter %s=%r' % (param, value), response, before, refused=False)
                    self.assertIn(response.status_code, (200, 404), (rule, param, value))
                    for marker in markers_a:
                        self.assertNotIn(marker, response.text, (rule, param, value))
            if '<int:page>' in rule:
                for page in ('99999', str(2 ** 40)):
                    response = self.get(record_url(rule, page))
                    self.attack(rule, 'page %s' % page, response, before, refused=False)
            response = self.post(url, {}, csrf=False)
            self.assertEqual(response.status_code, 400, rule)
            self.attack(rule, 'POST without CSRF token', response, before)
            self.logout()
            self.attack(rule, 'anonymous', self.get(url), before)
            self.attack(rule, 'anonymous with a token', self.get(url, access_token=self.a['tokens']['open']), before)
        self._report('list routes')

    # ------------------------------------------------------------------
    # the request form
    # ------------------------------------------------------------------

    def _new_request(self, **values):
        data = {'ticket_type': 'repair', 'site_id': str(self.b['sites'][0]),
                'equipment_id': str(self.b['equipment'][0]), 'title': 'Projector flickers',
                'description': 'The projector in room 201 flickers since Monday.'}
        data.update(values)
        return data

    def _refused_form(self, name, response, before, messages):
        rule = '/my/tickets/new'
        self.attack(rule, name, response, before, refused=False)
        self.assertIn(response.status_code, (400, 403), name)
        text = response.text.replace('&#39;', "'")
        for message in messages:
            self.assertIn(message, text, name)
        self.assertIn('name="title"', text, '%s: the form is shown again' % name)

    def test_request_form_tampered(self):
        rule = '/my/tickets/new'
        self.logout()
        before = self.checksum()
        self.attack(rule, 'anonymous GET', self.get(rule), before)
        self.attack(rule, 'anonymous POST', self.post(rule, self._new_request()), before)
        self.login('p_b1')
        before = self.checksum()
        response = self.get(rule, site_id=str(self.a['sites'][0]), equipment_id=str(self.a['equipment'][0]),
                            title=SCRIPT, description='x')
        self.attack(rule, 'GET with form values does not write', response, before, refused=False)
        self.assertNotIn(self.a['equipment_names'][0], response.text)
        response = self.post(rule, self._new_request(), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.attack(rule, 'POST without CSRF token', response, before)
        cases = [
            ("A's site", {'site_id': str(self.a['sites'][0]), 'equipment_id': ''}, ['Choose one of your sites.']),
            ("A's equipment", {'equipment_id': str(self.a['equipment'][0]), 'site_id': ''},
             ['Choose one of your installed equipment.']),
            ("A's site and equipment", {'site_id': str(self.a['sites'][0]),
                                        'equipment_id': str(self.a['equipment'][0])},
             ['Choose one of your sites.', 'Choose one of your installed equipment.']),
            ('equipment of another own site', {'site_id': str(self.b['sites'][1])},
             ['Projector B1 is installed at Site B1, not at the site you chose.']),
            ('unknown type', {'ticket_type': "repair' OR 1=1"}, ['Choose the type of your request.']),
            ('internal type', {'ticket_type': 'installation'}, ['Choose the type of your request.']),
            ('subject too long', {'title': 'x' * 201}, ['The subject is too long (at most 200 characters).']),
            ('description too long', {'description': 'x' * 10001},
             ['The description is too long (at most 10000 characters).']),
        ]
        for value in BAD_NUMBERS:
            if value:
                cases.append(('site id %r' % value, {'site_id': value, 'equipment_id': ''},
                              ['Choose one of your sites.']))
                cases.append(('equipment id %r' % value, {'equipment_id': value, 'site_id': ''},
                              ['Choose one of your installed equipment.']))
        for name, values, messages in cases:
            response = self.post(rule, self._new_request(**values))
            self._refused_form(name, response, before, messages)
        # attachments
        files_cases = [
            ('executable', [('attachments', ('setup.exe', b'MZ\x90\x00', 'application/octet-stream'))],
             ['setup.exe: this type of file is not accepted.']),
            ('HTML page', [('attachments', ('page.html', b'<script>alert(1)</script>', 'text/html'))],
             ['page.html: this type of file is not accepted.']),
            ('SVG with script', [('attachments', ('logo.svg', b'<svg onload="alert(1)"/>', 'image/svg+xml'))],
             ['logo.svg: this type of file is not accepted.']),
            ('HTML named .png', [('attachments', ('photo.png', b'<html><script>x</script></html>', 'image/png'))],
             ['photo.png: the content of the file does not match its extension.']),
            ('binary named .txt', [('attachments', ('notes.txt', b'MZ\x00\x00\x00', 'text/plain'))],
             ['notes.txt: the content of the file does not match its extension.']),
            ('oversized', [('attachments', ('huge.pdf', b'%PDF' + b'0' * (10 * 1024 * 1024), 'application/pdf'))],
             ['huge.pdf is larger than 10 MB, the limit for one file.']),
            ('too many', [('attachments', ('f%d.txt' % i, b'x', 'text/plain')) for i in range(6)],
             ['You can attach at most 5 files to one message.']),
            ('empty', [('attachments', ('empty.pdf', b'', 'application/pdf'))], ['empty.pdf is empty.']),
            ('HTML name, wrong type', [('attachments', ('<b onclick=alert(1)>x.exe', b'MZ', 'application/x-msdos'))],
             ['&lt;b onclick=alert(1)&gt;x.exe: this type of file is not accepted.']),
        ]
        for name, files, messages in files_cases:
            response = self.post(rule, self._new_request(), files=files)
            self._refused_form('attachment: %s' % name, response, before, messages)
            self.assertNotIn('<b onclick', response.text)
        self._report('request form')

    def test_request_form_script_and_html_names(self):
        """Script in the subject and description, an attachment named with HTML: stored
        sanitised, shown escaped on every page that shows them."""
        self.login('p_b1')
        response = self.post('/my/tickets/new', self._new_request(
            title='Broken %s' % SCRIPT, description='It says %s <img src=x onerror=alert(2)>' % SCRIPT),
            files=[('attachments', (HTML_NAME, PNG, 'image/png'))])
        self.assertIn(response.status_code, (302, 303), response.text[:2000])
        ticket_id = int(re.search(r'/my/tickets/(\d+)\?notice=created', response.headers['Location']).group(1))
        with self.server_env() as env:
            ticket = env['aftersales.ticket'].browse(ticket_id)
            self.assertEqual(ticket.title, 'Broken %s' % SCRIPT, 'plain text is kept as typed')
            self.assertNotIn('<script', ticket.description)
            self.assertNotIn('<img', ticket.description)
            self.assertIn('&lt;script&gt;', ticket.description)
            attachment = env['ir.attachment'].search([('res_model', '=', 'aftersales.ticket'),
                                                     ('res_id', '=', ticket_id)])
            self.assertEqual(attachment.mapped('datas_fname'), [HTML_NAME])
            self.assertNotIn('html', attachment.mimetype)
        for url in ('/my/tickets/%d' % ticket_id, '/my/tickets'):
            page = self.get(url).text
            self.assertNotIn('<script>alert', page, url)
            self.assertNotIn('<img src=x', page, url)
            self.assertIn('Broken &lt;script&gt;', page, url)
        # the portal chatter shows the attachment's name escaped
        response = self.opener.post(self.base_url + '/mail/chatter_fetch', json={
            'jsonrpc': '2.0', 'method': 'call', 'params': {
                'res_model': 'aftersales.ticket', 'res_id': ticket_id, 'limit': 10}}, timeout=60)
        messages = response.json()['result']['messages']
        names = [attachment['name'] for message in messages for attachment in message['attachment_ids']]
        # Odoo 11's portal chatter widget shows the names with t-raw: they are sent escaped
        self.assertIn('&lt;img src=x onerror=alert(1)&gt;.png', names)
        self.assertNotIn(HTML_NAME, names)
        for message in messages:
            self.assertNotIn('<script', message['body'])
        # a message with script and an HTML-named attachment
        response = self.post('/my/tickets/%d/message' % ticket_id, {'message': 'Again %s' % SCRIPT},
                             files=[('attachments', (HTML_NAME.replace('.png', '.pdf'), PDF_CONTENT,
                                                     'application/pdf'))])
        self.assertIn(response.status_code, (302, 303))
        page = self.get('/my/tickets/%d' % ticket_id).text
        self.assertNotIn('<script>alert', page)
        self.assertNotIn('<img src=x', page)
