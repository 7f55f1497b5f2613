from odoo import _, api, models


class ReportAftersalesProductQuality(models.AbstractModel):
    """The product quality report for the product and engineering
    departments: the faults of a product by category and by root cause,
    its reliability (MTBF) and the fault analyses written for it.
    An addon adds a section with :meth:`_product_values` and a template
    inheriting ``report_product_quality_document`` (div ``extra_sections``)."""
    _name = 'report.aftersales_service.report_product_quality'
    _description = 'Product Quality Report'

    @api.model
    def get_report_values(self, docids, data=None):
        products = self.env['product.product'].browse(docids)
        return {
            'doc_ids': docids,
            'doc_model': 'product.product',
            'docs': products,
            'lang': self.env.user.lang,
            'sections': {product.id: self._product_values(product) for product in products},
        }

    @api.model
    def _product_values(self, product):
        Quality = self.env['aftersales.product.quality.report']
        domain = [('product_id', '=', product.id)]
        categories = Quality.read_group(
            domain, ['fault_category_id', 'fault_count', 'analysed_count', 'first_time_fix_rate'],
            ['fault_category_id'], orderby='fault_count desc', lazy=False)
        causes = Quality.read_group(domain + [('root_cause', '!=', False)], ['root_cause', 'fault_count'],
                                    ['root_cause'], orderby='fault_count desc', lazy=False)
        total = Quality.read_group(domain, ['fault_count', 'first_time_fix_rate', 'repeat_fault_count'], [])
        Reliability = self.env['aftersales.equipment.reliability.report']
        failures, mtbf = Reliability._pooled_mtbf(domain)[False]
        analyses = self.env['aftersales.fault.analysis'].search(domain, order='date desc, id desc', limit=30)
        # _() finds the language in the calling frame: not inside a comprehension
        not_classified = _('Not classified')
        return {
            'total': total[0] if total else {},
            'categories': [{'name': row['fault_category_id'] and row['fault_category_id'][1] or not_classified,
                            'count': row['fault_count'], 'analysed': row['analysed_count'],
                            'first_time_fix': row['first_time_fix_rate']} for row in categories],
            'causes': [{'name': row['root_cause'], 'count': row['fault_count']} for row in causes],
            'installed': Reliability.search_count(domain),
            'failures': failures,
            'mtbf': mtbf,
            'analyses': analyses,
        }
