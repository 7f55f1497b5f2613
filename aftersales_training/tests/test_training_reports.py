import unicodedata

from odoo.modules.module import get_module_resource
from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import trans_load

from odoo.addons.aftersales_service.tests.common import PdfReportMixin, pdf_pages_text


@at_install(False)
@post_install(True)
class TestTrainingReports(PdfReportMixin, HttpCase):
    """The attendance sheet and the certificates, printed by the real
    wkhtmltopdf and read back with pdftotext."""

    def setUp(self):
        super(TestTrainingReports, self).setUp()
        env = self.env = self.env(context=dict(self.env.context, tracking_disable=True))
        self.trainer = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Trainer Gao', 'login': 'r_trainer',
            'groups_id': [(6, 0, [env.ref('aftersales_service.group_aftersales_tech').id])]})
        Partner = env['res.partner']
        self.customer = Partner.create({'name': 'Riverside County Bureau', 'is_company': True, 'customer': True})
        self.site = Partner.create({'name': 'Riverside Middle School', 'parent_id': self.customer.id,
                                    'type': 'other', 'aftersales_is_site': True})
        self.teachers = [Partner.create({'name': name, 'parent_id': self.customer.id})
                         for name in ('Teacher Fang', 'Teacher Qian', 'Teacher Xu')]
        self.product = env['product.product'].create({'name': 'Smart Board 65', 'default_code': 'SB-65'})
        self.session = env['aftersales.training.session'].create({
            'title': 'Smart board operation', 'kind': 'customer', 'partner_id': self.customer.id,
            'site_id': self.site.id, 'location': 'Multimedia room', 'trainer_user_id': self.trainer.id,
            'product_ids': [(6, 0, self.product.ids)], 'date_start': '2026-03-02 01:00:00', 'duration': 3.0,
            'evaluation': 'score', 'passing_score': 60, 'validity_months': 24, 'capacity': 6})
        self.session.action_confirm()
        self.lines = env['aftersales.training.attendance']
        for teacher, state, score in zip(self.teachers, ('attended', 'attended', 'absent'), (92, 75, 0)):
            self.lines |= env['aftersales.training.attendance'].create({
                'session_id': self.session.id, 'partner_id': teacher.id, 'state': state, 'score': score})

    def test_attendance_sheet(self):
        pages = pdf_pages_text(self.render_pdf(
            'aftersales_training.action_report_aftersales_training_attendance_sheet', self.session))
        self.assertEqual(len(pages), 1)
        text = ' '.join(pages[0].split())
        for expected in ('培训签到表 / Training Attendance Sheet', self.session.name, 'Smart board operation',
                         'Multimedia room', 'Trainer Gao', 'Riverside County Bureau', 'Riverside Middle School',
                         'Teacher Fang', 'Teacher Qian', 'Teacher Xu', 'Signature', 'SB-65'):
            self.assertIn(expected, text)

        self.session.action_done()
        text = ' '.join(' '.join(pdf_pages_text(self.render_pdf(
            'aftersales_training.action_report_aftersales_training_attendance_sheet', self.session))).split())
        for line in self.lines[:2]:
            self.assertIn(line.certificate_number, text)
        self.assertIn('Attendance Rate: 67 %', text)     # 2 of 3
        self.assertIn('Pass Rate: 100 %', text)

    def test_certificates(self):
        self.session.action_done()
        certified = self.lines.filtered('certificate_number')
        self.assertEqual(len(certified), 2)
        self.assertEqual(len(set(certified.mapped('certificate_number'))), 2)
        # the absent teacher has no certificate: printing all three gives two pages
        pages = pdf_pages_text(self.render_pdf(
            'aftersales_training.action_report_aftersales_training_certificate', self.lines))
        self.assertEqual(len(pages), 2)
        for page, line in zip(pages, certified):
            text = ' '.join(page.split())
            for expected in ('培训证书 / Training Certificate', line.certificate_number, line.partner_id.name,
                             'Riverside County Bureau', 'Smart board operation', self.session.name,
                             'Smart Board 65', 'Trainer Gao', '2028'):
                self.assertIn(expected, text)
        self.assertIn('Score 92.0 / 100', ' '.join(pages[0].split()))

    def test_certificate_in_chinese(self):
        """The labels come from the module's translation file, in the language of the attendee."""
        self.env['res.lang'].load_lang('zh_CN')
        trans_load(self.cr, get_module_resource('aftersales_training', 'i18n', 'zh_CN.po'), 'zh_CN', verbose=False,
                   module_name='aftersales_training')
        self.teachers[0].lang = 'zh_CN'
        self.session.action_done()
        text = ' '.join(' '.join(pdf_pages_text(self.render_pdf(
            'aftersales_training.action_report_aftersales_training_certificate', self.lines[0]))).split())
        # pdftotext may give some ideographs as their Kangxi radicals (U+2F00-): NFKC unifies them
        text = unicodedata.normalize('NFKC', text)
        for expected in ('培训证书', '兹证明', 'Teacher Fang', '参加并通过了培训',
                         '有效期至', '发证日期', '培训师', self.lines[0].certificate_number):
            self.assertIn(expected, text)
        self.assertNotIn('This certifies that', text)
        self.assertNotIn('Training Certificate', text)
