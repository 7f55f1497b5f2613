from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

# what the engineer asks for; frozen once the requisition is approved
_REQUEST_FIELDS = {'requisition_id', 'product_id', 'quantity', 'reason', 'sequence'}


class AftersalesPartRequisitionLine(models.Model):
    """A part and quantity of a requisition, with what was approved, issued
    and returned (read from the stock moves)."""
    _name = 'aftersales.part.requisition.line'
    _description = 'Spare Parts Requisition Line'
    _order = 'requisition_id, sequence, id'

    requisition_id = fields.Many2one('aftersales.part.requisition', string='Requisition', required=True,
                                     ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one('product.product', string='Part', required=True, index=True,
                                 domain=[('aftersales_is_spare_part', '=', True)])
    product_uom_id = fields.Many2one(related='product_id.uom_id', readonly=True, string='Unit')
    quantity = fields.Float(string='Requested', required=True, default=1.0,
                            digits=dp.get_precision('Product Unit of Measure'))
    qty_approved = fields.Float(string='Approved', digits=dp.get_precision('Product Unit of Measure'),
                                copy=False)
    qty_issued = fields.Float(string='Issued', compute='_compute_quantities',
                              digits=dp.get_precision('Product Unit of Measure'))
    qty_returned = fields.Float(string='Returned', compute='_compute_quantities',
                                digits=dp.get_precision('Product Unit of Measure'))
    qty_to_issue = fields.Float(string='To Issue', compute='_compute_quantities',
                                digits=dp.get_precision('Product Unit of Measure'))
    reason = fields.Char(help='What the part is needed for.')
    stockout = fields.Boolean(string='Stock-out', readonly=True, copy=False,
                              help='The part was not (fully) in stock when it was issued.')
    move_ids = fields.One2many('stock.move', 'aftersales_requisition_line_id', string='Stock Moves',
                               readonly=True)
    state = fields.Selection(related='requisition_id.state', store=True, readonly=True, string='Status')
    user_id = fields.Many2one(related='requisition_id.user_id', store=True, readonly=True,
                              string='Requested By')
    visit_id = fields.Many2one(related='requisition_id.visit_id', store=True, readonly=True)
    equipment_id = fields.Many2one(related='requisition_id.equipment_id', store=True, readonly=True)
    date_requested = fields.Datetime(related='requisition_id.date_requested', store=True, readonly=True)
    company_id = fields.Many2one(related='requisition_id.company_id', store=True, readonly=True)

    @api.depends('qty_approved', 'move_ids.state', 'move_ids.product_qty', 'move_ids.location_dest_id',
                 'move_ids.origin_returned_move_id')
    def _compute_quantities(self):
        for line in self:
            van = line.requisition_id.location_dest_id
            done = line.sudo().move_ids.filtered(lambda move: move.state == 'done')
            issued = done.filtered(lambda move: move.location_dest_id == van and not move.origin_returned_move_id)
            returned = done.filtered(lambda move: move.location_id == van and move.origin_returned_move_id)
            line.qty_issued = sum(issued.mapped('product_qty'))
            line.qty_returned = sum(returned.mapped('product_qty'))
            line.qty_to_issue = max(line.qty_approved - line.qty_issued, 0.0)

    @api.constrains('quantity', 'qty_approved')
    def _check_quantities(self):
        for line in self:
            if float_compare(line.quantity, 0.0, precision_rounding=line.product_uom_id.rounding) <= 0:
                raise ValidationError(_('The requested quantity of %(part)s must be positive.') % {
                    'part': line.product_id.display_name})
            if line.qty_approved < 0 or float_compare(
                    line.qty_approved, line.quantity, precision_rounding=line.product_uom_id.rounding) > 0:
                raise ValidationError(_('The approved quantity of %(part)s must be between zero and the '
                                        'requested quantity.') % {'part': line.product_id.display_name})

    @api.constrains('product_id')
    def _check_product_id(self):
        self.mapped('product_id')._aftersales_check_spare_parts()

    @api.model
    def create(self, vals):
        requisition = self.env['aftersales.part.requisition'].browse(vals.get('requisition_id'))
        if requisition.state not in ('draft', False):
            raise UserError(_('Parts can only be added to a draft requisition.'))
        return super(AftersalesPartRequisitionLine, self).create(vals)

    def write(self, vals):
        requisitions = self.mapped('requisition_id')
        if _REQUEST_FIELDS & set(vals) and requisitions.filtered(lambda r: r.state != 'draft'):
            raise UserError(_('The parts of a submitted requisition cannot be changed.'))
        submitted = requisitions.filtered(lambda r: r.state != 'draft')
        if 'qty_approved' in vals and submitted:
            submitted._check_parts_manager()
            if submitted.filtered(lambda r: r.state != 'to_approve'):
                raise UserError(_('Approved quantities are set before the approval.'))
        return super(AftersalesPartRequisitionLine, self).write(vals)

    def unlink(self):
        if self.mapped('requisition_id').filtered(lambda r: r.state != 'draft'):
            raise UserError(_('The parts of a submitted requisition cannot be removed.'))
        return super(AftersalesPartRequisitionLine, self).unlink()

    def _check_issue_quantities(self, quantities):
        """Refuse to issue a negative quantity or more than approved and not
        issued yet, before any transfer is touched."""
        for line in self.filtered(lambda line: line.id in quantities):
            quantity = quantities[line.id]
            rounding = line.product_uom_id.rounding
            if float_compare(quantity, 0.0, precision_rounding=rounding) < 0:
                raise UserError(_('A negative quantity of %(part)s cannot be issued.') % {
                    'part': line.product_id.display_name})
            if float_compare(quantity, line.qty_to_issue, precision_rounding=rounding) > 0:
                raise UserError(_('%(quantity)s %(part)s cannot be issued on %(requisition)s: only %(left)s '
                                  'of the %(approved)s approved are left to issue.') % {
                    'quantity': quantity, 'part': line.product_id.display_name,
                    'requisition': line.requisition_id.name, 'left': line.qty_to_issue,
                    'approved': line.qty_approved})

    def _consumed_quantities(self):
        """{line: quantity consumed on the requisition's visit}, the visit's
        consumption of each part shared out over the lines in order."""
        consumed = {}
        left = {}
        for line in self:
            visit = line.requisition_id.visit_id
            key = (visit.id, line.product_id.id)
            if key not in left:
                parts = visit.sudo().aftersales_part_ids.filtered(
                    lambda part: part.state == 'done' and part.product_id == line.product_id)
                left[key] = sum(parts.mapped('quantity'))
            taken = min(left[key], max(line.qty_issued - line.qty_returned, 0.0))
            left[key] -= taken
            consumed[line] = taken
        return consumed

    def _unused_quantities(self, quantities=None):
        """{line: quantity to bring back}: the given ones (checked), or what
        was issued and neither returned nor consumed on the visit, as far as
        it is still in the van."""
        quantities = quantities or {}
        consumed = self._consumed_quantities()
        in_van = {}
        Quant = self.env['stock.quant'].sudo()
        wanted = {}
        for line in self:
            van = line.requisition_id.location_dest_id
            key = (van, line.product_id)
            if key not in in_van:
                in_van[key] = Quant._get_available_quantity(line.product_id, van) if van else 0.0
            returnable = max(line.qty_issued - line.qty_returned, 0.0)
            if line.id in quantities:
                quantity = quantities[line.id]
                if quantity < 0 or float_compare(quantity, returnable,
                                                 precision_rounding=line.product_uom_id.rounding) > 0:
                    raise UserError(_('%(quantity)s %(part)s cannot be returned: %(returnable)s were issued '
                                      'and not returned yet.') % {
                        'quantity': quantity, 'part': line.product_id.display_name, 'returnable': returnable})
            else:
                quantity = max(min(returnable - consumed[line], in_van[key]), 0.0)
                in_van[key] -= quantity
            wanted[line] = quantity
        return wanted
