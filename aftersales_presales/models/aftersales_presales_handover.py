# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

TRAINING_MODEL = 'aftersales.training.session'


class AftersalesPresalesHandover(models.Model):
    _name = 'aftersales.presales.handover'
    _description = 'Pre-sales Hand-over to the Project'
    _order = 'id desc'

    request_id = fields.Many2one('aftersales.presales.request', string='Pre-sales Request', required=True,
                                 index=True, ondelete='cascade')
    company_id = fields.Many2one(related='request_id.company_id', store=True, readonly=True, index=True)
    opportunity_id = fields.Many2one(related='request_id.opportunity_id', store=True, readonly=True)
    partner_id = fields.Many2one(related='request_id.partner_id', readonly=True)
    project_manager_id = fields.Many2one('res.users', string='Project Manager', index=True)
    scope = fields.Text()
    requirements = fields.Text(string='Requirement List')
    risks = fields.Text()
    installation_done = fields.Boolean()
    equipment_ids = fields.Many2many('maintenance.equipment', 'aftersales_presales_handover_equipment_rel',
                                     'handover_id', 'equipment_id', string='Installed Equipment')
    training_available = fields.Boolean(compute='_compute_training_available')

    def _compute_training_available(self):
        available = TRAINING_MODEL in self.env
        for rec in self:
            rec.training_available = available

    def name_get(self):
        return [(rec.id, _('Hand-over of %s') % rec.request_id.name) for rec in self]

    @api.multi
    def action_propose_training(self):
        """A customer training on the installed equipment (aftersales_training, when installed)."""
        self.ensure_one()
        if TRAINING_MODEL not in self.env:
            raise UserError(_('Install the After-Sales Training addon to propose a customer training.'))
        return {
            'type': 'ir.actions.act_window',
            'res_model': TRAINING_MODEL,
            'view_mode': 'form',
            'target': 'current',
            'context': {
                'default_kind': 'customer',
                'default_partner_id': self.partner_id.id,
                'default_equipment_ids': [(6, 0, self.equipment_ids.ids)],
                'default_title': _('Customer training - %s') % (self.opportunity_id.name or ''),
            },
        }
