"""The web client in a real browser: a headless Chromium driven by Playwright
logs in, boots the web client and opens the After-Sales app.

The browser talks to the test HTTP server (``odoo.tests.common.HOST/PORT``),
which works in the registry's test cursor: everything the requests write is
rolled back with the test.
"""
import re

import odoo.tests.common
import pytest
from browser_case import BrowserMixin

APP = 'aftersales_service.aftersales_menu_root'
SECTION = 'aftersales_service.aftersales_menu_customer_service'


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestRuntimeBrowser(BrowserMixin, odoo.tests.common.HttpCase):

    def test_after_sales_app_menu(self):
        page = self.page
        self.login('admin', 'admin')

        # the web client booted: the menu widget shows the app bar, the
        # home action rendered its control panel
        apps = page.locator('#oe_main_menu_navbar .oe_application_menu_placeholder')
        self.wait_visible(apps)
        self.wait_visible(page.locator('.o_main_content .o_control_panel'))
        app = page.locator('#oe_main_menu_navbar a[data-menu-xmlid="%s"]' % APP)
        self.assertEqual(app.count(), 1)
        if not app.is_visible():
            # the bar was too narrow: the app went to the "More" dropdown
            page.click('#menu_more_container > a.dropdown-toggle')
        self.wait_visible(app)
        self.assertEqual(app.inner_text().strip(), 'After-Sales')
        self.assertFalse(page.locator('.oe_secondary_menu_section[data-menu-xmlid="%s"]' % SECTION).is_visible())

        home = page.locator('.o_control_panel .breadcrumb').first.inner_text()
        app.click()
        section = page.locator('.o_sub_menu .oe_secondary_menu_section[data-menu-xmlid="%s"]' % SECTION)
        self.wait_visible(section)
        self.assertEqual(section.inner_text().strip(), 'Customer Service')
        self.assertIn('active', app.locator('xpath=..').get_attribute('class') or '')
        # the app's first action replaced the home action
        page.wait_for_function(
            "home => { const crumb = document.querySelector('.o_control_panel .breadcrumb');"
            " return /[?#&]action=\\d+/.test(window.location.hash) && crumb"
            " && crumb.innerText.trim() && crumb.innerText !== home; }", arg=home)
        page.locator('.o_content .o_view_manager_content > *').first.wait_for(state='visible')
        menu_id = int(re.search(r'menu_id=(\d+)', page.evaluate('() => window.location.hash')).group(1))
        app_menus = self.env['ir.ui.menu'].search([('id', 'child_of', self.env.ref(APP).id)])
        self.assertIn(menu_id, app_menus.ids)

        # the backend stylesheets are loaded, every request went to the test server
        sheets = page.evaluate("() => Array.from(document.styleSheets, s => s.href || '')")
        self.assertTrue(any('web.assets_backend' in href for href in sheets), sheets)
        self.assertTrue(all(url.startswith((self.base_url, 'data:', 'about:', 'blob:')) for url in self.requests),
                        [url for url in self.requests if not url.startswith(self.base_url)])
        self.assertEqual(page.locator('.modal-dialog:visible').count(), 0)
        self.assertEqual(self.errors, [])
