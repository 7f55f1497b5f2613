from odoo import fields, models


class AftersalesServiceArea(models.Model):
    _name = 'aftersales.service.area'
    _description = 'Service Area'
    _order = 'name'

    name = fields.Char(required=True, translate=True)
    team_id = fields.Many2one('maintenance.team', string='Service Team',
                              help='Team that takes the tickets of this area.')
    user_id = fields.Many2one('res.users', string='Customer Service Representative',
                              help='Default representative of the tickets of this area.')
    engineer_id = fields.Many2one('res.users', string='Technical Engineer',
                                  help='Default technical engineer of the tickets of this area.')
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)
