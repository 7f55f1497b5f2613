from odoo import api, models

# fields whose change assigns an engineer to a product
ASSIGNMENT_FIELDS = {'engineer_id', 'product_id', 'equipment_id'}


class AftersalesTicket(models.Model):
    """The technical engineer of a ticket should be certified on its product."""
    _name = 'aftersales.ticket'
    _inherit = ['aftersales.ticket', 'aftersales.training.assignment.mixin']

    @api.depends('engineer_id', 'product_id', 'equipment_id.aftersales_product_id')
    def _compute_aftersales_training_warning(self):
        return super(AftersalesTicket, self)._compute_aftersales_training_warning()

    def _aftersales_training_engineers(self):
        return self.engineer_id

    def _aftersales_training_product(self):
        return self.product_id or self.equipment_id.aftersales_product_id

    @api.onchange('engineer_id', 'product_id', 'equipment_id')
    def _onchange_aftersales_training_warning(self):
        return self._aftersales_training_onchange_warning()

    @api.model
    def create(self, vals):
        ticket = super(AftersalesTicket, self).create(vals)
        # an engineer chosen by a user; the engineer of the service area is only warned about
        if vals.get('engineer_id'):
            ticket._aftersales_training_check()
        return ticket

    @api.multi
    def write(self, vals):
        result = super(AftersalesTicket, self).write(vals)
        if ASSIGNMENT_FIELDS & set(vals):
            self.filtered('engineer_id')._aftersales_training_check()
        return result
