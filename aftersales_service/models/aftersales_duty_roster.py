from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesDutyRoster(models.Model):
    """One on-call shift of the 24-hour duty roster."""
    _name = 'aftersales.duty.roster'
    _description = 'On-Call Duty'
    _order = 'date_start desc'

    user_id = fields.Many2one('res.users', string='Engineer on Call', required=True, index=True)
    date_start = fields.Datetime(string='From', required=True, index=True)
    date_end = fields.Datetime(string='To', required=True, index=True)
    phone = fields.Char(help='Number to call during this shift.')
    note = fields.Text()
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for duty in self:
            if duty.date_end <= duty.date_start:
                raise ValidationError(_('An on-call shift must end after it starts.'))

    @api.multi
    def name_get(self):
        return [(duty.id, '%s (%s - %s)' % (duty.user_id.name, duty.date_start, duty.date_end))
                for duty in self]

    @api.model
    def _get_on_call_user(self, when, company):
        """The engineer on call at ``when`` (a datetime string in UTC)."""
        duty = self.search([('date_start', '<=', when), ('date_end', '>', when),
                            ('company_id', '=', company.id)], limit=1, order='date_start desc')
        return duty.user_id
