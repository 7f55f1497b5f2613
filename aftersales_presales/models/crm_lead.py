# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

SALES_ONLY_FIELDS = ('planned_revenue',)


class CrmLead(models.Model):
    _inherit = 'crm.lead'

    presales_request_ids = fields.One2many('aftersales.presales.request', 'opportunity_id',
                                           string='Pre-sales Requests')
    presales_request_count = fields.Integer(compute='_compute_presales_request_count')

    @api.depends('presales_request_ids')
    def _compute_presales_request_count(self):
        for rec in self:
            rec.presales_request_count = len(rec.presales_request_ids)

    @api.multi
    def write(self, vals):
        if (any(name in vals for name in SALES_ONLY_FIELDS) and not self.env.user._is_superuser()
                and not self.env.user.has_group('sales_team.group_sale_salesman')):
            raise AccessError(_('Only sales users may change the expected revenue of an opportunity.'))
        return super(CrmLead, self).write(vals)

    @api.multi
    def action_set_won(self):
        result = super(CrmLead, self).action_set_won()
        requests = self.mapped('presales_request_ids').filtered(lambda request: request.phase == 'solution')
        for request in requests:
            request.action_create_handover()
        return result

    def action_view_presales_requests(self):
        self.ensure_one()
        action = self.env.ref('aftersales_presales.aftersales_presales_request_action').read()[0]
        action['domain'] = [('opportunity_id', '=', self.id)]
        action['context'] = {'default_opportunity_id': self.id}
        if len(self.presales_request_ids) == 1:
            action['views'] = [(False, 'form')]
            action['res_id'] = self.presales_request_ids.id
        return action
