"""XLSX exports, read back with openpyxl."""
import base64
import io
from datetime import datetime
from functools import partial

import openpyxl

from odoo.exceptions import ValidationError

from .analysis_common import AnalysisCase


def workbook_of(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def rows_of(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


class TestAnalysisXlsx(AnalysisCase):

    @classmethod
    def setUpClass(cls):
        super(TestAnalysisXlsx, cls).setUpClass()
        cls.build_history()
        cls.build_inspections()
        cls.env = cls.env(context=dict(cls.env.context, tz='UTC'))
        cls.other_engineer = cls._create_user('t_field_2', 'group_aftersales_field')

    def export(self, user, model, **context):
        """Run the list's Action > Export to XLSX as ``user``; returns the workbook."""
        values = dict(active_model=model, **context)
        wizard = self.env['aftersales.xlsx.export'].sudo(user).with_context(**values).create({})
        action = wizard.action_export()
        self.assertIn('/web/content/?model=aftersales.xlsx.export&id=%d&field=data' % wizard.id, action['url'])
        self.assertTrue(wizard.filename.endswith('.xlsx'))
        return workbook_of(base64.b64decode(wizard.data))

    def test_ticket_export_with_the_list_filters(self):
        domain = [['partner_id', '=', self.customer.id], ['type_code', '=', 'repair']]
        book = self.export(self.manager, 'aftersales.ticket', active_domain=domain, active_ids=[self.t1.id])
        self.assertEqual(book.sheetnames, ['Service Tickets'])
        sheet = book['Service Tickets']
        rows = rows_of(sheet)
        self.assertEqual(rows[0][:8], ['Reference', 'Subject', 'Type', 'Channel', 'Customer', 'Site', 'Equipment',
                                       'Product'])
        self.assertIn('Response SLA', rows[0])
        # T1, T2, T3, T6, T7 in id order
        tickets = self.t1 | self.t2 | self.t3 | self.t6 | self.t7
        self.assertEqual([row[0] for row in rows[1:]], tickets.sorted('id').mapped('name'))
        header = rows[0]
        t1 = rows[1 + tickets.sorted('id').ids.index(self.t1.id)]
        cell = dict(zip(header, t1))
        self.assertEqual(cell['Customer'], 'Test County Bureau')
        self.assertEqual(cell['Equipment'], 'Projector A')
        self.assertEqual(cell['Type'], 'Repair Request')
        self.assertEqual(cell['Response SLA'], 'Met')
        self.assertEqual(cell['Created on'], datetime(2026, 3, 2, 12, 0))
        self.assertEqual(cell['Resolution Time (working h)'], 10.0)
        self.assertIs(cell['First-Time Fix'], True)
        self.assertEqual(sheet.freeze_panes, 'A2')
        self.assertEqual(sheet.auto_filter.ref, 'A1:%s6' % openpyxl.utils.get_column_letter(len(header)))

    def test_only_the_selected_records(self):
        wizard = self.env['aftersales.xlsx.export'].sudo(self.manager).with_context(
            active_model='aftersales.ticket', active_ids=[self.t2.id, self.t1.id],
            active_domain=[['partner_id', '=', self.customer.id]]).create({'scope': 'selected'})
        self.assertEqual((wizard.selected_count, wizard.filter_count), (2, 7))
        wizard.action_export()
        rows = rows_of(workbook_of(base64.b64decode(wizard.data)).active)
        self.assertEqual([row[0] for row in rows[1:]], (self.t1 | self.t2).sorted('id').mapped('name'))

    def test_restricted_user_exports_only_what_he_reads(self):
        visit_mine = self.done_visit(self.t3, '2026-03-11', 1.0, self.field)
        self.done_visit(self.t7, '2026-04-10', 1.0, self.other_engineer)
        domain = [['ticket_id', 'in', (self.t3 | self.t7).ids]]
        book = self.export(self.field, 'aftersales.visit', active_domain=domain)
        rows = rows_of(book['Field Visits'])
        self.assertEqual([row[0] for row in rows[1:]], [visit_mine.name])
        self.assertEqual(dict(zip(rows[0], rows[1]))['Time on Site (h)'], 1.0)
        # the manager gets both
        book = self.export(self.manager, 'aftersales.visit', active_domain=domain)
        self.assertEqual(len(rows_of(book['Field Visits'])), 3)

    def test_inspection_lines_and_callbacks(self):
        book = self.export(self.manager, 'aftersales.inspection.line',
                           active_domain=[['inspection_id.plan_id', '=', self.plan.id], ['is_finding', '=', True]])
        rows = rows_of(book['Inspection Lines'])
        cells = [dict(zip(rows[0], row)) for row in rows[1:]]
        self.assertEqual(sorted(cell['Status'] for cell in cells), ['Fault', 'Fault', 'Needs Replacement'])
        self.assertTrue(all(cell['Is Finding'] is True for cell in cells))
        self.assertEqual({cell['Date'] for cell in cells}, {datetime(2026, 3, 5), datetime(2026, 2, 5)})
        book = self.export(self.csr, 'aftersales.callback',
                           active_domain=[['commercial_partner_id', '=', self.customer.id]])
        rows = rows_of(book['Callbacks'])
        self.assertEqual(len(rows), 4)
        self.assertEqual(sorted(dict(zip(rows[0], row))['Satisfaction'] for row in rows[1:]),
                         ['Dissatisfied', 'Neutral', 'Very Satisfied'])

    def test_chunks_and_many2many_columns(self):
        Exporter = self.env['aftersales.xlsx.exporter']
        visits = self.env['aftersales.visit'].search([('ticket_id', 'in', (self.t1 | self.t2 | self.t6).ids)])
        visits[0].engineer_ids = self.tech | self.other_engineer
        content = Exporter._export([partial(
            Exporter._write_records, model_name='aftersales.visit', domain=[('id', 'in', visits.ids)],
            field_names=['name', 'engineer_ids', 'signature'], sheet_name='Visits: all/some?', chunk_size=2)])
        book = workbook_of(content)
        # the characters Excel refuses in a sheet name are replaced
        self.assertEqual(book.sheetnames, ['Visits  all some'])
        rows = rows_of(book.active)
        # the file column is left out
        self.assertEqual(rows[0], ['Reference', 'Engineers'])
        self.assertEqual([row[0] for row in rows[1:]], visits.sorted('id').mapped('name'))
        engineers = dict((row[0], row[1]) for row in rows[1:])
        self.assertEqual(engineers[visits[0].name], ', '.join(visits[0].engineer_ids.mapped('name')))
        self.assertEqual(set(engineers[visits[0].name].split(', ')), {'t_tech', 't_field_2'})

    def test_menu_export_and_profile_checks(self):
        profile = self.env.ref('aftersales_service.aftersales_export_profile_callback')
        wizard = self.env['aftersales.xlsx.export'].sudo(self.manager).create({'profile_id': profile.id})
        self.assertFalse(wizard.res_model)
        self.assertEqual(wizard.filter_count, self.env['aftersales.callback'].search_count([]))
        with self.assertRaises(ValidationError):
            profile.field_names = 'ticket_id,no_such_field'
        with self.assertRaises(ValidationError):
            self.env.ref('aftersales_service.aftersales_export_profile_visit').field_names = 'name,signature'
        for model in ('aftersales.ticket', 'aftersales.visit', 'aftersales.inspection.line', 'aftersales.callback'):
            bindings = self.env['ir.actions.act_window'].search([
                ('binding_model_id.model', '=', model), ('res_model', '=', 'aftersales.xlsx.export')])
            self.assertEqual(len(bindings), 1, model)

    def test_views_and_menus(self):
        for model in ('aftersales.xlsx.export', 'aftersales.kpi.workbook', 'aftersales.export.profile'):
            self.env[model].sudo(self.manager).fields_view_get(view_type='form')

        def visible(user, root):
            menus = self.env['ir.ui.menu'].sudo(user).search([('id', 'child_of', self.env.ref(root).id)])
            data = self.env['ir.model.data'].search([('model', '=', 'ir.ui.menu'), ('res_id', 'in', menus.ids)])
            return set(data.mapped('name'))
        analysis = 'aftersales_service.aftersales_menu_analysis'
        self.assertTrue({'aftersales_menu_analysis_dashboard', 'aftersales_menu_analysis_workbook',
                         'aftersales_menu_analysis_export'} <= visible(self.manager, analysis))
        # the Analysis section is the manager's
        self.assertFalse(self.env['ir.ui.menu'].sudo(self.tech).search([('id', '=', self.env.ref(analysis).id)]))
        support = visible(self.tech, 'aftersales_service.aftersales_menu_technical_support')
        self.assertTrue({'aftersales_menu_technical_support_meetings',
                         'aftersales_menu_technical_support_rectifications',
                         'aftersales_menu_technical_support_product_quality'} <= support)

    def test_monthly_workbook(self):
        wizard = self.env['aftersales.kpi.workbook'].sudo(self.manager).create({'year': 2026, 'month': '3'})
        wizard.action_export()
        self.assertEqual(wizard.filename, 'Service KPIs 2026-03.xlsx')
        book = workbook_of(base64.b64decode(wizard.data))
        # the service sheets first; other addons append theirs (spare parts)
        self.assertEqual(book.sheetnames[:7], ['Summary', 'Service Level', 'Engineers', 'Customers', 'Inspections',
                                               'Product Quality', 'Reliability'])
        summary = dict(row for row in rows_of(book['Summary'])[1:])
        self.assertEqual(rows_of(book['Summary'])[0], ['KPI', 'March 2026'])
        self.assertIn('Response SLA Compliance (%)', summary)
        customers = {row[0]: row for row in rows_of(book['Customers'])}
        self.assertEqual(customers['Customer'], ['Customer', '# Tickets', 'Callbacks Done (%)', 'Satisfaction (1-5)',
                                                 '# Complaints', 'Complaints per 100 Tickets'])
        self.assertEqual(customers['Test County Bureau'], ['Test County Bureau', 5, 50.0, 3.5, 1, 20.0])
        self.assertEqual(rows_of(book['Customers'])[-1][0], 'Total')
        engineers = {row[0]: row for row in rows_of(book['Engineers'])}
        self.assertEqual(engineers['t_tech'][1:3], [3, 200.0 / 3])
        sites = {row[0]: row for row in rows_of(book['Inspections'])}
        self.assertEqual(sites['Test County Bureau, School A'][1:3], [2, 2])
        reliability = {row[0]: row for row in rows_of(book['Reliability'])}
        self.assertEqual(reliability['Test Projector PX-1'][1:], [3, 40.0])
        self.assertEqual(reliability['Test Display DX-9'][1:], [2, 30.0])
        self.assertEqual(book['Service Level'].freeze_panes, 'A2')
