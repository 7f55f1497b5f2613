"""The printed forms in the language of whom they are for (issue 12).

Each QWeb PDF form of our addons is printed by the real wkhtmltopdf twice:
once with the person whose language the form follows (``t-lang``: the
customer for the forms that go to a customer, the employee for the internal
ones) in Simplified Chinese, once in English. pdftotext reads them back: the
Chinese one shows the form's title and a label as the addon's ``zh_CN.po``
translates them, and not the English label; the English one shows the
English label.

With ``AFTERSALES_PDF_DIR`` set, the PDFs are also written there (to look
at them: ``pdftoppm -png -r 60``).
"""
import os
import re
import unicodedata

import odoo.tests.common
import pytest
from odoo.modules.module import get_module_resource
from odoo.tools.translate import PoFile

from odoo.addons.aftersales_service.tests.common import PdfReportMixin, pdf_pages_text

PDF_DIR = os.environ.get('AFTERSALES_PDF_DIR')


def _first(model, domain=None, order='id'):
    def records(env):
        return env[model].search(domain or [], order=order, limit=1)
    return records


def _user_partner(docs):
    return docs.env.user.partner_id


def _request_customer(request):
    """The customer of a pre-sales request (its opportunity's partner; one
    is made from the opportunity's company name when it has none yet)."""
    opportunity = request.opportunity_id
    if not opportunity.partner_id:
        opportunity.partner_id = request.env['res.partner'].create({
            'name': opportunity.partner_name or opportunity.name, 'is_company': True})
    return opportunity.partner_id


# For each addon: (report, the record printed, whose language the form
# follows, (title, label[, selection value]) as plain text of the English
# source).
FORMS = {
    'aftersales_service': [
        ('action_report_aftersales_ticket', _first('aftersales.ticket', [('contact_id', '=', False)]),
         lambda doc: doc.partner_id, ('服务单 / Service Ticket', 'Received On:')),
        ('action_report_aftersales_visit',
         _first('aftersales.visit', [('state', '=', 'done'), ('result', '=', 'fixed')]),
         lambda doc: doc.partner_id, ('现场维修记录 / On-site Repair Record', 'Reported Problem:', 'Fixed')),
        ('action_report_aftersales_inspection', _first('aftersales.inspection'),
         lambda doc: doc.partner_id, ('巡检记录表 / Inspection Record', '巡检人员 / Inspector:')),
        ('action_report_aftersales_fault_analysis',
         _first('aftersales.fault.analysis', [('ticket_ids', '!=', False)]),
         lambda doc: doc.ticket_ids[:1].partner_id, ('故障分析表 / Fault Analysis Form', 'Root Cause')),
        ('action_report_aftersales_meeting', _first('aftersales.meeting'),
         lambda doc: doc.user_id.partner_id, ('技术例会纪要 / Technical Meeting Minutes', 'Action Items')),
        ('action_report_aftersales_product_quality',
         lambda env: env['aftersales.fault.analysis'].search([('product_id', '!=', False)], limit=1).product_id,
         _user_partner, ('产品质量报告 / Product Quality Report', 'Installed Units:')),
        ('action_report_aftersales_weekly_plan', _first('aftersales.visit', [('state', '!=', 'cancel')]),
         _user_partner, ('每周维护计划 / Weekly Maintenance Plan', 'Engineer:')),
    ],
    'aftersales_inventory': [
        ('action_report_aftersales_part_requisition',
         _first('aftersales.part.requisition', [('line_ids', '!=', False)]),
         lambda doc: doc.user_id.partner_id, ('备件领用单 / Spare Parts Requisition', 'Requested By:')),
        ('action_report_aftersales_defective_return', _first('aftersales.defective.return'),
         lambda doc: doc.user_id.partner_id, ('坏件返回单 / Defective Part Return', 'Brought Back By:')),
    ],
    'aftersales_training': [
        ('action_report_aftersales_training_attendance_sheet',
         _first('aftersales.training.session', [('kind', '=', 'customer'), ('partner_id', '!=', False),
                                                ('attendance_ids.state', '=', 'attended')]),
         lambda doc: doc.partner_id, ('培训签到表 / Training Attendance Sheet', 'Organisation', 'Attended')),
        ('action_report_aftersales_training_certificate',
         _first('aftersales.training.attendance', [('certificate_number', '!=', False)]),
         lambda doc: doc.partner_id, ('培训证书 / Training Certificate', 'This certifies that')),
    ],
    'aftersales_presales': [
        ('action_report_aftersales_presales_solution', _first('aftersales.presales.request'),
         _request_customer, ('解决方案摘要 / Solution Summary', 'Opportunity:')),
        ('action_report_aftersales_presales_interview', _first('aftersales.presales.interview'),
         lambda doc: _request_customer(doc.request_id), ('访谈纪要 / Interview Minutes', 'People Met:')),
    ],
}

