from odoo import fields, models

from ..models.stock_warehouse_orderpoint import CRITICALITY


class AftersalesStockRuleWizardLine(models.TransientModel):
    """The proposed stock rule of one spare part."""
    _name = 'aftersales.stock.rule.wizard.line'
    _description = 'Proposed Spare Part Stock Rule'
    _order = 'capital_change desc, id'

    wizard_id = fields.Many2one('aftersales.stock.rule.wizard', required=True, ondelete='cascade')
    apply = fields.Boolean(default=True)
    product_id = fields.Many2one('product.product', string='Part', required=True, readonly=True)
    name = fields.Char(string='Rule', readonly=True)
    criticality = fields.Selection(CRITICALITY, string='Equipment Criticality', readonly=True)
    service_level = fields.Float(string='Service Level (%)', readonly=True)
    consumption = fields.Float(string='Consumed in Window', readonly=True)
    daily_demand = fields.Float(readonly=True, digits=(16, 4))
    deviation = fields.Float(string='Daily Deviation', readonly=True, digits=(16, 4))
    lead_days = fields.Float(string='Lead Time (days)', readonly=True)
    safety_stock = fields.Float(readonly=True, digits=(16, 2))
    multiple = fields.Float(string='Purchase Multiple', readonly=True)
    old_min_qty = fields.Float(string='Current Min', readonly=True)
    old_max_qty = fields.Float(string='Current Max', readonly=True)
    min_qty = fields.Float(string='New Min', readonly=True)
    max_qty = fields.Float(string='New Max', readonly=True)
    unit_cost = fields.Float(readonly=True)
    capital_before = fields.Float(string='Capital Now', readonly=True)
    capital_after = fields.Float(readonly=True)
    capital_change = fields.Float(string='Change', readonly=True)

    def _values_from_proposal(self, proposal):
        values = {key: proposal[key] for key in (
            'product_id', 'name', 'criticality', 'service_level', 'consumption', 'daily_demand', 'deviation',
            'lead_days', 'safety_stock', 'multiple', 'old_min_qty', 'old_max_qty', 'min_qty', 'max_qty',
            'unit_cost', 'capital_before', 'capital_after')}
        values['capital_change'] = proposal['capital_after'] - proposal['capital_before']
        return values

    def _proposal(self):
        self.ensure_one()
        return {'product_id': self.product_id.id, 'name': self.name, 'min_qty': self.min_qty,
                'max_qty': self.max_qty, 'multiple': self.multiple, 'daily_demand': self.daily_demand,
                'deviation': self.deviation, 'lead_days': self.lead_days, 'service_level': self.service_level,
                'criticality': self.criticality, 'safety_stock': self.safety_stock}
