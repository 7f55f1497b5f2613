# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesPresalesSolution(models.Model):
    _name = 'aftersales.presales.solution'
    _description = 'Pre-sales Solution Version'
    _order = 'version desc, id desc'

    request_id = fields.Many2one('aftersales.presales.request', string='Pre-sales Request', required=True,
                                 index=True, ondelete='cascade')
    company_id = fields.Many2one(related='request_id.company_id', store=True, readonly=True, index=True)
    name = fields.Char(string='Title', required=True)
    version = fields.Integer(required=True, default=1)
    summary = fields.Text()
    attachment_ids = fields.Many2many('ir.attachment', 'aftersales_presales_solution_attachment_rel',
                                      'solution_id', 'attachment_id', string='Documents and Demo')
    presentation_date = fields.Date()
    customer_feedback = fields.Text()
    revision_note = fields.Text(string='Revisions', help='What changed from the previous version.')

    _sql_constraints = [
        ('version_uniq', 'unique(request_id, version)', 'A solution version is unique per request.'),
    ]
