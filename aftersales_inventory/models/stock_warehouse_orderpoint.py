import math
from datetime import timedelta
from statistics import NormalDist

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.models import PREFETCH_MAX
from odoo.tools import split_every

CRITICALITY = [
    ('critical', 'Critical'),
    ('important', 'Important'),
    ('normal', 'Normal'),
]
# the advisory lock of one recomputation per company at a time
_LOCK_KEY = 7220011


def round_up(quantity, multiple):
    """``quantity`` rounded up to a multiple of ``multiple``."""
    return math.ceil(quantity / multiple - 1e-9) * multiple


class StockWarehouseOrderpoint(models.Model):
    """Reordering rules of the spare parts, recomputed from their real
    consumption: the demand during the supplier lead time plus a safety
    stock for the service level of the most critical equipment each part
    fits; Odoo's scheduler then buys what falls below the minimum."""
    _inherit = 'stock.warehouse.orderpoint'

    aftersales_computed_at = fields.Datetime(string='Recomputed On', readonly=True, copy=False)
    aftersales_daily_demand = fields.Float(string='Daily Demand', readonly=True, digits=(16, 4), copy=False)
    aftersales_demand_deviation = fields.Float(string='Daily Demand Deviation', readonly=True, digits=(16, 4),
                                               copy=False)
    aftersales_lead_days = fields.Float(string='Supplier Lead Time (days)', readonly=True, copy=False)
    aftersales_service_level = fields.Float(string='Service Level (%)', readonly=True, copy=False)
    aftersales_criticality = fields.Selection(CRITICALITY, string='Equipment Criticality', readonly=True,
                                              copy=False)
    aftersales_safety_stock = fields.Float(string='Safety Stock', readonly=True, digits=(16, 2), copy=False)

    @api.model
    def _cron_aftersales_recompute_stock_rules(self, batch_size=500):
        """Monthly: recompute the stock rules of every spare part, one
        committed batch at a time."""
        return self.sudo()._aftersales_recompute(batch_size=batch_size, commit=True)

    @api.model
    def _aftersales_recompute(self, company=None, batch_size=500, commit=False, date_to=None):
        """Recompute and apply the stock rules of the spare parts of
        ``company`` (default: every company with a spare-parts warehouse),
        ``batch_size`` parts at a time; the number of parts recomputed."""
        companies = company or self.env['res.company'].search([('aftersales_parts_warehouse_id', '!=', False)])
        batch_size = max(1, min(batch_size, PREFETCH_MAX))
        count = 0
        for company in companies:
            warehouse = company._aftersales_parts_warehouse()
            for ids in split_every(batch_size, self._aftersales_spare_parts(company).ids):
                count += self._aftersales_recompute_batch(self.env['product.product'].browse(ids), warehouse,
                                                          date_to=date_to)
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
        return count

    @api.model
    def _aftersales_recompute_batch(self, products, warehouse, date_to=None):
        """Recompute and apply the stock rules of one batch of parts; the
        cache is emptied afterwards, so that every batch costs the same."""
        proposals = self._aftersales_proposals(products, warehouse, date_to=date_to)
        self._aftersales_apply(proposals, warehouse)
        self.invalidate_cache()
        return len(proposals)

    @api.model
    def _aftersales_spare_parts(self, company):
        return self.env['product.product'].search([
            ('aftersales_is_spare_part', '=', True), ('type', '=', 'product'),
            '|', ('company_id', '=', False), ('company_id', '=', company.id)], order='id')

    @api.model
    def _aftersales_proposals(self, products, warehouse, date_to=None):
        """The stock rule of each of ``products`` in ``warehouse`` from its
        consumption over the company's window up to ``date_to``: a list of
        dicts. A constant number of queries, whatever the number of
        products (up to PREFETCH_MAX)."""
        company = warehouse.company_id
        end = fields.Datetime.from_string(date_to or fields.Datetime.now())
        window = company.aftersales_window_days
        consumption = self._aftersales_consumption(products, company, end - timedelta(days=window), end)
        installed = products._aftersales_installed_equipment()
        supplier_days = self._aftersales_supplier_lead_days(products, company)
        current = self._aftersales_current_rules(products, warehouse)
        proposals = []
        for product in products.with_context(force_company=company.id):
            total, squares = consumption.get(product.id, (0.0, 0.0))
            criticality = installed.get(product.id, ('normal', 0))[0]
            level = company._aftersales_service_level(criticality)
            lead = supplier_days.get(product.id, company.aftersales_default_lead_days) + company.po_lead
            mean = total / window
            deviation = math.sqrt(max(squares / window - mean * mean, 0.0))
            safety = NormalDist().inv_cdf(level) * deviation * math.sqrt(lead)
            minimum = mean * lead + safety
            if criticality == 'critical' and product.id in installed:
                minimum = max(minimum, 1.0)  # one on the shelf for key equipment
            multiple = product.aftersales_purchase_multiple or 1.0
            min_qty = round_up(minimum, multiple)
            max_qty = max(round_up(minimum + mean * company.aftersales_review_days, multiple), min_qty)
            old_min, old_max = current.get(product.id, (0.0, 0.0))
            cost = product.standard_price
            proposals.append({
                'product_id': product.id, 'name': '%s: %s' % (warehouse.code, product.default_code or product.name),
                'consumption': total, 'daily_demand': mean, 'deviation': deviation, 'lead_days': lead,
                'service_level': level * 100.0, 'criticality': criticality, 'safety_stock': safety,
                'multiple': multiple, 'old_min_qty': old_min, 'old_max_qty': old_max,
                'min_qty': min_qty, 'max_qty': max_qty, 'unit_cost': cost,
                'capital_before': cost * (old_min + old_max) / 2.0,
                'capital_after': cost * (min_qty + max_qty) / 2.0,
            })
        return proposals

    @api.model
    def _aftersales_apply(self, proposals, warehouse):
        """Write the proposals on the stock rules of the warehouse's stock
        location, creating the missing ones: one statement."""
        if not proposals:
            return
        company = warehouse.company_id
        self.env.cr.execute('SELECT pg_try_advisory_xact_lock(%s, %s)', (_LOCK_KEY, company.id))
        if not self.env.cr.fetchone()[0]:
            raise UserError(_('The stock rules of %(company)s are being recomputed by another user: try again '
                              'in a minute.') % {'company': company.name})

        def column(key):
            return [proposal[key] for proposal in proposals]

        self.env.cr.execute("""
            WITH proposal AS (
                SELECT * FROM unnest(%(product)s::int[], %(name)s::varchar[], %(min)s::float8[],
                                     %(max)s::float8[], %(multiple)s::float8[], %(daily)s::float8[],
                                     %(deviation)s::float8[], %(lead)s::float8[], %(level)s::float8[],
                                     %(criticality)s::varchar[], %(safety)s::float8[])
                    AS p(product_id, name, min_qty, max_qty, multiple, daily, deviation, lead, level,
                         criticality, safety)
            ), updated AS (
                UPDATE stock_warehouse_orderpoint o
                   SET product_min_qty = p.min_qty, product_max_qty = p.max_qty, qty_multiple = p.multiple,
                       aftersales_daily_demand = p.daily, aftersales_demand_deviation = p.deviation,
                       aftersales_lead_days = p.lead, aftersales_service_level = p.level,
                       aftersales_criticality = p.criticality, aftersales_safety_stock = p.safety,
                       aftersales_computed_at = %(now)s, write_uid = %(uid)s, write_date = %(now)s
                  FROM proposal p
                 WHERE o.product_id = p.product_id AND o.location_id = %(location)s AND o.active
             RETURNING o.product_id
            )
            INSERT INTO stock_warehouse_orderpoint (
                name, active, warehouse_id, location_id, product_id, product_min_qty, product_max_qty,
                qty_multiple, company_id, lead_days, lead_type, aftersales_daily_demand,
                aftersales_demand_deviation, aftersales_lead_days, aftersales_service_level,
                aftersales_criticality, aftersales_safety_stock, aftersales_computed_at,
                create_uid, create_date, write_uid, write_date)
            SELECT p.name, TRUE, %(warehouse)s, %(location)s, p.product_id, p.min_qty, p.max_qty,
                   p.multiple, %(company)s, 1, 'supplier', p.daily, p.deviation, p.lead, p.level,
                   p.criticality, p.safety, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM proposal p
             WHERE p.product_id NOT IN (SELECT product_id FROM updated)
        """, {
            'product': column('product_id'), 'name': column('name'), 'min': column('min_qty'),
            'max': column('max_qty'), 'multiple': column('multiple'), 'daily': column('daily_demand'),
            'deviation': column('deviation'), 'lead': column('lead_days'), 'level': column('service_level'),
            'criticality': column('criticality'), 'safety': column('safety_stock'),
            'now': fields.Datetime.now(), 'uid': self.env.uid, 'warehouse': warehouse.id,
            'location': warehouse.lot_stock_id.id, 'company': company.id,
        })
        self.invalidate_cache()

    @api.model
    def _aftersales_consumption(self, products, company, start, end):
        """{product id: (quantity, sum of the squared daily quantities)}
        consumed (moved from an internal location to a customer) from
        ``start`` to ``end``."""
        self.env.cr.execute("""
            SELECT product_id, SUM(quantity), SUM(quantity * quantity)
              FROM (SELECT m.product_id, date_trunc('day', m.date) AS day, SUM(m.product_qty) AS quantity
                      FROM stock_move m
                      JOIN stock_location source ON source.id = m.location_id
                      JOIN stock_location destination ON destination.id = m.location_dest_id
                     WHERE m.state = 'done' AND m.product_id IN %s AND m.company_id = %s
                       AND m.date >= %s AND m.date < %s
                       AND source.usage = 'internal' AND destination.usage = 'customer'
                  GROUP BY m.product_id, date_trunc('day', m.date)) daily
          GROUP BY product_id
        """, (tuple(products.ids), company.id, fields.Datetime.to_string(start), fields.Datetime.to_string(end)))
        return {product_id: (float(total), float(squares)) for product_id, total, squares in self.env.cr.fetchall()}

    @api.model
    def _aftersales_supplier_lead_days(self, products, company):
        """{product id: delivery lead time of its first vendor}."""
        self.env.cr.execute("""
            SELECT DISTINCT ON (pp.id) pp.id, s.delay
              FROM product_product pp
              JOIN product_supplierinfo s
                ON s.product_tmpl_id = pp.product_tmpl_id AND (s.product_id IS NULL OR s.product_id = pp.id)
             WHERE pp.id IN %s AND (s.company_id IS NULL OR s.company_id = %s)
          ORDER BY pp.id, s.sequence, s.min_qty, s.id
        """, (tuple(products.ids), company.id))
        return dict(self.env.cr.fetchall())

    @api.model
    def _aftersales_current_rules(self, products, warehouse):
        """{product id: (minimum, maximum)} of the current stock rules."""
        self.env.cr.execute("""
            SELECT product_id, product_min_qty, product_max_qty
              FROM stock_warehouse_orderpoint
             WHERE product_id IN %s AND location_id = %s AND active
          ORDER BY id
        """, (tuple(products.ids), warehouse.lot_stock_id.id))
        return {product_id: (float(minimum), float(maximum))
                for product_id, minimum, maximum in self.env.cr.fetchall()}
