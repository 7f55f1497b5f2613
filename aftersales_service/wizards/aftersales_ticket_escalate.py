from odoo import fields, models


class AftersalesTicketEscalate(models.TransientModel):
    _name = 'aftersales.ticket.escalate'
    _description = 'Escalate a Service Ticket'

    ticket_id = fields.Many2one('aftersales.ticket', required=True, ondelete='cascade')
    reason = fields.Text(required=True)

    def action_escalate(self):
        self.ensure_one()
        self.ticket_id._escalate(self.reason)
        return {'type': 'ir.actions.act_window_close'}
