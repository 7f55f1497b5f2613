import base64
from datetime import datetime, time, timedelta

import pytz
import vobject
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

KINDS = [
    ('customer', 'Customer Training'),
    ('internal', 'Internal Training'),
    ('vendor', 'Vendor Training'),
]
SESSION_STATES = [
    ('planned', 'Planned'),
    ('confirmed', 'Confirmed'),
    ('done', 'Done'),
    ('cancel', 'Cancelled'),
]
EVALUATIONS = [
    ('score', 'Test Score'),
    ('attendance', 'Attendance Only'),
]
# what the certificates of a session that is done certify
LOCKED_WHEN_DONE = {'date_start', 'duration', 'product_ids', 'categ_ids', 'validity_months', 'kind', 'evaluation',
                    'passing_score'}
STAFF_GROUPS = ('group_aftersales_csr', 'group_aftersales_field', 'group_aftersales_parts')


class AftersalesTrainingSession(models.Model):
    """One training: for a customer after commissioning, for the department's
    staff, or given by a vendor (the manufacturer)."""
    _name = 'aftersales.training.session'
    _description = 'Training Session'
    _inherit = ['mail.thread', 'mail.activity.mixin', 'portal.mixin']
    _order = 'date_start desc, id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    title = fields.Char(string='Subject', required=True, track_visibility='onchange')
    kind = fields.Selection(KINDS, required=True, default='internal', index=True, track_visibility='onchange')
    plan_id = fields.Many2one('aftersales.training.plan', string='Training Plan', index=True, ondelete='set null',
                              domain=[('state', 'in', ('draft', 'to_approve', 'approved'))])
    state = fields.Selection(SESSION_STATES, default='planned', required=True, index=True, copy=False,
                             track_visibility='onchange')
    description = fields.Html(string='Programme')
    color = fields.Integer()
    user_id = fields.Many2one('res.users', string='Organiser', required=True, index=True,
                              default=lambda self: self.env.user, track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    # contents
    product_ids = fields.Many2many('product.product', 'aftersales_training_session_product_rel', 'session_id',
                                   'product_id', string='Products')
    categ_ids = fields.Many2many('product.category', 'aftersales_training_session_categ_rel', 'session_id',
                                 'categ_id', string='Product Categories',
                                 help='Every product of these categories is covered by the training.')
    covered_product_ids = fields.Many2many(
        'product.product', 'aftersales_training_session_covered_product_rel', 'session_id', 'product_id',
        compute='_compute_covered_product_ids', store=True, string='Products Covered',
        help='The products and the products of the categories: the certificates of the session cover them.')
    attachment_ids = fields.Many2many('ir.attachment', 'aftersales_training_session_attachment_rel', 'session_id',
                                      'attachment_id', string='Materials')

    # trainer
    trainer_user_id = fields.Many2one('res.users', string='Trainer', index=True, track_visibility='onchange',
                                      domain=[('share', '=', False)])
    trainer_partner_id = fields.Many2one('res.partner', string="Vendor's Trainer", index=True,
                                         help="The manufacturer's contact who gives a vendor training.")
    vendor_id = fields.Many2one(related='trainer_partner_id.commercial_partner_id', store=True, readonly=True,
                                string='Vendor')
    trainer_name = fields.Char(compute='_compute_trainer_name', string='Given By')

    # customer
    partner_id = fields.Many2one('res.partner', string='Customer', index=True, track_visibility='onchange')
    commercial_partner_id = fields.Many2one(related='partner_id.commercial_partner_id', store=True,
                                            readonly=True, index=True, string='Customer Entity')
    site_id = fields.Many2one('res.partner', string='Site', index=True)
    equipment_ids = fields.Many2many('maintenance.equipment', 'aftersales_training_session_equipment_rel',
                                     'session_id', 'equipment_id', string='Commissioned Equipment')

    # when and where
    date_start = fields.Datetime(string='Start', required=True, index=True, track_visibility='onchange')
    duration = fields.Float(string='Duration (h)', required=True, default=2.0, track_visibility='onchange')
    date_end = fields.Datetime(string='End', compute='_compute_date_end', store=True)
    location = fields.Char(track_visibility='onchange')
    capacity = fields.Integer(help='Maximum number of attendees; 0: no limit.')

    # evaluation and certificates
    evaluation = fields.Selection(EVALUATIONS, required=True, default='score',
                                  help='Test score: the attendees reaching the passing score pass. '
                                       'Attendance only: every attendee present passes.')
    passing_score = fields.Float(default=60.0)
    validity_months = fields.Integer(
        string='Certificate Validity (months)', default=lambda self: self._default_validity_months(),
        help='0: the certificates do not expire.')

    # attendance
    attendance_ids = fields.One2many('aftersales.training.attendance', 'session_id', string='Attendees',
                                     copy=False)
    attendee_count = fields.Integer(compute='_compute_attendance_stats', store=True, string='Attendees (count)')
    attended_count = fields.Integer(compute='_compute_attendance_stats', store=True, string='Attended')
    absent_count = fields.Integer(compute='_compute_attendance_stats', store=True, string='Absent')
    passed_count = fields.Integer(compute='_compute_attendance_stats', store=True, string='Passed')
    attendance_rate = fields.Float(compute='_compute_attendance_stats', store=True, group_operator='avg',
                                   string='Attendance Rate (%)')
    pass_rate = fields.Float(compute='_compute_attendance_stats', store=True, group_operator='avg',
                             string='Pass Rate (%)')
    seats_left = fields.Integer(compute='_compute_seats_left')
    invitation_sent_at = fields.Datetime(string='Invitations Sent On', readonly=True, copy=False)

    def _default_validity_months(self):
        return self.env.user.company_id.aftersales_training_validity_months

    # ------------------------------------------------------------------
    # computes, constraints, onchanges
    # ------------------------------------------------------------------

    def _compute_portal_url(self):
        for session in self:
            session.portal_url = '/my/trainings/%s' % session.id

    @api.depends('product_ids', 'categ_ids')
    def _compute_covered_product_ids(self):
        Product = self.env['product.product']
        for session in self:
            products = session.product_ids
            if session.categ_ids:
                products |= Product.search([('categ_id', 'child_of', session.categ_ids.ids)])
            session.covered_product_ids = products

    @api.depends('trainer_user_id', 'trainer_partner_id')
    def _compute_trainer_name(self):
        for session in self:
            trainer = session.trainer_partner_id
            if trainer:
                vendor = trainer.commercial_partner_id
                session.trainer_name = '%s (%s)' % (trainer.name, vendor.name) if vendor != trainer else trainer.name
            else:
                session.trainer_name = session.trainer_user_id.name

    @api.depends('date_start', 'duration')
    def _compute_date_end(self):
        for session in self:
            if session.date_start:
                start = fields.Datetime.from_string(session.date_start)
                session.date_end = fields.Datetime.to_string(start + timedelta(hours=session.duration))
            else:
                session.date_end = False

    @api.depends('attendance_ids.state', 'attendance_ids.passed')
    def _compute_attendance_stats(self):
        for session in self:
            states = session.attendance_ids.mapped('state')
            attended = states.count('attended')
            passed = len(session.attendance_ids.filtered('passed'))
            session.attendee_count = len(states)
            session.attended_count = attended
            session.absent_count = states.count('absent')
            session.passed_count = passed
            marked = attended + states.count('absent')
            session.attendance_rate = 100.0 * attended / marked if marked else 0.0
            session.pass_rate = 100.0 * passed / attended if attended else 0.0

    @api.depends('capacity', 'attendance_ids')
    def _compute_seats_left(self):
        for session in self:
            session.seats_left = max(session.capacity - len(session.attendance_ids), 0) if session.capacity else 0

    @api.constrains('duration', 'capacity', 'passing_score', 'validity_months')
    def _check_numbers(self):
        for session in self:
            if session.duration <= 0:
                raise ValidationError(_('The training session %s must last some time.') % session.display_name)
            if session.capacity < 0 or session.validity_months < 0:
                raise ValidationError(_('The capacity and the validity of %s cannot be negative.')
                                      % session.display_name)
            if not 0 <= session.passing_score <= 100:
                raise ValidationError(_('The passing score of %s must be between 0 and 100.') % session.display_name)

    @api.constrains('capacity', 'attendance_ids')
    def _check_capacity(self):
        for session in self:
            if session.capacity > 0 and len(session.attendance_ids) > session.capacity:
                raise ValidationError(_('%(session)s is full: %(capacity)d seats.') % {
                    'session': session.display_name, 'capacity': session.capacity})

    @api.constrains('partner_id', 'site_id', 'kind')
    def _check_customer(self):
        for session in self:
            if session.kind == 'customer' and not session.partner_id:
                raise ValidationError(_('A customer training needs a customer.'))
            customer = session.partner_id.commercial_partner_id
            if session.site_id and session.site_id.commercial_partner_id != customer:
                raise ValidationError(_('The site of %s does not belong to its customer.') % session.display_name)

    @api.onchange('kind')
    def _onchange_kind(self):
        if self.kind == 'customer':
            self.evaluation = 'attendance'
        elif self.kind == 'vendor' and self.trainer_user_id and not self.trainer_partner_id:
            self.trainer_user_id = False

    @api.onchange('site_id')
    def _onchange_site_id(self):
        site = self.site_id
        if site:
            if not self.partner_id:
                self.partner_id = site.commercial_partner_id
            if not self.location:
                self.location = self._site_location(site)

    @api.onchange('plan_id')
    def _onchange_plan_id(self):
        if self.plan_id:
            self.company_id = self.plan_id.company_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def name_get(self):
        return [(session.id, '%s %s' % (session.name, session.title) if session.name != '/' else session.title)
                for session in self]

    @api.model
    def name_search(self, name='', args=None, operator='ilike', limit=100):
        args = list(args or [])
        if name:
            args = ['|', ('name', operator, name), ('title', operator, name)] + args
        return self.search(args, limit=limit).name_get()

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.training.session') or '/'
        return super(AftersalesTrainingSession, self).create(vals)

    @api.multi
    def write(self, vals):
        if LOCKED_WHEN_DONE & set(vals) and self.filtered(lambda s: s.state == 'done'):
            raise UserError(_('A training session that is done cannot be changed: it issued certificates.'))
        return super(AftersalesTrainingSession, self).write(vals)

    @api.multi
    def unlink(self):
        if self.mapped('attendance_ids').filtered('certificate_number'):
            raise UserError(_('A training session that issued certificates cannot be deleted.'))
        return super(AftersalesTrainingSession, self).unlink()

    def get_access_action(self, access_uid=None):
        """Portal users open the portal page instead of the backend form."""
        self.ensure_one()
        user = self.env['res.users'].sudo().browse(access_uid) if access_uid else self.env.user
        if user.share:
            return {'type': 'ir.actions.act_url', 'url': self.portal_url, 'target': 'self', 'res_id': self.id}
        return super(AftersalesTrainingSession, self).get_access_action(access_uid=access_uid)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_confirm(self):
        self._check_state('planned')
        for session in self:
            plan = session.plan_id
            if plan and plan.state not in ('approved', 'done'):
                raise UserError(_('The training plan %s is not approved yet: its sessions cannot be confirmed.')
                                % plan.name)
        return self.write({'state': 'confirmed'})

    def action_done(self):
        self._check_state('confirmed')
        pending = self.mapped('attendance_ids').filtered(lambda line: line.state == 'invited')
        if pending:
            raise UserError(_('Mark who attended first: %s.') % ', '.join(pending.mapped('partner_id.name')))
        self.write({'state': 'done'})
        self.mapped('attendance_ids')._issue_certificates()
        return True

    def action_cancel(self):
        self._check_state('planned', 'confirmed')
        return self.write({'state': 'cancel'})

    def action_reset(self):
        self._check_state('cancel')
        return self.write({'state': 'planned'})

    def action_mark_all_attended(self):
        self._check_state('confirmed')
        self.mapped('attendance_ids').filtered(lambda line: line.state == 'invited').write({'state': 'attended'})
        return True

    def action_add_staff(self):
        """Invite every after-sales employee: internal trainings are for all of them."""
        self._check_state('planned', 'confirmed')
        groups = [self.env.ref('aftersales_service.%s' % xmlid) for xmlid in STAFF_GROUPS]
        staff = self.env['res.users'].search([('groups_id', 'in', [group.id for group in groups]),
                                              ('share', '=', False), ('id', '!=', self.env.ref('base.user_root').id)])
        Attendance = self.env['aftersales.training.attendance']
        for session in self:
            present = session.attendance_ids.mapped('user_id')
            for user in staff - present - session.trainer_user_id:
                Attendance.create({'session_id': session.id, 'user_id': user.id, 'partner_id': user.partner_id.id})
        return True

    def action_send_invitation(self):
        """Mail each invited attendee the invitation, with the session as an
        .ics calendar file."""
        self._check_state('confirmed')
        template = self.env.ref('aftersales_training.mail_template_aftersales_training_invitation')
        for session in self:
            lines = session.attendance_ids.filtered(lambda line: line.state == 'invited' and line.partner_id.email)
            if not lines:
                raise UserError(_('No invited attendee of %s has an e-mail address.') % session.display_name)
            ics = session._ics_attachment()
            for line in lines:
                template.send_mail(line.id, email_values={'attachment_ids': [ics.id]})
            now = fields.Datetime.now()
            lines.write({'invitation_sent_at': now})
            session.invitation_sent_at = now
            session.message_post(body=_('Invitation sent to %s.') % ', '.join(lines.mapped('partner_id.name')),
                                 attachment_ids=ics.ids)
        return True

    def action_print_attendance_sheet(self):
        return self.env.ref('aftersales_training.action_report_aftersales_training_attendance_sheet').report_action(
            self)

    def action_attendance(self):
        self.ensure_one()
        action = self.env.ref('aftersales_training.aftersales_training_attendance_action').read()[0]
        action['domain'] = [('session_id', '=', self.id)]
        action['context'] = {'default_session_id': self.id}
        return action

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _check_state(self, *states):
        for session in self:
            if session.state not in states:
                raise UserError(_('%(session)s is %(state)s: this action is not possible.') % {
                    'session': session.display_name,
                    'state': dict(self._fields['state']._description_selection(self.env)).get(session.state)})

    def _ics_content(self):
        """The session as an iCalendar (.ics) event, in UTC."""
        self.ensure_one()
        calendar = vobject.iCalendar()
        calendar.add('prodid').value = '-//After-Sales Suite//Training//EN'
        calendar.add('method').value = 'REQUEST'
        event = calendar.add('vevent')
        utc = pytz.utc
        event.add('uid').value = 'aftersales-training-%s-%s@%s' % (
            self.id, self.env.cr.dbname, (self.company_id.email or 'odoo').split('@')[-1])
        event.add('dtstamp').value = utc.localize(datetime.utcnow().replace(microsecond=0))
        event.add('dtstart').value = utc.localize(fields.Datetime.from_string(self.date_start))
        event.add('dtend').value = utc.localize(fields.Datetime.from_string(self.date_end))
        event.add('summary').value = '%s - %s' % (self.name, self.title)
        if self.location:
            event.add('location').value = self.location
        description = [_('Trainer: %s') % self.trainer_name] if self.trainer_name else []
        if self.covered_product_ids:
            description.append(_('Products: %s') % ', '.join(self.covered_product_ids.mapped('display_name')))
        if description:
            event.add('description').value = '\n'.join(description)
        organizer = self.user_id.partner_id
        if organizer.email:
            event.add('organizer').value = 'MAILTO:%s' % organizer.email
            event.organizer.params['CN'] = [organizer.name]
        for line in self.attendance_ids.filtered(lambda l: l.partner_id.email and l.state != 'absent'):
            attendee = event.add('attendee')
            attendee.value = 'MAILTO:%s' % line.partner_id.email
            attendee.params['CN'] = [line.partner_id.name]
            attendee.params['RSVP'] = ['TRUE']
        return calendar.serialize().encode('utf-8')

    def _ics_attachment(self):
        self.ensure_one()
        return self.env['ir.attachment'].create({
            'name': '%s.ics' % self.name, 'datas_fname': '%s.ics' % self.name,
            'datas': base64.b64encode(self._ics_content()), 'mimetype': 'text/calendar',
            'res_model': self._name, 'res_id': self.id})

    @api.model
    def _site_location(self, site):
        """The site's name and address on one line."""
        address = site._display_address(without_company=True)
        parts = [site.name] + [part.strip(' ,') for part in address.split('\n')]
        return ', '.join(part for part in parts if part)

    @api.model
    def _local_datetime(self, day, hour, tz_name=None):
        """``day`` (a date) at ``hour`` o'clock local time, as a UTC string."""
        tz = pytz.timezone(tz_name or self.env.context.get('tz') or self.env.user.tz or 'UTC')
        local = tz.localize(datetime.combine(day, time(hour=hour)))
        return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))

    def _certificate_validity_end(self, issue_date):
        """The last day a certificate issued on ``issue_date`` is valid (False: no expiry)."""
        self.ensure_one()
        if not self.validity_months:
            return False
        return fields.Date.to_string(fields.Date.from_string(issue_date) + relativedelta(
            months=self.validity_months, days=-1))
