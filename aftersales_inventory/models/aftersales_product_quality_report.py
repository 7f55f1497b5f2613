from odoo import fields, models

from .aftersales_ticket_kpi_report import PARTS_COST_SQL, PARTS_QUANTITY_SQL


class AftersalesProductQualityReport(models.Model):
    """The parts replaced on the repairs of a product."""
    _inherit = 'aftersales.product.quality.report'

    parts_quantity = fields.Float(string='Parts Replaced', readonly=True)
    parts_cost = fields.Float(string='Cost of Parts Replaced', readonly=True)

    def _view_columns(self):
        columns = super(AftersalesProductQualityReport, self)._view_columns()
        columns['parts_quantity'] = PARTS_QUANTITY_SQL
        columns['parts_cost'] = PARTS_COST_SQL
        return columns
