from datetime import datetime, time, timedelta

import pytz

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

ROUND_STATES = [('planned', 'Planned'), ('in_progress', 'In Progress'), ('done', 'Done'), ('cancel', 'Cancelled')]


class AftersalesInspection(models.Model):
    """One inspection round of one site on one date (the inspection record)."""
    _name = 'aftersales.inspection'
    _description = 'Inspection Round'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'date desc, id desc'

    name = fields.Char(required=True)
    plan_id = fields.Many2one('aftersales.inspection.plan', required=True, ondelete='restrict', index=True)
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True)
    commercial_partner_id = fields.Many2one('res.partner', readonly=True, index=True)
    site_id = fields.Many2one('res.partner', string='Site', required=True, index=True)
    date = fields.Date(required=True, index=True)
    phase_id = fields.Many2one('aftersales.inspection.phase', string='Phase', required=True)
    template_id = fields.Many2one('aftersales.checklist.template', string='Checklist', required=True)
    user_id = fields.Many2one('res.users', string='Inspector', index=True, track_visibility='onchange')
    state = fields.Selection(ROUND_STATES, required=True, default='planned', index=True,
                             track_visibility='onchange')
    line_ids = fields.One2many('aftersales.inspection.line', 'inspection_id', string='Equipment')
    visit_id = fields.Many2one('aftersales.visit', string='Visit', readonly=True, copy=False)
    customer_questions = fields.Text(string="Customer's Questions")
    customer_remarks = fields.Text(string="Customer's Remarks")
    finding_count = fields.Integer(compute='_compute_finding_count', string='Findings')
    ticket_count = fields.Integer(compute='_compute_finding_count', string='Tickets')
    is_overdue = fields.Boolean(compute='_compute_is_overdue', search='_search_is_overdue', string='Overdue')
    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ('plan_site_date_uniq', 'unique (plan_id, site_id, date)',
         'A site has one round of a plan per date.'),
    ]

    def _compute_finding_count(self):
        for inspection in self:
            inspection.finding_count = len(inspection.line_ids.filtered('is_finding'))
            inspection.ticket_count = len(inspection.line_ids.mapped('ticket_id'))

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for inspection in self:
            inspection.is_overdue = inspection.state in ('planned', 'in_progress') and inspection.date < today

    def _search_is_overdue(self, operator, value):
        overdue = ['&', ('state', 'in', ('planned', 'in_progress')), ('date', '<', fields.Date.context_today(self))]
        if (operator == '=') == bool(value):
            return overdue
        return ['|', ('state', 'not in', ('planned', 'in_progress')), ('date', '>=', fields.Date.context_today(self))]

    @api.model
    def create(self, vals):
        site = self.env['res.partner'].browse(vals.get('site_id'))
        vals.setdefault('commercial_partner_id', site.commercial_partner_id.id)
        return super(AftersalesInspection, self).create(vals)

    def action_plan_visit(self):
        """Carry the round out as a field visit (check-in/out, signature)."""
        self.ensure_one()
        if self.visit_id:
            raise UserError(_('%s already has its visit.') % self.name)
        user = self.user_id or self.env.user
        tz = pytz.timezone(user.tz or 'UTC')
        local_start = datetime.combine(fields.Date.from_string(self.date), time(9, 0))
        start = tz.localize(local_start).astimezone(pytz.UTC).replace(tzinfo=None)
        visit = self.env['aftersales.visit'].create({
            'inspection_id': self.id, 'partner_id': self.partner_id.id, 'site_id': self.site_id.id,
            'user_id': user.id, 'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + timedelta(hours=4)),
            'checklist_line_ids': [(0, 0, {'name': _('Inspection checklist and measuring tools'), 'kind': 'tool'})],
        })
        self.write({'visit_id': visit.id, 'state': 'in_progress'})
        return {'type': 'ir.actions.act_window', 'res_model': 'aftersales.visit', 'res_id': visit.id,
                'view_mode': 'form'}

    def action_done(self):
        """Validate the round: findings become tickets or proposals, a callback follows."""
        self._check_groups(('group_aftersales_field',),
                           _('Only the engineers who carry the round out validate it.'))
        for inspection in self:
            if inspection.state not in ('planned', 'in_progress'):
                raise UserError(_('%s is already closed.') % inspection.name)
            todo = inspection.line_ids.filtered(lambda line: line.status == 'todo')
            if todo:
                raise UserError(_('Give every equipment of %(round)s a status first (%(missing)s).') % {
                    'round': inspection.name, 'missing': ', '.join(todo.mapped('equipment_id.name'))})
            inspection.line_ids._process_findings()
            inspection.write({'state': 'done'})
            inspection._schedule_callback()
        return True

    def action_cancel(self):
        self._check_groups(('group_aftersales_csr', 'group_aftersales_tech'),
                           _('Only customer service and the technical engineers cancel an inspection round.'))
        self.filtered(lambda i: i.state != 'done').write({'state': 'cancel'})
        return True

    def action_view_findings(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_inspection_line_action').read()[0]
        action['domain'] = [('inspection_id', '=', self.id), ('is_finding', '=', True)]
        action['context'] = {}
        return action

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_ticket_action').read()[0]
        action['domain'] = [('id', 'in', self.line_ids.mapped('ticket_id').ids)]
        action['context'] = {'create': False}
        return action

    def action_view_visit(self):
        self.ensure_one()
        return {'type': 'ir.actions.act_window', 'res_model': 'aftersales.visit', 'res_id': self.visit_id.id,
                'view_mode': 'form'}

    def _check_groups(self, groups, message):
        """The buttons of the form check their groups also when called over RPC."""
        user = self.env.user
        if self.env.uid != SUPERUSER_ID and not any(user.has_group('aftersales_service.%s' % group)
                                                    for group in groups):
            raise AccessError(message)

    def _schedule_callback(self):
        self.ensure_one()
        user = self.plan_id.user_id or self.env.user
        self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get_id(self._name),
            'res_id': self.id,
            'activity_type_id': self.env.ref('aftersales_service.mail_activity_type_callback').id,
            'summary': _('Callback after the inspection of %s') % self.site_id.name,
            'user_id': user.id,
            'date_deadline': fields.Date.to_string(
                fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=1)),
        })
