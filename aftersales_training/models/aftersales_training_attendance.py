from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

ATTENDANCE_STATES = [
    ('invited', 'Invited'),
    ('attended', 'Attended'),
    ('absent', 'Absent'),
]


class AftersalesTrainingAttendance(models.Model):
    """An attendee of a training session: a customer's contact or an
    employee; the certificate once the session is done and passed."""
    _name = 'aftersales.training.attendance'
    _description = 'Training Attendance'
    _order = 'session_id desc, partner_name, id'
    _rec_name = 'partner_id'

    session_id = fields.Many2one('aftersales.training.session', string='Training Session', required=True,
                                 index=True, ondelete='cascade')
    partner_id = fields.Many2one('res.partner', string='Attendee', required=True, index=True,
                                 ondelete='restrict')
    partner_name = fields.Char(related='partner_id.name', store=True, readonly=True, string='Name')
    commercial_partner_id = fields.Many2one(related='partner_id.commercial_partner_id', store=True, readonly=True,
                                            index=True, string='Organisation')
    user_id = fields.Many2one('res.users', string='Employee', index=True, ondelete='set null',
                              help='The internal user attending: his certificates feed the knowledge matrix.')
    state = fields.Selection(ATTENDANCE_STATES, default='invited', required=True, index=True)
    score = fields.Float()
    passed = fields.Boolean(compute='_compute_passed', store=True, index=True)
    note = fields.Char(string='Evaluation')
    invitation_sent_at = fields.Datetime(string='Invited On', readonly=True, copy=False)
    certificate_number = fields.Char(readonly=True, copy=False, index=True)
    certificate_date = fields.Date(string='Certified On', readonly=True, copy=False)
    validity_end = fields.Date(string='Valid Until', readonly=True, copy=False,
                               help='Empty: the certificate does not expire.')
    certificate_state = fields.Selection([('valid', 'Valid'), ('expired', 'Expired')],
                                         compute='_compute_certificate_state', search='_search_certificate_state')

    # the session, for lists, filters and the analysis
    kind = fields.Selection(related='session_id.kind', store=True, readonly=True)
    session_state = fields.Selection(related='session_id.state', store=True, readonly=True, string='Session Status')
    date_start = fields.Datetime(related='session_id.date_start', store=True, readonly=True, string='Date')
    session_title = fields.Char(related='session_id.title', readonly=True, string='Training')
    company_id = fields.Many2one(related='session_id.company_id', store=True, readonly=True, index=True)

    _sql_constraints = [
        ('certificate_number_uniq', 'unique (certificate_number)', 'A certificate number must be unique.'),
        ('session_partner_uniq', 'unique (session_id, partner_id)', 'This person is already an attendee.'),
    ]

    @api.depends('state', 'score', 'session_id.evaluation', 'session_id.passing_score')
    def _compute_passed(self):
        for line in self:
            session = line.session_id
            line.passed = line.state == 'attended' and (
                session.evaluation == 'attendance' or line.score >= session.passing_score)

    @api.depends('certificate_number', 'validity_end')
    def _compute_certificate_state(self):
        today = fields.Date.context_today(self)
        for line in self:
            if not line.certificate_number:
                line.certificate_state = False
            elif line.validity_end and line.validity_end < today:
                line.certificate_state = 'expired'
            else:
                line.certificate_state = 'valid'

    def _search_certificate_state(self, operator, value):
        today = fields.Date.context_today(self)
        valid = ['&', ('certificate_number', '!=', False),
                 '|', ('validity_end', '=', False), ('validity_end', '>=', today)]
        expired = ['&', ('certificate_number', '!=', False), ('validity_end', '<', today)]
        if operator not in ('=', '!=') or value not in ('valid', 'expired'):
            raise UserError(_('Unsupported search on the certificate status.'))
        domain = valid if value == 'valid' else expired
        return domain if operator == '=' else ['!'] + domain

    @api.constrains('score')
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 100:
                raise ValidationError(_('The score of %s must be between 0 and 100.') % line.partner_id.name)

    @api.constrains('session_id')
    def _check_capacity(self):
        self.mapped('session_id')._check_capacity()

    @api.constrains('user_id', 'partner_id')
    def _check_user_partner(self):
        for line in self:
            if line.user_id and line.user_id.partner_id != line.partner_id:
                raise ValidationError(_('%s: the attendee is not the employee.') % line.partner_id.name)

    @api.onchange('user_id')
    def _onchange_user_id(self):
        if self.user_id:
            self.partner_id = self.user_id.partner_id

    def name_get(self):
        return [(line.id, '%s (%s)' % (line.certificate_number, line.partner_id.name) if line.certificate_number
                 else line.partner_id.name) for line in self]

    @api.model
    def create(self, vals):
        if vals.get('user_id') and not vals.get('partner_id'):
            vals['partner_id'] = self.env['res.users'].browse(vals['user_id']).partner_id.id
        return super(AftersalesTrainingAttendance, self).create(vals)

    @api.multi
    def write(self, vals):
        if self.filtered('certificate_number') and {'state', 'score', 'partner_id', 'user_id',
                                                    'session_id'} & set(vals):
            raise UserError(_('An attendance that issued a certificate cannot be changed.'))
        return super(AftersalesTrainingAttendance, self).write(vals)

    @api.multi
    def unlink(self):
        if self.filtered('certificate_number'):
            raise UserError(_('An attendance that issued a certificate cannot be deleted.'))
        return super(AftersalesTrainingAttendance, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_attended(self):
        return self._mark('attended')

    def action_absent(self):
        return self._mark('absent')

    def action_print_certificate(self):
        lines = self.filtered('certificate_number')
        if not lines:
            raise UserError(_('No certificate: the attendee has not passed a completed training yet.'))
        return self.env.ref('aftersales_training.action_report_aftersales_training_certificate').report_action(lines)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _mark(self, state):
        if self.filtered(lambda line: line.session_state not in ('confirmed', 'planned')):
            raise UserError(_('The attendance of a session that is done or cancelled cannot be changed.'))
        return self.write({'state': state})

    def _issue_certificates(self):
        """Number the certificates of the passed attendees that have none yet,
        dated on the last day of the session."""
        Sequence = self.env['ir.sequence'].sudo()
        for line in self.filtered(lambda l: l.passed and not l.certificate_number).sorted(
                lambda l: (l.session_id.id, l.partner_name or '', l.id)):
            session = line.session_id
            issued = fields.Date.to_string(fields.Datetime.from_string(session.date_end).date())
            number = Sequence.with_context(force_company=session.company_id.id).next_by_code(
                'aftersales.training.certificate')
            if not number:
                raise UserError(_('The sequence of the training certificates is missing.'))
            line.write({
                'certificate_number': number, 'certificate_date': issued,
                'validity_end': session._certificate_validity_end(issued)})
        return True

    @api.model
    def _certificate_status(self, users, products):
        """``{(user_id, product_id): validity_end}`` of the best certificate
        of each user for each product (``True``: no expiry); a pair without
        any certificate is missing."""
        lines = self.sudo().search([('user_id', 'in', users.ids), ('certificate_number', '!=', False),
                                    ('session_id.covered_product_ids', 'in', products.ids)])
        best = {}
        for line in lines:
            end = line.validity_end or True
            for product in line.session_id.covered_product_ids & products:
                key = (line.user_id.id, product.id)
                current = best.get(key)
                if current is None or current is not True and (end is True or end > current):
                    best[key] = end
        return best

    @api.model
    def _certification_problems(self, users, product):
        """A sentence per user of ``users`` without a valid certificate for ``product``."""
        if not users or not product:
            return []
        status = self._certificate_status(users, product)
        today = fields.Date.context_today(self)
        problems = []
        for user in users:
            end = status.get((user.id, product.id))
            if end is None:
                problems.append(_('%(user)s has no training certificate for %(product)s.') % {
                    'user': user.name, 'product': product.display_name})
            elif end is not True and end < today:
                problems.append(_('The certificate of %(user)s for %(product)s expired on %(date)s.') % {
                    'user': user.name, 'product': product.display_name, 'date': end})
        return problems
