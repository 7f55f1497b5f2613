from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    aftersales_training_block_uncertified = fields.Boolean(
        related='company_id.aftersales_training_block_uncertified')
    aftersales_training_validity_months = fields.Integer(
        related='company_id.aftersales_training_validity_months')
    aftersales_training_expiry_warning_days = fields.Integer(
        related='company_id.aftersales_training_expiry_warning_days')
