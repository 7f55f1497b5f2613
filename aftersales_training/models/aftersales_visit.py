from odoo import api, models

# fields whose change assigns engineers to a product
ASSIGNMENT_FIELDS = {'user_id', 'engineer_ids', 'equipment_id', 'ticket_id'}


class AftersalesVisit(models.Model):
    """The engineers of a visit should be certified on the product they service."""
    _name = 'aftersales.visit'
    _inherit = ['aftersales.visit', 'aftersales.training.assignment.mixin']

    @api.depends('user_id', 'engineer_ids', 'equipment_id.aftersales_product_id', 'ticket_id.product_id')
    def _compute_aftersales_training_warning(self):
        return super(AftersalesVisit, self)._compute_aftersales_training_warning()

    def _aftersales_training_engineers(self):
        return self.user_id | self.engineer_ids

    def _aftersales_training_product(self):
        return self.equipment_id.aftersales_product_id or self.ticket_id.product_id

    @api.onchange('user_id', 'engineer_ids', 'equipment_id', 'ticket_id')
    def _onchange_aftersales_training_warning(self):
        return self._aftersales_training_onchange_warning()

    @api.model
    def create(self, vals):
        visit = super(AftersalesVisit, self).create(vals)
        if visit.state != 'cancel':
            visit._aftersales_training_check()
        return visit

    @api.multi
    def write(self, vals):
        result = super(AftersalesVisit, self).write(vals)
        if ASSIGNMENT_FIELDS & set(vals):
            self.filtered(lambda visit: visit.state != 'cancel')._aftersales_training_check()
        return result
