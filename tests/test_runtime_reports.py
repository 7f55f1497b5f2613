"""QWeb PDF reports really printed by wkhtmltopdf, stylesheets included.

``render_qweb_pdf`` never calls wkhtmltopdf in a test: it returns the HTML
when ``test_enable`` is set (and no ``test_report_directory``) and also when
the cursor is a ``TestCursor`` — wkhtmltopdf downloads the report's
stylesheets from the server, which waits for the test cursor's lock the test
holds.  So the test does what ``render_qweb_pdf`` does, in two steps:

1. render the HTML and split it (``_prepare_html``) in the transaction the
   test HTTP server works in (the registry's test cursor), so the stylesheet
   bundles it creates are visible to the server; leaving the ``with`` block
   releases the cursor's lock;
2. run wkhtmltopdf (``_run_wkhtmltopdf``) and assemble the document
   (``_post_pdf``) from the test's own cursor, while the server answers
   wkhtmltopdf's stylesheet requests.

``report.url`` points wkhtmltopdf at the test server (``<base href>``).
"""
import io
import logging
import re
import shutil
from contextlib import contextmanager

import odoo.tests.common
import pytest
from odoo import api, SUPERUSER_ID
from odoo.addons.aftersales_service.tests.common import pdf_pages_text
from odoo.addons.base.ir import ir_actions_report
from PyPDF2 import PdfFileReader

REPORT = 'purchase.action_report_purchase_order'


class _RecordsHandler(logging.Handler):
    def __init__(self):
        super(_RecordsHandler, self).__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextmanager
def server_requests():
    """The request lines the HTTP server logs meanwhile (werkzeug, INFO)."""
    logger = logging.getLogger('werkzeug')
    handler = _RecordsHandler()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestRuntimeReports(odoo.tests.common.HttpCase):

    @classmethod
    def setUpClass(cls):
        super(TestRuntimeReports, cls).setUpClass()
        if ir_actions_report.wkhtmltopdf_state != 'ok':
            raise AssertionError('wkhtmltopdf is not usable: %s' % ir_actions_report.wkhtmltopdf_state)
        if not shutil.which('pdftotext'):
            raise AssertionError('pdftotext (poppler-utils) is not installed')

    def setUp(self):
        super(TestRuntimeReports, self).setUp()
        self.base_url = 'http://%s:%s' % (odoo.tests.common.HOST, odoo.tests.common.PORT)
        self.company = self.env.ref('base.main_company')
        self.orders = self.env['purchase.order'].search([('company_id', '=', self.company.id)],
                                                        order='id', limit=3)
        self.assertEqual(len(self.orders), 3, 'the demo purchase orders are missing')

    def _render_pdf(self, records):
        # 1. the HTML, in the HTTP server's transaction
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env['ir.config_parameter'].set_param('report.url', self.base_url)
            report = env.ref(REPORT).with_context(debug=False)
            html = report.render_qweb_html(records.ids)[0].decode('utf-8')
            bodies, html_ids, header, footer, paperformat_args = report._prepare_html(html)
        self.assertEqual(len(bodies), len(records))
        self.assertEqual(html_ids, records.ids)

        base = '<base href=%s>' % self.base_url
        stylesheets = set()
        for document in bodies + [header, footer]:
            document = document.decode('utf-8')
            self.assertTrue(document.lstrip().startswith(base), document[:200])
            stylesheets.update(re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', document)
                               + re.findall(r'<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"', document))
        self.assertTrue(any('web.report_assets_common' in url for url in stylesheets), stylesheets)

        # 2. wkhtmltopdf, the server answering its requests
        report = self.env.ref(REPORT).with_context(debug=False)
        with server_requests() as requests:
            pdf = report._run_wkhtmltopdf(bodies, header=header, footer=footer,
                                          specific_paperformat_args=paperformat_args)
        for url in stylesheets:
            served = [line for line in requests if ' %s ' % url in line]
            self.assertTrue(served, 'wkhtmltopdf did not fetch %s; requests: %s' % (url, requests))
            self.assertTrue(all(re.search(r'" 200 ', line) for line in served), served)
        return report._post_pdf({}, pdf_content=pdf, res_ids=html_ids)

    def _check_pdf(self, pdf, records):
        self.assertTrue(pdf.startswith(b'%PDF-'), pdf[:20])
        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertGreaterEqual(reader.getNumPages(), len(records))
        pages = pdf_pages_text(pdf)
        self.assertEqual(len(pages), reader.getNumPages())
        for number, page in enumerate(pages, 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            # the header (--header-html: the company's address block) tops every
            # page, the footer (--footer-html, page numbers filled in by its
            # script) ends it
            self.assertEqual(lines[0], self.company.name, 'no company header on page %d:\n%s' % (number, page))
            self.assertIn(self.company.email, page, 'no company footer on page %d' % number)
            self.assertRegex(lines[-1], r'^Page: \d+ / \d+$')
        for record in records:
            page = next((page for page in pages if record.name in page), None)
            self.assertTrue(page, '%s is not in the PDF' % record.name)
            # Bootstrap's grid applied (the stylesheets were loaded): the
            # shipping address and the vendor side by side on one line
            self.assertTrue(any('Shipping address:' in line and record.partner_id.name in line
                                for line in page.splitlines()),
                            'the address blocks of %s are not laid out in columns:\n%s' % (record.name, page))
        return pages

    def test_one_record(self):
        order = self.orders[0]
        pages = self._check_pdf(self._render_pdf(order), order)
        self.assertEqual(len(pages), 1)

    def test_several_records(self):
        pages = self._check_pdf(self._render_pdf(self.orders), self.orders)
        # a page each, in order
        self.assertEqual(len(pages), len(self.orders))
        firsts = [next(number for number, page in enumerate(pages) if order.name in page)
                  for order in self.orders]
        self.assertEqual(firsts, list(range(len(self.orders))))
