"""The service KPIs on a constructed history (see ``analysis_common``):
every expected value is computed by hand from the table there."""
from .analysis_common import AnalysisCase

MARCH = ('2026-03-01', '2026-03-31')


class TestAnalysisKpi(AnalysisCase):

    @classmethod
    def setUpClass(cls):
        super(TestAnalysisKpi, cls).setUpClass()
        cls.build_history()
        cls.build_inspections()
        cls.Report = cls.env['aftersales.ticket.kpi.report']
        cls.Dashboard = cls.env['aftersales.kpi.dashboard'].with_context(tz='UTC')

    def dashboard(self, **values):
        vals = {'date_from': MARCH[0], 'date_to': MARCH[1], 'partner_id': self.customer.id}
        vals.update(values)
        return self.Dashboard.create(vals)

    def assertFigure(self, value, expected):
        """The dashboard's figures are rounded to their digits."""
        self.assertAlmostEqual(value, expected, delta=0.051)

    def march_domain(self):
        return [('partner_id', '=', self.customer.id), ('date', '>=', '2026-03-01'), ('date', '<', '2026-04-01')]

    def grouped(self, groupby, measures, domain=None):
        rows = self.Report.read_group(domain or self.march_domain(), measures + [groupby], [groupby], lazy=False)
        return {row[groupby] and row[groupby][0]: row for row in rows}

    def test_ticket_kpis_of_march(self):
        kpi = self.dashboard()
        self.assertEqual(kpi.ticket_count, 5)
        # response: met T1 T3 T4, missed T2 T5; resolution: met T1 T4, missed T2
        self.assertFigure(kpi.response_sla_rate, 60.0)
        self.assertFigure(kpi.resolution_sla_rate, 200.0 / 3)
        self.assertEqual(kpi.sla_breach_count, 2)
        self.assertFigure(kpi.response_time_hours, (1.0 + 3.0 + 2.0 + 0.5 + 1.5) / 5)
        self.assertFigure(kpi.resolution_time_hours, (10.0 + 20.0 + 1.0) / 3)
        # first visit fixed T1, not T2; T2 repeats T1 (18 days), T6 is 42 days after T2
        self.assertFigure(kpi.first_time_fix_rate, 50.0)
        self.assertEqual(kpi.repeat_fault_count, 1)
        self.assertFigure(kpi.visits_per_ticket, 1.5)
        self.assertFigure(kpi.hours_on_site, (2.0 + 4.0) / 2)
        # solved repairs T1 (phone callback) and T2 (portal rating only: no callback)
        self.assertFigure(kpi.callback_rate, 50.0)
        self.assertFigure(kpi.satisfaction, (5 + 2) / 2.0)
        self.assertFigure(kpi.complaint_rate, 20.0)

    def test_repeat_fault_rate_and_period_dimension(self):
        months = self.Report.read_group([('partner_id', '=', self.customer.id)],
                                        ['date', 'ticket_count', 'repeat_fault_rate', 'first_time_fix_rate'],
                                        ['date:month'], lazy=False)
        by_month = {row['date:month']: row for row in months}
        self.assertEqual({month: row['ticket_count'] for month, row in by_month.items()},
                         {'March 2026': 5, 'April 2026': 1, 'May 2026': 1})
        self.assertAlmostEqual(by_month['March 2026']['repeat_fault_rate'], 100.0 / 3)
        self.assertEqual(by_month['May 2026']['repeat_fault_rate'], 0.0)
        self.assertEqual(by_month['May 2026']['first_time_fix_rate'], 100.0)
        self.assertFalse(by_month['April 2026']['first_time_fix_rate'])

    def test_engineer_team_customer_and_site_dimensions(self):
        engineers = self.grouped('engineer_id', ['ticket_count', 'response_sla_rate', 'complaint_rate'])
        self.assertEqual(engineers[self.tech.id]['ticket_count'], 3)
        self.assertAlmostEqual(engineers[self.tech.id]['response_sla_rate'], 200.0 / 3)
        self.assertAlmostEqual(engineers[self.field.id]['response_sla_rate'], 50.0)
        self.assertAlmostEqual(engineers[self.field.id]['complaint_rate'], 50.0)
        teams = self.grouped('team_id', ['ticket_count', 'first_time_fix_rate'])
        self.assertEqual(teams[self.team.id]['ticket_count'], 3)
        self.assertEqual(teams[False]['ticket_count'], 2)
        customers = self.grouped('partner_id', ['ticket_count'])
        self.assertEqual(customers[self.customer.id]['ticket_count'], 5)
        sites = self.grouped('site_id', ['ticket_count', 'hours_on_site'])
        self.assertEqual(sites[self.site_a.id]['ticket_count'], 4)
        self.assertEqual(sites[self.site_b.id]['ticket_count'], 1)
        self.assertAlmostEqual(sites[self.site_a.id]['hours_on_site'], 3.0)
        kpi = self.dashboard(engineer_id=self.field.id)
        self.assertEqual(kpi.ticket_count, 2)
        self.assertFigure(kpi.response_sla_rate, 50.0)
        self.assertEqual(self.dashboard(team_id=self.team.id).ticket_count, 3)

    def test_product_and_equipment_category_dimensions(self):
        products = self.grouped('product_id', ['ticket_count', 'first_time_fix_rate', 'repeat_fault_count'])
        projector = products[self.product_projector.id]
        self.assertEqual(projector['ticket_count'], 2)
        self.assertAlmostEqual(projector['first_time_fix_rate'], 50.0)
        self.assertEqual(projector['repeat_fault_count'], 1)
        self.assertEqual(products[self.product_display.id]['ticket_count'], 1)
        categories = self.grouped('equipment_category_id', ['ticket_count'])
        self.assertEqual(categories[self.cat_projectors.id]['ticket_count'], 2)
        self.assertEqual(categories[self.cat_displays.id]['ticket_count'], 1)
        kpi = self.dashboard(product_id=self.product_projector.id)
        self.assertEqual((kpi.ticket_count, kpi.visits_per_ticket, kpi.callback_rate), (2, 1.5, 50.0))
        self.assertEqual(self.dashboard(equipment_category_id=self.cat_displays.id).ticket_count, 1)

    def test_mtbf_per_equipment_and_product(self):
        Reliability = self.env['aftersales.equipment.reliability.report']
        rows = {row.equipment_id: row for row in Reliability.search([('partner_id', '=', self.customer.id)])}
        # projector: installed 01-01, failures 03-02, 03-20, 05-01: 120 days / 3 intervals
        projector = rows[self.projector_a]
        self.assertEqual((projector.failure_count, projector.interval_count), (3, 3))
        self.assertAlmostEqual(projector.operating_days, 120.0)
        self.assertAlmostEqual(projector.mtbf_days, 40.0)
        # display, no installation date: 03-10 to 04-09, one interval
        display = rows[self.display_b]
        self.assertEqual((display.failure_count, display.interval_count), (2, 1))
        self.assertAlmostEqual(display.mtbf_days, 30.0)
        self.assertFalse(rows[self.amplifier_a].mtbf_days)
        by_product = Reliability._pooled_mtbf([('partner_id', '=', self.customer.id)], 'product_id')
        self.assertEqual(by_product[(self.product_projector.id, self.product_projector.display_name)], (3, 40.0))
        self.assertEqual(by_product[(self.product_display.id, self.product_display.display_name)], (2, 30.0))
        kpi = self.dashboard()
        self.assertEqual(kpi.failure_count, 5)
        self.assertFigure(kpi.mtbf_days, (120.0 + 30.0) / 4)
        self.assertFigure(self.dashboard(product_id=self.product_display.id).mtbf_days, 30.0)

    def test_inspection_findings_per_site(self):
        kpi = self.dashboard()
        self.assertEqual((kpi.inspected_count, kpi.finding_count), (3, 2))
        self.assertFigure(kpi.finding_rate, 200.0 / 3)
        self.assertIn('School A', kpi.findings_by_site)
        self.assertNotIn('School B', kpi.findings_by_site)
        Inspection = self.env['aftersales.inspection.kpi.report']
        sites = Inspection.read_group([('partner_id', '=', self.customer.id)],
                                      ['site_id', 'line_count', 'finding_count'], ['site_id'])
        counts = {row['site_id'][0]: (row['line_count'], row['finding_count']) for row in sites}
        # all time: the February round of site B had its display at fault
        self.assertEqual(counts, {self.site_a.id: (2, 2), self.site_b.id: (2, 1)})

    def test_dashboard_actions_carry_the_filters(self):
        kpi = self.dashboard(engineer_id=self.tech.id)
        action = kpi.action_open_ticket_analysis()
        self.assertEqual(action['res_model'], 'aftersales.ticket.kpi.report')
        self.assertEqual(self.Report.search_count(action['domain']), 3)
        action = kpi.action_open_inspection_analysis()
        self.assertIn(('user_id', '=', self.tech.id), action['domain'])
        self.assertEqual(kpi.action_open_reliability_analysis()['res_model'],
                         'aftersales.equipment.reliability.report')
        self.assertEqual(kpi.action_open_workbook()['context'], {'default_year': 2026, 'default_month': '3'})

    def test_views_and_access(self):
        for model in ('aftersales.ticket.kpi.report', 'aftersales.inspection.kpi.report',
                      'aftersales.equipment.reliability.report', 'aftersales.product.quality.report'):
            for view_type in ('pivot', 'graph', 'search'):
                self.env[model].sudo(self.manager).fields_view_get(view_type=view_type)
            self.env[model].sudo(self.tech).search([], limit=1)
        self.env['aftersales.kpi.dashboard'].fields_view_get(view_type='form')
        self.assertEqual(self.Report.sudo(self.manager).search_count(self.march_domain()), 5)
        from odoo.exceptions import AccessError
        with self.assertRaises(AccessError):
            self.Report.sudo(self.csr).search([])


class TestDashboardQueryCount(AnalysisCase):
    """The dashboard's queries do not grow with the number of tickets."""

    def count_queries(self):
        dashboard = self.env['aftersales.kpi.dashboard'].with_context(tz='UTC').create(
            {'date_from': '2026-01-01', 'date_to': '2026-12-31'})
        names = [name for name, field in dashboard._fields.items() if field.compute and not field.store
                 and name not in ('display_name', '__last_update')]
        dashboard.invalidate_cache()
        start = self.cr.sql_log_count
        dashboard.read(names)
        return self.cr.sql_log_count - start

    def add_tickets(self, count):
        for index in range(count):
            self.history_ticket('2026-06-%02d 08:00:00' % (index % 28 + 1), equipment=self.projector_a,
                                engineer=self.tech, stage='closed', visit_count=1, first_time_fix=True,
                                sla_response_state='met')

    def test_query_count_does_not_grow(self):
        self.add_tickets(3)
        self.count_queries()    # warm the caches
        small = self.count_queries()
        self.add_tickets(30)
        large = self.count_queries()
        self.assertEqual(small, large)
        self.assertLessEqual(large, 12)
