from odoo import api, models


class ReportAftersalesProductQuality(models.AbstractModel):
    """The parts replaced on the repairs of the product, most used first."""
    _inherit = 'report.aftersales_service.report_product_quality'

    @api.model
    def _product_values(self, product):
        values = super(ReportAftersalesProductQuality, self)._product_values(product)
        # the repairs of the product, as in the product quality analysis
        domain = [('state', '=', 'done'), ('visit_id.ticket_id.type_code', '=', 'repair'),
                  '|', ('visit_id.ticket_id.product_id', '=', product.id),
                  '&', ('visit_id.ticket_id.product_id', '=', False),
                  ('visit_id.ticket_id.equipment_id.aftersales_product_id', '=', product.id)]
        rows = self.env['aftersales.visit.part'].read_group(
            domain, ['product_id', 'quantity', 'cost'], ['product_id'], orderby='quantity desc', lazy=False)
        values['parts'] = [{'name': row['product_id'][1], 'quantity': row['quantity'], 'cost': row['cost']}
                           for row in rows]
        return values
