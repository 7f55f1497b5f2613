import unicodedata

from odoo.addons.aftersales_service.tests.common import PdfReportMixin, pdf_pages_text
from odoo.tests.common import HttpCase, at_install, post_install

from .common import PresalesDataMixin


def page_text(pdf):
    """The text of ``pdf`` on one line; NFKC folds the CJK radicals pdftotext
    reports for some glyphs (U+2F45 for 方) back to the ideographs."""
    return unicodedata.normalize('NFKC', ' '.join(' '.join(pdf_pages_text(pdf)).split()))


@at_install(False)
@post_install(True)
class TestPresalesReports(PresalesDataMixin, PdfReportMixin, HttpCase):
    """The interview minutes and the solution summary, printed by the real wkhtmltopdf."""

    def setUp(self):
        super(TestPresalesReports, self).setUp()
        self.env = self.env(context=dict(self.env.context, tracking_disable=True))
        self._presales_data(self.env)
        self.request = self.env['aftersales.presales.request'].create({
            'opportunity_id': self.lead.id, 'engineer_id': self.engineer.id,
            'decision': 'go', 'decision_reason': 'Fits'})

    def test_interview_minutes(self):
        interview = self.env['aftersales.presales.interview'].create({
            'request_id': self.request.id, 'name': 'Operations Department', 'people_met': 'Mr. Sun',
            'notes': 'Alarms are handled by phone', 'minutes_sent_date': '2026-11-10',
            'confirmed_by': 'Ms. Li', 'confirmed_date': '2026-11-12',
            'process_ids': [(0, 0, {'name': 'Alarm handling', 'flow': 'Operator calls the duty engineer',
                                    'documents': 'Paper log'})]})
        pdf = self.render_pdf('aftersales_presales.action_report_aftersales_presales_interview', interview)
        text = page_text(pdf)
        for expected in ('访谈纪要 / Interview Minutes', self.request.name, 'Hillside Water Works',
                         'Operations Department', 'Mr. Sun', 'Alarms are handled by phone', 'Alarm handling',
                         'Operator calls the duty engineer', 'Paper log', 'Ms. Li'):
            self.assertIn(expected, text)

    def test_solution_summary(self):
        self.env['aftersales.presales.use.case'].create({
            'request_id': self.request.id, 'actor': 'Operator', 'name': 'Acknowledge an alarm'})
        self.env['aftersales.presales.solution'].create({
            'request_id': self.request.id, 'name': 'SCADA solution', 'version': 2,
            'summary': 'Redundant servers', 'customer_feedback': 'Wants SMS alarms'})
        pdf = self.render_pdf('aftersales_presales.action_report_aftersales_presales_solution', self.request)
        text = page_text(pdf)
        for expected in ('解决方案摘要 / Solution Summary', self.request.name, 'SCADA upgrade',
                         'Acknowledge an alarm', 'SCADA solution', 'Redundant servers', 'Wants SMS alarms'):
            self.assertIn(expected, text)
