from collections import OrderedDict

from odoo import fields, models

from .aftersales_inspection_line import LINE_STATUSES


class AftersalesInspectionKpiReport(models.Model):
    """One row per equipment line of the validated inspection rounds."""
    _name = 'aftersales.inspection.kpi.report'
    _inherit = 'aftersales.report.view.mixin'
    _description = 'Inspection Findings Analysis'
    _auto = False
    _order = 'date desc, id desc'

    inspection_id = fields.Many2one('aftersales.inspection', string='Inspection Round', readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    site_id = fields.Many2one('res.partner', string='Site', readonly=True)
    user_id = fields.Many2one('res.users', string='Inspector', readonly=True)
    phase_id = fields.Many2one('aftersales.inspection.phase', string='Phase', readonly=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    equipment_category_id = fields.Many2one('maintenance.equipment.category', string='Equipment Category',
                                            readonly=True)
    status = fields.Selection(LINE_STATUSES, readonly=True)

    line_count = fields.Integer(string='# Equipment Inspected', readonly=True)
    finding_count = fields.Integer(string='# Findings', readonly=True)
    finding_rate = fields.Float(string='Findings (%)', readonly=True, group_operator='avg')
    ticket_count = fields.Integer(string='# Repair Tickets', readonly=True)
    proposal_count = fields.Integer(string='# Upgrade Proposals', readonly=True)

    def _view_columns(self):
        columns = super(AftersalesInspectionKpiReport, self)._view_columns()
        columns.update(OrderedDict([
            ('id', 'l.id'),
            ('inspection_id', 'i.id'),
            ('date', 'COALESCE(l.date, i.date)'),
            ('company_id', 'i.company_id'),
            ('partner_id', 'i.commercial_partner_id'),
            ('site_id', 'COALESCE(l.site_id, i.site_id)'),
            ('user_id', 'i.user_id'),
            ('phase_id', 'i.phase_id'),
            ('equipment_id', 'l.equipment_id'),
            ('product_id', 'e.aftersales_product_id'),
            ('equipment_category_id', 'COALESCE(l.equipment_category_id, e.category_id)'),
            ('status', 'l.status'),
            ('line_count', '1'),
            ('finding_count', 'CASE WHEN l.is_finding THEN 1 ELSE 0 END'),
            ('finding_rate', 'CASE WHEN l.is_finding THEN 100.0 ELSE 0.0 END'),
            ('ticket_count', 'CASE WHEN l.ticket_id IS NOT NULL THEN 1 ELSE 0 END'),
            ('proposal_count', 'CASE WHEN l.proposal_state IS NOT NULL THEN 1 ELSE 0 END'),
        ]))
        return columns

    def _view_from(self):
        return """aftersales_inspection_line l
                  JOIN aftersales_inspection i ON i.id = l.inspection_id
                  LEFT JOIN maintenance_equipment e ON e.id = l.equipment_id"""

    def _view_where(self):
        return "i.state = 'done'"
