"""The XLSX export of the training attendance, read back with openpyxl."""
import base64
import io
from datetime import datetime

import openpyxl

from odoo import fields

from .common import TrainingCase, datetime_in


class TestAnalysisExport(TrainingCase):

    @classmethod
    def setUpClass(cls):
        super(TestAnalysisExport, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz='UTC'))
        # a done internal training: A passed (certified), B failed, Wu absent
        cls.internal = cls._session(title='Export: display service', date_start=datetime_in(-10),
                                    validity_months=24)
        cls.internal.action_confirm()
        cls.line_a = cls._attend(cls.internal, cls.engineer_a, score=85.0)
        cls.line_b = cls._attend(cls.internal, cls.engineer_b, score=40.0)
        cls.line_wu = cls._attend(cls.internal, cls.contact, state='absent', score=0.0)
        cls.internal.action_done()
        # a customer training to come
        cls.customer_training = cls._session(title='Export: display use', kind='customer',
                                             partner_id=cls.customer.id, date_start=datetime_in(5))
        cls.line_invited = cls._attend(cls.customer_training, cls.contact, state='invited')
        cls.sessions = cls.internal | cls.customer_training

    def export(self, user, domain):
        wizard = self.env['aftersales.xlsx.export'].sudo(user).with_context(
            active_model='aftersales.training.attendance', active_domain=domain).create({})
        self.assertEqual(wizard.profile_id,
                         self.env.ref('aftersales_training.aftersales_export_profile_training_attendance'))
        wizard.action_export()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.data)))
        self.assertEqual(book.sheetnames, ['Training Attendance'])
        sheet = book['Training Attendance']
        self.assertEqual(sheet.freeze_panes, 'A2')
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_attendance_export(self):
        rows = self.export(self.manager, [['session_id', 'in', self.sessions.ids]])
        self.assertEqual(rows[0], [
            'Training Session', 'Date', 'Kind', 'Attendee', 'Organisation', 'Employee', 'State', 'Score',
            'Passed', 'Evaluation', 'Certificate Number', 'Certified On', 'Valid Until'])
        lines = self.line_a | self.line_b | self.line_wu | self.line_invited
        self.assertEqual(len(rows), 1 + len(lines))
        cells = {row[3]: dict(zip(rows[0], row)) for row in rows[1:] if row[0] == self.internal.display_name}
        self.assertEqual(set(cells), {self.engineer_a.name, self.engineer_b.name, self.contact.display_name})
        passed = cells[self.engineer_a.name]
        self.assertEqual((passed['Kind'], passed['State'], passed['Score'], passed['Passed']),
                         ('Internal Training', 'Attended', 85.0, True))
        self.assertEqual(passed['Certificate Number'], self.line_a.certificate_number)
        self.assertTrue(passed['Certificate Number'])
        self.assertEqual(passed['Certified On'], datetime.combine(
            fields.Date.from_string(self.line_a.certificate_date), datetime.min.time()))
        self.assertEqual(passed['Valid Until'], datetime.combine(
            fields.Date.from_string(self.line_a.validity_end), datetime.min.time()))
        self.assertEqual(passed['Date'], fields.Datetime.from_string(self.internal.date_start))
        failed = cells[self.engineer_b.name]
        self.assertEqual((failed['Score'], failed['Passed'], failed['Certificate Number']), (40.0, False, None))
        self.assertEqual(cells[self.contact.display_name]['State'], 'Absent')
        invited = [dict(zip(rows[0], row)) for row in rows[1:] if row[0] == self.customer_training.display_name]
        self.assertEqual([(cell['Kind'], cell['Organisation'], cell['State']) for cell in invited],
                         [('Customer Training', self.customer.name, 'Invited')])
        bindings = self.env['ir.actions.act_window'].search([
            ('binding_model_id.model', '=', 'aftersales.training.attendance'),
            ('res_model', '=', 'aftersales.xlsx.export')])
        self.assertEqual(len(bindings), 1)

    def test_export_of_another_company(self):
        """A user of another company exports only the attendance of his company."""
        company = self.env['res.company'].create({'name': 'Test Other Service Company'})
        user = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Other Company Engineer', 'login': 't_other_company', 'company_id': company.id,
            'company_ids': [(6, 0, company.ids)],
            'groups_id': [(6, 0, [self.env.ref('aftersales_service.group_aftersales_manager').id])]})
        theirs = self._session(title='Export: their training', company_id=company.id, trainer_user_id=False)
        line = self._attend(theirs, user, state='invited')
        domain = [['session_id', 'in', (self.sessions | theirs).ids]]
        rows = self.export(user, domain)
        self.assertEqual([(row[0], row[3]) for row in rows[1:]], [(theirs.display_name, line.partner_id.name)])
        self.assertEqual(len(self.export(self.manager, domain)), 1 + 4)
