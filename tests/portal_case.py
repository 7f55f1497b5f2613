"""Two portal customers, A and B, for the customer portal tests.

Odoo 11's ``HttpCase`` gives the test a cursor of its own, while the HTTP
server works in the registry's test cursor: the records are created, and the
database is checked, in that test cursor (``server_env()``), in short blocks
that release its lock before the next request. Everything is rolled back
with the test.
"""
import base64
import hashlib
import hmac
import re
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

import odoo
import odoo.tests.common
from odoo import SUPERUSER_ID, api, fields
from odoo.service import security
from odoo.tests.common import get_db_name

# a 1x1 PNG: what the signature widget sends, base64-encoded
SIGNATURE = base64.b64encode(bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082')).decode('ascii')
PDF_CONTENT = b'%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'
WRONG_TOKEN = '00000000-0000-4000-8000-000000000000'
# the tables a portal request may write in
WATCHED_TABLES = ('aftersales_ticket', 'aftersales_visit', 'aftersales_callback', 'maintenance_equipment',
                  'mail_message', 'mail_followers', 'mail_activity', 'mail_mail', 'res_partner')


class PortalCase(odoo.tests.common.HttpCase):
    """Customers A (two portal users, A1 and A2, colleagues) and B (portal
    user B1), each with two sites, equipment, an open and a solved repair
    ticket, a visit waiting for the customer's signature and a signed one."""

    def setUp(self):
        super(PortalCase, self).setUp()
        self.base_url = 'http://%s:%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT)
        self._visit_day = 0
        with self.server_env() as env:
            self.engineer = self._user(env, 'p_engineer', 'Engineer Lin', 'aftersales_service.group_aftersales_field',
                                       email='lin.private@test.example.com')
            self.a = self._customer(env, 'A', ['p_a1', 'p_a2'])
            self.b = self._customer(env, 'B', ['p_b1'])

    # ------------------------------------------------------------------
    # the server's cursor
    # ------------------------------------------------------------------

    @contextmanager
    def server_env(self, **context):
        """A superuser environment on the test cursor the HTTP server uses.
        Do not send requests inside the block: it holds the cursor's lock."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(
                {'tracking_disable': True, 'aftersales_no_ack': True}, **context))
            env.clear()
            yield env

    def snapshot(self):
        """Row counts and last writes of the tables a portal request may touch."""
        result = {}
        with self.server_env() as env:
            for table in WATCHED_TABLES:
                last_write = 'max(write_date)' if table != 'mail_followers' else 'NULL'
                env.cr.execute('SELECT count(*), max(id), %s FROM %s' % (last_write, table))
                result[table] = env.cr.fetchone()
            env.cr.execute("SELECT count(*), max(id) FROM ir_attachment WHERE res_model LIKE 'aftersales.%%'")
            result['ir_attachment'] = env.cr.fetchone()
        return result

    def query_count(self):
        return self.registry.test_cr.sql_log_count

    # ------------------------------------------------------------------
    # sessions and requests
    # ------------------------------------------------------------------

    def login(self, login):
        """Sign the test session in as ``login`` (its password is the login)."""
        db = get_db_name()
        uid = self.registry['res.users'].authenticate(db, login, login, None)
        self.assertTrue(uid, 'cannot log in as %s' % login)
        session = self.session
        with self.server_env() as env:
            env['res.users']._invalidate_session_cache()
            session.db, session.uid, session.login = db, uid, login
            user_env = env(user=uid)
            session.session_token = security.compute_session_token(session, user_env)
            session.context = dict(user_env['res.users'].context_get() or {}, uid=uid)
            session._fix_lang(session.context)
        odoo.http.root.session_store.save(session)

    def logout(self):
        session = self.session
        session.uid = session.login = session.session_token = None
        session.context = {}
        odoo.http.root.session_store.save(session)

    def csrf_token(self):
        """A CSRF token of the test session, as ``request.csrf_token()`` makes it."""
        with self.server_env() as env:
            secret = env['ir.config_parameter'].get_param('database.secret')
        max_ts = int(time.time() + 3600)
        digest = hmac.new(secret.encode('ascii'), ('%s%s' % (self.session.sid, max_ts)).encode('utf-8'),
                          hashlib.sha1).hexdigest()
        return '%so%s' % (digest, max_ts)

    def get(self, url, **params):
        return self.opener.get(self.base_url + url, params=params, timeout=60, allow_redirects=False)

    def post(self, url, data=None, files=None, csrf=True):
        data = dict(data or {})
        if csrf:
            data['csrf_token'] = self.csrf_token()
        return self.opener.post(self.base_url + url, data=data, files=files, timeout=60, allow_redirects=False)

    def assertRefused(self, response, message=''):
        """403, 404, 400 (refused CSRF) or a redirection to the login page."""
        if response.status_code in (301, 302, 303):
            self.assertIn('/web/login', response.headers.get('Location', ''), message)
        else:
            self.assertIn(response.status_code, (400, 403, 404), message)
        self.assertNotIn('Traceback', response.text, message)

    @staticmethod
    def form_token(html):
        match = re.search(r'name="csrf_token" value="([^"]+)"', html)
        return match and match.group(1)

    # ------------------------------------------------------------------
    # data
    # ------------------------------------------------------------------

    @staticmethod
    def _user(env, login, name, group, partner=None, email=None):
        values = {'name': name, 'login': login, 'password': login, 'email': email or '%s@test.example.com' % login,
                  'groups_id': [(6, 0, [env.ref(group).id])]}
        if partner:
            values['partner_id'] = partner.id
        return env['res.users'].with_context(no_reset_password=True).create(values).id

    def _create_visit(self, env, ticket, signed=False):
        """A visit of the ticket with its work report written, signed by the customer or not."""
        self._visit_day += 1
        start = datetime.now().replace(microsecond=0) + timedelta(days=self._visit_day)
        visit = env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': self.engineer, 'state': 'done',
            'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + timedelta(hours=2)),
            'work_done': '<p>Replaced the lamp module</p>', 'result': 'fixed',
            'fault_cause': 'Lamp at end of life', 'advice': 'Switch off with the remote'})
        if signed:
            visit.action_sign(SIGNATURE, 'Principal Zhou', 'Principal')
        return visit

    def _customer(self, env, letter, logins):
        Partner = env['res.partner']
        company = Partner.create({'name': 'Customer %s Ltd' % letter, 'is_company': True, 'customer': True,
                                  'email': 'office.%s@test.example.com' % letter.lower()})
        sites = [Partner.create({'name': 'Site %s%d' % (letter, index), 'parent_id': company.id, 'type': 'other',
                                 'aftersales_is_site': True}) for index in (1, 2)]
        contacts = [Partner.create({'name': 'Contact %s' % login, 'parent_id': company.id,
                                    'email': '%s@test.example.com' % login}) for login in logins]
        users = [self._user(env, login, 'Contact %s' % login, 'base.group_portal', partner=contact)
                 for login, contact in zip(logins, contacts)]
        Equipment = env['maintenance.equipment']
        equipment = [Equipment.create({
            'name': 'Projector %s%d' % (letter, index), 'serial_no': 'SN-%s%d' % (letter, index),
            'aftersales_customer_id': company.id, 'aftersales_site_id': site.id,
            'aftersales_install_date': '2024-03-01', 'aftersales_warranty_end': '2029-03-01'})
            for index, site in enumerate(sites, 1)]
        Ticket = env['aftersales.ticket']
        repair = env.ref('aftersales_service.ticket_type_repair')
        values = {'partner_id': company.id, 'contact_id': contacts[0].id, 'site_id': sites[0].id,
                  'equipment_id': equipment[0].id, 'type_id': repair.id, 'engineer_id': self.engineer}
        open_ticket = Ticket.create(dict(values, title='Open request of %s' % letter))
        solved = Ticket.create(dict(values, title='Solved request of %s' % letter))
        solved.write({'stage_id': env.ref('aftersales_service.ticket_stage_solved').id})
        inquiry = Ticket.create(dict(values, title='Inquiry of %s' % letter, site_id=sites[1].id,
                                     equipment_id=equipment[1].id,
                                     type_id=env.ref('aftersales_service.ticket_type_inquiry').id))
        to_sign = self._create_visit(env, open_ticket)
        signed = self._create_visit(env, solved, signed=True)
        return {
            'company': company.id, 'sites': [site.id for site in sites], 'users': users, 'logins': logins,
            'contacts': [contact.id for contact in contacts], 'equipment': [e.id for e in equipment],
            'open': open_ticket.id, 'solved': solved.id, 'inquiry': inquiry.id,
            'to_sign': to_sign.id, 'signed': signed.id,
            'tokens': {
                'open': open_ticket.access_token, 'solved': solved.access_token, 'inquiry': inquiry.access_token,
                'to_sign': to_sign.access_token, 'signed': signed.access_token},
            'titles': [open_ticket.title, solved.title, inquiry.title],
            'names': [open_ticket.name, solved.name, inquiry.name],
        }
