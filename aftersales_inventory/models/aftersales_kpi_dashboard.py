from odoo import fields, models


class AftersalesKpiDashboard(models.TransientModel):
    _inherit = 'aftersales.kpi.dashboard'

    parts_cost_per_ticket = fields.Float(string='Parts Cost per Ticket', compute='_compute_ticket_kpis',
                                         digits=(16, 2))

    def _ticket_kpi_measures(self):
        measures = super(AftersalesKpiDashboard, self)._ticket_kpi_measures()
        measures['parts_cost_per_ticket'] = 'parts_cost'
        return measures
