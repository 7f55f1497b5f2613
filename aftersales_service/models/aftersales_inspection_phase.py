from odoo import fields, models


class AftersalesInspectionPhase(models.Model):
    """Early, middle and late phase of the periodic inspection."""
    _name = 'aftersales.inspection.phase'
    _description = 'Inspection Phase'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
