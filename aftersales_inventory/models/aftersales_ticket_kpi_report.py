from odoo import fields, models

# the cost of the parts consumed on the visits of the ticket
PARTS_COST_SQL = """COALESCE((SELECT SUM(p.cost) FROM aftersales_visit_part p
    JOIN aftersales_visit v ON v.id = p.visit_id
    WHERE v.ticket_id = t.id AND p.state = 'done'), 0)"""
PARTS_QUANTITY_SQL = """COALESCE((SELECT SUM(p.quantity) FROM aftersales_visit_part p
    JOIN aftersales_visit v ON v.id = p.visit_id
    WHERE v.ticket_id = t.id AND p.state = 'done'), 0)"""


class AftersalesTicketKpiReport(models.Model):
    """Parts cost per ticket: the cost of the parts consumed on the visits
    of a repair request (a repair without parts counts as 0; the other kinds
    of tickets are left out of the average)."""
    _inherit = 'aftersales.ticket.kpi.report'

    parts_cost = fields.Float(string='Parts Cost per Ticket', readonly=True, group_operator='avg')

    def _view_columns(self):
        columns = super(AftersalesTicketKpiReport, self)._view_columns()
        columns['parts_cost'] = "CASE WHEN t.type_code = 'repair' THEN %s END" % PARTS_COST_SQL
        return columns
