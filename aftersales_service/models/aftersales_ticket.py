import logging
import uuid
from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

_logger = logging.getLogger(__name__)

CHANNELS = [
    ('phone', 'Phone'),
    ('email', 'E-mail'),
    ('web', 'Web Form'),
    ('portal', 'Portal'),
    ('fax', 'Fax'),
    ('im', 'Instant Messaging'),
    ('walkin', 'Walk-in'),
    ('inspection', 'Inspection Finding'),
]
SLA_STATES = [('running', 'Running'), ('met', 'Met'), ('missed', 'Missed')]
ESCALATION_LEVELS = [('csr', 'Customer Service'), ('tech', 'Technical Engineer'), ('onsite', 'On Site')]
OPEN_STATES = ('new', 'progress', 'waiting')
_TRACKED_AT_CREATION = ('stage_id', 'user_id', 'engineer_id')
_TEMPLATE_FIELDS = (
    'subject', 'body_html', 'email_from', 'email_to', 'partner_to', 'email_cc', 'reply_to', 'scheduled_date')
# lock the batch; a parallel run skips the rows it cannot lock
_LOCK_RUNNING = {
    'sla_response_state': "SELECT id FROM aftersales_ticket WHERE id IN %s "
                          "AND sla_response_state = 'running' FOR UPDATE SKIP LOCKED",
    'sla_resolution_state': "SELECT id FROM aftersales_ticket WHERE id IN %s "
                            "AND sla_resolution_state = 'running' FOR UPDATE SKIP LOCKED",
}


