from odoo import fields, models


class AftersalesChecklistTemplate(models.Model):
    _name = 'aftersales.checklist.template'
    _description = 'Inspection Checklist Template'
    _order = 'name'

    name = fields.Char(required=True, translate=True)
    item_ids = fields.One2many('aftersales.checklist.item', 'template_id', string='Items', copy=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', default=lambda self: self.env.user.company_id)
