import base64
from functools import partial

from odoo import _, fields, models

from ..models.analysis_dates import month_bounds, utc_bounds

MONTHS = [(str(month), name) for month, name in enumerate(
    ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
     'November', 'December'], start=1)]


class AftersalesKpiWorkbook(models.TransientModel):
    """The manager's monthly workbook: the KPI summary, then one sheet per
    KPI area. An addon adds a sheet by extending :meth:`_workbook_sheets`."""
    _name = 'aftersales.kpi.workbook'
    _description = 'Monthly KPI Workbook'

    year = fields.Integer(required=True, default=lambda self: self._default_month()[0])
    month = fields.Selection(MONTHS, required=True, default=lambda self: self._default_month()[1])
    data = fields.Binary(string='File', readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    def _default_month(self):
        """The month before the current one."""
        first = fields.Date.from_string(fields.Date.context_today(self)).replace(day=1)
        return (first.year, str(first.month - 1)) if first.month > 1 else (first.year - 1, '12')

    def _period(self):
        self.ensure_one()
        return month_bounds(self.year, int(self.month))

    def _workbook_sheets(self):
        """The sheets after the summary: ``name``; ``model`` (an analysis
        model), ``groupby`` (one of its fields) and ``measures`` (its
        aggregated fields), filtered on its ``date_field`` (default ``date``)
        over the month; or ``writer``: a callable(workbook, formats)."""
        return [
            {'name': _('Service Level'), 'model': 'aftersales.ticket.kpi.report', 'groupby': 'team_id',
             'measures': ['ticket_count', 'response_sla_rate', 'resolution_sla_rate', 'response_time_hours',
                          'resolution_time_hours', 'sla_breach_count']},
            {'name': _('Engineers'), 'model': 'aftersales.ticket.kpi.report', 'groupby': 'engineer_id',
             'measures': ['ticket_count', 'response_sla_rate', 'resolution_sla_rate', 'first_time_fix_rate',
                          'repeat_fault_count', 'visit_count', 'hours_on_site']},
            {'name': _('Customers'), 'model': 'aftersales.ticket.kpi.report', 'groupby': 'partner_id',
             'measures': ['ticket_count', 'callback_rate', 'satisfaction', 'complaint_count', 'complaint_rate']},
            {'name': _('Inspections'), 'model': 'aftersales.inspection.kpi.report', 'groupby': 'site_id',
             'measures': ['line_count', 'finding_count', 'finding_rate', 'ticket_count', 'proposal_count']},
            {'name': _('Product Quality'), 'model': 'aftersales.product.quality.report', 'groupby': 'product_id',
             'measures': ['fault_count', 'analysed_count', 'first_time_fix_rate', 'repeat_fault_count']},
            {'name': _('Reliability'), 'writer': self._write_reliability},
        ]

    def action_export(self):
        self.ensure_one()
        exporter = self.env['aftersales.xlsx.exporter']
        writers = [self._write_summary]
        for sheet in self._workbook_sheets():
            writers.append(sheet.get('writer') or partial(self._write_grouped, sheet))
        content = exporter._export(writers)
        date_from = self._period()[0]
        self.write({'data': base64.b64encode(content),
                    'filename': _('Service KPIs %s.xlsx') % date_from.strftime('%Y-%m')})
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content/?model=%s&id=%d&field=data&filename_field=filename&download=true' % (
                self._name, self.id),
            'target': 'self',
        }

    # ------------------------------------------------------------------
    # sheets
    # ------------------------------------------------------------------

    def _write_summary(self, workbook, formats):
        date_from, date_to = self._period()
        dashboard = self.env['aftersales.kpi.dashboard'].create({
            'date_from': fields.Date.to_string(date_from), 'date_to': fields.Date.to_string(date_to)})
        names = [name for name in self._summary_fields() if name in dashboard._fields]
        labels = dashboard.fields_get(names, attributes=['string'])
        rows = [[labels[name]['string'], dashboard[name]] for name in names]
        self.env['aftersales.xlsx.exporter']._write_table(
            workbook, formats, _('Summary'), [_('KPI'), _('%(month)s %(year)s') % {
                'month': dict(self._fields['month']._description_selection(self.env))[self.month],
                'year': self.year}], rows)

    def _summary_fields(self):
        return ['ticket_count', 'response_sla_rate', 'resolution_sla_rate', 'response_time_hours',
                'resolution_time_hours', 'sla_breach_count', 'first_time_fix_rate', 'repeat_fault_count',
                'visits_per_ticket', 'hours_on_site', 'callback_rate', 'satisfaction', 'complaint_rate',
                'inspected_count', 'finding_count', 'finding_rate', 'failure_count', 'mtbf_days']

    def _write_grouped(self, sheet, workbook, formats):
        Model = self.env[sheet['model']]
        groupby, measures = sheet['groupby'], sheet['measures']
        domain = self._month_domain(Model, sheet.get('date_field', 'date'))
        labels = Model.fields_get([groupby] + measures, attributes=['string'])
        rows = Model.read_group(domain, measures + [groupby], [groupby], lazy=False)
        total = Model.read_group(domain, measures, [])
        lines = [[self._group_label(row[groupby])] + [row[measure] for measure in measures] for row in rows]
        total_line = [_('Total')] + [(total[0] if total else {}).get(measure) for measure in measures]
        self.env['aftersales.xlsx.exporter']._write_table(
            workbook, formats, sheet['name'], [labels[groupby]['string']] + [labels[m]['string'] for m in measures],
            lines, total=total_line if rows else None)

    def _group_label(self, value):
        if isinstance(value, tuple):
            return value[1]
        return value or _('Undefined')

    def _write_reliability(self, workbook, formats):
        Report = self.env['aftersales.equipment.reliability.report']
        pooled = Report._pooled_mtbf([('failure_count', '>', 0)], 'product_id')
        no_product = _('No product')  # outside the comprehension: _() reads the language from this frame
        rows = [[product and product[1] or no_product, failures, mtbf]
                for product, (failures, mtbf) in sorted(pooled.items(), key=lambda item: item[1][1] or 0.0)]
        self.env['aftersales.xlsx.exporter']._write_table(
            workbook, formats, _('Reliability'), [_('Product'), _('Failures (all time)'), _('MTBF (days)')], rows)

    def _month_domain(self, Model, date_field):
        date_from, date_to = self._period()
        if Model._fields[date_field].type == 'datetime':
            start, end = utc_bounds(self.env, date_from, date_to)
            return [(date_field, '>=', start), (date_field, '<', end)]
        return [(date_field, '>=', fields.Date.to_string(date_from)),
                (date_field, '<=', fields.Date.to_string(date_to))]
