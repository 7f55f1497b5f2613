from odoo import _, api, fields, models
from odoo.tools import html_escape

from .analysis_dates import utc_bounds

# dashboard filter -> field of each analysis view (None: the view has no such dimension)
_DIMENSIONS = {
    'team_id': {'ticket': 'team_id', 'inspection': None, 'reliability': None},
    'engineer_id': {'ticket': 'engineer_id', 'inspection': 'user_id', 'reliability': None},
    'partner_id': {'ticket': 'partner_id', 'inspection': 'partner_id', 'reliability': 'partner_id'},
    'site_id': {'ticket': 'site_id', 'inspection': 'site_id', 'reliability': 'site_id'},
    'product_id': {'ticket': 'product_id', 'inspection': 'product_id', 'reliability': 'product_id'},
    'equipment_category_id': {'ticket': 'equipment_category_id', 'inspection': 'equipment_category_id',
                              'reliability': 'equipment_category_id'},
}


class AftersalesKpiDashboard(models.TransientModel):
    """The manager's KPI figures for a period and a slice of the service:
    each area is one ``read_group`` on its analysis view, so the number of
    queries does not depend on the number of tickets.

    An addon adds a ticket KPI with a field of the ticket analysis view, a
    float field here computed by ``_compute_ticket_kpis`` and one entry in
    :meth:`_ticket_kpi_measures`."""
    _name = 'aftersales.kpi.dashboard'
    _description = 'Service KPI Dashboard'

    date_from = fields.Date(string='From', default=lambda self: self._default_date_from())
    date_to = fields.Date(string='To', default=fields.Date.context_today)
    team_id = fields.Many2one('maintenance.team', string='Service Team')
    engineer_id = fields.Many2one('res.users', string='Engineer')
    partner_id = fields.Many2one('res.partner', string='Customer', domain=[('is_company', '=', True)])
    site_id = fields.Many2one('res.partner', string='Site', domain=[('aftersales_is_site', '=', True)])
    product_id = fields.Many2one('product.product', string='Product')
    equipment_category_id = fields.Many2one('maintenance.equipment.category', string='Equipment Category')

    # service level
    ticket_count = fields.Integer(string='Tickets', compute='_compute_ticket_kpis')
    response_sla_rate = fields.Float(string='Response SLA Compliance (%)', compute='_compute_ticket_kpis',
                                     digits=(16, 1))
    resolution_sla_rate = fields.Float(string='Resolution SLA Compliance (%)', compute='_compute_ticket_kpis',
                                       digits=(16, 1))
    response_time_hours = fields.Float(string='Average Response Time (working h)', compute='_compute_ticket_kpis',
                                       digits=(16, 1))
    resolution_time_hours = fields.Float(string='Average Resolution Time (working h)',
                                         compute='_compute_ticket_kpis', digits=(16, 1))
    sla_breach_count = fields.Integer(string='SLA Breaches', compute='_compute_ticket_kpis')
    # field work
    first_time_fix_rate = fields.Float(string='First-Time Fix (%)', compute='_compute_ticket_kpis', digits=(16, 1))
    repeat_fault_count = fields.Integer(string='Repeat Faults within 30 Days', compute='_compute_ticket_kpis')
    visits_per_ticket = fields.Float(string='Visits per Ticket', compute='_compute_ticket_kpis', digits=(16, 2))
    hours_on_site = fields.Float(string='Time on Site per Ticket (h)', compute='_compute_ticket_kpis',
                                 digits=(16, 1))
    # customers
    callback_rate = fields.Float(string='Callbacks Done (%)', compute='_compute_ticket_kpis', digits=(16, 1))
    satisfaction = fields.Float(string='Satisfaction (1-5)', compute='_compute_ticket_kpis', digits=(16, 2))
    complaint_rate = fields.Float(string='Complaints per 100 Tickets', compute='_compute_ticket_kpis',
                                  digits=(16, 1))
    # inspections
    inspected_count = fields.Integer(string='Equipment Inspected', compute='_compute_inspection_kpis')
    finding_count = fields.Integer(string='Inspection Findings', compute='_compute_inspection_kpis')
    finding_rate = fields.Float(string='Findings (%)', compute='_compute_inspection_kpis', digits=(16, 1))
    findings_by_site = fields.Html(string='Findings per Site', compute='_compute_inspection_kpis')
    # reliability
    failure_count = fields.Integer(string='Failures (all time)', compute='_compute_reliability_kpis')
    mtbf_days = fields.Float(string='MTBF (days)', compute='_compute_reliability_kpis', digits=(16, 1))

    def _default_date_from(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today.replace(day=1))

    def _ticket_kpi_measures(self):
        """Dashboard field -> measure of ``aftersales.ticket.kpi.report``
        (aggregated by its ``group_operator``)."""
        return {
            'ticket_count': 'ticket_count',
            'response_sla_rate': 'response_sla_rate',
            'resolution_sla_rate': 'resolution_sla_rate',
            'response_time_hours': 'response_time_hours',
            'resolution_time_hours': 'resolution_time_hours',
            'sla_breach_count': 'sla_breach_count',
            'first_time_fix_rate': 'first_time_fix_rate',
            'repeat_fault_count': 'repeat_fault_count',
            'visits_per_ticket': 'visit_count',
            'hours_on_site': 'hours_on_site',
            'callback_rate': 'callback_rate',
            'satisfaction': 'satisfaction',
            'complaint_rate': 'complaint_rate',
        }

    @api.depends('date_from', 'date_to', 'team_id', 'engineer_id', 'partner_id', 'site_id', 'product_id',
                 'equipment_category_id')
    def _compute_ticket_kpis(self):
        measures = self._ticket_kpi_measures()
        Report = self.env['aftersales.ticket.kpi.report']
        for dashboard in self:
            rows = Report.read_group(dashboard._analysis_domain('ticket'), sorted(set(measures.values())), [])
            row = rows[0] if rows else {}
            for field_name, measure in measures.items():
                dashboard[field_name] = row.get(measure) or 0

    @api.depends('date_from', 'date_to', 'engineer_id', 'partner_id', 'site_id', 'product_id',
                 'equipment_category_id')
    def _compute_inspection_kpis(self):
        Report = self.env['aftersales.inspection.kpi.report']
        for dashboard in self:
            domain = dashboard._analysis_domain('inspection')
            total = Report.read_group(domain, ['line_count', 'finding_count', 'finding_rate'], [])
            total = total[0] if total else {}
            dashboard.inspected_count = total.get('line_count') or 0
            dashboard.finding_count = total.get('finding_count') or 0
            dashboard.finding_rate = total.get('finding_rate') or 0.0
            sites = Report.read_group(domain + [('finding_count', '>', 0)], ['site_id', 'finding_count'],
                                      ['site_id'], orderby='finding_count desc', limit=5)
            no_site = _('No site')  # outside the comprehension: _() reads the language from this frame
            dashboard.findings_by_site = self._html_table(
                [_('Site'), _('Findings')],
                [(site['site_id'] and site['site_id'][1] or no_site, site['finding_count']) for site in sites])

    @api.depends('partner_id', 'site_id', 'product_id', 'equipment_category_id')
    def _compute_reliability_kpis(self):
        Report = self.env['aftersales.equipment.reliability.report']
        for dashboard in self:
            failures, mtbf = Report._pooled_mtbf(dashboard._analysis_domain('reliability'))[False]
            dashboard.failure_count = failures
            dashboard.mtbf_days = mtbf or 0.0

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_open_ticket_analysis(self):
        return self._open_analysis('aftersales_service.aftersales_ticket_kpi_report_action', 'ticket')

    def action_open_inspection_analysis(self):
        return self._open_analysis('aftersales_service.aftersales_inspection_kpi_report_action', 'inspection')

    def action_open_reliability_analysis(self):
        return self._open_analysis('aftersales_service.aftersales_equipment_reliability_report_action',
                                   'reliability')

    def action_open_workbook(self):
        self.ensure_one()
        date_from = fields.Date.from_string(self.date_from or fields.Date.context_today(self))
        return {
            'type': 'ir.actions.act_window',
            'name': _('Monthly KPI Workbook'),
            'res_model': 'aftersales.kpi.workbook',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_year': date_from.year, 'default_month': str(date_from.month)},
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _analysis_domain(self, area):
        """The dashboard's filters as a domain on the analysis view of ``area``
        ('ticket', 'inspection' or 'reliability')."""
        self.ensure_one()
        domain = []
        for filter_name, targets in _DIMENSIONS.items():
            target = targets.get(area)
            if target and self[filter_name]:
                domain.append((target, '=', self[filter_name].id))
        if area == 'ticket':
            start, end = utc_bounds(self.env, self.date_from, self.date_to)
            domain += [('date', '>=', start)] if start else []
            domain += [('date', '<', end)] if end else []
        elif area == 'inspection':
            domain += [('date', '>=', self.date_from)] if self.date_from else []
            domain += [('date', '<=', self.date_to)] if self.date_to else []
        return domain

    def _open_analysis(self, action_xmlid, area):
        self.ensure_one()
        action = self.env.ref(action_xmlid).read()[0]
        action['domain'] = self._analysis_domain(area)
        return action

    @staticmethod
    def _html_table(headers, rows):
        head = ''.join('<th>%s</th>' % html_escape(header) for header in headers)
        body = ''.join('<tr>%s</tr>' % ''.join('<td>%s</td>' % html_escape(value) for value in row) for row in rows)
        return '<table class="table table-condensed"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>' % (
            head, body)
