from odoo import api, fields, models, tools


class AftersalesTicketType(models.Model):
    _name = 'aftersales.ticket.type'
    _inherit = ['aftersales.cached.settings.mixin']
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

    # asked for each new ticket: kept in the registry until a type changes
    @api.model
    @tools.ormcache('code')
    def _id_for_code(self, code):
        return self.sudo().search([('code', '=', code)], limit=1).id

    @api.model
    @tools.ormcache('type_id')
    def _code_of(self, type_id):
        return self.sudo().browse(type_id).code
