from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ITEM_KINDS = [
    ('pass_fail', 'Pass / Fail'),
    ('choice', 'Choice'),
    ('number', 'Measured Number'),
    ('text', 'Text'),
    ('photo', 'Photo Required'),
]


class AftersalesChecklistItem(models.Model):
    """One question or check of an inspection checklist."""
    _name = 'aftersales.checklist.item'
    _description = 'Inspection Checklist Item'
    _order = 'template_id, sequence, id'

    template_id = fields.Many2one('aftersales.checklist.template', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Question or Check', required=True, translate=True)
    kind = fields.Selection(ITEM_KINDS, required=True, default='pass_fail')
    choices = fields.Char(help='Comma-separated answers of a choice item.')
    unit = fields.Char()
    min_value = fields.Float(string='Minimum')
    max_value = fields.Float(string='Maximum')
    # explicit relations: the round generation joins them in SQL
    phase_ids = fields.Many2many('aftersales.inspection.phase', 'aftersales_checklist_item_phase_rel',
                                 'item_id', 'phase_id', string='Phases', help='Empty: every phase.')
    category_ids = fields.Many2many('maintenance.equipment.category', 'aftersales_checklist_item_category_rel',
                                    'item_id', 'category_id', string='Equipment Categories',
                                    help='Empty: every equipment.')
    product_ids = fields.Many2many('product.product', 'aftersales_checklist_item_product_rel',
                                   'item_id', 'product_id', string='Products', help='Empty: every product.')

    @api.constrains('kind', 'min_value', 'max_value', 'choices')
    def _check_kind(self):
        for item in self:
            if item.kind == 'number' and item.max_value < item.min_value:
                raise ValidationError(_('The maximum of "%s" is below its minimum.') % item.name)
            if item.kind == 'choice' and not (item.choices or '').strip(','):
                raise ValidationError(_('The choice item "%s" needs its answers.') % item.name)
