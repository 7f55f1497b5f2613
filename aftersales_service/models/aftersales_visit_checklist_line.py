from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesVisitChecklistLine(models.Model):
    """A tool, spare part or task to check before leaving for the site."""
    _name = 'aftersales.visit.checklist.line'
    _description = 'Visit Departure Checklist Line'
    _order = 'visit_id, sequence, id'

    visit_id = fields.Many2one('aftersales.visit', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Item', required=True)
    kind = fields.Selection([('tool', 'Tool'), ('part', 'Spare Part'), ('task', 'Repair Plan Step')],
                            required=True, default='tool')
    product_id = fields.Many2one('product.product', string='Product')
    quantity = fields.Float(default=1.0)
    checked = fields.Boolean()

    @api.constrains('quantity')
    def _check_quantity(self):
        for line in self:
            if line.quantity < 0:
                raise ValidationError(_('The quantity of %s on the departure checklist cannot be negative.')
                                      % line.name)
