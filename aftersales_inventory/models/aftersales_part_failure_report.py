from odoo import fields, models, tools


class AftersalesPartFailureReport(models.Model):
    """Failure rate of the spare parts: defective parts brought back per
    installed unit of the equipment they fit."""
    _name = 'aftersales.part.failure.report'
    _description = 'Spare Part Failure Rate'
    _auto = False
    _order = 'failure_rate desc, product_id'

    product_id = fields.Many2one('product.product', string='Part', readonly=True)
    installed_units = fields.Integer(readonly=True,
                                     help='Equipment installed at customers that the part fits.')
    consumed_qty = fields.Float(string='Used on Visits', readonly=True)
    returned_qty = fields.Float(string='Defective Returns', readonly=True)
    failure_rate = fields.Float(string='Failure Rate (%)', readonly=True, group_operator='avg',
                                help='Defective parts brought back per 100 installed units.')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW aftersales_part_failure_report AS (
                SELECT pp.id AS id,
                       pp.id AS product_id,
                       COALESCE(installed.units, 0) AS installed_units,
                       COALESCE(used.quantity, 0) AS consumed_qty,
                       COALESCE(returned.quantity, 0) AS returned_qty,
                       CASE WHEN COALESCE(installed.units, 0) > 0
                            THEN 100.0 * COALESCE(returned.quantity, 0) / installed.units ELSE 0 END AS failure_rate
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
             LEFT JOIN LATERAL (
                    SELECT COUNT(DISTINCT e.id) AS units
                      FROM maintenance_equipment e
                     WHERE e.active AND e.aftersales_customer_id IS NOT NULL
                       AND (e.aftersales_product_id IN (SELECT r.product_id
                                                          FROM aftersales_spare_part_equipment_product_rel r
                                                         WHERE r.template_id = pt.id)
                            OR e.category_id IN (SELECT c.category_id
                                                   FROM aftersales_spare_part_equipment_category_rel c
                                                  WHERE c.template_id = pt.id))) installed ON TRUE
             LEFT JOIN (SELECT product_id, SUM(quantity) AS quantity
                          FROM aftersales_visit_part WHERE state = 'done'
                      GROUP BY product_id) used ON used.product_id = pp.id
             LEFT JOIN (SELECT product_id, SUM(quantity) AS quantity
                          FROM aftersales_defective_return WHERE state != 'cancel'
                      GROUP BY product_id) returned ON returned.product_id = pp.id
                 WHERE pt.aftersales_is_spare_part AND pp.active
            )
        """)
