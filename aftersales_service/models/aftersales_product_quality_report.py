from collections import OrderedDict

from odoo import fields, models

from .aftersales_ticket_kpi_report import FIRST_TIME_FIX_SQL, REPEAT_FAULT_SQL

# the latest fault analysis written for the ticket
_ANALYSIS = """LEFT JOIN LATERAL (
    SELECT fa.id, fa.fault_category_id, fa.root_cause
      FROM aftersales_fault_analysis_aftersales_ticket_rel rel
      JOIN aftersales_fault_analysis fa ON fa.id = rel.aftersales_fault_analysis_id
     WHERE rel.aftersales_ticket_id = t.id
  ORDER BY fa.date DESC, fa.id DESC
     LIMIT 1) fa ON TRUE"""


class AftersalesProductQualityReport(models.Model):
    """The faults of the products, for the product and engineering
    departments: one row per repair request of a product, with its fault
    category and the root cause found by its fault analysis.
    ``aftersales_inventory`` adds the parts replaced."""
    _name = 'aftersales.product.quality.report'
    _inherit = 'aftersales.report.view.mixin'
    _description = 'Product Quality Analysis'
    _auto = False
    _order = 'date desc, id desc'

    ticket_id = fields.Many2one('aftersales.ticket', string='Ticket', readonly=True)
    date = fields.Datetime(string='Reported On', readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    site_id = fields.Many2one('res.partner', string='Site', readonly=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', readonly=True)
    equipment_category_id = fields.Many2one('maintenance.equipment.category', string='Equipment Category',
                                            readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    product_categ_id = fields.Many2one('product.category', string='Product Category', readonly=True)
    fault_category_id = fields.Many2one('aftersales.fault.category', string='Fault Category', readonly=True)
    fault_analysis_id = fields.Many2one('aftersales.fault.analysis', string='Fault Analysis', readonly=True)
    root_cause = fields.Char(readonly=True, help='The first line of the root cause of the fault analysis.')

    fault_count = fields.Integer(string='# Faults', readonly=True)
    analysed_count = fields.Integer(string='# Analysed', readonly=True)
    first_time_fix_rate = fields.Float(string='First-Time Fix (%)', readonly=True, group_operator='avg')
    repeat_fault_count = fields.Integer(string='# Repeat Faults (30 days)', readonly=True)
    resolution_time_hours = fields.Float(string='Resolution Time (working h)', readonly=True,
                                         group_operator='avg')

    def _view_columns(self):
        columns = super(AftersalesProductQualityReport, self)._view_columns()
        columns.update(OrderedDict([
            ('id', 't.id'),
            ('ticket_id', 't.id'),
            ('date', 't.create_date'),
            ('company_id', 't.company_id'),
            ('partner_id', 't.commercial_partner_id'),
            ('site_id', 't.site_id'),
            ('equipment_id', 't.equipment_id'),
            ('equipment_category_id', 'e.category_id'),
            ('product_id', 'pp.id'),
            ('product_categ_id', 'pt.categ_id'),
            ('fault_category_id', 'COALESCE(t.fault_category_id, fa.fault_category_id)'),
            ('fault_analysis_id', 'fa.id'),
            ('root_cause', "LEFT(NULLIF(TRIM(SPLIT_PART(fa.root_cause, E'\\n', 1)), ''), 120)"),
            ('fault_count', '1'),
            ('analysed_count', 'CASE WHEN fa.id IS NOT NULL THEN 1 ELSE 0 END'),
            ('first_time_fix_rate', FIRST_TIME_FIX_SQL),
            ('repeat_fault_count', 'CASE WHEN %s THEN 1 ELSE 0 END' % REPEAT_FAULT_SQL),
            ('resolution_time_hours', 'CASE WHEN t.resolved_at IS NOT NULL THEN t.resolution_time_hours END'),
        ]))
        return columns

    def _view_from(self):
        return """aftersales_ticket t
                  LEFT JOIN maintenance_equipment e ON e.id = t.equipment_id
                  JOIN product_product pp ON pp.id = COALESCE(t.product_id, e.aftersales_product_id)
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  %s""" % _ANALYSIS

    def _view_where(self):
        return "t.type_code = 'repair'"
