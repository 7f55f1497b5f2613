# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

PHASES = [
    ('plan', 'Plan & Decision'),
    ('understanding', 'Business Understanding'),
    ('solution', 'Solution'),
    ('handover', 'Hand-over'),
]


class AftersalesPresalesRequest(models.Model):
    _name = 'aftersales.presales.request'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _description = 'Pre-sales Request'
    _order = 'id desc'

    name = fields.Char(string='Reference', required=True, copy=False, readonly=True, default='/')
    opportunity_id = fields.Many2one('crm.lead', string='Opportunity', required=True, index=True,
                                     ondelete='cascade', domain=[('type', '=', 'opportunity')],
                                     track_visibility='onchange')
    company_id = fields.Many2one(related='opportunity_id.company_id', store=True, readonly=True, index=True)
    partner_id = fields.Many2one(related='opportunity_id.partner_id', store=True, readonly=True,
                                 string='Customer')
    requested_by_id = fields.Many2one('res.users', string='Requested By', required=True, index=True,
                                      default=lambda self: self.env.user, track_visibility='onchange')
    engineer_id = fields.Many2one('res.users', string='Technical Support Engineer', index=True,
                                  track_visibility='onchange')
    description = fields.Text(string='Request')
    phase = fields.Selection(PHASES, required=True, default='plan', index=True, track_visibility='onchange')
    decision = fields.Selection([('go', 'Go'), ('no_go', 'No Go')], track_visibility='onchange')
    decision_reason = fields.Text(string='Decision Reasons')
    decision_date = fields.Date(readonly=True)
    interview_ids = fields.One2many('aftersales.presales.interview', 'request_id', string='Interviews')
    use_case_ids = fields.One2many('aftersales.presales.use.case', 'request_id', string='Use Cases')
    solution_ids = fields.One2many('aftersales.presales.solution', 'request_id', string='Solution Versions')
    handover_ids = fields.One2many('aftersales.presales.handover', 'request_id', string='Hand-overs')
    interview_count = fields.Integer(compute='_compute_counts')
    use_case_count = fields.Integer(compute='_compute_counts')

    @api.depends('interview_ids', 'use_case_ids')
    def _compute_counts(self):
        for rec in self:
            rec.interview_count = len(rec.interview_ids)
            rec.use_case_count = len(rec.use_case_ids)

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.presales.request') or '/'
        return super(AftersalesPresalesRequest, self).create(vals)

    def action_decide(self):
        self.ensure_one()
        if not self.decision or not self.decision_reason:
            raise UserError(_('Give the go/no-go decision and its reasons on %s.') % self.name)
        self.decision_date = fields.Date.context_today(self)
        return True

    def action_next_phase(self):
        self.ensure_one()
        order = [key for key, _label in PHASES]
        index = order.index(self.phase)
        if index + 1 >= len(order):
            raise UserError(_('%s is already in its last phase.') % self.name)
        self._check_phase_change(order[index + 1])
        self.phase = order[index + 1]
        return True

    def _check_phase_change(self, new_phase):
        for rec in self:
            if new_phase != 'plan' and rec.decision != 'go':
                raise UserError(_('A go decision with its reasons is needed before %s leaves the plan phase.')
                                % rec.name)
            if new_phase in ('solution', 'handover'):
                if not rec.interview_ids:
                    raise UserError(_('Interview the customer before the solution phase of %s.') % rec.name)
                pending = rec.interview_ids.filtered(lambda interview: not interview.confirmed_date)
                if pending:
                    raise UserError(_('The minutes of these interviews are not confirmed yet: %s')
                                    % ', '.join(pending.mapped('display_name')))
            if new_phase == 'handover' and rec.opportunity_id.probability < 100:
                raise UserError(_('The opportunity of %s is not won yet.') % rec.name)

    def action_create_handover(self):
        """The hand-over record of a won opportunity, with its use cases as requirement list."""
        self.ensure_one()
        if self.phase != 'handover':
            self._check_phase_change('handover')
            self.phase = 'handover'
        if not self.handover_ids:
            requirements = '\n'.join('- %s: %s' % (case.actor, case.name) for case in self.use_case_ids)
            self.env['aftersales.presales.handover'].create({
                'request_id': self.id,
                'scope': self.description,
                'requirements': requirements,
            })
        return True
