from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

REQUISITION_STATES = [
    ('draft', 'Draft'),
    ('to_approve', 'To Approve'),
    ('approved', 'Approved'),
    ('partial', 'Partially Issued'),
    ('done', 'Issued'),
    ('cancel', 'Cancelled'),
]


class AftersalesPartRequisition(models.Model):
    """A spare parts requisition slip (领用单): an engineer asks for parts for
    a ticket or a visit; the spare parts manager approves it and issues the
    parts by an internal transfer from the spare-parts warehouse to the
    engineer's van."""
    _name = 'aftersales.part.requisition'
    _description = 'Spare Parts Requisition'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date_requested desc, id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    state = fields.Selection(REQUISITION_STATES, default='draft', required=True, readonly=True, copy=False,
                             index=True, track_visibility='onchange')
    user_id = fields.Many2one('res.users', string='Requested By', required=True, index=True,
                              default=lambda self: self.env.user, track_visibility='onchange',
                              states={'approved': [('readonly', True)], 'partial': [('readonly', True)],
                                      'done': [('readonly', True)], 'cancel': [('readonly', True)]})
    ticket_id = fields.Many2one('aftersales.ticket', string='Ticket', index=True, ondelete='restrict')
    visit_id = fields.Many2one('aftersales.visit', string='Visit', index=True, ondelete='restrict')
    partner_id = fields.Many2one('res.partner', string='Customer', compute='_compute_customer', store=True,
                                 index=True)
    site_id = fields.Many2one('res.partner', string='Site', compute='_compute_customer', store=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', compute='_compute_customer',
                                   store=True, index=True)
    criticality = fields.Selection(related='equipment_id.aftersales_criticality', store=True, readonly=True,
                                   string='Equipment Criticality')
    date_requested = fields.Datetime(string='Requested On', required=True, readonly=True, copy=False,
                                     default=fields.Datetime.now)
    date_needed = fields.Date(string='Needed By')
    approved_by_id = fields.Many2one('res.users', string='Approved By', readonly=True, copy=False)
    approved_at = fields.Datetime(string='Approved On', readonly=True, copy=False)
    issued_at = fields.Datetime(string='Last Issued On', readonly=True, copy=False)
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    warehouse_id = fields.Many2one('stock.warehouse', string='Spare-Parts Warehouse', readonly=True, copy=False)
    location_dest_id = fields.Many2one('stock.location', string='Van', readonly=True, copy=False)
    line_ids = fields.One2many('aftersales.part.requisition.line', 'requisition_id', string='Parts', copy=True)
    picking_ids = fields.One2many('stock.picking', 'aftersales_requisition_id', string='Transfers', readonly=True)
    picking_count = fields.Integer(compute='_compute_picking_count', string='Transfers')
    stockout = fields.Boolean(string='Stock-out', readonly=True, copy=False, index=True,
                              help='Some parts were not in stock when they were issued: the rest waits in '
                                   'a back-order.')
    note = fields.Text(string='Notes')

    @api.depends('visit_id', 'ticket_id')
    def _compute_customer(self):
        for requisition in self:
            source = requisition.visit_id or requisition.ticket_id
            requisition.partner_id = source.partner_id
            requisition.site_id = source.site_id
            requisition.equipment_id = source.equipment_id

    def _compute_picking_count(self):
        for requisition in self:
            requisition.picking_count = len(requisition.sudo().picking_ids)

    @api.constrains('ticket_id', 'visit_id')
    def _check_ticket_visit(self):
        for requisition in self:
            visit_ticket = requisition.visit_id.ticket_id
            if visit_ticket and requisition.ticket_id and visit_ticket != requisition.ticket_id:
                raise ValidationError(_('The visit of %(requisition)s is for another ticket.') % {
                    'requisition': requisition.name})

    @api.onchange('visit_id')
    def _onchange_visit_id(self):
        if self.visit_id.ticket_id:
            self.ticket_id = self.visit_id.ticket_id
        if self.visit_id.planned_start:
            self.date_needed = self.visit_id.planned_start[:10]

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.part.requisition') or '/'
        visit = self.env['aftersales.visit'].browse(vals.get('visit_id'))
        if visit.ticket_id and not vals.get('ticket_id'):
            vals['ticket_id'] = visit.ticket_id.id
        return super(AftersalesPartRequisition, self).create(vals)

    def write(self, vals):
        if not self._is_parts_manager() and self.filtered(lambda r: r.state != 'draft') \
                and vals != {'state': 'cancel'}:
            raise UserError(_('Only the spare parts manager can change a requisition once it is submitted.'))
        return super(AftersalesPartRequisition, self).write(vals)

    def unlink(self):
        if self.filtered(lambda r: r.state not in ('draft', 'cancel')):
            raise UserError(_('Only draft or cancelled requisitions can be deleted.'))
        return super(AftersalesPartRequisition, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_state('draft')
        for requisition in self:
            if not requisition.line_ids:
                raise UserError(_('Add the parts you need to %(requisition)s first.') % {
                    'requisition': requisition.name})
            for line in requisition.line_ids:
                line.qty_approved = line.quantity
        self.write({'state': 'to_approve'})
        self._schedule_approval_activity()
        return True

    def action_approve(self):
        """Approve the quantities and reserve them in an internal transfer
        from the spare-parts warehouse to the engineer's van."""
        self._check_parts_manager()
        self._check_state('to_approve')
        for requisition in self:
            lines = requisition.line_ids.filtered(lambda line: line.qty_approved > 0)
            if not lines:
                raise UserError(_('Nothing is approved on %(requisition)s: cancel it instead.') % {
                    'requisition': requisition.name})
            warehouse = requisition.company_id._aftersales_parts_warehouse()
            van = self.env['stock.location']._aftersales_van(requisition.user_id, requisition.company_id)
            requisition.write({'state': 'approved', 'approved_by_id': self.env.uid,
                               'approved_at': fields.Datetime.now(), 'warehouse_id': warehouse.id,
                               'location_dest_id': van.id})
            picking = requisition._create_issue_picking(lines)
            picking.action_confirm()
            picking.action_assign()
        self._close_approval_activities()
        return True

    def action_issue(self, quantities=None):
        """Issue what is in stock now: the transfer is validated for the
        reserved (or the given) quantities and stock puts the rest in a
        back-order. ``quantities``: {requisition line id: quantity}."""
        self._check_parts_manager()
        self._check_state('approved', 'partial')
        quantities = dict(quantities or {})
        self.mapped('line_ids')._check_issue_quantities(quantities)
        for requisition in self:
            pickings = requisition._open_issue_pickings()
            if not pickings:
                raise UserError(_('%(requisition)s has nothing left to issue.') % {
                    'requisition': requisition.name})
            pickings.action_assign()
            for picking in pickings:
                if picking._aftersales_set_issue_quantities(quantities):
                    picking.action_done()
            requisition._after_issue()
        return True

    def action_return_unused(self, quantities=None):
        """Bring the parts not used back from the van to the warehouse, and
        show the return transfers."""
        returns = self._return_unused(quantities)
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('id', 'in', returns.ids)]
        action['context'] = {}
        return action

    def _return_unused(self, quantities=None):
        """Return transfers of the issue transfers, validated: the given
        ``quantities`` ({line id: quantity}) or by default what was issued
        and not consumed on the visit."""
        self._check_parts_manager()
        self._check_state('partial', 'done')
        returns = self.env['stock.picking']
        for requisition in self:
            wanted = requisition.line_ids._unused_quantities(quantities)
            if not any(wanted.values()):
                raise UserError(_('No unused part of %(requisition)s is left to return.') % {
                    'requisition': requisition.name})
            pickings = self.env['stock.picking']
            for picking in requisition._done_issue_pickings():
                pickings |= picking._aftersales_return_to_warehouse(wanted)
            requisition.message_post(body=_('Unused parts returned to the warehouse: %(pickings)s') % {
                'pickings': ', '.join(pickings.mapped('name'))})
            returns |= pickings
        return returns

    def action_cancel(self):
        for requisition in self:
            if requisition.state in ('approved', 'partial'):
                requisition._check_parts_manager()
            elif requisition.state not in ('draft', 'to_approve'):
                raise UserError(_('%(requisition)s is issued: return the parts instead of cancelling it.') % {
                    'requisition': requisition.name})
        self.mapped('picking_ids').filtered(lambda p: p.state not in ('done', 'cancel')).action_cancel()
        self.write({'state': 'cancel'})
        self._close_approval_activities()
        return True

    def action_draft(self):
        self._check_state('cancel')
        if self.mapped('picking_ids').filtered(lambda p: p.state == 'done'):
            raise UserError(_('Parts were issued on this requisition: it cannot be reset.'))
        self.write({'state': 'draft'})
        return True

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env.ref('stock.action_picking_tree_all').read()[0]
        action['domain'] = [('aftersales_requisition_id', '=', self.id)]
        action['context'] = {}
        return action

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _is_parts_manager(self):
        user = self.env.user
        return (self.env.uid == SUPERUSER_ID or user.has_group('aftersales_service.group_aftersales_parts')
                or user.has_group('stock.group_stock_user'))

    def _check_parts_manager(self):
        if not self._is_parts_manager():
            raise AccessError(_('Only the spare parts manager approves, issues and receives spare parts.'))

    def _check_state(self, *states):
        labels = dict(REQUISITION_STATES)
        for requisition in self:
            if requisition.state not in states:
                raise UserError(_('%(requisition)s is %(state)s: this step is not possible now.') % {
                    'requisition': requisition.name, 'state': labels[requisition.state]})

    def _schedule_approval_activity(self):
        managers = self.env.ref('aftersales_service.group_aftersales_parts').sudo().users.filtered(
            lambda user: user.id != SUPERUSER_ID and user.company_id in self.mapped('company_id'))
        if not managers:
            return
        activity_type = self.env.ref('mail.mail_activity_data_todo')
        model_id = self.env['ir.model']._get_id(self._name)
        for requisition in self:
            self.env['mail.activity'].sudo().create({
                'res_model_id': model_id, 'res_id': requisition.id, 'activity_type_id': activity_type.id,
                'summary': _('Approve the spare parts requisition %(requisition)s') % {
                    'requisition': requisition.name},
                'user_id': managers[0].id,
                'date_deadline': requisition.date_needed or fields.Date.context_today(self)})

    def _close_approval_activities(self):
        todo = self.env.ref('mail.mail_activity_data_todo')
        self.sudo().mapped('activity_ids').filtered(lambda activity: activity.activity_type_id == todo).unlink()

    def _create_issue_picking(self, lines):
        self.ensure_one()
        warehouse = self.warehouse_id
        picking_type = warehouse.int_type_id
        source = warehouse.lot_stock_id
        return self.env['stock.picking'].create({
            'picking_type_id': picking_type.id,
            'location_id': source.id,
            'location_dest_id': self.location_dest_id.id,
            'partner_id': self.user_id.partner_id.id,
            'origin': self.name,
            'company_id': self.company_id.id,
            'aftersales_requisition_id': self.id,
            'move_lines': [(0, 0, {
                'name': line.product_id.display_name,
                'product_id': line.product_id.id,
                'product_uom': line.product_id.uom_id.id,
                'product_uom_qty': line.qty_approved,
                'location_id': source.id,
                'location_dest_id': self.location_dest_id.id,
                'picking_type_id': picking_type.id,
                'company_id': self.company_id.id,
                'aftersales_requisition_line_id': line.id,
            }) for line in lines],
        })

    def _open_issue_pickings(self):
        return self.picking_ids.filtered(
            lambda p: p.state not in ('done', 'cancel') and p.location_dest_id == self.location_dest_id)

    def _done_issue_pickings(self):
        return self.picking_ids.filtered(
            lambda p: p.state == 'done' and p.location_dest_id == self.location_dest_id)

    def _after_issue(self):
        """State from the issued quantities; flag and report a stock-out."""
        self.ensure_one()
        self._update_issue_state()
        short = self.line_ids.filtered(lambda line: line.qty_to_issue > 0)
        if short:
            short.write({'stockout': True})
            self.write({'stockout': True})
            self.message_post(body=_('Not in stock: %(parts)s. They wait in a back-order and are issued '
                                     'when the stock is replenished.') % {
                'parts': ', '.join('%s (%s)' % (line.product_id.display_name, line.qty_to_issue)
                                   for line in short)})

    def _update_issue_state(self):
        for requisition in self.filtered(lambda r: r.state in ('approved', 'partial', 'done')):
            lines = requisition.line_ids.filtered(lambda line: line.qty_approved > 0)
            if all(float_is_zero(line.qty_to_issue, precision_rounding=line.product_uom_id.rounding)
                   for line in lines):
                state = 'done'
            elif any(float_compare(line.qty_issued, 0, precision_rounding=line.product_uom_id.rounding) > 0
                     for line in lines):
                state = 'partial'
            else:
                state = 'approved'
            vals = {'issued_at': fields.Datetime.now()} if state != 'approved' else {}
            if state != requisition.state:
                vals['state'] = state
            if vals:
                requisition.write(vals)
