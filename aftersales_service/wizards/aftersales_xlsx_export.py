import base64
import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval


class AftersalesXlsxExport(models.TransientModel):
    """Export the records of a list to XLSX: from the list's Action menu
    with its current filters (or only the selected records), or from the
    menu with the export's own domain. Runs as the user."""
    _name = 'aftersales.xlsx.export'
    _description = 'Export to XLSX'

    res_model = fields.Char(string='Model', readonly=True)
    profile_id = fields.Many2one('aftersales.export.profile', string='Export', required=True,
                                 domain="[('model', '=', res_model)] if res_model else []")
    scope = fields.Selection([('filter', 'All records of the current filters'),
                              ('selected', 'Only the selected records')],
                             required=True, default='filter')
    filter_domain = fields.Text(readonly=True)
    selected_ids = fields.Text(readonly=True)
    selected_count = fields.Integer(compute='_compute_counts', string='Selected')
    filter_count = fields.Integer(compute='_compute_counts', string='Matching the Filters')
    data = fields.Binary(string='File', readonly=True, attachment=True)
    filename = fields.Char(readonly=True)

    @api.model
    def default_get(self, field_names):
        values = super(AftersalesXlsxExport, self).default_get(field_names)
        context = self.env.context
        model = context.get('active_model')
        if not model or model == self._name:
            return values
        values['res_model'] = model
        profile = self.env['aftersales.export.profile'].search([('model', '=', model)], limit=1)
        if profile:
            values['profile_id'] = profile.id
        if context.get('active_domain') is not None:
            values['filter_domain'] = repr(context['active_domain'])
        if context.get('active_ids'):
            values['selected_ids'] = json.dumps(context['active_ids'])
            if context.get('active_domain') is None:
                values['scope'] = 'selected'
        return values

    @api.depends('profile_id', 'filter_domain', 'selected_ids')
    def _compute_counts(self):
        for wizard in self:
            wizard.selected_count = len(wizard._selected_ids())
            wizard.filter_count = self.env[wizard.profile_id.model].search_count(
                wizard._domain('filter')) if wizard.profile_id else 0

    def action_export(self):
        self.ensure_one()
        profile = self.profile_id
        if self.res_model and profile.model != self.res_model:
            raise UserError(_('Choose an export of the records of the list.'))
        exporter = self.env['aftersales.xlsx.exporter']
        content = exporter._export([lambda workbook, formats: exporter._write_records(
            workbook, formats, profile.model, self._domain(self.scope), profile._columns(), profile.name)])
        self.write({'data': base64.b64encode(content),
                    'filename': '%s - %s.xlsx' % (profile.name, fields.Date.context_today(self))})
        return {
            'type': 'ir.actions.act_url',
            'url': '/web/content/?model=%s&id=%d&field=data&filename_field=filename&download=true' % (
                self._name, self.id),
            'target': 'self',
        }

    def _selected_ids(self):
        return json.loads(self.selected_ids or '[]')

    def _domain(self, scope):
        domain = self.profile_id._domain() if self.profile_id else []
        if scope == 'selected':
            return domain + [('id', 'in', self._selected_ids())]
        return domain + (safe_eval(self.filter_domain) if self.filter_domain else [])
