import uuid
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

VISIT_STATES = [
    ('draft', 'Draft'),
    ('scheduled', 'Scheduled'),
    ('on_way', 'On the Way'),
    ('on_site', 'On Site'),
    ('done', 'Done'),
    ('followup', 'Needs Follow-up'),
    ('cancel', 'Cancelled'),
]
# fields the customer's signature covers: a signed visit keeps them
_SIGNED_FIELDS = {'work_done', 'result', 'fault_cause', 'advice', 'follow_up_needed', 'signature',
                  'signed_by', 'signer_role', 'signed_at', 'equipment_id', 'site_id', 'ticket_id',
                  'engineer_ids', 'user_id', 'planned_start', 'planned_end', 'checklist_line_ids'}


class AftersalesVisit(models.Model):
    """An on-site visit of one or more engineers."""
    _name = 'aftersales.visit'
    _description = 'Field Visit'
    _inherit = ['aftersales.portal.mixin', 'mail.thread', 'mail.activity.mixin', 'portal.mixin']
    _order = 'planned_start desc, id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    ticket_id = fields.Many2one('aftersales.ticket', string='Ticket', index=True, ondelete='restrict',
                                track_visibility='onchange')
    inspection_id = fields.Many2one('aftersales.inspection', string='Inspection Round', index=True,
                                    ondelete='restrict')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True)
    commercial_partner_id = fields.Many2one(related='partner_id.commercial_partner_id', store=True,
                                            readonly=True, index=True)
    site_id = fields.Many2one('res.partner', string='Site', index=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', index=True)
    user_id = fields.Many2one('res.users', string='Lead Engineer', required=True, index=True,
                              default=lambda self: self.env.user, track_visibility='onchange')
    engineer_ids = fields.Many2many('res.users', 'aftersales_visit_engineer_rel', 'visit_id', 'user_id',
                                    string='Engineers')
    planned_start = fields.Datetime(required=True, index=True, track_visibility='onchange')
    planned_end = fields.Datetime(required=True, track_visibility='onchange')
    state = fields.Selection(VISIT_STATES, default='draft', required=True, index=True, copy=False,
                             track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    color = fields.Integer()

    # before departure
    checklist_line_ids = fields.One2many('aftersales.visit.checklist.line', 'visit_id', string='Checklist',
                                         copy=True)
    checklist_done = fields.Boolean(compute='_compute_checklist_done', string='Checklist Checked')

    # attendance
    attendance_ids = fields.One2many('aftersales.visit.attendance', 'visit_id', string='Attendance Log')
    check_in_at = fields.Datetime(string='Checked In', readonly=True, copy=False)
    check_out_at = fields.Datetime(string='Checked Out', readonly=True, copy=False)
    hours_on_site = fields.Float(compute='_compute_hours_on_site', store=True, string='Time on Site (h)')

    # work report
    work_done = fields.Html(copy=False)
    result = fields.Selection([('fixed', 'Fixed'), ('partly', 'Partly Fixed'), ('not_fixed', 'Not Fixed')],
                              copy=False, track_visibility='onchange')
    follow_up_needed = fields.Boolean(copy=False)
    fault_cause = fields.Text(string='Cause of the Fault', copy=False)
    advice = fields.Text(string='Advice to the Customer', copy=False,
                         help='How the customer can prevent the fault; printed on the repair record.')
    followup_visit_id = fields.Many2one('aftersales.visit', string='Follow-up Visit', readonly=True, copy=False)

    # customer sign-off
    signature = fields.Binary(attachment=True, copy=False)
    signed_by = fields.Char(copy=False)
    signer_role = fields.Char(string="Signer's Role", copy=False)
    signed_at = fields.Datetime(string='Signed On', readonly=True, copy=False)
    is_signed = fields.Boolean(compute='_compute_is_signed', store=True)

    access_token = fields.Char(copy=False, default=lambda self: str(uuid.uuid4()), groups='base.group_user')

    def _compute_portal_url(self):
        for record in self:
            record.portal_url = '/my/visits/%s' % record.id

    @api.depends('checklist_line_ids.checked')
    def _compute_checklist_done(self):
        for visit in self:
            visit.checklist_done = all(visit.checklist_line_ids.mapped('checked'))

    @api.depends('attendance_ids.hours')
    def _compute_hours_on_site(self):
        for visit in self:
            visit.hours_on_site = sum(visit.attendance_ids.mapped('hours'))

    @api.depends('signed_at')
    def _compute_is_signed(self):
        for visit in self:
            visit.is_signed = bool(visit.signed_at)

    @api.constrains('planned_start', 'planned_end')
    def _check_planned_dates(self):
        for visit in self:
            if visit.planned_end <= visit.planned_start:
                raise ValidationError(_('A visit must end after it starts.'))

    @api.constrains('planned_start', 'planned_end', 'user_id', 'engineer_ids', 'state')
    def _check_double_booking(self):
        for visit in self.filtered(lambda v: v.state != 'cancel'):
            engineers = visit.user_id | visit.engineer_ids
            clash = self.search([
                ('id', '!=', visit.id), ('state', '!=', 'cancel'),
                ('planned_start', '<', visit.planned_end), ('planned_end', '>', visit.planned_start),
                '|', ('user_id', 'in', engineers.ids), ('engineer_ids', 'in', engineers.ids)], limit=1)
            if clash:
                busy = (clash.user_id | clash.engineer_ids) & engineers
                raise ValidationError(_('%(engineer)s is already booked on %(visit)s from %(start)s to %(end)s.') % {
                    'engineer': ', '.join(busy.mapped('name')), 'visit': clash.name,
                    'start': clash.planned_start, 'end': clash.planned_end})

    @api.constrains('partner_id', 'site_id', 'equipment_id')
    def _check_partners(self):
        for visit in self:
            customer = visit.partner_id.commercial_partner_id
            if visit.site_id and visit.site_id.commercial_partner_id != customer:
                raise ValidationError(_('The site of %s does not belong to its customer.') % visit.name)
            owner = visit.equipment_id.aftersales_customer_id.commercial_partner_id
            if owner and owner != customer:
                raise ValidationError(_('The equipment of %s belongs to another customer.') % visit.name)
            installed_at = visit.equipment_id.aftersales_site_id
            if visit.site_id and installed_at and installed_at != visit.site_id:
                raise ValidationError(_('The equipment %(equipment)s of %(visit)s is installed at another site '
                                        '(%(site)s).') % {'equipment': visit.equipment_id.name,
                                                          'visit': visit.name, 'site': installed_at.display_name})

    @api.onchange('ticket_id')
    def _onchange_ticket_id(self):
        ticket = self.ticket_id
        if ticket:
            self.partner_id = ticket.partner_id
            self.site_id = ticket.site_id
            self.equipment_id = ticket.equipment_id

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.visit') or '/'
        ticket = self.env['aftersales.ticket'].browse(vals.get('ticket_id'))
        if ticket:
            vals.setdefault('partner_id', ticket.partner_id.id)
            vals.setdefault('site_id', ticket.site_id.id)
            vals.setdefault('equipment_id', ticket.equipment_id.id)
        visit = super(AftersalesVisit, self).create(vals)
        if ticket and not visit.checklist_line_ids:
            visit.checklist_line_ids = visit._checklist_from_plan(ticket)
        return visit

    @api.multi
    def write(self, vals):
        locked = _SIGNED_FIELDS & set(vals)
        if locked and self.filtered('is_signed'):
            raise UserError(_('A visit signed by the customer cannot be changed.'))
        return super(AftersalesVisit, self).write(vals)

    @api.multi
    def unlink(self):
        if self.filtered('is_signed'):
            raise UserError(_('A visit signed by the customer cannot be deleted.'))
        return super(AftersalesVisit, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_schedule(self):
        self._check_state('draft')
        self.write({'state': 'scheduled'})
        return True

    def action_depart(self):
        self._check_state('scheduled')
        for visit in self:
            if not visit.checklist_done:
                raise UserError(_('Check the tools and spare parts of %s before leaving.') % visit.name)
        self.write({'state': 'on_way'})
        return True

    def action_check_in(self):
        self._check_state('scheduled', 'on_way')
        for visit in self:
            if not visit.checklist_done:
                raise UserError(_('Check the tools and spare parts of %s before leaving.') % visit.name)
            now = fields.Datetime.now()
            visit.attendance_ids.create({'visit_id': visit.id, 'user_id': self.env.uid, 'check_in': now})
            visit.write({'state': 'on_site', 'check_in_at': visit.check_in_at or now})
        return True

    def action_check_out(self):
        self._check_state('on_site')
        now = fields.Datetime.now()
        for visit in self:
            visit.attendance_ids.filtered(lambda a: not a.check_out).write({'check_out': now})
            visit.write({'check_out_at': now})
        return True

    def action_done(self):
        self._check_state('on_site')
        for visit in self:
            if not visit.result or not visit.work_done:
                raise UserError(_('Write the work report of %s (work done and result) first.') % visit.name)
            if not visit.check_out_at or visit.attendance_ids.filtered(lambda a: not a.check_out):
                visit.action_check_out()
        self.write({'state': 'done'})
        self.mapped('ticket_id')._compute_visit_kpis()
        return True

    def action_cancel(self):
        if self.filtered(lambda v: v.state in ('done', 'on_site') or v.is_signed):
            raise UserError(_('Only visits not yet started can be cancelled.'))
        self.write({'state': 'cancel'})
        return True

    def action_cannot_solve(self):
        """Escalate to the technical engineer and book a follow-up visit."""
        self.ensure_one()
        if not self.ticket_id:
            raise UserError(_('Only a visit for a ticket can be escalated.'))
        ticket = self.ticket_id
        if ticket.escalation_level != 'onsite':
            ticket._escalate(_('cannot be solved on site (%s)') % self.name)
        engineer = ticket.engineer_id or self.user_id
        start = fields.Datetime.from_string(self.planned_end) + timedelta(days=1)
        # booked on behalf of the technical engineer: field engineers cannot create visits
        followup = self.sudo().copy({
            'state': 'draft', 'user_id': engineer.id,
            'engineer_ids': [(6, 0, (self.user_id | self.engineer_ids | engineer).ids)],
            'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + (
                fields.Datetime.from_string(self.planned_end) - fields.Datetime.from_string(self.planned_start))),
            'checklist_line_ids': [(0, 0, {'name': line.name, 'kind': line.kind, 'product_id': line.product_id.id,
                                           'quantity': line.quantity}) for line in self.checklist_line_ids],
        })
        vals = {'followup_visit_id': followup.id, 'follow_up_needed': True}
        if self.state in ('on_site', 'done'):
            vals['state'] = 'followup'
        self.write(vals)
        followup = followup.sudo(self.env.uid)
        self.message_post(body=_('Cannot be solved on site: escalated, follow-up visit %s booked.') % followup.name)
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': followup.id,
                'view_mode': 'form'}

    def action_sign(self, signature, signed_by, signer_role=False):
        """The customer's responsible person signs the work report."""
        self.ensure_one()
        if self.is_signed:
            raise UserError(_('%s is already signed.') % self.name)
        if self.state not in ('on_site', 'done', 'followup'):
            raise UserError(_('The customer signs once the work report is written.'))
        if not signature or not (signed_by or '').strip():
            raise UserError(_("The signature and the signer's name are required."))
        if not self.work_done or not self.result:
            raise UserError(_('Write the work report of %s before the customer signs it.') % self.name)
        self.write({'signature': signature, 'signed_by': signed_by.strip(), 'signer_role': signer_role,
                    'signed_at': fields.Datetime.now()})
        self.message_post(body=_('Work report signed by %s.') % signed_by)
        return True

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _check_state(self, *states):
        labels = dict(self._fields['state']._description_selection(self.env))
        for visit in self:
            if visit.state not in states:
                raise UserError(_('%(visit)s is %(state)s: this step is not possible now.') % {
                    'visit': visit.name, 'state': labels[visit.state]})

    @api.model
    def _checklist_from_plan(self, ticket):
        """Standard tools, plus one line per line of the ticket's repair plan."""
        lines = [(0, 0, {'name': _('Tool kit and multimeter'), 'kind': 'tool'})]
        for text in (ticket.repair_plan or '').splitlines():
            if text.strip():
                lines.append((0, 0, {'name': text.strip()[:200], 'kind': 'task'}))
        return lines
