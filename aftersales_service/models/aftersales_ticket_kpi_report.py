from collections import OrderedDict

from odoo import fields, models

from .aftersales_ticket import CHANNELS, ESCALATION_LEVELS

# a repair of the same equipment in the 30 days before the ticket
REPEAT_FAULT_SQL = """t.type_code = 'repair' AND t.equipment_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM aftersales_ticket p
     WHERE p.equipment_id = t.equipment_id AND p.type_code = 'repair'
       AND (p.create_date, p.id) < (t.create_date, t.id)
       AND p.create_date >= t.create_date - INTERVAL '30 days')"""
# the same, from the previous repair of the equipment (a window over the repairs, joined as ``rf`` by
# :meth:`AftersalesTicketKpiReport._view_from`): one pass over the tickets instead of one lookup per ticket
REPEAT_FAULT_JOIN = """LEFT JOIN (
    SELECT id, lag(create_date) OVER (PARTITION BY equipment_id ORDER BY create_date, id) AS previous_date
      FROM aftersales_ticket
     WHERE type_code = 'repair' AND equipment_id IS NOT NULL) rf ON rf.id = t.id"""
REPEAT_FAULT_LAG_SQL = """t.type_code = 'repair' AND t.equipment_id IS NOT NULL
    AND rf.previous_date >= t.create_date - INTERVAL '30 days'"""
FIRST_TIME_FIX_SQL = """CASE WHEN t.type_code = 'repair' AND t.visit_count > 0
    THEN CASE WHEN t.first_time_fix THEN 100.0 ELSE 0.0 END END"""
STAGE_STATES = [('new', 'New'), ('progress', 'In Progress'), ('waiting', 'Waiting for Customer'),
                ('solved', 'Solved'), ('closed', 'Closed')]
TYPE_CODES = [('inquiry', 'Inquiry'), ('repair', 'Repair Request'), ('complaint', 'Complaint'),
              ('suggestion', 'Suggestion')]


