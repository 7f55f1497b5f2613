from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

# what the customer's signature covers on a line of parts used
_SIGNED_FIELDS = {'visit_id', 'product_id', 'quantity', 'user_id', 'lot_id', 'return_defective',
                  'defective_serial', 'sequence'}


class AftersalesVisitPart(models.Model):
    """A spare part used on a visit: taken from the engineer's van and
    consumed at the customer by a real stock move."""
    _name = 'aftersales.visit.part'
    _description = 'Spare Part Used on a Visit'
    _order = 'visit_id, sequence, id'

    visit_id = fields.Many2one('aftersales.visit', string='Visit', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related='visit_id.company_id', store=True, readonly=True, index=True)
    partner_id = fields.Many2one(related='visit_id.partner_id', store=True, readonly=True, string='Customer')
    site_id = fields.Many2one(related='visit_id.site_id', store=True, readonly=True)
    equipment_id = fields.Many2one(related='visit_id.equipment_id', store=True, readonly=True)
    equipment_product_id = fields.Many2one(related='visit_id.equipment_id.aftersales_product_id', store=True,
                                           readonly=True, string='Equipment Product')
    product_id = fields.Many2one('product.product', string='Part', required=True, index=True,
                                 domain=[('aftersales_is_spare_part', '=', True)])
    product_uom_id = fields.Many2one(related='product_id.uom_id', readonly=True, string='Unit')
    tracking = fields.Selection(related='product_id.tracking', readonly=True)
    quantity = fields.Float(required=True, default=1.0, digits=dp.get_precision('Product Unit of Measure'))
    lot_id = fields.Many2one('stock.production.lot', string='Lot/Serial Number',
                             help='The lot or serial number of the part fitted, when the part is tracked.')
    user_id = fields.Many2one('res.users', string='Engineer', required=True, index=True,
                              help='The engineer whose van the part comes from.')
    return_defective = fields.Boolean(string='Replaced Part Brought Back', default=True,
                                      help='The replaced (defective) part is brought back to the warehouse.')
    defective_serial = fields.Char(string='Serial of the Replaced Part')
    state = fields.Selection([('draft', 'To Validate'), ('done', 'Consumed')], default='draft',
                             required=True, readonly=True, copy=False, index=True)
    location_id = fields.Many2one('stock.location', string='Van', readonly=True, copy=False)
    move_id = fields.Many2one('stock.move', string='Stock Move', readonly=True, copy=False)
    date = fields.Datetime(string='Consumed On', readonly=True, copy=False, index=True)
    unit_cost = fields.Float(readonly=True, copy=False, digits=dp.get_precision('Product Price'))
    cost = fields.Float(compute='_compute_cost', store=True, digits=dp.get_precision('Product Price'))
    defective_return_id = fields.Many2one('aftersales.defective.return', string='Defective Return',
                                          readonly=True, copy=False)

    @api.depends('quantity', 'unit_cost')
    def _compute_cost(self):
        for line in self:
            line.cost = line.quantity * line.unit_cost

    @api.constrains('quantity', 'lot_id', 'product_id')
    def _check_quantity(self):
        for line in self:
            if float_compare(line.quantity, 0.0, precision_rounding=line.product_uom_id.rounding) <= 0:
                raise ValidationError(_('The quantity of %(part)s used must be positive.') % {
                    'part': line.product_id.display_name})
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(_('The serial number %(lot)s is not one of %(part)s.') % {
                    'lot': line.lot_id.name, 'part': line.product_id.display_name})
            if line.product_id.tracking == 'serial' and line.lot_id and line.quantity != 1:
                raise ValidationError(_('One line per serial number of %(part)s.') % {
                    'part': line.product_id.display_name})

    @api.constrains('product_id')
    def _check_product_id(self):
        self.mapped('product_id')._aftersales_check_spare_parts()

    @api.constrains('user_id', 'visit_id')
    def _check_user_id(self):
        for line in self:
            if line.user_id not in line.visit_id.user_id | line.visit_id.engineer_ids:
                raise ValidationError(_('%(engineer)s is not an engineer of %(visit)s.') % {
                    'engineer': line.user_id.name, 'visit': line.visit_id.name})

    @api.onchange('visit_id')
    def _onchange_visit_id(self):
        if not self.user_id:
            self.user_id = self.visit_id.user_id

    @api.model
    def create(self, vals):
        visit = self.env['aftersales.visit'].browse(vals.get('visit_id'))
        if visit.is_signed:
            raise UserError(_('A visit signed by the customer cannot be changed.'))
        if not vals.get('user_id'):
            vals['user_id'] = visit.user_id.id
        return super(AftersalesVisitPart, self).create(vals)

    def write(self, vals):
        if _SIGNED_FIELDS & set(vals) and not self.env.context.get('aftersales_consuming'):
            if self.filtered(lambda line: line.visit_id.is_signed):
                raise UserError(_('A visit signed by the customer cannot be changed.'))
            if self.filtered(lambda line: line.state == 'done'):
                raise UserError(_('A part already consumed cannot be changed.'))
        return super(AftersalesVisitPart, self).write(vals)

    def unlink(self):
        if self.filtered(lambda line: line.visit_id.is_signed or line.state == 'done'):
            raise UserError(_('Parts consumed or signed for by the customer cannot be removed.'))
        return super(AftersalesVisitPart, self).unlink()

    # ------------------------------------------------------------------
    # consumption
    # ------------------------------------------------------------------

    def _consume(self):
        """Move the parts from the vans to the customer. Everything is
        checked before the first transfer is created."""
        lines = self.filtered(lambda line: line.state == 'draft')
        vans = {line: self.env['stock.location']._aftersales_van(line.user_id, line.company_id)
                for line in lines}
        lines._check_van_stock(vans)
        groups = {}
        for line in lines:
            groups.setdefault((line.visit_id, vans[line]), self.browse())
            groups[(line.visit_id, vans[line])] |= line
        for (visit, van), group in groups.items():
            picking = group._create_consumption_picking(visit, van)
            picking.action_confirm()
            group._reserve_lots(picking)
            picking.move_lines.filtered(lambda m: m.state in ('confirmed', 'partially_available'))._action_assign()
            picking._aftersales_validate_reserved()
            now = fields.Datetime.now()
            for move in picking.move_lines:
                line = move.aftersales_visit_part_id
                line.with_context(aftersales_consuming=True).write({
                    'state': 'done', 'move_id': move.id, 'location_id': van.id, 'date': now,
                    'unit_cost': line.product_id.standard_price,
                    'lot_id': line.lot_id.id or move.move_line_ids.mapped('lot_id')[:1].id})
        lines._create_defective_returns()
        return True

    def _check_van_stock(self, vans):
        """The vans must hold what is recorded (by part and lot): no
        negative stock."""
        needed = {}
        for line in self:
            key = (vans[line], line.product_id, line.lot_id)
            needed[key] = needed.get(key, 0.0) + line.quantity
        Quant = self.env['stock.quant'].sudo()
        for (van, product, lot), quantity in needed.items():
            available = Quant._get_available_quantity(product, van, lot_id=lot or None, strict=bool(lot))
            if float_compare(available, quantity, precision_rounding=product.uom_id.rounding) < 0:
                raise UserError(_('Only %(available)s %(part)s%(lot)s left in %(van)s: %(quantity)s are '
                                  'recorded as used. Request the parts first.') % {
                    'available': available, 'part': product.display_name,
                    'lot': lot and ' (%s)' % lot.name or '', 'van': van.display_name, 'quantity': quantity})

    def _create_consumption_picking(self, visit, van):
        company = visit.company_id
        picking_type = company.aftersales_consumption_type_id
        if not picking_type:
            raise UserError(_('No operation for the parts used on site is set up: run After-Sales > '
                              'Configuration > Spare-Parts Locations first.'))
        customers = self.env.ref('stock.stock_location_customers')
        # the engineer's right is checked on the visit; stock is the warehouse's
        return self.env['stock.picking'].sudo().create({
            'picking_type_id': picking_type.id,
            'location_id': van.id,
            'location_dest_id': customers.id,
            'partner_id': (visit.site_id or visit.partner_id).id,
            'origin': visit.name,
            'company_id': company.id,
            'aftersales_visit_id': visit.id,
            'move_lines': [(0, 0, {
                'name': line.product_id.display_name,
                'product_id': line.product_id.id,
                'product_uom': line.product_id.uom_id.id,
                'product_uom_qty': line.quantity,
                'location_id': van.id,
                'location_dest_id': customers.id,
                'picking_type_id': picking_type.id,
                'company_id': company.id,
                'aftersales_visit_part_id': line.id,
            }) for line in self],
        })

    def _reserve_lots(self, picking):
        """Reserve the very lot recorded on a line, when one is."""
        Quant = self.env['stock.quant'].sudo()
        for move in picking.move_lines:
            lot = move.aftersales_visit_part_id.lot_id
            if lot:
                available = Quant._get_available_quantity(move.product_id, move.location_id, lot_id=lot,
                                                          strict=True)
                move._update_reserved_quantity(move.product_uom_qty, available, move.location_id, lot_id=lot,
                                               strict=True)
                move._recompute_state()

    def _create_defective_returns(self):
        """The replaced part of each line goes back to the warehouse."""
        Return = self.env['aftersales.defective.return']
        for line in self.filtered(lambda line: line.return_defective and not line.defective_return_id):
            defective = Return.create({
                'visit_id': line.visit_id.id, 'visit_part_id': line.id, 'product_id': line.product_id.id,
                'quantity': line.quantity, 'lot_name': line.defective_serial, 'user_id': line.user_id.id,
                'company_id': line.company_id.id})
            line.defective_return_id = defective
