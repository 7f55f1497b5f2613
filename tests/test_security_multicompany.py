"""Multi-company: the records of company 2 are invisible to the users of
company 1, whatever their role, in lists, pivot and graph views
(``read_group``), QWeb reports, XLSX exports, the KPI dashboard and the
customer portal; a user of both companies sees the set of the company he
works in.

Company 2 gets records of every stored model of our addons that has a
company: the demo records (and the records this test creates) of half of
them are moved to company 2 in SQL, so no business rule of the move hides
a missing record rule.
"""
import base64
import io
import logging

import openpyxl
from odoo.addons.base.ir.ir_qweb.qweb import QWebException
from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase, at_install, post_install
from security_case import OUR_MODULES

_logger = logging.getLogger(__name__)

ROLES = ('aftersales_service.group_aftersales_csr', 'aftersales_service.group_aftersales_field',
         'aftersales_service.group_aftersales_tech', 'aftersales_service.group_aftersales_parts',
         'aftersales_service.group_aftersales_manager', 'sales_team.group_sale_salesman_all_leads',
         'base.group_portal')
# the main models: each must have records in company 2 for the test to be meaningful
MAIN_MODELS = ('aftersales.ticket', 'aftersales.visit', 'aftersales.inspection.plan', 'aftersales.inspection',
               'aftersales.part.requisition', 'aftersales.training.session', 'aftersales.ticket.kpi.report',
               'aftersales.presales.request')


def company_models(env):
    """Stored models of our addons with a stored ``company_id``."""
    result = []
    for name, model in sorted(env.registry.items()):
        module = getattr(model, '_original_module', None) or model._module
        field = model._fields.get('company_id')
        if model._abstract or model._transient or module not in OUR_MODULES:
            continue
        if field is not None and field.store and field.type == 'many2one':
            result.append(name)
    return result


