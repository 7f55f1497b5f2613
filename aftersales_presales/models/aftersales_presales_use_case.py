# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesPresalesUseCase(models.Model):
    _name = 'aftersales.presales.use.case'
    _description = 'Pre-sales Use Case'
    _order = 'priority desc, sequence, id'

    request_id = fields.Many2one('aftersales.presales.request', string='Pre-sales Request', required=True,
                                 index=True, ondelete='cascade')
    company_id = fields.Many2one(related='request_id.company_id', store=True, readonly=True, index=True)
    opportunity_id = fields.Many2one(related='request_id.opportunity_id', store=True, readonly=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Goal', required=True)
    actor = fields.Char(required=True)
    main_flow = fields.Text()
    priority = fields.Selection([('0', 'Low'), ('1', 'Normal'), ('2', 'High')], default='1', required=True)
