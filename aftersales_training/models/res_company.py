from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    aftersales_training_block_uncertified = fields.Boolean(
        string='Block Uncertified Engineers',
        help='Refuse to assign an engineer without a valid certificate for the product to a ticket or a visit; '
             'otherwise only warn.')
    aftersales_training_validity_months = fields.Integer(
        string='Certificate Validity (months)', default=24,
        help='Default validity of the certificates of a new training session; 0: no expiry.')
    aftersales_training_expiry_warning_days = fields.Integer(
        string='Expiry Warning (days)', default=30,
        help='A certificate ending within this many days is shown as expiring in the knowledge matrix.')