@at_install(False)
@post_install(True)
class TestSecurityMulticompany(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSecurityMulticompany, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, aftersales_no_ack=True))
        cls.company1 = cls.env.ref('base.main_company')
        cls.company2 = cls.env['res.company'].create({'name': 'Second Service Company'})
        cls.users = {}
        for group in ROLES:
            login = 'mc_%s' % group.split('.')[1]
            cls.users[group] = cls.env['res.users'].with_context(no_reset_password=True).create({
                'name': login, 'login': login, 'email': '%s@test.example.com' % login,
                'company_id': cls.company1.id, 'company_ids': [(6, 0, cls.company1.ids)],
                'groups_id': [(6, 0, [cls.env.ref(group).id])]})
        manager = cls.env.ref('aftersales_service.group_aftersales_manager')
        cls.both = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'mc_both', 'login': 'mc_both', 'email': 'mc_both@test.example.com',
            'company_id': cls.company1.id, 'company_ids': [(6, 0, (cls.company1 | cls.company2).ids)],
            'groups_id': [(6, 0, [manager.id])]})
        cls.models = company_models(cls.env)
        cls._inspection_rounds()
        cls.moved = cls._move_to_company2()

    @classmethod
    def _inspection_rounds(cls):
        """Two inspection plans with a round each (the demo data has none)."""
        env = cls.env
        phase = env['aftersales.inspection.phase'].search([], limit=1) or env['aftersales.inspection.phase'].create({
            'name': 'Multi-company phase'})
        template = env['aftersales.checklist.template'].search([], limit=1) or \
            env['aftersales.checklist.template'].create({'name': 'Multi-company checklist'})
        site = env['res.partner'].search([('aftersales_is_site', '=', True)], limit=1)
        for index in (1, 2):
            plan = env['aftersales.inspection.plan'].create({
                'name': 'Multi-company plan %d' % index, 'partner_id': site.commercial_partner_id.id,
                'site_ids': [(6, 0, site.ids)], 'date_start': '2026-01-05',
                'phase_line_ids': [(0, 0, {'sequence': 1, 'phase_id': phase.id, 'template_id': template.id})]})
            env['aftersales.inspection'].create({
                'name': 'Multi-company round %d' % index, 'plan_id': plan.id, 'partner_id': plan.partner_id.id,
                'site_id': site.id, 'date': '2026-02-0%d' % index, 'phase_id': phase.id,
                'template_id': template.id})

    @classmethod
    def _move_to_company2(cls):
        """Move every second record of each table of ours to company 2:
        ``{model: ids}`` of the moved records."""
        cr = cls.env.cr
        moved = {}
        for name in cls.models:
            model = cls.env[name]
            if not model._auto:
                continue    # SQL views follow their tables
            # the 1st, 3rd, 5th... record: a model with one record has it in company 2
            cr.execute('UPDATE "%s" SET company_id = %%s WHERE id IN (SELECT id FROM (SELECT id, row_number() '
                       'OVER (ORDER BY id) AS n FROM "%s" WHERE company_id = %%s) AS numbered WHERE mod(n, 2) = 1) '
                       'RETURNING id' % (model._table, model._table), (cls.company2.id, cls.company1.id))
            moved[name] = sorted(row[0] for row in cr.fetchall())
        cls.env.clear()
        return moved

    def _company2_ids(self, name):
        Model = self.env[name].sudo()
        return Model.search([('company_id', '=', self.company2.id)]).ids

    def _company1_ids(self, name):
        Model = self.env[name].sudo()
        return Model.search([('company_id', '=', self.company1.id)]).ids

    # ------------------------------------------------------------------
    # record rules
    # ------------------------------------------------------------------

    def test_every_company_model_has_a_company_rule(self):
        missing = []
        for name in self.models:
            rules = self.env['ir.rule'].sudo().search([('model_id.model', '=', name), ('global', '=', True)])
            if not any('company_id' in (rule.domain_force or '') for rule in rules):
                missing.append(name)
        self.assertFalse(missing, 'models with a company and no multi-company rule: %s' % missing)
        _logger.info('models with a company: %d', len(self.models))

    def test_main_models_have_company2_records(self):
        for name in MAIN_MODELS:
            self.assertTrue(self._company2_ids(name), '%s has no record in company 2' % name)

    def test_company1_users_see_nothing_of_company2(self):
        checked = 0
        for group, user in self.users.items():
            for name in self.models:
                Model = self.env[name].sudo(user)
                if not Model.check_access_rights('read', raise_exception=False):
                    continue
                hidden = self._company2_ids(name)
                if not hidden:
                    continue
                message = '%s as %s' % (name, group)
                self.assertFalse(Model.search([('id', 'in', hidden)]), message)
                self.assertFalse(Model.search([('company_id', '=', self.company2.id)]), message)
                groups = Model.read_group([('id', 'in', hidden)], ['company_id'], ['company_id'])
                self.assertFalse(groups, message)
                total = Model.read_group([], ['company_id'], ['company_id'])
                self.assertNotIn(self.company2.id, [g['company_id'] and g['company_id'][0] for g in total], message)
                with self.assertRaises(AccessError, msg=message):
                    Model.browse(hidden[:1]).read(['company_id'])
                checked += 1
        self.assertGreater(checked, len(self.models))
        _logger.info('multi-company: %d model/role combinations checked', checked)

    def test_multicompany_user_switching(self):
        for name in MAIN_MODELS:
            company1_ids = set(self._company1_ids(name))
            Model = self.env[name].sudo(self.both)
            seen = set(Model.search([('company_id', 'in', (self.company1 | self.company2).ids)]).ids)
            self.assertEqual(seen, company1_ids, name)
        self.both.write({'company_id': self.company2.id})
        for name in MAIN_MODELS:
            Model = self.env[name].sudo(self.both)
            seen = set(Model.search([('company_id', 'in', (self.company1 | self.company2).ids)]).ids)
            self.assertEqual(seen, set(self._company2_ids(name)), name)

    # ------------------------------------------------------------------
    # reports, exports, dashboard
    # ------------------------------------------------------------------

    def test_reports_refuse_company2_records(self):
        manager = self.users['aftersales_service.group_aftersales_manager']
        reports = self.env['ir.actions.report'].sudo().search([
            ('model', 'in', self.models), ('report_type', '=', 'qweb-pdf')])
        self.assertTrue(reports)
        for report in reports:
            hidden = self._company2_ids(report.model)
            if not hidden:
                continue
            with self.assertRaises((AccessError, QWebException), msg=report.report_name) as caught:
                report.sudo(manager).render_qweb_html(hidden[:1])
            # QWeb wraps the AccessError of the first field it reads
            error = getattr(caught.exception, 'error', caught.exception)
            self.assertIsInstance(error, AccessError, report.report_name)
        # (the PDF is this HTML page through wkhtmltopdf: refused before it is called)

    def test_xlsx_export_has_no_company2_rows(self):
        manager = self.users['aftersales_service.group_aftersales_manager']
        profiles = self.env['aftersales.export.profile'].sudo().search([('model', 'in', self.models)])
        self.assertTrue(profiles)
        exported = 0
        for profile in profiles:
            hidden = self._company2_ids(profile.model)
            if not hidden:
                continue
            visible = self.env[profile.model].sudo(manager).search(profile._domain())
            Wizard = self.env['aftersales.xlsx.export'].sudo(manager)
            for scope, context, expected in (
                    ('filter', {'active_domain': []}, len(visible)),
                    ('selected', {'active_ids': hidden + visible.ids[:2]}, len(visible[:2]))):
                wizard = Wizard.with_context(active_model=profile.model, **context).create({
                    'profile_id': profile.id, 'scope': scope})
                wizard.action_export()
                book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.data)))
                rows = book.worksheets[0].max_row - 1
                self.assertEqual(rows, expected, '%s, %s: company 2 rows exported' % (profile.name, scope))
                exported += 1
        self.assertTrue(exported)

    def test_kpi_dashboard_counts_own_company(self):
        Dashboard = self.env['aftersales.kpi.dashboard']
        values = {'date_from': '2000-01-01', 'date_to': '2100-12-31'}
        Report = self.env['aftersales.ticket.kpi.report'].sudo()
        domain = [('create_date', '>=', '2000-01-01')] if 'create_date' in Report._fields else []
        counts = {company: sum(group['ticket_count'] for group in Report.read_group(
            domain + [('company_id', '=', company.id)], ['ticket_count'], []) if group['ticket_count'])
            for company in (self.company1, self.company2)}
        self.assertTrue(counts[self.company2])
        manager = self.users['aftersales_service.group_aftersales_manager']
        dashboard = Dashboard.sudo(manager).create(values)
        self.assertLessEqual(dashboard.ticket_count, counts[self.company1])
        everything = Dashboard.create(values)
        self.assertGreater(everything.ticket_count, dashboard.ticket_count,
                           'the superuser counts both companies, the manager of company 1 only his')
        self.both.write({'company_id': self.company2.id})
        dashboard2 = Dashboard.sudo(self.both).create(values)
        self.assertLessEqual(dashboard2.ticket_count, counts[self.company2])
        self.assertEqual(dashboard.ticket_count + dashboard2.ticket_count, everything.ticket_count)

    def test_equipment_analyses_count_own_company(self):
        """Equipment has no company in Odoo 11: the reliability and the part
        failure analyses give it its customer's, and a company-1 user
        neither sees nor counts the equipment of a company-2 customer."""
        env = self.env
        customer = env['res.partner'].create({'name': 'Company 2 Customer', 'is_company': True, 'customer': True,
                                              'company_id': self.company2.id})
        site = env['res.partner'].create({'name': 'Company 2 Site', 'parent_id': customer.id, 'type': 'other',
                                          'aftersales_is_site': True, 'company_id': self.company2.id})
        product = env['product.product'].create({'name': 'Company 2 Projector', 'company_id': False})
        equipment = env['maintenance.equipment'].create({
            'name': 'Company 2 Projector #1', 'aftersales_customer_id': customer.id, 'aftersales_site_id': site.id,
            'aftersales_product_id': product.id, 'aftersales_install_date': '2026-01-01'})
        for day in ('2026-02-01', '2026-03-03'):
            ticket = env['aftersales.ticket'].create({
                'title': 'Company 2 repair %s' % day, 'partner_id': customer.id, 'site_id': site.id,
                'equipment_id': equipment.id, 'type_id': env.ref('aftersales_service.ticket_type_repair').id,
                'channel': 'phone', 'company_id': self.company2.id})
            env.cr.execute('UPDATE aftersales_ticket SET create_date = %s WHERE id = %s', (day, ticket.id))
        # a part of no company: one row per company
        part = env['product.product'].create({
            'name': 'Company 2 Lamp', 'type': 'product', 'aftersales_is_spare_part': True, 'company_id': False,
            'aftersales_equipment_product_ids': [(6, 0, product.ids)]})
        # used on a company-2 visit (3) and brought back in company 2 (2)
        visit = env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': self.users['aftersales_service.group_aftersales_field'].id,
            'planned_start': '2026-03-04 08:00:00', 'planned_end': '2026-03-04 10:00:00',
            'company_id': self.company2.id})
        used = env['aftersales.visit.part'].create({
            'visit_id': visit.id, 'product_id': part.id, 'quantity': 3, 'user_id': visit.user_id.id})
        env.cr.execute("UPDATE aftersales_visit_part SET state = 'done' WHERE id = %s", (used.id,))
        env['aftersales.defective.return'].create({'product_id': part.id, 'quantity': 2,
                                                   'company_id': self.company2.id})
        env.cache.invalidate()
        manager2 = env['res.users'].with_context(no_reset_password=True).create({
            'name': 'mc_manager2', 'login': 'mc_manager2', 'email': 'mc_manager2@test.example.com',
            'company_id': self.company2.id, 'company_ids': [(6, 0, self.company2.ids)],
            'groups_id': [(6, 0, env.ref('aftersales_service.group_aftersales_manager').ids)]})

        Reliability = env['aftersales.equipment.reliability.report']
        row = Reliability.search([('equipment_id', '=', equipment.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.company_id, self.company2)
        # installed 01-01, repairs 02-01 and 03-03: 61 days over 2 intervals
        self.assertEqual((row.failure_count, row.interval_count), (2, 2))
        self.assertAlmostEqual(row.mtbf_days, 30.5)
        Failure = env['aftersales.part.failure.report']
        rows = {r.company_id: r for r in Failure.search([('product_id', '=', part.id)])}
        self.assertEqual(len(rows), len(env['res.company'].search([])))
        self.assertEqual((rows[self.company2].installed_units, rows[self.company2].consumed_qty,
                          rows[self.company2].returned_qty, rows[self.company2].failure_rate), (1, 3, 2, 200.0))
        self.assertEqual((rows[self.company1].installed_units, rows[self.company1].consumed_qty,
                          rows[self.company1].returned_qty, rows[self.company1].failure_rate), (0, 0, 0, 0))

        checked = set()
        for group, user in self.users.items():
            for Report, domain in ((Reliability, [('equipment_id', '=', equipment.id)]),
                                   (Failure, [('product_id', '=', part.id)])):
                Model = Report.sudo(user)
                if not Model.check_access_rights('read', raise_exception=False):
                    continue
                message = '%s as %s' % (Report._name, group)
                rows = Model.search(domain)
                self.assertFalse(rows.filtered(lambda r: r.company_id == self.company2), message)
                groups = Model.read_group(domain, ['company_id', 'installed_units' if Report is Failure
                                                   else 'failure_count'], ['company_id'])
                self.assertNotIn(self.company2.id, [g['company_id'] and g['company_id'][0] for g in groups],
                                 message)
                if Report is Failure:
                    # the company-1 row does not count the company-2 equipment
                    self.assertIn(self.company1, rows.mapped('company_id'), message)
                    self.assertEqual(set(rows.mapped('installed_units')), {0}, message)
                    self.assertEqual(set(rows.mapped('returned_qty')), {0}, message)
                    self.assertEqual({g['installed_units'] for g in groups}, {0}, message)
                else:
                    self.assertFalse(rows, message)
                    self.assertFalse(groups, message)
                checked.add(Report._name)
        self.assertEqual(checked, {Reliability._name, Failure._name})
        # the manager of company 2 sees them, with the failures of his company
        row = Reliability.sudo(manager2).search([('equipment_id', '=', equipment.id)])
        self.assertEqual((row.company_id, row.failure_count), (self.company2, 2))
        self.assertEqual(Reliability.sudo(manager2)._pooled_mtbf([('equipment_id', '=', equipment.id)])[False],
                         (2, 30.5))
        rows = Failure.sudo(manager2).search([('product_id', '=', part.id)])
        self.assertEqual([(r.company_id, r.installed_units, r.returned_qty) for r in rows], [(self.company2, 1, 2)])
        # a company-1 ticket on the equipment is not one of its failures
        env['aftersales.ticket'].create({
            'title': 'Company 1 repair', 'partner_id': customer.id, 'site_id': site.id,
            'equipment_id': equipment.id, 'type_id': env.ref('aftersales_service.ticket_type_repair').id,
            'channel': 'phone', 'company_id': self.company1.id})
        env.cache.invalidate()
        self.assertEqual(Reliability.sudo(manager2).search([('equipment_id', '=', equipment.id)]).failure_count, 2)
        # a customer of no company: the equipment has the company of its latest ticket
        customer.company_id = False
        env.cache.invalidate()
        self.assertEqual(Reliability.search([('equipment_id', '=', equipment.id)]).company_id, self.company1)

    # ------------------------------------------------------------------
    # portal
    # ------------------------------------------------------------------

    def test_portal_customer_sees_own_company_only(self):
        """A customer of both companies: his portal user (of company 1) sees company 1's records."""
        ticket = self.env['aftersales.ticket'].sudo().browse(self._company1_ids('aftersales.ticket')[0])
        customer = ticket.partner_id.commercial_partner_id
        contact = self.env['res.partner'].create({'name': 'Portal contact', 'parent_id': customer.id,
                                                  'email': 'mc_portal_contact@test.example.com'})
        user = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'mc_portal_contact', 'login': 'mc_portal_contact', 'partner_id': contact.id,
            'company_id': self.company1.id, 'company_ids': [(6, 0, self.company1.ids)],
            'groups_id': [(6, 0, self.env.ref('base.group_portal').ids)]})
        twin = ticket.copy({'company_id': self.company2.id, 'title': 'Company 2 request'})
        for name, field in (('aftersales.ticket', 'commercial_partner_id'),
                            ('aftersales.visit', 'commercial_partner_id'),
                            ('aftersales.training.session', 'commercial_partner_id')):
            Model = self.env[name].sudo(user)
            if not Model.check_access_rights('read', raise_exception=False):
                continue
            records = Model.search([(field, '=', customer.id)])
            self.assertFalse(records.sudo().filtered(lambda r: r.company_id == self.company2), name)
        self.assertNotIn(twin, self.env['aftersales.ticket'].sudo(user).search([]))
        with self.assertRaises(AccessError):
            twin.sudo(user).read(['title'])
