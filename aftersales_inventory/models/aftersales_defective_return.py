from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

RETURN_STATES = [
    ('draft', 'To Receive'),
    ('received', 'In Defective Stock'),
    ('scrapped', 'Scrapped'),
    ('repaired', 'Repaired'),
    ('vendor', 'Sent to Vendor'),
    ('credited', 'Credited by Vendor'),
    ('replaced', 'Replaced by Vendor'),
    ('cancel', 'Cancelled'),
]


class AftersalesDefectiveReturn(models.Model):
    """A replaced part brought back from the customer (坏件返回): received in
    the defective returns location, then scrapped, repaired back into stock,
    or sent back to the vendor under warranty until credited or replaced."""
    _name = 'aftersales.defective.return'
    _description = 'Defective Part Return'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    state = fields.Selection(RETURN_STATES, default='draft', required=True, readonly=True, copy=False,
                             index=True, track_visibility='onchange')
    visit_id = fields.Many2one('aftersales.visit', string='Visit', index=True, ondelete='restrict',
                               readonly=True, states={'draft': [('readonly', False)]})
    visit_part_id = fields.Many2one('aftersales.visit.part', string='Part Used', readonly=True, copy=False)
    ticket_id = fields.Many2one(related='visit_id.ticket_id', store=True, readonly=True, string='Ticket')
    partner_id = fields.Many2one(related='visit_id.partner_id', store=True, readonly=True, string='Customer')
    site_id = fields.Many2one(related='visit_id.site_id', store=True, readonly=True, string='Site')
    equipment_id = fields.Many2one(related='visit_id.equipment_id', store=True, readonly=True,
                                   string='Equipment')
    user_id = fields.Many2one('res.users', string='Brought Back By', required=True, index=True,
                              default=lambda self: self.env.user, readonly=True,
                              states={'draft': [('readonly', False)]})
    product_id = fields.Many2one('product.product', string='Part', required=True, index=True,
                                 domain=[('aftersales_is_spare_part', '=', True)], readonly=True,
                                 states={'draft': [('readonly', False)]})
    tracking = fields.Selection(related='product_id.tracking', readonly=True)
    quantity = fields.Float(required=True, default=1.0, digits=dp.get_precision('Product Unit of Measure'),
                            readonly=True, states={'draft': [('readonly', False)]})
    lot_name = fields.Char(string='Serial Number', readonly=True, states={'draft': [('readonly', False)]},
                           help='The serial or lot number on the defective part.')
    lot_id = fields.Many2one('stock.production.lot', string='Lot/Serial Number', readonly=True, copy=False)
    fault_description = fields.Text(string='Fault')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    location_id = fields.Many2one('stock.location', string='Defective Location', readonly=True, copy=False)
    date_received = fields.Datetime(string='Received On', readonly=True, copy=False)
    picking_id = fields.Many2one('stock.picking', string='Receipt', readonly=True, copy=False)
    scrap_id = fields.Many2one('stock.scrap', string='Scrap', readonly=True, copy=False)
    repair_picking_id = fields.Many2one('stock.picking', string='Back to Stock', readonly=True, copy=False)
    vendor_id = fields.Many2one('res.partner', string='Vendor', domain=[('supplier', '=', True)],
                                track_visibility='onchange')
    vendor_picking_id = fields.Many2one('stock.picking', string='Sent to Vendor', readonly=True, copy=False)
    claim_reference = fields.Char(string='Vendor Claim Reference', track_visibility='onchange')
    claim_date = fields.Date(string='Claimed On', readonly=True, copy=False)
    replacement_picking_id = fields.Many2one('stock.picking', string='Replacement Receipt', readonly=True,
                                             copy=False)
    resolution_date = fields.Date(string='Settled On', readonly=True, copy=False)

    @api.constrains('quantity', 'product_id', 'lot_name')
    def _check_quantity(self):
        for defective in self:
            rounding = defective.product_id.uom_id.rounding
            if float_compare(defective.quantity, 0.0, precision_rounding=rounding) <= 0:
                raise ValidationError(_('The quantity of %(part)s brought back must be positive.') % {
                    'part': defective.product_id.display_name})
            if defective.product_id.tracking == 'serial' and float_compare(
                    defective.quantity, 1.0, precision_rounding=rounding) != 0:
                raise ValidationError(_('One return per serial number of %(part)s.') % {
                    'part': defective.product_id.display_name})

    @api.constrains('product_id')
    def _check_product_id(self):
        self.mapped('product_id')._aftersales_check_spare_parts()

    @api.onchange('product_id')
    def _onchange_product_id(self):
        if self.product_id and not self.vendor_id:
            self.vendor_id = self.product_id.seller_ids[:1].name

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.defective.return') or '/'
        if not vals.get('vendor_id') and vals.get('product_id'):
            product = self.env['product.product'].browse(vals['product_id'])
            vals['vendor_id'] = product.sudo().seller_ids[:1].name.id
        return super(AftersalesDefectiveReturn, self).create(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state not in ('draft', 'cancel')):
            raise UserError(_('Only defective returns not received yet can be deleted.'))
        return super(AftersalesDefectiveReturn, self).unlink()

    # ------------------------------------------------------------------
    # actions (spare parts manager)
    # ------------------------------------------------------------------

    def action_receive(self):
        """Receive the part from the customer into the defective location,
        with its serial number when the part is tracked."""
        self._check_state('draft')
        for defective in self:
            if defective.product_id.tracking != 'none' and not (defective.lot_name or '').strip():
                raise UserError(_('Enter the serial number of the defective %(part)s.') % {
                    'part': defective.product_id.display_name})
            company = defective.company_id
            location = company._aftersales_defective_location()
            picking_type = company.aftersales_defective_type_id
            if not picking_type:
                raise UserError(_('No operation for defective returns is set up: run After-Sales > '
                                  'Configuration > Spare-Parts Locations first.'))
            lot = defective._find_or_create_lot()
            picking = defective._create_picking(picking_type, self.env.ref('stock.stock_location_customers'),
                                                location, defective.partner_id, lot)
            defective.write({'state': 'received', 'picking_id': picking.id, 'lot_id': lot.id,
                             'location_id': location.id, 'date_received': fields.Datetime.now()})
        return True

    def action_scrap(self):
        self._check_state('received')
        for defective in self:
            scrap = self.env['stock.scrap'].create({
                'product_id': defective.product_id.id, 'product_uom_id': defective.product_id.uom_id.id,
                'scrap_qty': defective.quantity, 'lot_id': defective.lot_id.id,
                'location_id': defective.location_id.id, 'origin': defective.name})
            scrap.do_scrap()
            defective.write({'state': 'scrapped', 'scrap_id': scrap.id,
                             'resolution_date': fields.Date.context_today(self)})
        return True

    def action_repaired(self):
        """The part was repaired: back into the spare-parts stock."""
        self._check_state('received')
        for defective in self:
            warehouse = defective.company_id._aftersales_parts_warehouse()
            picking = defective._create_picking(warehouse.int_type_id, defective.location_id,
                                                warehouse.lot_stock_id, self.env['res.partner'], defective.lot_id)
            defective.write({'state': 'repaired', 'repair_picking_id': picking.id,
                             'resolution_date': fields.Date.context_today(self)})
        return True

    def action_send_to_vendor(self):
        """A warranty claim: the part goes back to its vendor."""
        self._check_state('received')
        for defective in self:
            if not defective.vendor_id:
                raise UserError(_('Choose the vendor %(part)s goes back to.') % {
                    'part': defective.product_id.display_name})
            warehouse = defective.company_id._aftersales_parts_warehouse()
            picking = defective._create_picking(warehouse.out_type_id, defective.location_id,
                                                self.env.ref('stock.stock_location_suppliers'),
                                                defective.vendor_id, defective.lot_id)
            defective.write({'state': 'vendor', 'vendor_picking_id': picking.id,
                             'claim_date': fields.Date.context_today(self)})
            defective.message_post(body=_('Sent back to %(vendor)s under warranty (visit %(visit)s).') % {
                'vendor': defective.vendor_id.display_name, 'visit': defective.visit_id.name or '-'})
        return True

    def action_vendor_credited(self):
        self._check_state('vendor')
        self.write({'state': 'credited', 'resolution_date': fields.Date.context_today(self)})
        return True

    def action_vendor_replaced(self):
        """The vendor sent a new part: received into the spare-parts stock."""
        self._check_state('vendor')
        for defective in self:
            if defective.product_id.tracking != 'none':
                raise UserError(_('Receive the replacement of a tracked part with its new serial number in '
                                  'the receipt of the vendor, then mark the claim as credited.'))
            warehouse = defective.company_id._aftersales_parts_warehouse()
            picking = defective._create_picking(warehouse.in_type_id, self.env.ref('stock.stock_location_suppliers'),
                                                warehouse.lot_stock_id, defective.vendor_id,
                                                self.env['stock.production.lot'])
            defective.write({'state': 'replaced', 'replacement_picking_id': picking.id,
                             'resolution_date': fields.Date.context_today(self)})
        return True

    def action_cancel(self):
        self._check_state('draft')
        self.write({'state': 'cancel'})
        return True

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _check_state(self, *states):
        self.env['aftersales.part.requisition']._check_parts_manager()
        labels = dict(RETURN_STATES)
        for defective in self:
            if defective.state not in states:
                raise UserError(_('%(return)s is %(state)s: this step is not possible now.') % {
                    'return': defective.name, 'state': labels[defective.state]})

    def _find_or_create_lot(self):
        self.ensure_one()
        Lot = self.env['stock.production.lot']
        if self.product_id.tracking == 'none':
            return Lot
        name = self.lot_name.strip()
        return Lot.search([('product_id', '=', self.product_id.id), ('name', '=', name)], limit=1) or \
            Lot.create({'product_id': self.product_id.id, 'name': name})

    def _create_picking(self, picking_type, source, destination, partner, lot):
        """A validated transfer of the part."""
        self.ensure_one()
        picking = self.env['stock.picking'].create({
            'picking_type_id': picking_type.id, 'location_id': source.id, 'location_dest_id': destination.id,
            'partner_id': partner.id, 'origin': self.name, 'company_id': self.company_id.id,
            'move_lines': [(0, 0, {
                'name': self.product_id.display_name, 'product_id': self.product_id.id,
                'product_uom': self.product_id.uom_id.id, 'product_uom_qty': self.quantity,
                'location_id': source.id, 'location_dest_id': destination.id,
                'picking_type_id': picking_type.id, 'company_id': self.company_id.id})],
        })
        picking.action_confirm()
        move = picking.move_lines
        if source.usage == 'internal':
            Quant = self.env['stock.quant'].sudo()
            available = Quant._get_available_quantity(move.product_id, source, lot_id=lot or None, strict=bool(lot))
            move._update_reserved_quantity(move.product_uom_qty, available, source, lot_id=lot or None, strict=True)
            move._recompute_state()
        else:
            move.move_line_ids.unlink()
            self.env['stock.move.line'].create({
                'move_id': move.id, 'picking_id': picking.id, 'product_id': move.product_id.id,
                'product_uom_id': move.product_uom.id, 'location_id': source.id,
                'location_dest_id': destination.id, 'lot_id': lot.id, 'qty_done': move.product_uom_qty})
        if source.usage == 'internal':
            picking._aftersales_validate_reserved()
        else:
            picking.action_done()
        return picking
