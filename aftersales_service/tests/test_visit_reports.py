import base64
import io
from datetime import date, timedelta

from PIL import Image, ImageDraw

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, at_install, post_install

from .common import PdfReportMixin, VisitDataMixin, pdf_image_sizes, pdf_pages_text
from .test_inspection import build_plan


SIGNATURE_SIZE = (300, 100)


def drawn_signature():
    """A signature as the widget sends it: a base64 PNG with a stroke."""
    image = Image.new('RGB', SIGNATURE_SIZE, 'white')
    ImageDraw.Draw(image).line([(10, 80), (80, 20), (150, 70), (290, 15)], fill='black', width=4)
    buffer = io.BytesIO()
    image.save(buffer, 'PNG')
    return base64.b64encode(buffer.getvalue())


@at_install(False)
@post_install(True)
class TestVisitReports(VisitDataMixin, PdfReportMixin, HttpCase):
    """The repair record, the fault analysis form and the weekly plan,
    printed by the real wkhtmltopdf and read back with pdftotext."""

    def setUp(self):
        super(TestVisitReports, self).setUp()
        self.setup_visit_data()

    def test_repair_record_with_signature(self):
        visit = self.done_visit()
        unsigned = self.render_pdf('aftersales_service.action_report_aftersales_visit', visit)
        self.assertNotIn(SIGNATURE_SIZE, pdf_image_sizes(unsigned))
        wizard = self.env['aftersales.visit.sign'].sudo(self.engineer).create({
            'visit_id': visit.id, 'signature': drawn_signature(), 'signed_by': 'Principal Zhou',
            'signer_role': 'Principal'})
        wizard.action_sign()
        self.assertTrue(visit.is_signed)

        pdf = self.render_pdf('aftersales_service.action_report_aftersales_visit', visit)
        text = ' '.join(' '.join(pdf_pages_text(pdf)).split())
        for expected in ('现场维修记录 / On-site Repair Record', visit.name, 'Lakeside County Bureau',
                         'Lakeside Primary School', 'Classroom Projector', 'PRJ-7731', self.ticket.name,
                         'Replaced the lamp module and cleaned the air filter', 'Lamp at end of life',
                         'Switch off with the remote, not the mains', 'Replace lamp module',
                         'Principal Zhou', 'Principal', 'Engineer Lin'):
            self.assertIn(expected, text)
        # the signature is drawn on the record
        self.assertEqual(pdf_image_sizes(pdf).count(SIGNATURE_SIZE), 1)

    def test_several_repair_records(self):
        visits = self.done_visit(days=1) | self.done_visit(days=2)
        pages = pdf_pages_text(self.render_pdf('aftersales_service.action_report_aftersales_visit', visits))
        # each record starts on a page of its own, in order, and ends with its sign-off block
        firsts = [next(number for number, page in enumerate(pages) if visit.name in page) for visit in visits]
        self.assertEqual(firsts[0], 0)
        self.assertLess(firsts[0], firsts[1])
        for first, end in zip(firsts, firsts[1:] + [len(pages)]):
            record = '\n'.join(pages[first:end])
            self.assertIn('Customer Signature:', record)
            self.assertEqual(sum(record.count(visit.name) for visit in visits), 1)

    def test_ticket_summary(self):
        self.ticket.write({'description': '<p>The projector of room 3 shows no image since Monday</p>',
                           'stage_id': self.env.ref('aftersales_service.ticket_stage_solved').id})
        self.env['aftersales.callback'].create({
            'ticket_id': self.ticket.id, 'resolved': 'yes', 'satisfaction': '4', 'comment': 'Quick and tidy'})
        pdf = self.render_pdf('aftersales_service.action_report_aftersales_ticket', self.ticket)
        text = ' '.join(' '.join(pdf_pages_text(pdf)).split())
        for expected in ('服务单 / Service Ticket', self.ticket.name, 'Projector shows no image',
                         'Lakeside County Bureau', 'Lakeside Primary School', 'Classroom Projector', 'PRJ-7731',
                         'The projector of room 3 shows no image since Monday', 'Quick and tidy'):
            self.assertIn(expected, text)

    def test_fault_analysis_form(self):
        analysis = self.env['aftersales.fault.analysis'].create({
            'equipment_id': self.projector.id, 'symptom': 'No image after warm-up',
            'fault_category_id': self.env.ref('aftersales_service.fault_category_hardware').id,
            'root_cause': 'Lamp driver overheating', 'solution': 'Replace the lamp driver board',
            'preventive_action': 'Keep the ventilation slots free', 'ticket_ids': [(6, 0, self.ticket.ids)]})
        pdf = self.render_pdf('aftersales_service.action_report_aftersales_fault_analysis', analysis)
        text = ' '.join(' '.join(pdf_pages_text(pdf)).split())
        for expected in ('故障分析表 / Fault Analysis Form', analysis.name, 'Classroom Projector',
                         'No image after warm-up', 'Lamp driver overheating', 'Replace the lamp driver board',
                         'Keep the ventilation slots free', self.ticket.name):
            self.assertIn(expected, text)

    def test_weekly_plan_lists_visits_and_rounds(self):
        visits = self.visit(days=7) | self.visit(days=8, hours=3)
        week_start = fields.Date.from_string(visits[0].planned_start)
        week_start -= timedelta(days=week_start.weekday())
        category = self.env['maintenance.equipment.category'].create({'name': 'Report projectors'})
        plan = build_plan(self.env, self.customer, [self.site], category, name='Report plan')
        plan.write({'date_start': fields.Date.to_string(week_start + timedelta(days=2)), 'horizon_days': 3})
        plan._generate_rounds(today=week_start)
        inspection = plan.inspection_ids
        self.assertEqual(len(inspection), 1)
        inspection.user_id = self.engineer

        wizard = self.env['aftersales.weekly.plan'].create({
            'week_start': fields.Date.to_string(week_start), 'engineer_ids': [(6, 0, self.engineer.ids)]})
        action = wizard.action_print()
        self.assertEqual(sorted(action['data']['visit_ids']), sorted(visits.ids))
        pdf = self.render_pdf('aftersales_service.action_report_aftersales_weekly_plan',
                              self.env['aftersales.visit'], data=action['data'])
        text = ' '.join(' '.join(pdf_pages_text(pdf)).split())
        for expected in ('每周维护计划 / Weekly Maintenance Plan', 'Engineer Lin', visits[0].name, visits[1].name,
                         inspection.name, 'Visits planned: 2', 'Inspection rounds to book: 1'):
            self.assertIn(expected, text)

    def test_weekly_plan_of_an_empty_week(self):
        wizard = self.env['aftersales.weekly.plan'].create({'week_start': str(date(2020, 1, 6))})
        with self.assertRaisesRegex(UserError, 'No visit or inspection round'):
            wizard.action_print()
