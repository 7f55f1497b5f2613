from odoo import _, models
from odoo.exceptions import ValidationError

CRITICALITY_BY_RANK = {0: 'critical', 1: 'important', 2: 'normal'}


class ProductProduct(models.Model):
    _inherit = 'product.product'

    def _aftersales_check_spare_parts(self):
        """Refuse products that are not spare parts, with the name of the first one."""
        others = self.filtered(lambda product: not product.aftersales_is_spare_part)
        if others:
            raise ValidationError(_('%(product)s is not a spare part: only spare parts can be requested, '
                                    'used on visits or returned as defective.') % {
                                        'product': others[0].display_name})

    def _aftersales_installed_equipment(self):
        """{product id: (highest criticality, number of installed units)} of
        the equipment installed at customers that each part fits (by its
        equipment products or categories). One query; the two ways a part
        fits are joined apart (an OR of two correlated subqueries made
        PostgreSQL test every piece of equipment against every part: a
        minute per batch of 500 parts at 10,000 pieces of equipment)."""
        if not self.ids:
            return {}
        self.env.cr.execute("""
            SELECT pp.id,
                   MIN(CASE e.aftersales_criticality WHEN 'critical' THEN 0 WHEN 'important' THEN 1 ELSE 2 END),
                   COUNT(DISTINCT e.id)
              FROM product_product pp
              JOIN (SELECT r.template_id, e.id AS equipment_id
                      FROM aftersales_spare_part_equipment_product_rel r
                      JOIN maintenance_equipment e ON e.aftersales_product_id = r.product_id
                    UNION ALL
                    SELECT c.template_id, e.id
                      FROM aftersales_spare_part_equipment_category_rel c
                      JOIN maintenance_equipment e ON e.category_id = c.category_id) fit
                ON fit.template_id = pp.product_tmpl_id
              JOIN maintenance_equipment e ON e.id = fit.equipment_id
             WHERE pp.id IN %s AND e.active AND e.aftersales_customer_id IS NOT NULL
          GROUP BY pp.id
        """, (tuple(self.ids),))
        return {product_id: (CRITICALITY_BY_RANK[rank], count)
                for product_id, rank, count in self.env.cr.fetchall()}
