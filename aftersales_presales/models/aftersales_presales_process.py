# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesPresalesProcess(models.Model):
    _name = 'aftersales.presales.process'
    _description = 'Pre-sales Process Survey Line'
    _order = 'sequence, id'

    interview_id = fields.Many2one('aftersales.presales.interview', string='Interview', required=True,
                                   index=True, ondelete='cascade')
    company_id = fields.Many2one(related='interview_id.company_id', store=True, readonly=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string='Process', required=True)
    flow = fields.Text(string='Flow Description')
    documents = fields.Char(string='Documents and Systems Used')
