from psycopg2 import sql

from odoo import fields, models, tools

# The id of a (part, company) row: Szudzik's pairing of the two ids, a
# bijection of the pairs of integers onto the integers. Unlike
# ``part * K + company`` it cannot collide (no bound on the company ids) nor
# overflow (bigint: any two int4 ids); the id of a row stays the same
# whatever is added, and with few companies it is about part², exact in the
# web client (below 2^53) up to some 90 million parts.
_ROW_ID = ('CASE WHEN pp.id >= c.id THEN pp.id::bigint * pp.id + pp.id + c.id '
           'ELSE c.id::bigint * c.id + pp.id END')


class AftersalesPartFailureReport(models.Model):
    """Failure rate of the spare parts: defective parts brought back per
    installed unit of the equipment they fit.

    One row per part and company the part is visible to: the equipment
    installed at that company's customers (an equipment of no company
    counts for every company, see
    ``aftersales.equipment.reliability.report._equipment_company_sql``), the parts used on
    that company's visits and the defective returns of that company."""
    _name = 'aftersales.part.failure.report'
    _description = 'Spare Part Failure Rate'
    _auto = False
    _order = 'failure_rate desc, product_id'

    product_id = fields.Many2one('product.product', string='Part', readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    installed_units = fields.Integer(readonly=True,
                                     help='Equipment installed at customers that the part fits.')
    consumed_qty = fields.Float(string='Used on Visits', readonly=True)
    returned_qty = fields.Float(string='Defective Returns', readonly=True)
    failure_rate = fields.Float(string='Failure Rate (%)', readonly=True, group_operator='avg',
                                help='Defective parts brought back per 100 installed units.')

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        view = sql.SQL("""
            CREATE VIEW aftersales_part_failure_report AS (
                WITH equipment AS (
                    -- the installed equipment and its company, looked up once
                    SELECT e.id, e.aftersales_product_id AS product_id, e.category_id,
                           {company} AS company_id
                      FROM maintenance_equipment e
                           {company_joins}
                     WHERE e.active AND e.aftersales_customer_id IS NOT NULL
                ), installed AS (
                    -- per part template and company: the equipment it fits by product or by category
                    SELECT fit.template_id, fit.company_id, COUNT(*) AS units
                      FROM (SELECT r.template_id, e.id, e.company_id
                              FROM aftersales_spare_part_equipment_product_rel r
                              JOIN equipment e ON e.product_id = r.product_id
                             UNION
                            SELECT r.template_id, e.id, e.company_id
                              FROM aftersales_spare_part_equipment_category_rel r
                              JOIN equipment e ON e.category_id = r.category_id) fit
                  GROUP BY fit.template_id, fit.company_id
                )
                SELECT {row_id} AS id,
                       pp.id AS product_id,
                       c.id AS company_id,
                       COALESCE(own.units, 0) + COALESCE(shared.units, 0) AS installed_units,
                       COALESCE(used.quantity, 0) AS consumed_qty,
                       COALESCE(returned.quantity, 0) AS returned_qty,
                       CASE WHEN COALESCE(own.units, 0) + COALESCE(shared.units, 0) > 0
                            THEN 100.0 * COALESCE(returned.quantity, 0)
                                 / (COALESCE(own.units, 0) + COALESCE(shared.units, 0))
                            ELSE 0 END AS failure_rate
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN res_company c ON pt.company_id IS NULL OR pt.company_id = c.id
             LEFT JOIN installed own ON own.template_id = pt.id AND own.company_id = c.id
             LEFT JOIN installed shared ON shared.template_id = pt.id AND shared.company_id IS NULL
             LEFT JOIN (SELECT product_id, company_id, SUM(quantity) AS quantity
                          FROM aftersales_visit_part WHERE state = 'done'
                      GROUP BY product_id, company_id) used ON used.product_id = pp.id AND used.company_id = c.id
             LEFT JOIN (SELECT product_id, company_id, SUM(quantity) AS quantity
                          FROM aftersales_defective_return WHERE state != 'cancel'
                      GROUP BY product_id, company_id) returned
                       ON returned.product_id = pp.id AND returned.company_id = c.id
                 WHERE pt.aftersales_is_spare_part AND pp.active
            )
        """)
        # the query is assembled from the code's constant expressions only
        company_joins, company = self.env['aftersales.equipment.reliability.report']._equipment_company_sql()
        self.env.cr.execute(view.format(company=sql.SQL(company), company_joins=sql.SQL(company_joins),
                                        row_id=sql.SQL(_ROW_ID)))
