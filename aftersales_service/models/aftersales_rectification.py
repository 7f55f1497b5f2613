from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

RECTIFICATION_STATES = [
    ('draft', 'Draft'),
    ('to_approve', 'To Approve'),
    ('approved', 'Approved'),
    ('rejected', 'Rejected'),
    ('done', 'Done'),
]
_MANAGER_GROUP = 'aftersales_service.group_aftersales_manager'


class AftersalesRectification(models.Model):
    """A change of installed equipment or of a product, proposed from the
    technical meeting, approved by the After-Sales Manager and followed
    until it is done."""
    _name = 'aftersales.rectification'
    _description = 'Rectification Proposal'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    title = fields.Char(required=True, track_visibility='onchange')
    kind = fields.Selection([('equipment', 'Equipment Change'), ('product', 'Product Change')], required=True,
                            default='equipment', track_visibility='onchange')
    meeting_id = fields.Many2one('aftersales.meeting', string='Technical Meeting', index=True, ondelete='set null')
    line_id = fields.Many2one('aftersales.meeting.line', string='Agenda Topic', ondelete='set null')
    inspection_line_id = fields.Many2one('aftersales.inspection.line', string='Inspection Finding',
                                         ondelete='set null')
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', index=True)
    product_id = fields.Many2one('product.product', string='Product', index=True)
    reason = fields.Text(string='Problem Found', required=True)
    proposal = fields.Text(string='Proposed Change', required=True)
    expected_benefit = fields.Text()
    cost_estimate = fields.Float(string='Estimated Cost')
    proposed_by = fields.Many2one('res.users', readonly=True, default=lambda self: self.env.user)
    user_id = fields.Many2one('res.users', string='Responsible', track_visibility='onchange')
    date_deadline = fields.Date(string='Due Date', track_visibility='onchange')
    state = fields.Selection(RECTIFICATION_STATES, required=True, default='draft', readonly=True, copy=False,
                             index=True, track_visibility='onchange')
    approved_by = fields.Many2one('res.users', readonly=True, copy=False)
    approved_at = fields.Datetime(string='Approved On', readonly=True, copy=False)
    done_date = fields.Date(string='Done On', readonly=True, copy=False)
    result = fields.Text(copy=False, help='What was changed, and its effect.')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    @api.constrains('kind', 'equipment_id', 'product_id')
    def _check_subject(self):
        for proposal in self:
            if proposal.kind == 'equipment' and not proposal.equipment_id:
                raise ValidationError(_('An equipment change needs the equipment to change.'))
            if proposal.kind == 'product' and not proposal.product_id:
                raise ValidationError(_('A product change needs the product to change.'))

    @api.constrains('cost_estimate')
    def _check_cost_estimate(self):
        for proposal in self:
            if proposal.cost_estimate < 0:
                raise ValidationError(_('The estimated cost of %s cannot be negative.') % proposal.title)

    @api.onchange('equipment_id')
    def _onchange_equipment_id(self):
        if self.equipment_id.aftersales_product_id:
            self.product_id = self.equipment_id.aftersales_product_id

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.rectification') or '/'
        return super(AftersalesRectification, self).create(vals)

    @api.multi
    def write(self, vals):
        deciding = vals.get('state') in ('approved', 'rejected') or 'approved_by' in vals
        if deciding and not self._is_manager():
            raise AccessError(_('Only the After-Sales Manager approves rectification proposals.'))
        return super(AftersalesRectification, self).write(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_state('draft')
        self.write({'state': 'to_approve'})
        for proposal in self:
            for manager in proposal._managers():
                proposal._schedule_activity(manager, _('Approve the rectification proposal %s') % proposal.name)
        return True

    def action_approve(self):
        self._check_manager()
        self._check_state('to_approve')
        self.write({'state': 'approved', 'approved_by': self.env.uid, 'approved_at': fields.Datetime.now()})
        for proposal in self:
            proposal._close_activities(_('Approved'))
            proposal._schedule_activity(proposal.user_id or proposal.proposed_by,
                                        _('Carry out the rectification %s') % proposal.name, proposal.date_deadline)
        return True

    def action_reject(self):
        self._check_manager()
        self._check_state('to_approve')
        self.write({'state': 'rejected'})
        for proposal in self:
            proposal._close_activities(_('Rejected'))
        return True

    def action_done(self):
        self._check_state('approved')
        for proposal in self:
            if not proposal.result:
                raise UserError(_('Describe the result of %s before closing it.') % proposal.name)
        self.write({'state': 'done', 'done_date': fields.Date.context_today(self)})
        for proposal in self:
            proposal._close_activities(_('Done'))
        return True

    def action_reset(self):
        self._check_state('rejected')
        self.write({'state': 'draft'})
        return True

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _is_manager(self):
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group(_MANAGER_GROUP)

    def _check_manager(self):
        if not self._is_manager():
            raise UserError(_('Only the After-Sales Manager approves rectification proposals.'))

    def _check_state(self, *states):
        labels = dict(self._fields['state']._description_selection(self.env))
        for proposal in self:
            if proposal.state not in states:
                raise UserError(_('%(proposal)s is %(state)s: this step is not possible now.') % {
                    'proposal': proposal.name, 'state': labels[proposal.state]})

    def _managers(self):
        return self.env.ref(_MANAGER_GROUP).users.filtered(
            lambda user: self.company_id in user.company_ids and user.id != SUPERUSER_ID)

    def _schedule_activity(self, user, summary, deadline=None):
        self.ensure_one()
        if user:
            self.env['mail.activity'].sudo().create({
                'res_model_id': self.env['ir.model']._get_id(self._name), 'res_id': self.id,
                'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
                'summary': summary, 'user_id': user.id,
                'date_deadline': deadline or fields.Date.context_today(self)})

    def _close_activities(self, feedback):
        self.ensure_one()
        self.activity_ids.sudo().action_feedback(feedback=feedback)
