"""The field engineer has the customer sign a visit in the backend: the
signature pad (widget ``aftersales_signature``) in a real browser."""
import base64
import io

import pytest
from browser_case import BrowserCase
from odoo.addons.aftersales_service.tests.common import VisitDataMixin
from odoo.tests.common import at_install, post_install
from PIL import Image


@pytest.mark.slow
@at_install(False)
@post_install(True)
class TestVisitSignBrowser(VisitDataMixin, BrowserCase):

    def setUp(self):
        super(TestVisitSignBrowser, self).setUp()
        self.setup_visit_data()

    def test_engineer_has_the_customer_sign(self):
        visit = self.done_visit()
        page = self.page
        with self.released():
            self.login('r_field', 'r_field')
            # a full page load (not a hash change racing the booting web client's default action)
            page.goto('%s/web?visit=%d#id=%d&model=aftersales.visit&view_type=form'
                      % (self.base_url, visit.id, visit.id))
            sign = page.locator('.o_statusbar_buttons button:has-text("Sign")')
            self.wait_visible(sign)
            sign.click()
            dialog = page.locator('.modal-dialog:visible')
            canvas = dialog.locator('.o_aftersales_signature_pad canvas')
            self.wait_visible(canvas)
            dialog.locator('input[name="signed_by"]').fill('Principal Zhou')
            dialog.locator('input[name="signer_role"]').fill('Principal')
            self.draw(canvas)
            self.draw(canvas, top=0.9)
            dialog.locator('.modal-footer button:has-text("Confirm Signature")').click()
            page.locator('.modal-dialog').wait_for(state='detached')
            page.click('.o_notebook a[role="tab"]:has-text("Sign-off")')
            self.wait_visible(page.locator('.o_form_view .o_field_widget[name="signature"] img'))
            self.assertFalse(sign.is_visible())

        self.assertTrue(visit.is_signed)
        self.assertEqual((visit.signed_by, visit.signer_role), ('Principal Zhou', 'Principal'))
        # the drawing arrived: a PNG with dark strokes on white
        image = Image.open(io.BytesIO(base64.b64decode(visit.signature))).convert('L')
        self.assertLess(min(image.getdata()), 100)
        self.assertGreater(sum(1 for pixel in image.getdata() if pixel < 100), 50)
        # both strokes are on it: dark pixels in the upper and in the lower band
        height = image.height
        dark_rows = {index // image.width for index, pixel in enumerate(image.getdata()) if pixel < 100}
        self.assertTrue(any(row < height * 0.75 for row in dark_rows))
        self.assertTrue(any(row > height * 0.85 for row in dark_rows))
        self.assertEqual(self.errors, [])