class AftersalesTicket(models.Model):
    _name = 'aftersales.ticket'
    _description = 'Service Ticket'
    _inherit = ['aftersales.portal.mixin', 'mail.thread', 'mail.activity.mixin', 'portal.mixin']
    _order = 'priority desc, id desc'
    _mail_post_access = 'read'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    title = fields.Char(string='Subject', required=True, track_visibility='onchange')
    description = fields.Html()
    type_id = fields.Many2one('aftersales.ticket.type', string='Type', required=True, index=True,
                              default=lambda self: self._default_type_id(), track_visibility='onchange')
    type_code = fields.Selection(related='type_id.code', store=True, readonly=True)
    channel = fields.Selection(CHANNELS, required=True, default='phone')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True,
                                 track_visibility='onchange')
    commercial_partner_id = fields.Many2one(related='partner_id.commercial_partner_id', store=True,
                                            readonly=True, index=True)
    site_id = fields.Many2one('res.partner', string='Site', index=True)
    contact_id = fields.Many2one('res.partner', string='Contact')
    partner_email = fields.Char(string='E-mail')
    partner_phone = fields.Char(string='Phone')
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', index=True)
    criticality = fields.Selection(related='equipment_id.aftersales_criticality', store=True, readonly=True)
    product_id = fields.Many2one('product.product', string='Product')
    stage_id = fields.Many2one('aftersales.ticket.stage', index=True, copy=False,
                               track_visibility='onchange', group_expand='_read_group_stage_ids',
                               domain="['|', ('type_ids', '=', False), ('type_ids', 'in', [type_id])]")
    stage_state = fields.Selection(related='stage_id.state', store=True, readonly=True, string='Status')
    priority = fields.Selection([('0', 'Normal'), ('1', 'High'), ('2', 'Urgent')], default='0', index=True,
                                track_visibility='onchange')
    color = fields.Integer()
    area_id = fields.Many2one('aftersales.service.area', string='Service Area', index=True)
    team_id = fields.Many2one('maintenance.team', string='Service Team', index=True)
    user_id = fields.Many2one('res.users', string='Representative', index=True, track_visibility='onchange',
                              default=lambda self: self.env.user)
    engineer_id = fields.Many2one('res.users', string='Technical Engineer', index=True, track_visibility='onchange')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)

    # SLA clock
    sla_policy_id = fields.Many2one('aftersales.sla.policy', string='SLA Policy', readonly=True, copy=False)
    response_deadline = fields.Datetime(readonly=True, copy=False, index=True)
    resolution_deadline = fields.Datetime(readonly=True, copy=False, index=True)
    responded_at = fields.Datetime(string='Responded On', readonly=True, copy=False)
    resolved_at = fields.Datetime(string='Resolved On', readonly=True, copy=False)
    closed_at = fields.Datetime(string='Closed On', readonly=True, copy=False)
    sla_response_state = fields.Selection(SLA_STATES, string='Response SLA', readonly=True, copy=False,
                                          index=True)
    sla_resolution_state = fields.Selection(SLA_STATES, string='Resolution SLA', readonly=True, copy=False,
                                            index=True)
    sla_paused_since = fields.Datetime(readonly=True, copy=False,
                                       help='Waiting for the customer since then: the SLA clock is paused.')
    sla_paused_hours = fields.Float(string='Paused (working hours)', readonly=True, copy=False)
    response_hours_left = fields.Float(compute='_compute_hours_left', string='Response Time Left (h)')
    resolution_hours_left = fields.Float(compute='_compute_hours_left', string='Resolution Time Left (h)')
    sla_breached = fields.Boolean(compute='_compute_sla_breached', search='_search_sla_breached',
                                  string='SLA Breached')
    after_hours = fields.Boolean(readonly=True, copy=False,
                                 help='Received outside working hours: assigned to the engineer on call.')
    ack_pending = fields.Boolean(string='Acknowledgement Pending', readonly=True, copy=False, index=True,
                                 help='The customer\'s acknowledgement e-mail is queued by the next run of '
                                      'the acknowledgement job.')

    # escalation
    escalation_level = fields.Selection(ESCALATION_LEVELS, default='csr', required=True, copy=False,
                                        track_visibility='onchange')
    escalated_at = fields.Datetime(readonly=True, copy=False)

    # complaints
    complaint_verified = fields.Selection([('true', 'True'), ('false', 'Not True')], copy=False,
                                          track_visibility='onchange')
    complaint_answer = fields.Text(string='Answer to the Customer', copy=False)
    complaint_reviewed_by = fields.Many2one('res.users', string='Reviewed By', readonly=True, copy=False)
    complaint_reviewed_at = fields.Datetime(string='Reviewed On', readonly=True, copy=False)

    # diagnosis, decided by the technical engineer
    fault_category_id = fields.Many2one('aftersales.fault.category', string='Fault Category')
    suspected_cause = fields.Text()
    repair_plan = fields.Text(help='One step, tool or part per line: they become the visit checklist.')
    site_survey_needed = fields.Boolean()
    diagnosed_by = fields.Many2one('res.users', readonly=True, copy=False)
    diagnosed_at = fields.Datetime(string='Diagnosed On', readonly=True, copy=False)

    # visits, fault analyses and the KPIs they feed
    visit_ids = fields.One2many('aftersales.visit', 'ticket_id', string='Visits')
    visit_count = fields.Integer(string='Visits Done', readonly=True, copy=False)
    first_time_fix = fields.Boolean(string='First-Time Fix', readonly=True, copy=False,
                                    help='Fixed on the first visit.')
    repeat_fault = fields.Boolean(compute='_compute_repeat_fault', store=True,
                                  help='Another repair of the same equipment in the 30 days before.')
    response_time_hours = fields.Float(compute='_compute_kpi_hours', store=True,
                                       string='Response Time (working h)')
    resolution_time_hours = fields.Float(compute='_compute_kpi_hours', store=True,
                                         string='Resolution Time (working h)')
    fault_analysis_ids = fields.Many2many('aftersales.fault.analysis', string='Fault Analyses')
    suggested_analysis_ids = fields.Many2many('aftersales.fault.analysis', 'aftersales_ticket_suggestion_rel',
                                              compute='_compute_suggested_analysis_ids', string='Past Solutions')

    # callbacks
    callback_ids = fields.One2many('aftersales.callback', 'ticket_id', string='Callbacks')
    callback_count = fields.Integer(compute='_compute_callback_count')
    satisfaction = fields.Selection(related='callback_ids.satisfaction', string='Last Satisfaction', readonly=True)
    access_token = fields.Char(copy=False, default=lambda self: str(uuid.uuid4()), groups='base.group_user')

    def _default_type_id(self):
        Type = self.env['aftersales.ticket.type']
        return Type.browse(Type._id_for_code('repair'))

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        type_id = self.env.context.get('default_type_id')
        search_domain = [('type_ids', '=', False)]
        if type_id:
            search_domain = ['|', ('type_ids', '=', type_id)] + search_domain
        return stages.search(search_domain if type_id else [], order=order)

    # ------------------------------------------------------------------
    # computes, constraints, onchanges
    # ------------------------------------------------------------------

    def _compute_portal_url(self):
        for record in self:
            record.portal_url = '/my/tickets/%s' % record.id

    def _compute_hours_left(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        for ticket in self:
            policy = ticket.sla_policy_id
            ticket.response_hours_left = ticket.resolution_hours_left = 0.0
            if not policy or ticket.sla_paused_since:
                continue
            if ticket.sla_response_state == 'running' and ticket.response_deadline:
                ticket.response_hours_left = policy._working_hours_between(
                    now, fields.Datetime.from_string(ticket.response_deadline))
            if ticket.sla_resolution_state == 'running' and ticket.resolution_deadline:
                ticket.resolution_hours_left = policy._working_hours_between(
                    now, fields.Datetime.from_string(ticket.resolution_deadline))

    def _compute_sla_breached(self):
        for ticket in self:
            ticket.sla_breached = 'missed' in (ticket.sla_response_state, ticket.sla_resolution_state)

    def _search_sla_breached(self, operator, value):
        breached = operator in ('=', '!=') and (operator == '=') == bool(value)
        domain = ['|', ('sla_response_state', '=', 'missed'), ('sla_resolution_state', '=', 'missed')]
        if breached:
            return domain
        return ['&', ('sla_response_state', '!=', 'missed'), ('sla_resolution_state', '!=', 'missed')]

    @api.depends('equipment_id', 'type_id')
    def _compute_repeat_fault(self):
        for ticket in self:
            if ticket.type_id.code != 'repair' or not ticket.id:
                ticket.repeat_fault = False
                continue
            ticket.repeat_fault = self._has_recent_repair(
                ticket.equipment_id, fields.Datetime.from_string(ticket.create_date or fields.Datetime.now()),
                before_id=ticket.id)

    @api.model
    def _has_recent_repair(self, equipment, moment=None, before_id=None):
        """Whether ``equipment`` had a repair ticket in the 30 days before ``moment`` (now)."""
        if not equipment:
            return False
        moment = moment or fields.Datetime.from_string(fields.Datetime.now())
        domain = [('equipment_id', '=', equipment.id), ('type_code', '=', 'repair'),
                  ('create_date', '>=', fields.Datetime.to_string(moment - timedelta(days=30)))]
        return bool(self.sudo().search_count(domain + ([('id', '<', before_id)] if before_id else [])))

    @api.depends('responded_at', 'resolved_at', 'sla_policy_id')
    def _compute_kpi_hours(self):
        for ticket in self:
            start = ticket.create_date and fields.Datetime.from_string(ticket.create_date)
            ticket.response_time_hours = ticket._hours_since(start, ticket.responded_at)
            ticket.resolution_time_hours = ticket._hours_since(start, ticket.resolved_at)

    def _hours_since(self, start, end):
        if not start or not end:
            return 0.0
        end = fields.Datetime.from_string(end)
        if self.sla_policy_id:
            return max(self.sla_policy_id._working_hours_between(start, end) - self.sla_paused_hours, 0.0)
        return (end - start).total_seconds() / 3600.0

    def _compute_suggested_analysis_ids(self):
        Analysis = self.env['aftersales.fault.analysis']
        for ticket in self:
            product = ticket.product_id or ticket.equipment_id.aftersales_product_id
            ticket.suggested_analysis_ids = Analysis._suggestions_for(product, ticket.title) - ticket.fault_analysis_ids

    def _compute_callback_count(self):
        data = self.env['aftersales.callback'].read_group(
            [('ticket_id', 'in', self.ids)], ['ticket_id'], ['ticket_id'])
        counts = {item['ticket_id'][0]: item['ticket_id_count'] for item in data}
        for ticket in self:
            ticket.callback_count = counts.get(ticket.id, 0)

    @api.constrains('partner_id', 'site_id', 'contact_id', 'equipment_id')
    def _check_partners(self):
        for ticket in self:
            customer = ticket.partner_id.commercial_partner_id
            for partner, label in ((ticket.site_id, _('site')), (ticket.contact_id, _('contact'))):
                if partner and partner.commercial_partner_id != customer:
                    raise ValidationError(
                        _('The %(role)s %(partner)s does not belong to the customer %(customer)s.') % {
                            'role': label, 'partner': partner.display_name, 'customer': customer.display_name})
            equipment = ticket.equipment_id
            if not equipment:
                continue
            if ticket.site_id and equipment.aftersales_site_id and equipment.aftersales_site_id != ticket.site_id:
                raise ValidationError(_('The equipment %(equipment)s is installed at another site (%(site)s).') % {
                    'equipment': equipment.name, 'site': equipment.aftersales_site_id.display_name})
            owner = equipment.aftersales_customer_id.commercial_partner_id
            if owner and owner != customer:
                raise ValidationError(_('The equipment %s belongs to another customer.') % equipment.name)

    @api.onchange('partner_id')
    def _onchange_partner_id(self):
        partner = self.partner_id
        if not partner:
            return {}
        if partner.parent_id and not self.contact_id:
            self.contact_id = partner
        self.partner_email = (self.contact_id or partner).email
        self.partner_phone = (self.contact_id or partner).phone
        customer = partner.commercial_partner_id.id
        return {'domain': {'site_id': [('id', 'child_of', customer)],
                           'contact_id': [('id', 'child_of', customer)]}}

    @api.onchange('site_id')
    def _onchange_site_id(self):
        if self.equipment_id and self.equipment_id.aftersales_site_id != self.site_id:
            self.equipment_id = False
        area = self.site_id.aftersales_area_id or self.partner_id.aftersales_area_id
        if area:
            self.area_id = area
        domain = [('aftersales_site_id', '=', self.site_id.id)] if self.site_id else \
            [('aftersales_customer_id', 'child_of', self.partner_id.commercial_partner_id.id)]
        return {'domain': {'equipment_id': domain}}

    @api.onchange('equipment_id')
    def _onchange_equipment_id(self):
        equipment = self.equipment_id
        if equipment:
            self.product_id = equipment.aftersales_product_id or self.product_id
            self.site_id = equipment.aftersales_site_id or self.site_id
            if equipment.aftersales_criticality == 'critical' and self.priority == '0':
                self.priority = '1'

    @api.onchange('area_id')
    def _onchange_area_id(self):
        area = self.area_id
        if area:
            self.team_id = area.team_id or self.team_id
            self.engineer_id = area.engineer_id or self.engineer_id

    @api.onchange('type_id')
    def _onchange_type_id(self):
        if self.type_id and self.stage_id.type_ids and self.type_id not in self.stage_id.type_ids:
            self.stage_id = self._stage_for('new', self.type_id)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model
    def create(self, vals):
        vals = self._prepare_create_values(dict(vals))
        with self.env.norecompute():
            ticket = super(AftersalesTicket, self.with_context(
                mail_create_nolog=True, aftersales_creating=True)).create(vals).with_env(self.env)
            ticket._store_computed_fields(vals)
        ticket.recompute()
        ticket._after_create_notifications(vals)
        return ticket

    def _store_computed_fields(self, vals):
        """The stored computed fields of a ticket just inserted from
        ``vals``: those in ``vals`` went in with the insert
        (``_prepare_create_values`` derived them), the others are written in
        one UPDATE (Odoo's recompute() would write one per compute method)."""
        self.ensure_one()
        todo = [field for field in self._fields.values()
                if field.compute and field.store and self.env.check_todo(field, self)]
        computed = [field for field in todo if field.name not in vals]
        if computed:
            self._write(self._convert_to_write({field.name: self[field.name] for field in computed}))
        for field in todo:
            self._recompute_done(field)

    @api.model
    def _get_tracked_fields(self, updated_fields):
        """A new ticket logs where it was routed to; its subject, type,
        customer and priority are on the form, and every later change of
        them is tracked from that value."""
        tracked = super(AftersalesTicket, self)._get_tracked_fields(updated_fields)
        if self.env.context.get('aftersales_creating'):
            return {name: tracked[name] for name in _TRACKED_AT_CREATION if name in tracked}
        return tracked

    def _prepare_create_values(self, vals):
        if not vals.get('partner_id'):
            raise UserError(_('A service ticket needs a customer.'))
        for name, field in self._fields.items():
            if field.compute and field.store:
                vals.pop(name, None)   # computed here or after the insert, never taken from the caller
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.ticket') or '/'
        ticket_type = self.env['aftersales.ticket.type'].browse(vals.get('type_id')) or self._default_type_id()
        vals.setdefault('type_id', ticket_type.id)
        type_code = ticket_type._code_of(ticket_type.id)
        if vals.get('stage_id'):
            stage_state = self.env['aftersales.ticket.stage'].browse(vals['stage_id']).state
        else:
            vals['stage_id'] = self._stage_for('new', ticket_type).id
            stage_state = vals['stage_id'] and 'new'
        partner = self.env['res.partner'].browse(vals.get('partner_id'))
        site = self.env['res.partner'].browse(vals.get('site_id'))
        area = site.aftersales_area_id or partner.aftersales_area_id
        if area and not vals.get('area_id'):
            vals['area_id'] = area.id
        area = self.env['aftersales.service.area'].browse(vals.get('area_id'))
        for field, value in (('team_id', area.team_id), ('engineer_id', area.engineer_id)):
            if value and not vals.get(field):
                vals[field] = value.id
        contact = self.env['res.partner'].browse(vals.get('contact_id')) or partner
        vals.setdefault('partner_email', contact.email)
        vals.setdefault('partner_phone', contact.phone)
        # acknowledged by a job, in batches: one template rendering for many tickets
        vals['ack_pending'] = bool(vals['partner_email']) and not self.env.context.get('aftersales_no_ack')
        # the customer's contact follows the ticket from its insert on (the
        # constraints refuse a contact of another customer)
        vals['message_follower_ids'] = (vals.get('message_follower_ids') or []) + \
            self.env['mail.followers']._add_follower_command(self._name, [], {contact.id: None}, {}, force=True)[0]
        # the SLA clock starts with the ticket: planned before the insert, not written after it
        defaults = self.default_get([name for name in ('priority', 'company_id') if name not in vals])
        equipment = self.env['maintenance.equipment'].browse(vals.get('equipment_id'))
        vals.update(self._sla_values(
            ticket_type, vals.get('priority', defaults.get('priority')), equipment.aftersales_criticality,
            self.env['res.company'].browse(vals.get('company_id', defaults.get('company_id'))),
            fields.Datetime.from_string(fields.Datetime.now())))
        # what the stored computed fields would compute after the insert
        vals.update({
            'type_code': type_code,
            'stage_state': stage_state,
            'commercial_partner_id': partner.commercial_partner_id.id,
            'criticality': equipment.aftersales_criticality,
            'repeat_fault': type_code == 'repair' and self._has_recent_repair(equipment),
        })
        if not vals.get('responded_at') and not vals.get('resolved_at'):
            vals.update({'response_time_hours': 0.0, 'resolution_time_hours': 0.0})
        if not vals.get('activity_ids'):
            vals['activity_date_deadline'] = False   # what it computes with no to-do yet
        return vals

    @api.multi
    def write(self, vals):
        reviewing = {'complaint_reviewed_by', 'complaint_reviewed_at'} & set(vals)
        if reviewing and self.env.uid != SUPERUSER_ID and not self.env.user.has_group(
                'aftersales_service.group_aftersales_manager'):
            raise AccessError(_('Only the After-Sales Manager reviews complaints.'))
        if 'stage_id' not in vals:
            return super(AftersalesTicket, self).write(vals)
        new_stage = self.env['aftersales.ticket.stage'].browse(vals['stage_id'])
        old_states = {ticket.id: ticket.stage_state for ticket in self}
        if new_stage.state == 'closed':
            closing = self.filtered(lambda t: old_states[t.id] != 'closed')
            closing.filtered(lambda t: t.type_code == 'complaint')._check_complaint_closable()
            closing._check_fault_analysis()
        result = super(AftersalesTicket, self).write(vals)
        for ticket in self:
            if old_states[ticket.id] != new_stage.state:
                ticket._on_state_change(old_states[ticket.id], new_stage.state)
        return result

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an e-mail to the service alias."""
        author = self.env['res.partner'].browse(msg_dict.get('author_id'))
        if not author:
            author_ids = self._find_partner_from_emails([msg_dict.get('email_from')], force_create=True)
            author = self.env['res.partner'].browse(author_ids[0])
        values = dict(custom_values or {})
        values.update({
            # the reference comes from the sequence, not from the subject (mail.thread's default)
            'name': '/',
            'title': msg_dict.get('subject') or _('No subject'),
            'description': msg_dict.get('body'),
            'channel': 'email',
            'partner_id': author.commercial_partner_id.id,
            'contact_id': author.id,
            'partner_email': author.email or msg_dict.get('email_from'),
        })
        # a representative takes it from the queue, as a ticket of the portal:
        # the user of the gateway (the administrator) neither answers nor
        # follows it; the author, as the contact, follows it from its insert on
        values.setdefault('user_id', False)
        return super(AftersalesTicket, self.with_context(mail_create_nosubscribe=True)).message_new(
            msg_dict, custom_values=values)

    @api.multi
    def message_subscribe(self, partner_ids=None, channel_ids=None, subtype_ids=None, force=True):
        """The portal users of another customer never follow a ticket: Odoo
        lets a follower post on the document (and read what is sent to him)
        whatever the record rules say. Such partners are left out."""
        if not partner_ids or len(self) != 1:
            if partner_ids:
                for ticket in self:
                    ticket.message_subscribe(partner_ids, channel_ids, subtype_ids, force)
                return True
            return super(AftersalesTicket, self).message_subscribe(partner_ids, channel_ids, subtype_ids, force)
        customer = self.sudo().partner_id.commercial_partner_id
        outsiders = self.env['res.partner'].sudo().browse(partner_ids).filtered(
            lambda partner: partner.user_ids and all(partner.user_ids.mapped('share'))
            and partner.commercial_partner_id != customer)
        partner_ids = [partner_id for partner_id in partner_ids if partner_id not in outsiders.ids]
        return super(AftersalesTicket, self).message_subscribe(partner_ids, channel_ids, subtype_ids, force)

    @api.multi
    @api.returns('self', lambda value: value.id)
    def message_post(self, **kwargs):
        if self.env.user.share:
            # Odoo lets a follower post on a document he cannot read: a
            # customer's user posts only on the tickets his record rules show
            self.check_access_rule('read')
        message = super(AftersalesTicket, self).message_post(**kwargs)
        # an answer of ours to the customer: not a note, a notification nor an incoming e-mail
        if (kwargs.get('message_type') == 'comment'
                and message.subtype_id.id == self.env['ir.model.data'].xmlid_to_res_id('mail.mt_comment')
                and message.author_id.user_ids.filtered(lambda u: not u.share)):
            self.filtered(lambda t: t.sla_response_state == 'running')._mark_responded()
        return message

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------

    def action_escalate(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Escalate'),
            'res_model': 'aftersales.ticket.escalate',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_ticket_id': self.id},
        }

    def action_record_callback(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Callback'),
            'res_model': 'aftersales.callback',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_ticket_id': self.id},
        }

    def action_review_complaint(self):
        if not self.env.user.has_group('aftersales_service.group_aftersales_manager'):
            raise UserError(_('Only the After-Sales Manager reviews complaints.'))
        for ticket in self:
            if ticket.type_code != 'complaint':
                raise UserError(_('%s is not a complaint.') % ticket.name)
            if not ticket.complaint_verified or not ticket.complaint_answer:
                raise UserError(_('Verify the complaint and write the answer to the customer before the review.'))
        self.sudo().write({'complaint_reviewed_by': self.env.uid,
                           'complaint_reviewed_at': fields.Datetime.now()})
        for ticket in self:
            ticket.message_post(body=_('Complaint reviewed by %s.') % self.env.user.name)
        return True

    def action_confirm_diagnosis(self):
        if not self.env.user.has_group('aftersales_service.group_aftersales_tech'):
            raise UserError(_('The technical engineer decides the diagnosis and the repair plan.'))
        for ticket in self:
            if not ticket.repair_plan or not ticket.fault_category_id:
                raise UserError(_('Give %s a fault category and a repair plan first.') % ticket.name)
        self.write({'diagnosed_by': self.env.uid, 'diagnosed_at': fields.Datetime.now()})
        for ticket in self:
            ticket.message_post(body=_('Diagnosis decided by %s.') % self.env.user.name)
        return True

    def action_book_visit(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_visit_action').read()[0]
        action.update({'views': [(False, 'form')], 'view_mode': 'form', 'target': 'current',
                       'context': {'default_ticket_id': self.id, 'default_partner_id': self.partner_id.id,
                                   'default_site_id': self.site_id.id, 'default_equipment_id': self.equipment_id.id,
                                   'default_user_id': (self.engineer_id or self.env.user).id}})
        return action

    def action_visits(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_visit_action').read()[0]
        action['domain'] = [('ticket_id', '=', self.id)]
        action['context'] = {'default_ticket_id': self.id}
        return action

    def action_close(self):
        for ticket in self:
            ticket.stage_id = self._stage_for('closed', ticket.type_id)
        return True

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    @api.model
    def _stage_for(self, state, ticket_type):
        Stage = self.env['aftersales.ticket.stage']
        return Stage.browse(Stage._id_for(state, ticket_type.id))

    def _check_fault_analysis(self):
        for ticket in self:
            if (ticket.type_code == 'repair' and ticket.visit_count and not ticket.first_time_fix
                    and not ticket.fault_analysis_ids):
                raise UserError(_('%s was not fixed on the first visit: write its fault analysis before closing.')
                                % ticket.name)

    def _compute_visit_kpis(self):
        for ticket in self:
            visits = ticket.visit_ids.filtered(lambda v: v.state in ('done', 'followup')).sorted('planned_start')
            ticket.write({'visit_count': len(visits),
                          'first_time_fix': bool(visits) and visits[0].result == 'fixed'
                          and not visits[0].followup_visit_id})

    def _check_complaint_closable(self):
        for ticket in self:
            if not ticket.complaint_verified:
                raise UserError(_('Complaint %s must be verified (true or not true) before it is closed.')
                                % ticket.name)
            if not ticket.complaint_answer:
                raise UserError(_('Complaint %s must be answered before it is closed.') % ticket.name)
            if not ticket.complaint_reviewed_by:
                raise UserError(_('Complaint %s must be reviewed by the After-Sales Manager before it is closed.')
                                % ticket.name)

    @api.model
    def _sla_values(self, ticket_type, priority, criticality, company, start):
        """The SLA policy, deadlines and after-hours engineer of a ticket received at ``start``."""
        policy = self.env['aftersales.sla.policy']._find_for(ticket_type, priority, criticality, company)
        if not policy:
            return {}
        (response, resolution), working = policy._plan_working_hours(
            start, [policy.response_hours, policy.resolution_hours])
        vals = {
            'sla_policy_id': policy.id,
            'response_deadline': fields.Datetime.to_string(response),
            'resolution_deadline': fields.Datetime.to_string(resolution),
            'sla_response_state': 'running',
            'sla_resolution_state': 'running',
            'after_hours': not working,
        }
        if vals['after_hours']:
            on_call = self.env['aftersales.duty.roster']._get_on_call_user(fields.Datetime.to_string(start), company)
            if on_call:
                vals['engineer_id'] = on_call.id
        return vals

    def _after_create_notifications(self, vals):
        """The to-dos of a ticket just created from ``vals`` (its values, read again from nothing)."""
        self.ensure_one()
        if vals.get('after_hours') and vals.get('engineer_id'):
            self._schedule_activity(self.env['res.users'].browse(vals['engineer_id']),
                                    _('After-hours request: call the customer back'))
        if vals['type_code'] == 'suggestion':
            for manager in self._managers():
                self._schedule_activity(manager, _('Customer suggestion to review'))

    def _on_state_change(self, old_state, new_state):
        now = fields.Datetime.now()
        vals = {}
        if old_state == 'new' and self.sla_response_state == 'running':
            self._mark_responded()
        if new_state == 'waiting' and self.sla_policy_id:
            vals['sla_paused_since'] = now
        if old_state == 'waiting' and self.sla_paused_since:
            vals.update(self._resume_sla_values(now))
        if new_state in ('solved', 'closed') and old_state not in ('solved', 'closed'):
            vals.update(self._resolution_values(now))
        if new_state == 'closed':
            vals['closed_at'] = now
        if new_state in OPEN_STATES and old_state in ('solved', 'closed'):
            vals.update({'resolved_at': False, 'closed_at': False})
            if self.sla_policy_id:
                vals['sla_resolution_state'] = 'running'
        if vals:
            self.write(vals)
        if new_state == 'solved' and self.type_code == 'repair':
            self._schedule_activity(self._responsible_user(), _('Callback: confirm the repair with the customer'),
                                    activity_xmlid='aftersales_service.mail_activity_type_callback')
        if new_state == 'solved':
            self._send_solved_mail()

    def _send_solved_mail(self):
        """Tell the customer the ticket is solved, with a token link to rate the service."""
        self.ensure_one()
        if (self.partner_email and not self.env.context.get('aftersales_no_ack')
                and not self.callback_ids.filtered('rated_at')):
            self._queue_customer_mails('aftersales_service.mail_template_aftersales_ticket_solved')

    def _queue_customer_mails(self, template_xmlid, from_representative=False):
        """Queue the e-mail of a template to the customer of each ticket,
        kept in the chatter.

        As ``mail.template.send_mail`` (one mail.mail a ticket), not the
        composer of ``message_post_with_template``, which renders the template
        twice and notifies every follower: three times the queries. Rendered
        once for all the tickets (each template field is one Jinja
        compilation) as the user (his signature and e-mail), written as
        superuser: users do not create mail.mail records themselves. The
        author is the user, or with ``from_representative`` (a job's mails)
        the ticket's representative when it has one."""
        template = self.env.ref(template_xmlid)
        names = [name for name in _TEMPLATE_FIELDS if template[name]]
        rendered = template.generate_email(self.ids, fields=names)
        subtype_id = self.env['ir.model.data'].xmlid_to_res_id('mail.mt_comment')
        Mail = self.env['mail.mail'].sudo()
        for ticket in self:
            author = (from_representative and ticket.user_id.partner_id) or self.env.user.partner_id
            Mail |= Mail.create(ticket._customer_mail_values(rendered[ticket.id], subtype_id, author))
        return Mail

    def _customer_mail_values(self, values, subtype_id, author):
        # the template's own attachments, and its report printed for the ticket
        values['attachment_ids'] = [(4, attachment_id) for attachment_id in values.get('attachment_ids', [])] + [
            (0, 0, {'name': name, 'datas_fname': name, 'datas': data, 'res_model': self._name, 'res_id': self.id})
            for name, data in values.pop('attachments', [])]
        if not values.get('email_from'):
            values.pop('email_from', None)
        partners = [(4, partner_id) for partner_id in values.get('partner_ids', [])]
        values.update({
            'partner_ids': partners,
            'recipient_ids': partners,
            'notification': True,  # the message stays in the chatter once the mail is sent
            'message_type': 'notification',
            'subtype_id': subtype_id,
            'author_id': author.id,
        })
        return values

    @api.model
    def _cron_acknowledge(self, batch_size=200):
        """Queue the acknowledgement of the new tickets, a batch at a time:
        one rendering of the template for the batch, instead of one in each
        ticket's creation. Locks the batch so a parallel run skips it."""
        tickets = self.search([('ack_pending', '=', True)], limit=batch_size, order='id')
        if not tickets:
            return True
        self.env.cr.execute("SELECT id FROM aftersales_ticket WHERE id IN %s AND ack_pending "
                            "FOR UPDATE SKIP LOCKED", (tuple(tickets.ids),))
        tickets = self.browse([row[0] for row in self.env.cr.fetchall()])
        tickets.with_context(tracking_disable=True).write({'ack_pending': False})   # nothing tracked changes
        template = 'aftersales_service.mail_template_aftersales_ticket_ack'
        try:
            with self.env.cr.savepoint():
                tickets._queue_customer_mails(template, from_representative=True)
        except Exception:  # pylint: disable=broad-except  (one bad ticket must not stop the others' acks)
            self.env.clear()
            for ticket in tickets:
                try:
                    with self.env.cr.savepoint():
                        ticket._queue_customer_mails(template, from_representative=True)
                except Exception:  # pylint: disable=broad-except
                    self.env.clear()
                    _logger.exception('The acknowledgement of ticket %s could not be queued', ticket.name)
        return True

    def _portal_rate(self, satisfaction, comment=None, resolved=None, author=None):
        """The customer's rating (1-5) of a solved ticket, given on the portal:
        stored on the ticket's last callback, or on a new portal callback when
        nobody called yet (``resolved``: the customer's answer, 'yes' or 'no')."""
        self.ensure_one()
        Callback = self.env['aftersales.callback']
        if self.stage_state not in ('solved', 'closed'):
            raise UserError(_('%s is not solved yet: you can rate the service once it is solved.') % self.name)
        if self.callback_ids.filtered('rated_at'):
            raise UserError(_('%s is already rated. Thank you!') % self.name)
        labels = dict(Callback._fields['satisfaction']._description_selection(self.env))
        if satisfaction not in labels:
            raise UserError(_('Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).'))
        comment = (comment or '').strip()
        now = fields.Datetime.now()
        values = {'satisfaction': satisfaction, 'customer_comment': comment or False, 'rated_at': now}
        callback = self.callback_ids[:1]
        if callback:
            callback.write(values)
        else:
            if resolved not in ('yes', 'no'):
                raise UserError(_('Tell us whether the problem is solved.'))
            values.update({'ticket_id': self.id, 'source': 'portal', 'resolved': resolved, 'date': now,
                           'user_id': (self.user_id or self.env.user).id})
            callback = Callback.create(values)
            if resolved == 'no':
                self._schedule_activity(self._responsible_user(),
                                        _('The customer says the problem is not solved: call back'))
        body = _('Rated by the customer: %(score)s/5 (%(label)s).') % {
            'score': satisfaction, 'label': labels[satisfaction]}
        if callback.source == 'portal' and resolved == 'no':
            body += ' ' + _('The customer says the problem is not solved.')
        if comment:
            body = '<p>%s</p>%s' % (body, plaintext2html(comment))
        author_values = {'author_id': author.id} if author else {}
        self.message_post(body=body, message_type='comment', subtype='mail.mt_note', **author_values)
        return callback

    def _mark_responded(self):
        now = fields.Datetime.now()
        for ticket in self:
            state = 'met' if not ticket.response_deadline or now <= ticket.response_deadline else 'missed'
            ticket.write({'responded_at': now, 'sla_response_state': state})

    def _resume_sla_values(self, now):
        policy = self.sla_policy_id
        paused = max(policy._working_hours_between(
            fields.Datetime.from_string(self.sla_paused_since), fields.Datetime.from_string(now)), 0.0)
        vals = {'sla_paused_since': False, 'sla_paused_hours': self.sla_paused_hours + paused}
        if paused:
            for field, state in (('response_deadline', self.sla_response_state),
                                 ('resolution_deadline', self.sla_resolution_state)):
                if state == 'running' and self[field]:
                    vals[field] = fields.Datetime.to_string(
                        policy._add_working_hours(fields.Datetime.from_string(self[field]), paused))
        return vals

    def _resolution_values(self, now):
        vals = {'resolved_at': now, 'sla_paused_since': False}
        if self.sla_resolution_state == 'running':
            deadline = self.resolution_deadline
            vals['sla_resolution_state'] = 'met' if not deadline or now <= deadline else 'missed'
        return vals

    def _responsible_user(self):
        """Who follows the ticket up: its representative, or a manager while nobody took it."""
        return self.user_id or self._managers()[:1]

    def _managers(self):
        return self.env.ref('aftersales_service.group_aftersales_manager').users.filtered(
            lambda u: self.company_id in u.company_ids and u.id != 1)

    def _schedule_activity(self, user, summary, activity_xmlid='mail.mail_activity_data_todo', days=0):
        self.ensure_one()
        if not user:
            return self.env['mail.activity']
        return self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get_id(self._name),
            'res_id': self.id,
            'activity_type_id': self.env.ref(activity_xmlid).id,
            'summary': summary,
            'user_id': user.id,
            'date_deadline': fields.Date.to_string(
                fields.Date.from_string(fields.Date.context_today(self)) + timedelta(days=days)),
        })

    def _escalate(self, reason):
        """Move the ticket one level up: customer service -> technical engineer -> on site."""
        levels = [level for level, _label in ESCALATION_LEVELS]
        for ticket in self:
            index = levels.index(ticket.escalation_level)
            if index == len(levels) - 1:
                raise UserError(_('%s is already escalated on site.') % ticket.name)
            level = levels[index + 1]
            engineer = ticket.engineer_id or ticket.area_id.engineer_id
            ticket.write({'escalation_level': level, 'escalated_at': fields.Datetime.now(),
                          'engineer_id': engineer.id})
            label = dict(self._fields['escalation_level']._description_selection(self.env))[level]
            ticket._schedule_activity(engineer, _('Escalated to %(level)s: %(reason)s') % {
                'level': label, 'reason': reason})
            ticket.message_post(
                body=_('Escalated to %(level)s. Reason: %(reason)s') % {'level': label, 'reason': reason},
                partner_ids=ticket._managers().mapped('partner_id').ids,
                subtype='mail.mt_note')
        return True

    @api.model
    def _cron_check_sla(self, batch_size=200):
        """Mark missed deadlines and escalate the tickets that missed their
        response deadline. Locks each batch so parallel runs skip it."""
        now = fields.Datetime.now()
        for field, state_field in (('response_deadline', 'sla_response_state'),
                                   ('resolution_deadline', 'sla_resolution_state')):
            tickets = self.search([(state_field, '=', 'running'), (field, '<', now),
                                   ('sla_paused_since', '=', False), ('stage_state', 'in', OPEN_STATES)],
                                  limit=batch_size, order=field)
            if not tickets:
                continue
            self.env.cr.execute(_LOCK_RUNNING[state_field], (tuple(tickets.ids),))
            tickets = self.browse([row[0] for row in self.env.cr.fetchall()])
            tickets.write({state_field: 'missed'})
            if state_field == 'sla_response_state':
                tickets.filtered(lambda t: t.escalation_level != 'onsite')._escalate(
                    _('response deadline missed'))
        return True
