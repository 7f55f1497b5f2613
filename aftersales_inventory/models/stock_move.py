from odoo import fields, models


class StockMove(models.Model):
    """Moves of spare parts: issued for a requisition line, or consumed on a
    visit."""
    _inherit = 'stock.move'

    aftersales_requisition_line_id = fields.Many2one(
        'aftersales.part.requisition.line', string='Requisition Line', index=True, ondelete='set null')
    aftersales_visit_part_id = fields.Many2one(
        'aftersales.visit.part', string='Part Used on Visit', index=True, ondelete='set null', copy=False)
