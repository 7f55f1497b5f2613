from odoo import fields, models


class MaintenanceEquipment(models.Model):
    """The spare parts that fit an installed piece of equipment, and their
    stock."""
    _inherit = 'maintenance.equipment'

    aftersales_spare_part_ids = fields.Many2many('product.product', compute='_compute_aftersales_spare_parts',
                                                 string='Compatible Spare Parts')
    aftersales_spare_part_count = fields.Integer(compute='_compute_aftersales_spare_parts',
                                                 string='Spare Parts')

    def _compute_aftersales_spare_parts(self):
        Product = self.env['product.product']
        for equipment in self:
            domain = [('aftersales_is_spare_part', '=', True), '|',
                      ('aftersales_equipment_product_ids', 'in', equipment.aftersales_product_id.ids),
                      ('aftersales_equipment_category_ids', 'in', equipment.category_id.ids)]
            parts = Product.search(domain) if equipment.aftersales_product_id or equipment.category_id else Product
            equipment.aftersales_spare_part_ids = parts
            equipment.aftersales_spare_part_count = len(parts)

    def action_aftersales_spare_parts(self):
        """The compatible parts with their stock in the spare-parts warehouse."""
        self.ensure_one()
        action = self.env.ref('aftersales_inventory.aftersales_spare_part_action').read()[0]
        action['domain'] = [('id', 'in', self.aftersales_spare_part_ids.ids)]
        warehouse = self.env.user.company_id.aftersales_parts_warehouse_id
        action['context'] = {'warehouse': warehouse.id} if warehouse else {}
        return action
