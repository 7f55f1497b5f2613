from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    aftersales_knowledge_required = fields.Boolean(
        string='Engineers Must Be Certified',
        help='The product is in the knowledge matrix of the engineers even before it is installed at a customer. '
             'Products of the installed equipment always are.')
