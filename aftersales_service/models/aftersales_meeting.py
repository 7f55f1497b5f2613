from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .aftersales_meeting_line import AGENDA_CATEGORIES, LINKS
from .analysis_dates import utc_bounds, week_monday

MEETING_STATES = [('draft', 'Planned'), ('held', 'Held'), ('done', 'Minutes Approved')]
# the frequent-fault rule of the equipment's cron: more than 3 repairs in 90 days
FREQUENT_FAULT_WINDOW_DAYS = 90
FREQUENT_FAULT_THRESHOLD = 3


class AftersalesMeeting(models.Model):
    """The weekly technical meeting: the week's SLA breaches, escalations,
    frequent faults, fault analyses, inspection findings and complaints are
    discussed; decisions become action items and rectification proposals."""
    _name = 'aftersales.meeting'
    _description = 'Weekly Technical Meeting'
    _inherit = ['mail.thread', 'mail.activity.mixin']
    _order = 'week_start desc, id desc'
    # every attendee may comment the meeting
    _mail_post_access = 'read'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    week_start = fields.Date(string='Week Of', required=True, index=True, track_visibility='onchange',
                             default=lambda self: self._default_week_start(),
                             help='The Monday of the week the meeting reviews.')
    week_end = fields.Date(compute='_compute_week_end', store=True)
    date = fields.Datetime(string='Meeting Time', track_visibility='onchange')
    location = fields.Char()
    user_id = fields.Many2one('res.users', string='Chaired By', required=True, track_visibility='onchange',
                              default=lambda self: self.env.user)
    attendee_ids = fields.Many2many('res.users', 'aftersales_meeting_attendee_rel', 'meeting_id', 'user_id',
                                    string='Attendees')
    state = fields.Selection(MEETING_STATES, required=True, default='draft', copy=False,
                             track_visibility='onchange')
    line_ids = fields.One2many('aftersales.meeting.line', 'meeting_id', string='Agenda', copy=False)
    minutes = fields.Html()
    decisions = fields.Html()
    action_item_ids = fields.One2many('aftersales.meeting.action', 'meeting_id', string='Action Items', copy=False)
    rectification_ids = fields.One2many('aftersales.rectification', 'meeting_id', string='Rectification Proposals',
                                        copy=False)
    rectification_count = fields.Integer(compute='_compute_rectification_count', string='Rectifications')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ('week_company_uniq', 'unique (company_id, week_start)', 'There is already a technical meeting for this week.'),
    ]

    def _default_week_start(self):
        return fields.Date.to_string(week_monday(fields.Date.context_today(self)))

    @api.depends('week_start')
    def _compute_week_end(self):
        for meeting in self:
            meeting.week_end = meeting.week_start and fields.Date.to_string(
                fields.Date.from_string(meeting.week_start) + timedelta(days=6))

    def _compute_rectification_count(self):
        data = self.env['aftersales.rectification'].read_group(
            [('meeting_id', 'in', self.ids)], ['meeting_id'], ['meeting_id'])
        counts = {item['meeting_id'][0]: item['meeting_id_count'] for item in data}
        for meeting in self:
            meeting.rectification_count = counts.get(meeting.id, 0)

    @api.constrains('week_start')
    def _check_week_start(self):
        for meeting in self:
            if fields.Date.from_string(meeting.week_start).weekday():
                raise ValidationError(_('A technical meeting reviews a week: it starts on a Monday.'))

    @api.onchange('week_start')
    def _onchange_week_start(self):
        if self.week_start:
            self.week_start = fields.Date.to_string(week_monday(self.week_start))

    @api.model
    def create(self, vals):
        if vals.get('week_start'):
            vals['week_start'] = fields.Date.to_string(week_monday(vals['week_start']))
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.meeting') or '/'
        return super(AftersalesMeeting, self).create(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_generate_agenda(self):
        """(Re)generate the agenda from the week's data: topics already
        discussed are kept, the others are replaced."""
        for meeting in self:
            if meeting.state == 'done':
                raise UserError(_('The minutes of %s are approved: the agenda cannot change.') % meeting.name)
            candidates = meeting._agenda_candidates()
            wanted = {self._candidate_key(values) for values in candidates}
            auto = meeting.line_ids.filtered('auto')
            stale = auto.filtered(lambda line: line._link_key() not in wanted
                                  and not line.discussion and not line.decision)
            stale.unlink()
            present = {line._link_key() for line in (auto - stale)}
            for values in candidates:
                if self._candidate_key(values) not in present:
                    self.env['aftersales.meeting.line'].create(dict(values, meeting_id=meeting.id, auto=True))
        return True

    def action_hold(self):
        self._check_state('draft')
        self.write({'state': 'held'})
        return True

    def action_approve_minutes(self):
        self._check_manager()
        self._check_state('held')
        for meeting in self:
            if not meeting.minutes:
                raise UserError(_('Write the minutes of %s before approving them.') % meeting.name)
        self.write({'state': 'done'})
        return True

    def action_reset(self):
        self._check_manager()
        self._check_state('held', 'done')
        self.write({'state': 'draft'})
        return True

    def action_print_minutes(self):
        self.ensure_one()
        return self.env.ref('aftersales_service.action_report_aftersales_meeting').report_action(self)

    def action_view_rectifications(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_rectification_action').read()[0]
        action['domain'] = [('meeting_id', '=', self.id)]
        action['context'] = {'default_meeting_id': self.id}
        return action

    # ------------------------------------------------------------------
    # agenda
    # ------------------------------------------------------------------

    def _agenda_candidates(self):
        """The agenda lines of the week, as values, in agenda order."""
        self.ensure_one()
        collectors = [
            ('sla_breach', self._agenda_sla_breaches),
            ('escalation', self._agenda_escalations),
            ('frequent_fault', self._agenda_frequent_faults),
            ('fault_analysis', self._agenda_fault_analyses),
            ('inspection_finding', self._agenda_inspection_findings),
            ('complaint', self._agenda_complaints),
        ]
        order = [code for code, _label in AGENDA_CATEGORIES]
        candidates = []
        for category, collector in collectors:
            for index, values in enumerate(collector()):
                values.update({'category': category, 'sequence': order.index(category) * 100 + index})
                candidates.append(values)
        return candidates

    @staticmethod
    def _candidate_key(values):
        return (values['category'],) + tuple(values.get(link) or False for link in LINKS)

    def _week_utc(self):
        return utc_bounds(self.env, self.week_start, self.week_end)

    def _ticket_domain(self):
        return [('company_id', '=', self.company_id.id)]

    def _agenda_sla_breaches(self):
        """Tickets whose response or resolution deadline passed, missed, this week."""
        start, end = self._week_utc()
        domain = self._ticket_domain() + [
            '|', '&', '&', ('sla_response_state', '=', 'missed'),
            ('response_deadline', '>=', start), ('response_deadline', '<', end),
            '&', '&', ('sla_resolution_state', '=', 'missed'),
            ('resolution_deadline', '>=', start), ('resolution_deadline', '<', end)]
        lines = []
        for ticket in self.env['aftersales.ticket'].search(domain, order='response_deadline, id'):
            missed = []
            if ticket.sla_response_state == 'missed' and start <= ticket.response_deadline < end:
                missed.append(_('response'))
            if ticket.sla_resolution_state == 'missed' and start <= ticket.resolution_deadline < end:
                missed.append(_('resolution'))
            lines.append({'ticket_id': ticket.id, 'name': _(
                '%(ticket)s %(title)s: %(deadlines)s deadline missed') % {
                    'ticket': ticket.name, 'title': ticket.title, 'deadlines': _(' and ').join(missed)}})
        return lines

    def _agenda_escalations(self):
        start, end = self._week_utc()
        tickets = self.env['aftersales.ticket'].search(self._ticket_domain() + [
            ('escalation_level', '!=', 'csr'), ('escalated_at', '>=', start), ('escalated_at', '<', end)],
            order='escalated_at, id')
        levels = dict(self.env['aftersales.ticket']._fields['escalation_level']._description_selection(self.env))
        # _() finds the language in the calling frame: never inside a comprehension
        message = _('%(ticket)s %(title)s: escalated to %(level)s')
        return [{'ticket_id': ticket.id, 'name': message % {
            'ticket': ticket.name, 'title': ticket.title, 'level': levels[ticket.escalation_level]}}
            for ticket in tickets]

    def _agenda_frequent_faults(self, window_days=FREQUENT_FAULT_WINDOW_DAYS, threshold=FREQUENT_FAULT_THRESHOLD):
        """Equipment repaired this week with more than ``threshold`` repair
        requests over the ``window_days`` days up to the end of the week."""
        start, end = self._week_utc()
        since = fields.Datetime.to_string(fields.Datetime.from_string(end) - timedelta(days=window_days))
        Ticket = self.env['aftersales.ticket']
        repairs = self._ticket_domain() + [('type_code', '=', 'repair'), ('equipment_id', '!=', False),
                                           ('create_date', '<', end)]
        window = Ticket.read_group(repairs + [('create_date', '>=', since)], ['equipment_id'], ['equipment_id'])
        week = Ticket.read_group(repairs + [('create_date', '>=', start)], ['equipment_id'], ['equipment_id'])
        this_week = {row['equipment_id'][0] for row in week}
        message = _('%(equipment)s: %(count)s repair requests in %(days)s days')
        return [{'equipment_id': row['equipment_id'][0], 'name': message % {
            'equipment': row['equipment_id'][1], 'count': row['equipment_id_count'], 'days': window_days}}
            for row in window if row['equipment_id_count'] > threshold and row['equipment_id'][0] in this_week]

    def _agenda_fault_analyses(self):
        """The fault analyses written this week, then the repairs not fixed
        on the first visit that still wait for theirs."""
        analyses = self.env['aftersales.fault.analysis'].search([
            ('company_id', '=', self.company_id.id),
            ('date', '>=', self.week_start), ('date', '<=', self.week_end)], order='date, id')
        message = _('%(analysis)s %(symptom)s: review the analysis')
        lines = [{'fault_analysis_id': analysis.id, 'equipment_id': analysis.equipment_id.id, 'name': message % {
            'analysis': analysis.name, 'symptom': analysis.symptom}} for analysis in analyses]
        waiting = self.env['aftersales.ticket'].search(self._ticket_domain() + [
            ('type_code', '=', 'repair'), ('visit_count', '>', 0), ('first_time_fix', '=', False),
            ('fault_analysis_ids', '=', False), ('stage_state', '!=', 'closed')], order='id')
        message = _('%(ticket)s %(title)s: fault analysis to write')
        lines += [{'ticket_id': ticket.id, 'name': message % {
            'ticket': ticket.name, 'title': ticket.title}} for ticket in waiting]
        return lines

    def _agenda_inspection_findings(self):
        findings = self.env['aftersales.inspection.line'].search([
            ('inspection_id.company_id', '=', self.company_id.id), ('inspection_id.state', '=', 'done'),
            ('is_finding', '=', True), ('date', '>=', self.week_start), ('date', '<=', self.week_end)],
            order='date, id')
        statuses = dict(self.env['aftersales.inspection.line']._fields['status']._description_selection(self.env))
        message = _('%(site)s, %(equipment)s: %(status)s')
        return [{'inspection_line_id': line.id, 'equipment_id': line.equipment_id.id, 'name': message % {
            'site': line.site_id.name or line.inspection_id.site_id.name, 'equipment': line.equipment_id.name,
            'status': statuses[line.status]}} for line in findings]

    def _agenda_complaints(self):
        start, end = self._week_utc()
        complaints = self.env['aftersales.ticket'].search(self._ticket_domain() + [
            ('type_code', '=', 'complaint'), ('create_date', '>=', start), ('create_date', '<', end)],
            order='create_date, id')
        message = _('%(ticket)s %(customer)s: %(title)s')
        return [{'ticket_id': ticket.id, 'name': message % {
            'ticket': ticket.name, 'customer': ticket.partner_id.name, 'title': ticket.title}}
            for ticket in complaints]

    def _check_manager(self):
        """The manager approves the minutes, and reopens them."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group('aftersales_service.group_aftersales_manager'):
            raise AccessError(_('Only the After-Sales Manager approves or reopens the minutes of a technical '
                                'meeting.'))

    def _check_state(self, *states):
        labels = dict(self._fields['state']._description_selection(self.env))
        for meeting in self:
            if meeting.state not in states:
                raise UserError(_('%(meeting)s is %(state)s: this step is not possible now.') % {
                    'meeting': meeting.name, 'state': labels[meeting.state]})
