from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

PLAN_STATES = [
    ('draft', 'Draft'),
    ('to_approve', 'To Approve'),
    ('approved', 'Approved'),
    ('done', 'Done'),
    ('cancel', 'Cancelled'),
]


class AftersalesTrainingPlan(models.Model):
    """A period's training plan, made by the manager and the technical
    engineers and approved by the manager."""
    _name = 'aftersales.training.plan'
    _description = 'Training Plan'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(required=True, track_visibility='onchange')
    date_start = fields.Date(string='From', required=True, track_visibility='onchange')
    date_end = fields.Date(string='To', required=True, track_visibility='onchange')
    user_id = fields.Many2one('res.users', string='Owner', required=True, index=True, track_visibility='onchange',
                              default=lambda self: self.env.user)
    objectives = fields.Html()
    session_ids = fields.One2many('aftersales.training.session', 'plan_id', string='Sessions')
    state = fields.Selection(PLAN_STATES, default='draft', required=True, index=True, copy=False,
                             track_visibility='onchange')
    approved_by = fields.Many2one('res.users', readonly=True, copy=False)
    approved_at = fields.Datetime(string='Approved On', readonly=True, copy=False)
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    session_count = fields.Integer(compute='_compute_session_stats', string='Sessions Planned')
    session_done_count = fields.Integer(compute='_compute_session_stats', string='Sessions Done')
    planned_hours = fields.Float(compute='_compute_session_stats', string='Hours Planned')
    progress = fields.Float(compute='_compute_session_stats', string='Progress (%)')

    @api.depends('session_ids.state', 'session_ids.duration')
    def _compute_session_stats(self):
        for plan in self:
            sessions = plan.session_ids.filtered(lambda s: s.state != 'cancel')
            done = sessions.filtered(lambda s: s.state == 'done')
            plan.session_count = len(sessions)
            plan.session_done_count = len(done)
            plan.planned_hours = sum(sessions.mapped('duration'))
            plan.progress = 100.0 * len(done) / len(sessions) if sessions else 0.0

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(_('The training plan %s cannot end before it starts.') % plan.name)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_state('draft')
        self.write({'state': 'to_approve'})
        for plan in self:
            plan._schedule_approval_activity()
        return True

    def action_approve(self):
        self._check_manager()
        self._check_state('to_approve')
        self.write({'state': 'approved', 'approved_by': self.env.uid, 'approved_at': fields.Datetime.now()})
        self._close_approval_activities()
        return True

    def action_refuse(self):
        self._check_manager()
        self._check_state('to_approve')
        self.write({'state': 'draft'})
        self._close_approval_activities()
        for plan in self:
            plan.message_post(body=_('Plan sent back for changes by %s.') % self.env.user.name)
        return True

    def action_done(self):
        self._check_state('approved')
        return self.write({'state': 'done'})

    def action_cancel(self):
        self._check_state('draft', 'to_approve', 'approved')
        return self.write({'state': 'cancel'})

    def action_draft(self):
        self._check_state('cancel')
        return self.write({'state': 'draft', 'approved_by': False, 'approved_at': False})

    def action_sessions(self):
        self.ensure_one()
        action = self.env.ref('aftersales_training.aftersales_training_session_action').read()[0]
        action['domain'] = [('plan_id', '=', self.id)]
        action['context'] = {'default_plan_id': self.id, 'default_company_id': self.company_id.id}
        return action

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _check_state(self, *states):
        for plan in self:
            if plan.state not in states:
                raise UserError(_('The training plan %(plan)s is %(state)s: this action is not possible.') % {
                    'plan': plan.name, 'state': dict(self._fields['state']._description_selection(
                        self.env)).get(plan.state)})

    def _check_manager(self):
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(
                'aftersales_service.group_aftersales_manager'):
            raise AccessError(_('Only the After-Sales Manager approves training plans.'))

    def _schedule_approval_activity(self):
        self.ensure_one()
        managers = self.env.ref('aftersales_service.group_aftersales_manager').sudo().users.filtered(
            lambda user: user.active and not user.share)
        manager = managers.filtered(lambda user: user.id != SUPERUSER_ID)[:1] or managers[:1]
        if manager:
            self.env['mail.activity'].sudo().create({
                'res_model_id': self.env['ir.model']._get_id(self._name), 'res_id': self.id,
                'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
                'summary': _('Approve the training plan %s') % self.name,
                'user_id': manager.id, 'date_deadline': fields.Date.context_today(self)})

    def _close_approval_activities(self):
        self.env['mail.activity'].sudo().search([
            ('res_model', '=', self._name), ('res_id', 'in', self.ids),
            ('activity_type_id', '=', self.env.ref('mail.mail_activity_data_todo').id)]).unlink()
