from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AftersalesCallback(models.Model):
    """The call to the customer after a repair or an inspection."""
    _name = 'aftersales.callback'
    _description = 'Service Callback'
    _order = 'date desc, id desc'

    ticket_id = fields.Many2one('aftersales.ticket', string='Ticket', required=True, ondelete='cascade', index=True)
    commercial_partner_id = fields.Many2one(related='ticket_id.commercial_partner_id', store=True, readonly=True,
                                            index=True)
    company_id = fields.Many2one(related='ticket_id.company_id', store=True, readonly=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one('res.users', string='Called By', required=True, default=lambda self: self.env.user)
    resolved = fields.Selection([('yes', 'Resolved'), ('no', 'Not Resolved')], required=True,
                                string='Result Confirmed')
    satisfaction = fields.Selection([('1', 'Very Dissatisfied'), ('2', 'Dissatisfied'), ('3', 'Neutral'),
                                     ('4', 'Satisfied'), ('5', 'Very Satisfied')])
    comment = fields.Text()
    source = fields.Selection([('phone', 'Phone Call'), ('portal', 'Customer Portal')], required=True,
                              default='phone', readonly=True)
    customer_comment = fields.Text(string="Customer's Comment", readonly=True,
                                   help='Written by the customer with the rating, on the portal.')
    rated_at = fields.Datetime(string='Rated by the Customer On', readonly=True, copy=False)

    @api.model
    def create(self, vals):
        callback = super(AftersalesCallback, self).create(vals)
        # a rating from the portal is no call: the representative still calls
        if callback.source != 'portal':
            callback._apply_to_ticket()
        return callback

    def _apply_to_ticket(self):
        ticket = self.ticket_id
        if ticket.stage_state not in ('solved', 'closed'):
            raise UserError(_('The callback of %s comes after the ticket is solved.') % ticket.name)
        activity_type = self.env.ref('aftersales_service.mail_activity_type_callback')
        result = dict(self._fields['resolved']._description_selection(self.env))[self.resolved]
        ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
            feedback=self.comment or result)
        summary = _('Callback by %(user)s: %(result)s, satisfaction %(score)s/5.') % {
            'user': self.user_id.name, 'result': result,
            'score': self.satisfaction or '-'}
        if self.resolved == 'no':
            ticket.write({'stage_id': ticket._stage_for('progress', ticket.type_id).id})
            ticket.message_post(body=summary + ' ' + _('The ticket is reopened.'))
        else:
            ticket.message_post(body=summary)
            if ticket.stage_state != 'closed':
                ticket.action_close()
