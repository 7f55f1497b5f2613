"""The product quality analysis and report (see ``analysis_common``)."""
from .analysis_common import AnalysisCase


class TestAnalysisQuality(AnalysisCase):

    @classmethod
    def setUpClass(cls):
        super(TestAnalysisQuality, cls).setUpClass()
        cls.build_history()
        Category = cls.env['aftersales.fault.category']
        cls.optics = Category.create({'name': 'Analysis optics'})
        cls.power = Category.create({'name': 'Analysis power'})
        Analysis = cls.env['aftersales.fault.analysis']
        cls.dust = Analysis.create({
            'symptom': 'Image dims after an hour', 'equipment_id': cls.projector_a.id,
            'fault_category_id': cls.optics.id, 'root_cause': 'Lamp overheats\nbecause of dust in the filter',
            'solution': 'Clean the filter', 'preventive_action': 'Clean the filter every term', 'date': '2026-03-25',
            'ticket_ids': [(6, 0, (cls.t1 | cls.t2).ids)]})
        cls.connector = Analysis.create({
            'symptom': 'No image', 'equipment_id': cls.projector_a.id, 'fault_category_id': cls.optics.id,
            'root_cause': 'Loose connector', 'solution': 'Fix the connector', 'date': '2026-05-02',
            'ticket_ids': [(6, 0, cls.t6.ids)]})
        cls.t1.fault_category_id = cls.optics
        cls.t3.fault_category_id = cls.power
        cls.Quality = cls.env['aftersales.product.quality.report']

    def test_faults_by_category_and_root_cause(self):
        domain = [('partner_id', '=', self.customer.id)]
        rows = self.Quality.read_group(domain, ['product_id', 'fault_category_id', 'fault_count'],
                                       ['product_id', 'fault_category_id'], lazy=False)
        counts = {(row['product_id'][0], row['fault_category_id'] and row['fault_category_id'][0]):
                  row['fault_count'] for row in rows}
        # T2 has no category of its own: its analysis' category counts
        self.assertEqual(counts, {(self.product_projector.id, self.optics.id): 3,
                                  (self.product_display.id, self.power.id): 1,
                                  (self.product_display.id, False): 1})
        causes = self.Quality.read_group(domain + [('root_cause', '!=', False)], ['root_cause', 'fault_count'],
                                         ['root_cause'], lazy=False)
        self.assertEqual({row['root_cause']: row['fault_count'] for row in causes},
                         {'Lamp overheats': 2, 'Loose connector': 1})
        t2 = self.Quality.browse(self.t2.id)
        self.assertEqual((t2.fault_analysis_id, t2.product_id), (self.dust, self.product_projector))

    def test_report_values(self):
        report = self.env['report.aftersales_service.report_product_quality'].sudo(self.tech)
        values = report.get_report_values((self.product_projector | self.product_display).ids)
        projector = values['sections'][self.product_projector.id]
        self.assertEqual(projector['total']['fault_count'], 3)
        self.assertAlmostEqual(projector['total']['first_time_fix_rate'], 200.0 / 3)
        self.assertEqual(projector['categories'], [{'name': 'Analysis optics', 'count': 3, 'analysed': 3,
                                                    'first_time_fix': 200.0 / 3}])
        self.assertEqual(projector['causes'], [{'name': 'Lamp overheats', 'count': 2},
                                               {'name': 'Loose connector', 'count': 1}])
        self.assertEqual((projector['installed'], projector['failures'], projector['mtbf']), (1, 3, 40.0))
        self.assertEqual(projector['analyses'], self.connector | self.dust)
        display = values['sections'][self.product_display.id]
        self.assertEqual({row['name']: row['count'] for row in display['categories']},
                         {'Analysis power': 1, 'Not classified': 1})
        self.assertEqual(display['mtbf'], 30.0)

    def test_report_html(self):
        report = self.env.ref('aftersales_service.action_report_aftersales_product_quality')
        html = report.sudo(self.tech).render_qweb_html(self.product_projector.ids)[0].decode('utf-8')
        for text in ('产品质量报告 / Product Quality Report', 'Test Projector PX-1', 'Analysis optics',
                     'Lamp overheats', 'Clean the filter every term', '40.0'):
            self.assertIn(text, html)
