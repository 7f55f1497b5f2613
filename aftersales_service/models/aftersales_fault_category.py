from odoo import fields, models


class AftersalesFaultCategory(models.Model):
    _name = 'aftersales.fault.category'
    _description = 'Fault Category'
    _order = 'name'

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [('name_uniq', 'unique (name)', 'This fault category already exists.')]
