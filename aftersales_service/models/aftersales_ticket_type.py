from odoo import fields, models


class AftersalesTicketType(models.Model):
    _name = 'aftersales.ticket.type'
    _description = 'Service Ticket Type'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Selection([
        ('inquiry', 'Inquiry'),
        ('repair', 'Repair Request'),
        ('complaint', 'Complaint'),
        ('suggestion', 'Suggestion'),
    ], required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ('code_uniq', 'unique (code)', 'There is already a ticket type with this code.'),
    ]
