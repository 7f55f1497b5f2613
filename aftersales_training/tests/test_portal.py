import odoo.tests.common
from odoo.tests.common import HttpCase, at_install, post_install

from odoo.addons.aftersales_service.tests.common import TestCursorMixin


@at_install(False)
@post_install(True)
class TestTrainingPortal(TestCursorMixin, HttpCase):
    """Customers A (contacts A1 and A2) and B (contact B1): a customer's
    contacts see their organisation's sessions and only their own
    certificates; B never reaches A's session or certificates."""

    def setUp(self):
        super(TestTrainingPortal, self).setUp()
        self.env = self.env(context=dict(self.env.context, tracking_disable=True))
        self.base_url = 'http://%s:%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT)
        self.trainer = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Trainer Gao', 'login': 'p_trainer',
            'groups_id': [(6, 0, [self.env.ref('aftersales_service.group_aftersales_tech').id])]})
        self.a = self._customer('A', ['p_a1', 'p_a2'])
        self.b = self._customer('B', ['p_b1'])

    def _customer(self, letter, logins):
        Partner = self.env['res.partner']
        company = Partner.create({'name': 'Customer %s Ltd' % letter, 'is_company': True, 'customer': True})
        contacts = [Partner.create({'name': 'Contact %s' % login, 'parent_id': company.id,
                                    'email': '%s@test.example.com' % login}) for login in logins]
        for login, contact in zip(logins, contacts):
            self.env['res.users'].with_context(no_reset_password=True).create({
                'name': contact.name, 'login': login, 'password': login, 'partner_id': contact.id,
                'groups_id': [(6, 0, self.env.ref('base.group_portal').ids)]})
        Session = self.env['aftersales.training.session']
        values = {'kind': 'customer', 'partner_id': company.id, 'trainer_user_id': self.trainer.id,
                  'evaluation': 'attendance', 'duration': 2.0, 'location': 'Room of %s' % letter}
        done = Session.create(dict(values, title='Past training of %s' % letter, date_start='2026-01-05 01:00:00'))
        done.action_confirm()
        lines = [self.env['aftersales.training.attendance'].create({
            'session_id': done.id, 'partner_id': contact.id, 'state': 'attended'}) for contact in contacts]
        done.action_done()
        upcoming = Session.create(dict(values, title='Next training of %s' % letter,
                                       date_start='2030-05-05 01:00:00'))
        cancelled = Session.create(dict(values, title='Cancelled training of %s' % letter,
                                        date_start='2030-06-05 01:00:00'))
        cancelled.action_cancel()
        return {'done': done, 'upcoming': upcoming, 'cancelled': cancelled, 'lines': lines,
                'numbers': [line.certificate_number for line in lines]}

    def get(self, url):
        with self.released():
            return self.opener.get(self.base_url + url, timeout=60, allow_redirects=False)

    def assertRefused(self, response, url):
        self.assertIn(response.status_code, (403, 404), url)
        self.assertNotIn('Traceback', response.text, url)

    def test_lists_show_only_own(self):
        self.authenticate('p_a1', 'p_a1')
        response = self.get('/my/trainings')
        self.assertEqual(response.status_code, 200)
        self.assertIn('Past training of A', response.text)
        self.assertIn('Next training of A', response.text)
        self.assertNotIn('Cancelled training of A', response.text)
        self.assertNotIn('training of B', response.text)

        response = self.get('/my/trainings?filterby=upcoming')
        self.assertIn('Next training of A', response.text)
        self.assertNotIn('Past training of A', response.text)

        response = self.get('/my/certificates')
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.a['numbers'][0], response.text)
        self.assertNotIn(self.a['numbers'][1], response.text, "a colleague's certificate is not shown")
        self.assertNotIn(self.b['numbers'][0], response.text)

        home = self.get('/my/home')
        self.assertIn('/my/trainings', home.text)
        self.assertIn('/my/certificates', home.text)

    def test_own_session_and_certificate(self):
        self.authenticate('p_a1', 'p_a1')
        response = self.get('/my/trainings/%d' % self.a['done'].id)
        self.assertEqual(response.status_code, 200)
        self.assertIn('Past training of A', response.text)
        self.assertIn('Trainer Gao', response.text)
        self.assertIn(self.a['numbers'][0], response.text)
        self.assertNotIn(self.a['numbers'][1], response.text)

        response = self.get('/my/certificates/%d/pdf' % self.a['lines'][0].id)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.a['numbers'][0], response.text)    # the HTML version under tests
        self.assertIn('Contact p_a1', response.text)

        response = self.get('/my/trainings/%d/ics' % self.a['upcoming'].id)
        self.assertEqual(response.status_code, 200)
        self.assertIn('text/calendar', response.headers['Content-Type'])
        self.assertIn('BEGIN:VCALENDAR', response.text)
        self.assertIn('Next training of A', response.text)

    def test_b_never_reaches_a(self):
        self.authenticate('p_b1', 'p_b1')
        response = self.get('/my/trainings')
        self.assertIn('Past training of B', response.text)
        self.assertNotIn('training of A', response.text)
        for url in ('/my/trainings/%d' % self.a['done'].id, '/my/trainings/%d' % self.a['upcoming'].id,
                    '/my/trainings/%d/ics' % self.a['upcoming'].id,
                    '/my/certificates/%d/pdf' % self.a['lines'][0].id,
                    '/my/certificates/%d/pdf' % self.a['lines'][1].id):
            response = self.get(url)
            self.assertRefused(response, url)
            self.assertNotIn('training of A', response.text, url)
            for number in self.a['numbers']:
                self.assertNotIn(number, response.text, url)
        self.assertEqual(self.get('/my/trainings/999999999').status_code, 404)
        self.assertEqual(self.get('/my/certificates/999999999/pdf').status_code, 404)

    def test_colleague_certificate_refused(self):
        self.authenticate('p_a2', 'p_a2')
        response = self.get('/my/certificates/%d/pdf' % self.a['lines'][0].id)
        self.assertRefused(response, 'certificate of A1')
        self.assertEqual(self.get('/my/certificates/%d/pdf' % self.a['lines'][1].id).status_code, 200)

    def test_anonymous_goes_to_login(self):
        for url in ('/my/trainings', '/my/certificates', '/my/trainings/%d' % self.a['done'].id,
                    '/my/certificates/%d/pdf' % self.a['lines'][0].id):
            response = self.get(url)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertIn('/web/login', response.headers.get('Location', ''), url)
