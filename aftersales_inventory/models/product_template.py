from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """Spare parts: products flagged as such, with the equipment they fit."""
    _inherit = 'product.template'

    aftersales_is_spare_part = fields.Boolean(
        string='Spare Part', index=True, copy=True,
        help='Kept in the spare-parts warehouse, requested by the engineers and consumed on visits.')
    aftersales_equipment_product_ids = fields.Many2many(
        'product.product', 'aftersales_spare_part_equipment_product_rel', 'template_id', 'product_id',
        string='Fits Equipment Products', help='The products of the installed equipment this part fits.')
    aftersales_equipment_category_ids = fields.Many2many(
        'maintenance.equipment.category', 'aftersales_spare_part_equipment_category_rel', 'template_id',
        'category_id', string='Fits Equipment Categories',
        help='The categories of installed equipment this part fits.')
    aftersales_purchase_multiple = fields.Float(
        string='Purchase Multiple', default=1.0, digits=(16, 3),
        help='The stock rules of the part are rounded up to this multiple (the vendor\'s pack size).')

    @api.constrains('aftersales_is_spare_part', 'type')
    def _check_aftersales_spare_part_type(self):
        for template in self:
            if template.aftersales_is_spare_part and template.type != 'product':
                raise ValidationError(_('The spare part %(part)s must be a storable product: its stock is '
                                        'kept in the spare-parts warehouse and the vans.') % {
                                            'part': template.name})

    @api.constrains('aftersales_purchase_multiple')
    def _check_aftersales_purchase_multiple(self):
        for template in self:
            if template.aftersales_purchase_multiple <= 0:
                raise ValidationError(_('The purchase multiple of %(part)s must be positive.') % {
                    'part': template.name})
