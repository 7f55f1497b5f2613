from odoo import _, models


class AftersalesKpiWorkbook(models.TransientModel):
    """The parts cost per ticket in the summary and a sheet per product."""
    _inherit = 'aftersales.kpi.workbook'

    def _summary_fields(self):
        names = super(AftersalesKpiWorkbook, self)._summary_fields()
        # with the field work KPIs
        position = names.index('hours_on_site') + 1 if 'hours_on_site' in names else len(names)
        return names[:position] + ['parts_cost_per_ticket'] + names[position:]

    def _workbook_sheets(self):
        sheets = super(AftersalesKpiWorkbook, self)._workbook_sheets()
        sheets.append({'name': _('Spare Parts'), 'model': 'aftersales.ticket.kpi.report', 'groupby': 'product_id',
                       'measures': ['ticket_count', 'parts_cost']})
        return sheets
