from odoo import fields, models


class AftersalesTicketStage(models.Model):
    _name = 'aftersales.ticket.stage'
    _description = 'Service Ticket Stage'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(help='Folded in the kanban view.')
    state = fields.Selection([
        ('new', 'New'),
        ('progress', 'In Progress'),
        ('waiting', 'Waiting for Customer'),
        ('solved', 'Solved'),
        ('closed', 'Closed'),
    ], required=True, default='progress',
        help='What the stage means for the SLA clock: waiting pauses it, '
             'solved and closed stop it.')
    type_ids = fields.Many2many(
        'aftersales.ticket.type', string='Ticket Types',
        help='Ticket types that use this stage; empty means all of them.')
    description = fields.Text(translate=True)
