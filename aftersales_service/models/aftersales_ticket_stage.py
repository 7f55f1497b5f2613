from odoo import api, fields, models, tools


class AftersalesTicketStage(models.Model):
    _name = 'aftersales.ticket.stage'
    _inherit = ['aftersales.cached.settings.mixin']
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

    @api.model
    @tools.ormcache('state', 'type_id')
    def _id_for(self, state, type_id):
        """The first stage of ``state`` for a ticket type: one of its own,
        else one of all types. Asked for each new ticket: kept in the
        registry until a stage changes."""
        stages = self.sudo().search([('state', '=', state)])
        typed = stages.filtered(lambda stage: type_id in stage.type_ids.ids)
        return (typed or stages.filtered(lambda stage: not stage.type_ids))[:1].id