class AftersalesTicketKpiReport(models.Model):
    """One row per service ticket with its KPI measures: the averages of the
    ``*_rate`` measures are percentages (a ticket a KPI does not apply to is
    left out of the average)."""
    _name = 'aftersales.ticket.kpi.report'
    _inherit = 'aftersales.report.view.mixin'
    _description = 'Service KPI Analysis'
    _auto = False
    _order = 'date desc, id desc'
    _rec_name = 'name'

    # dimensions
    ticket_id = fields.Many2one('aftersales.ticket', string='Ticket', readonly=True)
    name = fields.Char(string='Reference', readonly=True)
    date = fields.Datetime(string='Received On', readonly=True)
    resolved_at = fields.Datetime(string='Resolved On', readonly=True)
    company_id = fields.Many2one('res.company', string='Company', readonly=True)
    team_id = fields.Many2one('maintenance.team', string='Service Team', readonly=True)
    engineer_id = fields.Many2one('res.users', string='Technical Engineer', readonly=True)
    user_id = fields.Many2one('res.users', string='Representative', readonly=True)
    partner_id = fields.Many2one('res.partner', string='Customer', readonly=True)
    site_id = fields.Many2one('res.partner', string='Site', readonly=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', readonly=True)
    product_id = fields.Many2one('product.product', string='Product', readonly=True)
    equipment_category_id = fields.Many2one('maintenance.equipment.category', string='Equipment Category',
                                            readonly=True)
    type_id = fields.Many2one('aftersales.ticket.type', string='Type', readonly=True)
    type_code = fields.Selection(TYPE_CODES, string='Kind', readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    priority = fields.Selection([('0', 'Normal'), ('1', 'High'), ('2', 'Urgent')], readonly=True)
    stage_state = fields.Selection(STAGE_STATES, string='Status', readonly=True)
    escalation_level = fields.Selection(ESCALATION_LEVELS, readonly=True)

    # measures
    ticket_count = fields.Integer(string='# Tickets', readonly=True)
    response_time_hours = fields.Float(string='Response Time (working h)', readonly=True, group_operator='avg')
    resolution_time_hours = fields.Float(string='Resolution Time (working h)', readonly=True,
                                         group_operator='avg')
    response_sla_rate = fields.Float(string='Response SLA Compliance (%)', readonly=True, group_operator='avg')
    resolution_sla_rate = fields.Float(string='Resolution SLA Compliance (%)', readonly=True,
                                       group_operator='avg')
    sla_breach_count = fields.Integer(string='# SLA Breaches', readonly=True)
    first_time_fix_rate = fields.Float(string='First-Time Fix (%)', readonly=True, group_operator='avg')
    repeat_fault_count = fields.Integer(string='# Repeat Faults (30 days)', readonly=True)
    repeat_fault_rate = fields.Float(string='Repeat Faults (%)', readonly=True, group_operator='avg')
    visit_count = fields.Float(string='Visits per Ticket', readonly=True, group_operator='avg')
    hours_on_site = fields.Float(string='Time on Site per Ticket (h)', readonly=True, group_operator='avg')
    callback_rate = fields.Float(string='Callbacks Done (%)', readonly=True, group_operator='avg')
    satisfaction = fields.Float(string='Satisfaction (1-5)', readonly=True, group_operator='avg')
    complaint_count = fields.Integer(string='# Complaints', readonly=True)
    complaint_rate = fields.Float(string='Complaints per 100 Tickets', readonly=True, group_operator='avg')

    def _view_columns(self):
        columns = super(AftersalesTicketKpiReport, self)._view_columns()
        columns.update(OrderedDict([
            ('id', 't.id'),
            ('ticket_id', 't.id'),
            ('name', 't.name'),
            ('date', 't.create_date'),
            ('resolved_at', 't.resolved_at'),
            ('company_id', 't.company_id'),
            ('team_id', 't.team_id'),
            ('engineer_id', 't.engineer_id'),
            ('user_id', 't.user_id'),
            ('partner_id', 't.commercial_partner_id'),
            ('site_id', 't.site_id'),
            ('equipment_id', 't.equipment_id'),
            ('product_id', 'COALESCE(t.product_id, e.aftersales_product_id)'),
            ('equipment_category_id', 'e.category_id'),
            ('type_id', 't.type_id'),
            ('type_code', 't.type_code'),
            ('channel', 't.channel'),
            ('priority', 't.priority'),
            ('stage_state', 't.stage_state'),
            ('escalation_level', 't.escalation_level'),
            ('ticket_count', '1'),
            ('response_time_hours', 'CASE WHEN t.responded_at IS NOT NULL THEN t.response_time_hours END'),
            ('resolution_time_hours', 'CASE WHEN t.resolved_at IS NOT NULL THEN t.resolution_time_hours END'),
            ('response_sla_rate', "CASE t.sla_response_state WHEN 'met' THEN 100.0 WHEN 'missed' THEN 0.0 END"),
            ('resolution_sla_rate',
             "CASE t.sla_resolution_state WHEN 'met' THEN 100.0 WHEN 'missed' THEN 0.0 END"),
            ('sla_breach_count',
             "CASE WHEN 'missed' IN (t.sla_response_state, t.sla_resolution_state) THEN 1 ELSE 0 END"),
            ('first_time_fix_rate', FIRST_TIME_FIX_SQL),
            ('repeat_fault_count', 'CASE WHEN %s THEN 1 ELSE 0 END' % REPEAT_FAULT_LAG_SQL),
            ('repeat_fault_rate', "CASE WHEN t.type_code = 'repair' AND t.equipment_id IS NOT NULL "
                                  "THEN CASE WHEN %s THEN 100.0 ELSE 0.0 END END" % REPEAT_FAULT_LAG_SQL),
            ('visit_count', 'CASE WHEN t.visit_count > 0 THEN t.visit_count END'),
            ('hours_on_site', "(SELECT SUM(v.hours_on_site) FROM aftersales_visit v "
                              "WHERE v.ticket_id = t.id AND v.state IN ('done', 'followup'))"),
            ('callback_rate', "CASE WHEN t.type_code = 'repair' AND t.stage_state IN ('solved', 'closed') "
                              "THEN CASE WHEN EXISTS (SELECT 1 FROM aftersales_callback c WHERE c.ticket_id = t.id "
                              "AND c.source = 'phone') THEN 100.0 ELSE 0.0 END END"),
            ('satisfaction', "(SELECT c.satisfaction::integer FROM aftersales_callback c WHERE c.ticket_id = t.id "
                             "AND c.satisfaction IS NOT NULL ORDER BY c.date DESC, c.id DESC LIMIT 1)"),
            ('complaint_count', "CASE WHEN t.type_code = 'complaint' THEN 1 ELSE 0 END"),
            ('complaint_rate', "CASE WHEN t.type_code = 'complaint' THEN 100.0 ELSE 0.0 END"),
        ]))
        return columns

    def _view_from(self):
        return 'aftersales_ticket t LEFT JOIN maintenance_equipment e ON e.id = t.equipment_id %s' % REPEAT_FAULT_JOIN
