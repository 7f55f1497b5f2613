"""The technical meeting minutes and the product quality report, printed
through the real wkhtmltopdf (``PdfReportMixin``)."""
import unicodedata

import odoo.tests.common
import pytest

from .common import PdfReportMixin, pdf_pages_text


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestAnalysisPdf(PdfReportMixin, odoo.tests.common.HttpCase):

    def setUp(self):
        super(TestAnalysisPdf, self).setUp()
        self.env = self.env(context={'tracking_disable': True, 'aftersales_no_ack': True, 'tz': 'UTC'})
        Users = self.env['res.users'].with_context(no_reset_password=True)
        group = self.env.ref('aftersales_service.group_aftersales_tech')
        self.engineer = Users.create({'name': 'Engineer Zhao', 'login': 'pdf_meeting_zhao',
                                      'groups_id': [(6, 0, group.ids)]})
        self.customer = self.env['res.partner'].create({'name': 'Minutes County Bureau', 'is_company': True})
        self.product = self.env['product.product'].create({'name': 'Minutes Projector MP-3', 'type': 'consu'})
        self.projector = self.env['maintenance.equipment'].create({
            'name': 'Hall Projector', 'aftersales_customer_id': self.customer.id,
            'aftersales_product_id': self.product.id, 'aftersales_install_date': '2026-01-01'})

    def text(self, report, records):
        """The PDF's words; NFKC: the font maps some ideographs (人) to their radicals."""
        text = '\n'.join(pdf_pages_text(self.render_pdf(report, records)))
        return ' '.join(unicodedata.normalize('NFKC', text).split())

    def test_meeting_minutes_pdf(self):
        meeting = self.env['aftersales.meeting'].create({
            'week_start': '2026-03-09', 'date': '2026-03-16 02:00:00', 'location': 'Service office',
            'attendee_ids': [(6, 0, self.engineer.ids)],
            'minutes': '<p>The projector of the hall failed four times this quarter.</p>',
            'decisions': '<p>Replace the lamp housings of the hall projectors.</p>'})
        line = self.env['aftersales.meeting.line'].create({
            'meeting_id': meeting.id, 'category': 'frequent_fault', 'equipment_id': self.projector.id,
            'name': 'Hall Projector: 4 repair requests in 90 days', 'discussion': 'Dust in the lamp housing',
            'decision': 'Sealed housing'})
        self.env['aftersales.meeting.action'].create({
            'meeting_id': meeting.id, 'line_id': line.id, 'name': 'Order sealed housings',
            'user_id': self.engineer.id, 'date_deadline': '2026-03-27'})
        proposal = self.env['aftersales.rectification'].create({
            'meeting_id': meeting.id, 'title': 'Sealed lamp housing for the hall', 'kind': 'equipment',
            'equipment_id': self.projector.id, 'reason': 'Dust', 'proposal': 'Sealed housing',
            'user_id': self.engineer.id})
        text = self.text('aftersales_service.action_report_aftersales_meeting', meeting)
        for expected in ('技术例会纪要 / Technical Meeting Minutes', meeting.name, 'Service office', 'Engineer Zhao',
                         'Frequent-Fault Equipment', 'Hall Projector: 4 repair requests in 90 days',
                         'Dust in the lamp housing', 'four times this quarter', 'Replace the lamp housings',
                         'Order sealed housings', '03/27/2026', proposal.name, 'Sealed lamp housing for the',
                         '记录人 / Recorded By'):
            self.assertIn(expected, text)

    def test_product_quality_pdf(self):
        optics = self.env['aftersales.fault.category'].create({'name': 'Minutes optics'})
        repair = self.env.ref('aftersales_service.ticket_type_repair')
        tickets = self.env['aftersales.ticket']
        for title in ('No image', 'Dim image'):
            tickets |= tickets.create({'title': title, 'partner_id': self.customer.id, 'type_id': repair.id,
                                       'equipment_id': self.projector.id, 'fault_category_id': optics.id})
        self.env['aftersales.fault.analysis'].create({
            'symptom': 'Dim image', 'product_id': self.product.id, 'fault_category_id': optics.id,
            'root_cause': 'Dust in the lamp housing', 'solution': 'Clean it', 'ticket_ids': [(6, 0, tickets.ids)]})
        text = self.text('aftersales_service.action_report_aftersales_product_quality', self.product)
        for expected in ('产品质量报告 / Product Quality Report', 'Minutes Projector MP-3', 'Faults by Category',
                         'Minutes optics 2 2', 'Dust in the lamp housing 2', 'Clean it'):
            self.assertIn(expected, text)