TAGS = re.compile(r'<[^>]*>')


def squeeze(text):
    """``text`` without markup nor white space, its ideographs in their
    usual form (pdftotext may give some as Kangxi radicals, U+2F00-)."""
    return ''.join(unicodedata.normalize('NFKC', TAGS.sub('', text)).split())


def po_plain_translations(module, lang):
    """{source: translation} of the addon's po file, both as plain text."""
    translations = {}
    path = get_module_resource(module, 'i18n', '%s.po' % lang)
    if path:
        with open(path, 'rb') as po_file:
            for _type, _name, _res_id, source, translation, _comments in PoFile(po_file):
                if translation.strip():
                    translations.setdefault(squeeze(source), squeeze(translation))
    return translations


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestReportsInChinese(PdfReportMixin, odoo.tests.common.HttpCase):

    def setUp(self):
        # after the rollback, forget what the caches keep of the translations loaded
        self.addCleanup(lambda: self.registry.clear_caches())
        super(TestReportsInChinese, self).setUp()
        # what base.language.install does, for the addons the forms use (the
        # wizard loads the po files of every installed addon: minutes)
        modules = self.env['ir.module.module'].search([('name', 'in', ('web',) + tuple(FORMS))])
        modules.with_context(overwrite=True)._update_translations('zh_CN')

    def _text(self, report, records, holder, lang):
        holder.lang = lang
        env = self.env
        if holder == env.user.partner_id:
            # the printing user's own language: his session's context has it too
            self.env = env(context=dict(env.context, lang=lang))
        try:
            pdf = self.render_pdf(report, records.with_env(self.env))
        finally:
            self.env = env
        if PDF_DIR:
            os.makedirs(PDF_DIR, exist_ok=True)
            with open(os.path.join(PDF_DIR, '%s-%s.pdf' % (report.split('.')[-1], lang)), 'wb') as pdf_file:
                pdf_file.write(pdf)
        return squeeze(' '.join(pdf_pages_text(pdf)))

    def check_forms(self, module):
        translations = po_plain_translations(module, 'zh_CN')
        problems = []
        for report, records, holder, labels in FORMS[module]:
            report = '%s.%s' % (module, report)
            docs = records(self.env)
            self.assertEqual(len(docs), 1, 'no record to print %s' % report)
            holder = holder(docs)
            english_text = self._text(report, docs, holder, 'en_US')
            chinese_text = self._text(report, docs, holder, 'zh_CN')
            for label in labels:
                english, chinese = squeeze(label), translations.get(squeeze(label))
                if english not in english_text:
                    problems.append('%s in English: no %r' % (report, label))
                if not chinese or chinese == english:
                    problems.append('%s: %r has no zh_CN translation' % (report, label))
                    continue
                if chinese not in chinese_text:
                    problems.append('%s in Chinese: no %r (%r)' % (report, chinese, label))
                if english not in chinese:
                    # the English source must be gone, unless the translation keeps it
                    if english in chinese_text:
                        problems.append('%s in Chinese: %r is still in English' % (report, label))
        self.assertFalse(problems, '\n'.join(problems))

    def test_forms_aftersales_service(self):
        self.check_forms('aftersales_service')

    def test_forms_aftersales_inventory(self):
        self.check_forms('aftersales_inventory')

    def test_forms_aftersales_training(self):
        self.check_forms('aftersales_training')

    def test_forms_aftersales_presales(self):
        self.check_forms('aftersales_presales')
