"""A headless Chromium driven by Playwright against the test HTTP server.

The browser's requests work in the registry's test cursor: a ``BrowserCase``
creates its records in it too (``TestCursorMixin``) and lets the server have
it while the browser acts (``released()``); everything is rolled back with
the test.
"""
import re
import shutil
import tempfile
import time

import odoo.tests.common
from odoo.addons.aftersales_service.tests.common import TestCursorMixin
from playwright.sync_api import sync_playwright

CHROMIUM = '/usr/bin/chromium'
# Chromium 132+ has no "old" headless mode, the one Playwright 1.47 asks for
# with headless=True: ask for the current one ourselves.
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
]
TIMEOUT = 120 * 1000        # ms; the first page compiles the asset bundles


class BrowserMixin(object):
    """For an ``HttpCase``: ``self.page``, a fresh browser page; browser
    errors, console errors and dialogs are collected in ``self.errors``."""

    def setUp(self):
        super(BrowserMixin, self).setUp()
        self.base_url = 'http://%s:%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT)
        profile = tempfile.mkdtemp(prefix='chromium-')
        self.addCleanup(shutil.rmtree, profile, True)
        playwright = sync_playwright().start()
        self.addCleanup(playwright.stop)
        # a persistent context on a fresh, empty profile directory
        self.context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=False, args=CHROMIUM_ARGS,
            viewport={'width': 1600, 'height': 1000}, locale='en-US')
        self.addCleanup(self.context.close)
        self.context.set_default_timeout(TIMEOUT)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on('pageerror', lambda error: self.errors.append('page error: %s' % error))
        self.page.on('console', self._console)
        self.page.on('dialog', self._dialog)
        self.requests = []
        self.page.on('request', lambda request: self.requests.append(request.url))
        self.page.on('response', self._response)

    def _console(self, message):
        # a failed request is reported with its URL by _response
        if message.type == 'error' and not message.text.startswith('Failed to load resource'):
            self.errors.append('console: %s' % message.text)

    def _response(self, response):
        if response.status >= 400:
            self.errors.append('HTTP %s: %s' % (response.status, response.url))

    def _dialog(self, dialog):
        # e.g. the alert() of a failed stylesheet compilation
        self.errors.append('%s dialog: %s' % (dialog.type, dialog.message))
        dialog.dismiss()

    def wait_visible(self, locator, timeout=TIMEOUT):
        """Wait for ``locator``, failing at once on a browser error."""
        deadline = time.time() + timeout / 1000.0
        while not locator.first.is_visible():
            self.assertEqual(self.errors, [])
            # Odoo's own error dialogs (crash manager, "Style error")
            dialog = self.page.locator('.modal-dialog:visible .o_dialog_warning, .modal-dialog:visible .o_error_detail')
            self.assertEqual(dialog.count(), 0, dialog.count() and dialog.first.inner_text())
            if time.time() > deadline:
                self.page.screenshot(path='/tmp/browser-timeout.png')
                self.fail('timeout waiting for %s' % locator)
            self.page.wait_for_timeout(250)
        self.assertEqual(self.errors, [])

    def login(self, login, password):
        page = self.page
        response = page.goto(self.base_url + '/web/login')
        self.assertEqual(response.status, 200)
        page.fill('input[name="login"]', login)
        page.fill('input[name="password"]', password)
        # the login answer is a page whose script then loads /web or /my: wait for that one
        with page.expect_navigation(url=re.compile(r'/(web|my)(\?|#|$)')):
            page.click('form.oe_login_form button[type="submit"]')

    def draw(self, canvas, top=0.5):
        """Sign on ``canvas`` with the mouse: a zigzag stroke whose lowest
        point is at ``top`` of the canvas's height."""
        box = canvas.bounding_box()
        mouse = self.page.mouse
        mouse.move(box['x'] + 20, box['y'] + box['height'] * top)
        mouse.down()
        for step in range(1, 11):
            mouse.move(box['x'] + 20 + step * 25, box['y'] + box['height'] * (top - 0.05 * (step % 4)), steps=3)
        mouse.up()


class BrowserCase(TestCursorMixin, BrowserMixin, odoo.tests.common.HttpCase):
    """A browser test whose records live in the server's test cursor."""
