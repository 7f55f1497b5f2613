"""The customer portal in a real browser: a headless Chromium driven by
Playwright, as the portal user A1 of customer A (see ``portal_case``).

The customer signs in, opens a repair request with a photo, finds it in the
list, signs the work report of a visit on the canvas of the portal signature
widget and rates a solved request; then the database is checked. The
browser's requests work in the registry's test cursor: everything is rolled
back with the test.
"""
import base64
import io
import re

import pytest
from browser_case import BrowserMixin
from odoo.tests.common import at_install, post_install
from PIL import Image
from portal_case import SIGNATURE, PortalCase


@pytest.mark.slow
@at_install(False)
@post_install(True)
class TestPortalBrowser(BrowserMixin, PortalCase):

    def test_customer_requests_signs_and_rates(self):
        page, base = self.page, self.base_url

        # sign in: a portal user lands on the portal home
        self.login('p_a1', 'p_a1')
        self.assertIn('/my', page.url)
        self.wait_visible(page.locator('.o_aftersales_home_sign a'))
        self.assertEqual(page.locator('.o_aftersales_home_sign .badge').inner_text().strip(), '1')

        # a new repair request with a photo
        page.click('.o_aftersales_home_new a')
        self.wait_visible(page.locator('form.o_aftersales_new_ticket_form'))
        page.select_option('select[name="ticket_type"]', 'repair')
        page.select_option('select[name="site_id"]', str(self.a['sites'][1]))
        page.select_option('select[name="equipment_id"]', str(self.a['equipment'][1]))
        page.fill('input[name="title"]', 'Interactive whiteboard does not react')
        page.fill('textarea[name="description"]', 'The pen does nothing since this morning, room 204.')
        page.set_input_files('input[name="attachments"]', files=[
            {'name': 'whiteboard.png', 'mimeType': 'image/png', 'buffer': base64.b64decode(SIGNATURE)}])
        with page.expect_navigation(url=re.compile(r'/my/tickets/\d+\?notice=created')):
            page.click('form.o_aftersales_new_ticket_form button[type="submit"]')
        self.wait_visible(page.locator('.o_aftersales_notice'))
        ticket_id = int(re.search(r'/my/tickets/(\d+)', page.url).group(1))
        # the chatter shows the photo of the request
        self.wait_visible(page.locator('.o_portal_chatter_attachments .oe_attachment_name'))
        self.assertIn('whiteboard.png', page.locator('.o_portal_chatter_attachments').inner_text())

        # in the list
        page.goto(base + '/my/tickets')
        row = page.locator('tr[data-ticket-id="%d"]' % ticket_id)
        self.wait_visible(row)
        self.assertIn('Interactive whiteboard does not react', row.inner_text())

        # the visit waiting for the customer's signature
        page.goto(base + '/my/visits?filterby=to_sign')
        page.click('tr[data-visit-id="%d"] a.o_aftersales_sign_link' % self.a['to_sign'])
        canvas = page.locator('.o_aftersales_signature_form #o_portal_signature canvas')
        self.wait_visible(canvas)
        self.assertIn('Replaced the lamp module', page.locator('.o_aftersales_visit').inner_text())
        self.assertEqual(page.locator('#o_portal_sign_name').input_value(), 'Contact p_a1')
        page.fill('#o_portal_sign_name', 'Liu Yang')
        page.fill('#o_aftersales_signer_role', 'Head of IT')
        # nothing drawn yet: refused in the page
        page.click('.o_portal_sign_submit')
        self.wait_visible(page.locator('.o_aftersales_sign_error'))
        self.draw(canvas)
        with page.expect_navigation(url=re.compile(r'/my/visits/%d$' % self.a['to_sign'])):
            page.click('.o_portal_sign_submit')
        self.wait_visible(page.locator('.o_aftersales_signature img'))
        self.assertIn('Signed by Liu Yang', page.locator('.o_aftersales_signature').inner_text())
        self.assertEqual(page.locator('.o_aftersales_signature_form').count(), 0)

        # rate the solved request
        page.goto(base + '/my/tickets/%d' % self.a['solved'])
        page.click('a.o_aftersales_rate_link')
        self.wait_visible(page.locator('form.o_aftersales_rate_form'))
        page.check('input[name="satisfaction"][value="5"]')
        page.check('input[name="resolved"][value="yes"]')
        page.fill('textarea[name="comment"]', 'Fast and friendly engineer.')
        with page.expect_navigation(url=re.compile(r'/my/tickets/%d\?notice=rated' % self.a['solved'])):
            page.click('form.o_aftersales_rate_form button[type="submit"]')
        self.wait_visible(page.locator('.o_aftersales_rating'))
        self.assertEqual(self.errors, [])

        with self.server_env() as env:
            ticket = env['aftersales.ticket'].browse(ticket_id)
            self.assertEqual((ticket.channel, ticket.partner_id.id, ticket.contact_id.id),
                             ('portal', self.a['company'], self.a['contacts'][0]))
            self.assertEqual((ticket.site_id.id, ticket.equipment_id.id, ticket.type_code),
                             (self.a['sites'][1], self.a['equipment'][1], 'repair'))
            attachments = env['ir.attachment'].search([('res_model', '=', 'aftersales.ticket'),
                                                       ('res_id', '=', ticket_id)])
            self.assertEqual(attachments.mapped('datas_fname'), ['whiteboard.png'])

            visit = env['aftersales.visit'].browse(self.a['to_sign'])
            self.assertTrue(visit.is_signed)
            self.assertEqual((visit.signed_by, visit.signer_role), ('Liu Yang', 'Head of IT'))
            # the drawing arrived: a PNG with dark strokes on white
            image = Image.open(io.BytesIO(base64.b64decode(visit.signature))).convert('L')
            self.assertGreater(sum(1 for pixel in image.getdata() if pixel < 100), 50)

            callback = env['aftersales.ticket'].browse(self.a['solved']).callback_ids
            self.assertEqual((callback.source, callback.satisfaction, callback.resolved, callback.customer_comment),
                             ('portal', '5', 'yes', 'Fast and friendly engineer.'))
            self.assertTrue(callback.rated_at)
