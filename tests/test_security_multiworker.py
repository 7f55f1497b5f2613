"""The customer portal against Odoo's prefork server (``--workers 2
--max-cron-threads 1``), in a scratch copy of the test database: several
portal customers at once log in, list and open their tickets, file a new
request and post a message (CSRF tokens from pages of one worker checked by
the other), and sign a work report. Every request succeeds and both HTTP
workers served them: sessions and CSRF tokens live in the shared session
store and the database, not in a worker's memory."""
import base64
import json
import os
import re
import threading
import time
from collections import Counter

import odoo.tests.common
import pytest
import requests
from scratch_db import ScratchDbMixin, wait_for

START_TIMEOUT = 120
# ports after the test server's (+1 prefork test, +2 load test, +3 longpolling of the test config)
PORT_OFFSET = 5
LOGINS = ['mw_a1', 'mw_a2', 'mw_b1', 'mw_b2']
BROWSE_ROUNDS = 5
SIGNATURE = base64.b64encode(bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082')).decode('ascii')
SETUP = """
import json, sys
sys.path.insert(0, %(tests)r)
from security_fixtures import Fixtures
env = env(context=dict(env.context, tracking_disable=True, aftersales_no_ack=True))
engineer = Fixtures('mw_engineer').user(env, 'mw_engineer', 'aftersales_service.group_aftersales_field')
records = {}
records.update(Fixtures('mw_a').portal_customer(env, %(logins)r, engineer))
env['ir.cron'].search([]).write({'active': False})
env.cr.commit()
with open(%(out)r, 'w') as out:
    json.dump(records, out)
"""
# what the log of a server with a crashed or killed worker contains
CRASH_PATTERNS = [r'Traceback \(most recent call last\)', r' CRITICAL ', r' ERROR ',
                  r'Worker\w* \(\d+\) (Exception occured|died|timeout)', r'\w+ \(\d+\) timeout after']


def form_token(html):
    """The CSRF token of a page's form, or of the page's script (``odoo.csrf_token``, used by the sign widget)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(r'csrf_token: "([^"]+)"', html)
    return match and match.group(1)


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestSecurityMultiworker(ScratchDbMixin, odoo.tests.common.BaseCase):

    scratch_suffix = 'workers'

    def setUp(self):
        super(TestSecurityMultiworker, self).setUp()
        out = '%s/records.json' % self.tmp
        self.run_shell(SETUP % {'tests': os.path.dirname(os.path.abspath(__file__)), 'logins': LOGINS, 'out': out},
                       '%s/setup.log' % self.tmp)
        with open(out) as records:
            self.records = json.load(records)
        self.http_port = odoo.tools.config['http_port'] + PORT_OFFSET
        self.base = 'http://127.0.0.1:%d' % self.http_port
        self.logfile = '%s/odoo.log' % self.tmp

    def start_server(self):
        server = self.spawn(['--workers', '2', '--max-cron-threads', '1', '--http-interface', '127.0.0.1',
                             '--http-port', str(self.http_port), '--longpolling-port', str(self.http_port + 1),
                             '--log-level', 'info'], self.logfile)

        def up():
            self.assertIsNone(server.poll(), 'the server exited:\n%s' % self.read(self.logfile)[-3000:])
            try:
                return requests.get(self.base + '/web/login', timeout=60).status_code == 200
            except requests.ConnectionError:
                return False

        self.assertTrue(wait_for(up, START_TIMEOUT), 'no 200 on /web/login within %ss' % START_TIMEOUT)
        return server

    def customer_flows(self, login, statuses):
        """One portal customer's session: every response is checked, its status recorded."""
        records = self.records[login]
        session = requests.Session()

        def call(method, url, expected, **kwargs):
            response = session.request(method, self.base + url, timeout=120, allow_redirects=False, **kwargs)
            statuses.append((login, method, url, response.status_code))
            self.assertIn(response.status_code, expected, '%s %s %s: %s' % (login, method, url, response.text[:500]))
            self.assertNotIn('Traceback', response.text)
            return response

        token = form_token(call('GET', '/web/login', (200,)).text)
        response = call('POST', '/web/login', (200,),
                        data={'login': login, 'password': login, 'csrf_token': token, 'redirect': '/my/tickets'})
        # Odoo 11 redirects with a script (redirect_with_hash), a wrong password shows the form again
        self.assertIn("window.location = '/my/tickets'", response.text)
        ticket_url = '/my/tickets/%d' % records['ticket']
        for _round in range(BROWSE_ROUNDS):
            self.assertIn('Open request of %s' % login, call('GET', '/my/tickets', (200,)).text)
            call('GET', ticket_url, (200,))
        # a new request, its form from one worker, its POST maybe to the other
        token = form_token(call('GET', '/my/tickets/new', (200,)).text)
        response = call('POST', '/my/tickets/new', (302, 303), data={
            'csrf_token': token, 'ticket_type': 'repair', 'site_id': str(records['site']),
            'equipment_id': str(records['equipment']), 'title': 'New request of %s' % login,
            'description': 'Filed while the other customers work too.'})
        new_url = re.search(r'(/my/tickets/\d+)\?notice=created', response.headers['Location']).group(1)
        self.assertIn('New request of %s' % login, call('GET', new_url, (200,)).text)
        token = form_token(call('GET', ticket_url, (200,)).text)
        call('POST', ticket_url + '/message', (302, 303), data={
            'csrf_token': token, 'message': 'Message of %s from the portal' % login})
        visit_url = '/my/visits/%d' % records['visit']
        token = form_token(call('GET', visit_url, (200,)).text)
        response = call('POST', visit_url + '/sign', (200,), data={
            'csrf_token': token, 'partner_name': 'Signer %s' % login, 'signer_role': 'Teacher',
            'signature': SIGNATURE})
        self.assertIn('redirect_url', response.json())
        # a POST without a token is still refused
        call('POST', ticket_url + '/message', (400, 403), data={'message': 'no token'})

    def test_portal_flows_across_workers(self):
        started = time.time()
        server = self.start_server()
        statuses, errors = [], []

        def run(login):
            try:
                self.customer_flows(login, statuses)
            except Exception as error:  # reported below
                errors.append('%s: %r' % (login, error))

        threads = [threading.Thread(target=run, args=(login,)) for login in LOGINS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(600)
        self.assertFalse(errors, errors)
        self.assertEqual(len(statuses), len(LOGINS) * (10 + 2 * BROWSE_ROUNDS))

        server.terminate()
        self.assertEqual(server.wait(60), 0)
        log = self.read(self.logfile)
        http_pids = set(re.findall(r'Worker WorkerHTTP \((\d+)\) alive', log))
        served = Counter(re.findall(r'^\S+ \S+ (\d+) INFO \S+ werkzeug: .*"(?:GET|POST) /(?:my|web/login)\S* HTTP',
                                    log, re.M))
        self.assertEqual(len(http_pids), 2, log[-3000:])
        self.assertEqual(set(served), http_pids, 'both HTTP workers served portal requests: %s' % served)
        self.assertGreaterEqual(sum(served.values()), len(statuses))
        for pattern in CRASH_PATTERNS:
            match = re.search(pattern, log)
            self.assertIsNone(match, match and log[max(0, match.start() - 1500):match.end() + 1500])

        logins = tuple(LOGINS)
        figures = self.sql("""
            SELECT (SELECT count(*) FROM aftersales_ticket t JOIN res_users u ON u.partner_id = t.contact_id
                     WHERE u.login IN %s AND t.channel = 'portal' AND t.title LIKE 'New request of %%'),
                   (SELECT count(*) FROM mail_message m JOIN aftersales_ticket t ON t.id = m.res_id
                     WHERE m.model = 'aftersales.ticket' AND m.body LIKE '%%from the portal%%'),
                   (SELECT count(*) FROM aftersales_visit v WHERE v.id IN %s AND v.signed_by LIKE 'Signer %%')
        """, (logins, tuple(self.records[login]['visit'] for login in LOGINS)))[0]
        self.assertEqual(figures, (len(LOGINS), len(LOGINS), len(LOGINS)))
        print('multi-worker: %d requests by %d sessions, per worker pid %s, %d errors, %.0fs' % (
            len(statuses), len(LOGINS), dict(served), len(errors), time.time() - started))
