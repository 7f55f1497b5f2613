from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ResCompany(models.Model):
    """Where the spare parts of the after-sales department are kept, and the
    parameters of their stock rules."""
    _inherit = 'res.company'

    aftersales_parts_warehouse_id = fields.Many2one(
        'stock.warehouse', string='Spare-Parts Warehouse',
        help='The warehouse the spare parts are issued from, e.g. in the county town near the customers.')
    aftersales_van_parent_location_id = fields.Many2one(
        'stock.location', string='Engineer Vans', help='Parent of the van stock location of each field engineer.')
    aftersales_defective_location_id = fields.Many2one(
        'stock.location', string='Defective Returns Location',
        help='Where the replaced parts brought back from the customers wait to be scrapped, repaired or '
             'sent back to the vendor.')
    aftersales_consumption_type_id = fields.Many2one(
        'stock.picking.type', string='Parts Used on Site Operation')
    aftersales_defective_type_id = fields.Many2one(
        'stock.picking.type', string='Defective Returns Operation')
    aftersales_window_days = fields.Integer(
        string='Consumption Window (days)', default=365,
        help='The stock rules are computed from the consumption of the spare parts over this many days.')
    aftersales_review_days = fields.Integer(
        string='Reorder Cycle (days)', default=30,
        help='The maximum covers the demand of one cycle above the minimum: the stock rules are '
             'recomputed every month.')
    aftersales_default_lead_days = fields.Integer(
        string='Default Lead Time (days)', default=14,
        help='Supplier lead time of the spare parts without a vendor.')
    aftersales_service_level_critical = fields.Float(
        string='Service Level of Critical Equipment (%)', default=99.0)
    aftersales_service_level_important = fields.Float(
        string='Service Level of Important Equipment (%)', default=95.0)
    aftersales_service_level_normal = fields.Float(
        string='Service Level of Normal Equipment (%)', default=90.0)
    aftersales_slow_mover_months = fields.Integer(
        string='Slow Movers After (months)', default=6,
        help='Spare parts in stock without any movement for this many months are slow movers.')

    @api.constrains('aftersales_service_level_critical', 'aftersales_service_level_important',
                    'aftersales_service_level_normal', 'aftersales_window_days', 'aftersales_review_days')
    def _check_aftersales_stock_rule_parameters(self):
        for company in self:
            levels = (company.aftersales_service_level_critical, company.aftersales_service_level_important,
                      company.aftersales_service_level_normal)
            if any(level < 50.0 or level >= 100.0 for level in levels):
                raise ValidationError(_('A service level is a percentage from 50 to below 100.'))
            if company.aftersales_window_days <= 0 or company.aftersales_review_days < 0:
                raise ValidationError(_('The consumption window must be at least one day.'))

    def _aftersales_parts_warehouse(self):
        """The spare-parts warehouse of the company; a clear error when the
        locations were not set up."""
        self.ensure_one()
        if not self.aftersales_parts_warehouse_id:
            raise UserError(_('No spare-parts warehouse is set up for %(company)s: run After-Sales > '
                              'Configuration > Spare-Parts Locations first.') % {'company': self.name})
        return self.aftersales_parts_warehouse_id

    def _aftersales_defective_location(self):
        self.ensure_one()
        if not self.aftersales_defective_location_id:
            raise UserError(_('No defective returns location is set up for %(company)s: run After-Sales > '
                              'Configuration > Spare-Parts Locations first.') % {'company': self.name})
        return self.aftersales_defective_location_id

    def _aftersales_service_level(self, criticality):
        """The service level (a probability) aimed at for parts of equipment
        of ``criticality``."""
        self.ensure_one()
        percent = {
            'critical': self.aftersales_service_level_critical,
            'important': self.aftersales_service_level_important,
        }.get(criticality, self.aftersales_service_level_normal)
        return percent / 100.0
