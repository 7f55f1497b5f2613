from collections import OrderedDict

from odoo import fields, models

# The company of an installed equipment (Odoo 11's equipment has none): the
# company of its customer, else the company of its latest ticket, else NULL.
# ``EQUIPMENT_COMPANY_JOINS`` follows ``maintenance_equipment e`` in a FROM
# clause (aliases ``cp`` and ``lt``). The latest ticket is looked up for the
# equipment of customers of no company only, in one uncorrelated subquery:
# a LATERAL lookup per equipment costs the planner an index scan per row
# (it cannot tell that most rows skip it), and at 100,000 tickets that
# estimate sets off PostgreSQL's JIT optimisation: 0.6 s instead of 0.1 s.
EQUIPMENT_COMPANY_JOINS = """LEFT JOIN res_partner cp ON cp.id = e.aftersales_customer_id
                  LEFT JOIN (
                        SELECT DISTINCT ON (tk.equipment_id) tk.equipment_id, tk.company_id
                          FROM res_partner tp
                          JOIN maintenance_equipment te ON te.aftersales_customer_id = tp.id
                          JOIN aftersales_ticket tk ON tk.equipment_id = te.id
                         WHERE tp.company_id IS NULL
                      ORDER BY tk.equipment_id, tk.create_date DESC, tk.id DESC
                       ) lt ON lt.equipment_id = e.id AND cp.company_id IS NULL"""
EQUIPMENT_COMPANY = 'COALESCE(cp.company_id, lt.company_id)'

# repair requests per equipment and company: the failures. An equipment
# counts those of its own company only: a ticket has a company, so an
# equipment of no company has no ticket, hence no failure, either.
_FAILURES = """(SELECT equipment_id, company_id, COUNT(*) AS failures, MIN(create_date) AS first_at,
                       MAX(create_date) AS last_at
                  FROM aftersales_ticket
                 WHERE type_code = 'repair' AND equipment_id IS NOT NULL
              GROUP BY equipment_id, company_id)"""
# the failures count the intervals from the installation, or from the
# first failure when the installation date is unknown
_INTERVALS = 'CASE WHEN e.aftersales_install_date IS NOT NULL THEN f.failures ELSE f.failures - 1 END'
_OPERATING_DAYS = ("GREATEST(EXTRACT(EPOCH FROM f.last_at - COALESCE(e.aftersales_install_date::timestamp, "
                   "f.first_at)) / 86400.0, 0)")


class AftersalesEquipmentReliabilityReport(models.Model):
    """Mean time between failures of the installed equipment: the days from
    the installation (or the first failure) to the last failure, divided by
    the number of failure intervals. Per product, the pooled MTBF is the sum
    of the operating days over the sum of the intervals
    (:meth:`_pooled_mtbf`), not the average of the equipment's MTBF.

    A row has the company of its equipment (``EQUIPMENT_COMPANY``) and
    counts the repair requests of that company only."""
    _name = 'aftersales.equipment.reliability.report'
    _inherit = 'aftersales.report.view.mixin'
    _description = 'Equipment Reliability (MTBF)'
    _auto = False
    _order = 'mtbf_days, id'

    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    equipment_category_id = fields.Many2one('maintenance.equipment.category', string='Equipment Category',
                                            readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    site_id = fields.Many2one('res.partner', string='Site', readonly=True)
    install_date = fields.Date(string='Installed On', readonly=True)
    last_failure_at = fields.Datetime(string='Last Failure', readonly=True)
    failure_count = fields.Integer(string='# Failures', readonly=True)
    interval_count = fields.Integer(string='# Failure Intervals', readonly=True)
    operating_days = fields.Float(readonly=True)
    mtbf_days = fields.Float(string='MTBF (days)', readonly=True, group_operator='avg')

    def _view_columns(self):
        columns = super(AftersalesEquipmentReliabilityReport, self)._view_columns()
        columns.update(OrderedDict([
            ('id', 'e.id'),
            ('equipment_id', 'e.id'),
            ('product_id', 'e.aftersales_product_id'),
            ('equipment_category_id', 'e.category_id'),
            ('partner_id', 'e.aftersales_commercial_partner_id'),
            ('company_id', EQUIPMENT_COMPANY),
            ('site_id', 'e.aftersales_site_id'),
            ('install_date', 'e.aftersales_install_date'),
            ('last_failure_at', 'f.last_at'),
            ('failure_count', 'COALESCE(f.failures, 0)'),
            ('interval_count', 'COALESCE(%s, 0)' % _INTERVALS),
            ('operating_days', 'CASE WHEN %s > 0 THEN %s ELSE 0 END' % (_INTERVALS, _OPERATING_DAYS)),
            ('mtbf_days', 'CASE WHEN %s > 0 THEN %s / (%s) END' % (_INTERVALS, _OPERATING_DAYS, _INTERVALS)),
        ]))
        return columns

    def _view_from(self):
        return '''maintenance_equipment e
                  %s
                  LEFT JOIN %s f ON f.equipment_id = e.id AND f.company_id = %s''' % (
            EQUIPMENT_COMPANY_JOINS, _FAILURES, EQUIPMENT_COMPANY)

    def _equipment_company_sql(self):
        """(joins after ``maintenance_equipment e``, expression) of an
        equipment's company, for the other analysis views: through the
        registry, as an addon importing another addon's model module at
        import time can register that module's models out of order."""
        return EQUIPMENT_COMPANY_JOINS, EQUIPMENT_COMPANY

    def _view_where(self):
        return 'e.aftersales_customer_id IS NOT NULL AND e.active'

    def _pooled_mtbf(self, domain, groupby=None):
        """``{group key: (failures, MTBF days or None)}``: with ``groupby``
        (a field name) one entry per group, else one under ``False``."""
        measures = ['failure_count', 'interval_count', 'operating_days']
        if not groupby:
            rows = self.read_group(domain, measures, [])
            return {False: self._mtbf_of(rows[0] if rows else {})}
        rows = self.read_group(domain, measures + [groupby], [groupby], lazy=False)
        return {row[groupby]: self._mtbf_of(row) for row in rows}

    @staticmethod
    def _mtbf_of(row):
        intervals = row.get('interval_count') or 0
        mtbf = (row.get('operating_days') or 0.0) / intervals if intervals else None
        return row.get('failure_count') or 0, mtbf
