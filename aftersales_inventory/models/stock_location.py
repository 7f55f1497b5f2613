from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

LOCATION_ROLES = [
    ('van', 'Engineer Van'),
    ('defective', 'Defective Returns'),
]


class StockLocation(models.Model):
    """The van of a field engineer and the defective returns location."""
    _inherit = 'stock.location'

    aftersales_role = fields.Selection(LOCATION_ROLES, string='After-Sales Role', index=True)
    aftersales_engineer_id = fields.Many2one(
        'res.users', string='Engineer', index=True, ondelete='restrict',
        help='The field engineer whose van this location is.')

    @api.constrains('aftersales_role', 'aftersales_engineer_id', 'usage', 'company_id', 'active')
    def _check_aftersales_van(self):
        for location in self.filtered(lambda loc: loc.aftersales_role == 'van'):
            if not location.aftersales_engineer_id or location.usage != 'internal':
                raise ValidationError(_('The van %(van)s must be an internal location of one engineer.') % {
                    'van': location.complete_name})
            if location.active and self.search_count([
                    ('id', '!=', location.id), ('aftersales_role', '=', 'van'),
                    ('aftersales_engineer_id', '=', location.aftersales_engineer_id.id),
                    ('company_id', '=', location.company_id.id)]):
                raise ValidationError(_('%(engineer)s already has a van.') % {
                    'engineer': location.aftersales_engineer_id.name})

    @api.model
    def _aftersales_van(self, user, company=None, raise_if_missing=True):
        """The van location of ``user`` in ``company``."""
        company = company or self.env.user.company_id
        van = self.sudo().search([('aftersales_role', '=', 'van'), ('aftersales_engineer_id', '=', user.id),
                                  ('company_id', '=', company.id)], limit=1)
        if not van and raise_if_missing:
            raise UserError(_('%(engineer)s has no van stock location: run After-Sales > Configuration > '
                              'Spare-Parts Locations with this engineer.') % {'engineer': user.name})
        return van.sudo(self.env.uid)
