from collections import OrderedDict

from odoo import fields, models

# repair requests per equipment: the failures
_FAILURES = """(SELECT equipment_id, COUNT(*) AS failures, MIN(create_date) AS first_at, MAX(create_date) AS last_at
                  FROM aftersales_ticket
                 WHERE type_code = 'repair' AND equipment_id IS NOT NULL
              GROUP BY equipment_id)"""
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
    (:meth:`_pooled_mtbf`), not the average of the equipment's MTBF."""
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
        return 'maintenance_equipment e LEFT JOIN %s f ON f.equipment_id = e.id' % _FAILURES

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
