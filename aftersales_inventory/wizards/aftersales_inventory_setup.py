from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class AftersalesInventorySetup(models.TransientModel):
    """Creates the locations of the spare parts: the spare-parts warehouse,
    one van per field engineer, the defective returns location, and the
    operations of parts used on site and defective returns. Running it
    again adds what is missing."""
    _name = 'aftersales.inventory.setup'
    _description = 'Spare Parts Locations Setup'

    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.user.company_id)
    warehouse_id = fields.Many2one('stock.warehouse', string='Existing Warehouse',
                                   help='Leave empty to create a new spare-parts warehouse.')
    warehouse_name = fields.Char(default=lambda self: _('Spare Parts Warehouse'))
    warehouse_code = fields.Char(default='SP', size=5)
    partner_id = fields.Many2one('res.partner', string='Address',
                                 help='Where the warehouse is, e.g. in the county town near the customers.')
    engineer_ids = fields.Many2many('res.users', string='Field Engineers',
                                    default=lambda self: self._default_engineers(),
                                    help='Each of them gets a van stock location.')

    @api.model
    def _default_engineers(self):
        group = self.env.ref('aftersales_service.group_aftersales_field')
        return group.users.filtered(lambda user: user.company_id == self.env.user.company_id and user.active)

    @api.model
    def default_get(self, fields_list):
        values = super(AftersalesInventorySetup, self).default_get(fields_list)
        company = self.env.user.company_id
        if company.aftersales_parts_warehouse_id and 'warehouse_id' in fields_list:
            values['warehouse_id'] = company.aftersales_parts_warehouse_id.id
        return values

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group('aftersales_service.group_aftersales_manager'):
            raise AccessError(_('Only the after-sales manager sets up the spare-parts locations.'))
        # creating warehouses, locations and operations is the stock
        # manager's right: the after-sales manager is allowed to here
        setup = self.sudo()
        warehouse = setup._ensure_warehouse()
        vans = setup._ensure_van_parent(warehouse)
        for engineer in setup.engineer_ids:
            setup._ensure_van(vans, engineer)
        defective = setup._ensure_defective_location(warehouse)
        company = setup.company_id
        company.write({
            'aftersales_parts_warehouse_id': warehouse.id,
            'aftersales_van_parent_location_id': vans.id,
            'aftersales_defective_location_id': defective.id,
            'aftersales_consumption_type_id': setup._ensure_picking_type(
                company.aftersales_consumption_type_id, warehouse, _('Parts Used on Site'), 'USE', 'outgoing',
                self.env['stock.location'], self.env.ref('stock.stock_location_customers')).id,
            'aftersales_defective_type_id': setup._ensure_picking_type(
                company.aftersales_defective_type_id, warehouse, _('Defective Returns'), 'DEF', 'incoming',
                self.env.ref('stock.stock_location_customers'), defective).id,
        })
        return {'type': 'ir.actions.act_window_close'}

    def _ensure_warehouse(self):
        if self.warehouse_id:
            return self.warehouse_id
        return self.env['stock.warehouse'].create({
            'name': self.warehouse_name, 'code': self.warehouse_code, 'company_id': self.company_id.id,
            'partner_id': self.partner_id.id})

    def _ensure_van_parent(self, warehouse):
        location = self.company_id.aftersales_van_parent_location_id
        if location and location.location_id == warehouse.view_location_id:
            return location
        return self.env['stock.location'].create({
            'name': _('Vans'), 'usage': 'view', 'location_id': warehouse.view_location_id.id,
            'company_id': self.company_id.id})

    def _ensure_van(self, parent, engineer):
        Location = self.env['stock.location']
        van = Location.with_context(active_test=False).search([
            ('aftersales_role', '=', 'van'), ('aftersales_engineer_id', '=', engineer.id),
            ('company_id', '=', self.company_id.id)], limit=1)
        if van:
            van.write({'active': True, 'location_id': parent.id})
            return van
        return Location.create({
            'name': engineer.name, 'usage': 'internal', 'location_id': parent.id, 'company_id': self.company_id.id,
            'aftersales_role': 'van', 'aftersales_engineer_id': engineer.id})

    def _ensure_defective_location(self, warehouse):
        Location = self.env['stock.location']
        location = Location.with_context(active_test=False).search([
            ('aftersales_role', '=', 'defective'), ('location_id', '=', warehouse.view_location_id.id)], limit=1)
        if location:
            location.active = True
            return location
        return Location.create({
            'name': _('Defective Returns'), 'usage': 'internal', 'location_id': warehouse.view_location_id.id,
            'company_id': self.company_id.id, 'aftersales_role': 'defective'})

    def _ensure_picking_type(self, picking_type, warehouse, name, code, kind, source, destination):
        """The operation of ``warehouse``: the company's current one when it
        belongs to that warehouse, or a new one."""
        values = {'default_location_src_id': source.id, 'default_location_dest_id': destination.id}
        if picking_type.warehouse_id == warehouse:
            picking_type.write(values)
            return picking_type
        sequence = self.env['ir.sequence'].create({
            'name': '%s %s' % (warehouse.name, name), 'prefix': '%s/%s/' % (warehouse.code, code), 'padding': 5,
            'company_id': self.company_id.id})
        values.update({'name': name, 'code': kind, 'sequence_id': sequence.id, 'warehouse_id': warehouse.id,
                       'use_create_lots': kind == 'incoming', 'use_existing_lots': True, 'sequence': 50})
        return self.env['stock.picking.type'].create(values)
