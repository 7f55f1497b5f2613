from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    """Transfers of spare parts: issues of requisitions (and their returns),
    parts used on visits."""
    _inherit = 'stock.picking'

    aftersales_requisition_id = fields.Many2one(
        'aftersales.part.requisition', string='Spare Parts Requisition', index=True, ondelete='restrict')
    aftersales_visit_id = fields.Many2one(
        'aftersales.visit', string='Visit', index=True, ondelete='restrict', copy=False)

    def action_done(self):
        self._aftersales_check_issue_over_approval()
        result = super(StockPicking, self).action_done()
        self.mapped('aftersales_requisition_id')._update_issue_state()
        return result

    def _aftersales_check_issue_over_approval(self):
        """An issue transfer never gives more than the approved quantity of
        its requisition line (checked before stock moves anything)."""
        issued = {}
        for move in self.mapped('move_lines').filtered(
                lambda m: m.aftersales_requisition_line_id and not m.origin_returned_move_id
                and m.state not in ('done', 'cancel')):
            line = move.aftersales_requisition_line_id
            issued[line] = issued.get(line, 0.0) + move.product_uom._compute_quantity(
                move.quantity_done, line.product_id.uom_id)
        for line, quantity in issued.items():
            if float_compare(line.qty_issued + quantity, line.qty_approved,
                             precision_rounding=line.product_uom_id.rounding) > 0:
                raise UserError(_('%(quantity)s %(part)s cannot be issued on %(requisition)s: only %(left)s '
                                  'of the %(approved)s approved are left to issue.') % {
                    'quantity': quantity, 'part': line.product_id.display_name,
                    'requisition': line.requisition_id.name, 'left': line.qty_to_issue,
                    'approved': line.qty_approved})

    def _aftersales_set_issue_quantities(self, quantities):
        """Mark the reserved quantities (or those of ``quantities``, by
        requisition line) as done; True if anything is to be issued."""
        self.ensure_one()
        anything = False
        for move in self.move_lines.filtered(lambda m: m.state not in ('done', 'cancel')):
            line = move.aftersales_requisition_line_id
            wanted = quantities.get(line.id, move.reserved_availability)
            if float_compare(wanted, move.reserved_availability, precision_rounding=move.product_uom.rounding) > 0:
                raise UserError(_('Only %(reserved)s %(part)s are in stock for %(requisition)s.') % {
                    'reserved': move.reserved_availability, 'part': move.product_id.display_name,
                    'requisition': line.requisition_id.name})
            for move_line in move.move_line_ids:
                done = min(move_line.product_uom_qty, wanted)
                move_line.qty_done = done
                wanted -= done
                anything = anything or done > 0
        return anything

    def _aftersales_validate_reserved(self):
        """Validate the transfer for exactly what it was asked to move: all of
        it must be reserved (no negative stock, no back-order)."""
        for picking in self:
            for move in picking.move_lines:
                if float_compare(move.reserved_availability, move.product_uom_qty,
                                 precision_rounding=move.product_uom.rounding) < 0:
                    raise UserError(_('Only %(available)s %(part)s are available in %(location)s.') % {
                        'available': move.reserved_availability, 'part': move.product_id.display_name,
                        'location': move.location_id.display_name})
                for move_line in move.move_line_ids:
                    move_line.qty_done = move_line.product_uom_qty
        self.action_done()

    def _aftersales_return_to_warehouse(self, wanted):
        """Return ``wanted`` ({requisition line: quantity}, decreased by what
        is returned) from this done issue transfer, with Odoo's return
        wizard; the return transfer is validated."""
        self.ensure_one()
        wizard = self.env['stock.return.picking'].with_context(
            active_id=self.id, active_ids=self.ids, active_model='stock.picking').create({})
        anything = False
        for return_line in wizard.product_return_moves:
            line = return_line.move_id.aftersales_requisition_line_id
            quantity = min(wanted.get(line, 0.0), return_line.quantity)
            return_line.quantity = quantity
            if quantity > 0:
                wanted[line] -= quantity
                anything = True
        if not anything:
            return self.browse()
        picking = self.browse(wizard._create_returns()[0])
        picking._aftersales_validate_reserved()
        return picking
