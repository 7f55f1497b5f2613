from odoo import fields, models, tools

from .stock_location import LOCATION_ROLES


class AftersalesSpareStockReport(models.Model):
    """Spare parts on hand by location (warehouse, vans, defective returns)
    with the capital they tie up and their last movement: slow movers."""
    _name = 'aftersales.spare.stock.report'
    _description = 'Spare Parts Stock and Slow Movers'
    _auto = False
    _order = 'value desc'

    product_id = fields.Many2one('product.product', string='Part', readonly=True)
    location_id = fields.Many2one('stock.location', string='Location', readonly=True)
    location_role = fields.Selection(LOCATION_ROLES, string='Kind of Location', readonly=True)
    engineer_id = fields.Many2one('res.users', string='Van of', readonly=True)
    company_id = fields.Many2one('res.company', readonly=True)
    quantity = fields.Float(readonly=True)
    unit_cost = fields.Float(readonly=True, group_operator='avg')
    value = fields.Float(string='Capital Tied Up', readonly=True)
    last_move_date = fields.Datetime(string='Last Movement', readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW aftersales_spare_stock_report AS (
                SELECT MIN(q.id) AS id,
                       q.product_id,
                       q.location_id,
                       l.aftersales_role AS location_role,
                       l.aftersales_engineer_id AS engineer_id,
                       l.company_id,
                       SUM(q.quantity) AS quantity,
                       COALESCE(MAX(cost.value_float), 0) AS unit_cost,
                       SUM(q.quantity) * COALESCE(MAX(cost.value_float), 0) AS value,
                       MAX(last_move.date) AS last_move_date
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
                  JOIN product_product pp ON pp.id = q.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id AND pt.aftersales_is_spare_part
             LEFT JOIN ir_property cost
                    ON cost.name = 'standard_price' AND cost.res_id = 'product.product,' || q.product_id
                   AND cost.company_id = l.company_id
             LEFT JOIN LATERAL (
                    SELECT MAX(m.date) AS date FROM stock_move m
                     WHERE m.product_id = q.product_id AND m.state = 'done'
                       AND (m.location_id = q.location_id OR m.location_dest_id = q.location_id)) last_move ON TRUE
              GROUP BY q.product_id, q.location_id, l.aftersales_role, l.aftersales_engineer_id, l.company_id
            )
        """)
