from odoo import api, fields, models


class AftersalesVisitSign(models.TransientModel):
    """The customer's responsible person signs the work report of a visit."""
    _name = 'aftersales.visit.sign'
    _description = 'Sign the Work Report of a Visit'

    visit_id = fields.Many2one('aftersales.visit', string='Visit', required=True, ondelete='cascade')
    signature = fields.Binary(required=True)
    signed_by = fields.Char(required=True)
    signer_role = fields.Char(string="Signer's Role")

    @api.onchange('visit_id')
    def _onchange_visit_id(self):
        contact = self.visit_id.ticket_id.contact_id
        if contact and not self.signed_by:
            self.signed_by = contact.name
            self.signer_role = contact.function or self.signer_role

    def action_sign(self):
        self.ensure_one()
        self.visit_id.action_sign(self.signature, self.signed_by, self.signer_role)
        return {'type': 'ir.actions.act_window_close'}
