"""The HTTP runtime: web client and portal pages, and the backend stylesheet
bundle compiled by ``lessc``.

Odoo 11 reports a failed compilation in the *page*, not in the stylesheet:
``AssetsBundle.css()`` then returns no (or a stale) attachment, and
``to_node()`` appends an inline script built by ``dialog_message()`` (it sets
``window.__assetsBundleErrorSeen`` and opens a "Style error" dialog); the
messages are "Could not execute command 'lessc'", "... This error occured
while compiling the bundle ..." or "Local import ... is forbidden".
"""
import os
import re

import odoo.tests.common
import pytest
from odoo import api, SUPERUSER_ID

BUNDLE = 'web.assets_backend'
# what AssetsBundle writes in the page or the messages when a compilation fails
COMPILATION_ERROR_MARKERS = (
    '__assetsBundleErrorSeen',
    'The style compilation failed',
    'Could not execute command',
    'This error occured while compiling the bundle',
    'is forbidden for security reasons',
)
# a LESS construct left in the output means the source was not compiled
UNCOMPILED_LESS = re.compile(r'@import\s+[^;]*\.less|@\{|:\s*@[\w-]+\s*[;}]')
RUN_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'setup', 'run.sh')


def demo_logins():
    """(role, login, password) as setup/run.sh prints them."""
    with open(RUN_SCRIPT) as script:
        text = script.read()
    block = text.split('Demo logins (login / password):', 1)[1].split('EOT', 1)[0]
    return [re.match(r'\s*(.+?)\s+(\S+) / (\S+)$', line).groups() for line in block.splitlines() if line.strip()]


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestRuntimeHttp(odoo.tests.common.HttpCase):

    def _drop_compiled_bundle(self, bundle):
        """Forget the bundle's stored attachments in the transaction the HTTP
        server works in (rolled back after the test), so the request below
        really runs lessc."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['ir.attachment'].search([('url', '=like', '/web/content/%%-%%/%s%%' % bundle)]).unlink()

    @staticmethod
    def _lessc_errors(html):
        # the messages dialog_message() embeds in the page
        return sorted(set(re.findall(r'\}\)\("(.{0,300}?)"\);', html, re.S)))

    def test_web_client_page(self):
        self.authenticate('admin', 'admin')
        response = self.url_open('/web', timeout=120)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.history, 'admin was redirected: %s' % response.url)
        self.assertIn("odoo.define('web.web_client'", response.text)
        self.assertIn('odoo.session_info', response.text)
        self.assertIn('o_web_client', response.text)
        self.assertIn('data-menu-xmlid="aftersales_service.aftersales_menu_root"', response.text)

    def test_demo_logins(self):
        """Every login the run command prints signs in and lands on its home:
        the web client for employees, the portal for the customer."""
        logins = demo_logins()
        self.assertGreaterEqual(len(logins), 7)
        for role, login, password in logins:
            self.opener.cookies.clear()
            response = self.url_open('/web/login', timeout=120)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
            response = self.url_open('/web/login', data={'login': login, 'password': password, 'csrf_token': csrf},
                                     timeout=120)
            self.assertEqual(response.status_code, 200, role)
            self.assertNotIn('Wrong login/password', response.text, role)
            # Odoo 11 answers a page whose script sends the browser on
            landing = '/my' if role == 'Portal customer' else '/web'
            self.assertRegex(response.text, r"window.location = '(http://[^/']+)?%s'" % landing, role)
            home = self.url_open(landing, timeout=120)
            self.assertEqual((home.status_code, home.history), (200, []), role)
            with self.registry.cursor() as cr:
                user = api.Environment(cr, SUPERUSER_ID, {})['res.users'].search([('login', '=', login)])
                expected = 'base.group_portal' if role == 'Portal customer' else 'base.group_user'
                self.assertTrue(user.has_group(expected), role)

    def test_portal_home_page(self):
        self.authenticate('aftersales_portal', 'aftersales_portal')
        response = self.url_open('/my', timeout=120)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.history, 'the portal user was redirected: %s' % response.url)
        self.assertIn('o_portal_my_home', response.text)
        self.assertIn('o_portal_wrap', response.text)
        # a portal user never gets the backend
        self.assertNotIn("odoo.define('web.web_client'", response.text)

    def test_static_files(self):
        # served by the middleware Root.load_addons installs on the first request
        for url in ('/web/static/src/img/favicon.ico',
                    '/web/static/lib/fontawesome/fonts/fontawesome-webfont.woff',
                    '/aftersales_service/static/description/icon.png'):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertTrue(response.content, url)

    def test_backend_stylesheet_compiled_by_lessc(self):
        self._drop_compiled_bundle(BUNDLE)
        self.authenticate('admin', 'admin')
        page = self.url_open('/web', timeout=300)
        self.assertEqual(page.status_code, 200)
        errors = [marker for marker in COMPILATION_ERROR_MARKERS if marker in page.text]
        self.assertFalse(errors, 'the page reports a failed compilation: %s' % self._lessc_errors(page.text))

        links = re.findall(r'<link[^>]+href="(/web/content/[^"]*/%s\.\d+\.css)"' % re.escape(BUNDLE), page.text)
        self.assertTrue(links, 'no stylesheet of %s in /web: the compilation failed' % BUNDLE)
        css = ''
        for url in links:
            response = self.url_open(url, timeout=60)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn('text/css', response.headers.get('Content-Type', ''), url)
            css += response.text
        self.assertGreater(len(css), 100000, 'the backend stylesheet is suspiciously small')
        for marker in COMPILATION_ERROR_MARKERS:
            self.assertNotIn(marker, css)
        self.assertIsNone(UNCOMPILED_LESS.search(css), 'LESS source left in the CSS')
        # rules coming from web/static/src/less/*.less (not plain CSS files)
        self.assertIn('.o_web_client', css)
        self.assertIn('.o_form_view', css)
        self.assertGreater(css.count('{'), 1000)
        self.assertEqual(css.count('{'), css.count('}'))
