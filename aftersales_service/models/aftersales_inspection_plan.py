from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2.extensions import TransactionRollbackError

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Rounds, their equipment lines and the checks of each line are inserted in
# three statements per batch; the unique (plan, site, date) index makes the
# generation idempotent, also for two workers at once or after a crash.
_INSERT_ROUNDS = """
    INSERT INTO aftersales_inspection
        (name, plan_id, partner_id, commercial_partner_id, site_id, date, phase_id, template_id,
         user_id, company_id, state, create_uid, write_uid, create_date, write_date)
    SELECT r.name, r.plan_id, r.partner_id, r.commercial_partner_id, r.site_id, r.date, r.phase_id,
           r.template_id, r.user_id, r.company_id, 'planned', %(uid)s, %(uid)s,
           now() at time zone 'UTC', now() at time zone 'UTC'
      FROM unnest(%(names)s::varchar[], %(plans)s::int[], %(partners)s::int[], %(commercials)s::int[],
                  %(sites)s::int[], %(dates)s::date[], %(phases)s::int[], %(templates)s::int[],
                  %(users)s::int[], %(companies)s::int[])
           AS r(name, plan_id, partner_id, commercial_partner_id, site_id, date, phase_id, template_id,
                user_id, company_id)
    ON CONFLICT (plan_id, site_id, date) DO NOTHING
    RETURNING id
"""
_INSERT_LINES = """
    INSERT INTO aftersales_inspection_line
        (inspection_id, equipment_id, equipment_category_id, site_id, phase_id, date, status,
         create_uid, write_uid, create_date, write_date)
    SELECT i.id, e.id, e.category_id, i.site_id, i.phase_id, i.date, 'todo', %(uid)s, %(uid)s,
           now() at time zone 'UTC', now() at time zone 'UTC'
      FROM aftersales_inspection i
      JOIN maintenance_equipment e ON e.aftersales_site_id = i.site_id AND e.active
     WHERE i.id = ANY(%(ids)s)
"""
_INSERT_CHECKS = """
    INSERT INTO aftersales_inspection_check
        (line_id, item_id, sequence, create_uid, write_uid, create_date, write_date)
    SELECT l.id, it.id, it.sequence, %(uid)s, %(uid)s, now() at time zone 'UTC', now() at time zone 'UTC'
      FROM aftersales_inspection_line l
      JOIN aftersales_inspection i ON i.id = l.inspection_id
      JOIN maintenance_equipment e ON e.id = l.equipment_id
      JOIN aftersales_checklist_item it ON it.template_id = i.template_id
     WHERE l.inspection_id = ANY(%(ids)s)
       AND (NOT EXISTS (SELECT 1 FROM aftersales_checklist_item_phase_rel r WHERE r.item_id = it.id)
            OR EXISTS (SELECT 1 FROM aftersales_checklist_item_phase_rel r
                        WHERE r.item_id = it.id AND r.phase_id = i.phase_id))
       AND (NOT EXISTS (SELECT 1 FROM aftersales_checklist_item_category_rel r WHERE r.item_id = it.id)
            OR EXISTS (SELECT 1 FROM aftersales_checklist_item_category_rel r
                        WHERE r.item_id = it.id AND r.category_id = e.category_id))
       AND (NOT EXISTS (SELECT 1 FROM aftersales_checklist_item_product_rel r WHERE r.item_id = it.id)
            OR EXISTS (SELECT 1 FROM aftersales_checklist_item_product_rel r
                        WHERE r.item_id = it.id AND r.product_id = e.aftersales_product_id))
"""


class AftersalesInspectionPlan(models.Model):
    """Periodic inspection of a customer's sites (e.g. every school of a district)."""
    _name = 'aftersales.inspection.plan'
    _description = 'Inspection Plan'
    _inherit = ['mail.thread']
    _order = 'name'

    name = fields.Char(required=True, track_visibility='onchange')
    partner_id = fields.Many2one('res.partner', string='Customer', required=True, index=True)
    site_ids = fields.Many2many('res.partner', 'aftersales_inspection_plan_site_rel', 'plan_id', 'site_id',
                                string='Sites', help='Empty: every service site of the customer.')
    interval_number = fields.Integer(string='Every', required=True, default=1)
    interval_type = fields.Selection([('days', 'Days'), ('weeks', 'Weeks'), ('months', 'Months')],
                                     required=True, default='months')
    date_start = fields.Date(required=True, default=fields.Date.context_today)
    date_end = fields.Date()
    horizon_days = fields.Integer(string='Planning Horizon (days)', required=True, default=90,
                                  help='Rounds are generated this many days ahead.')
    phase_line_ids = fields.One2many('aftersales.inspection.plan.phase', 'plan_id', string='Phase Sequence',
                                     copy=True)
    user_id = fields.Many2one('res.users', string='Responsible Engineer', default=lambda self: self.env.user)
    team_id = fields.Many2one('maintenance.team', string='Service Team')
    finding_mode = fields.Selection([('create', 'Create repair tickets'), ('propose', 'Propose to the manager')],
                                    required=True, default='create',
                                    help='What a fault or a value outside its thresholds does.')
    inspection_ids = fields.One2many('aftersales.inspection', 'plan_id', string='Rounds')
    inspection_count = fields.Integer(compute='_compute_inspection_count', string='Rounds')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.user.company_id)

    def _compute_inspection_count(self):
        data = self.env['aftersales.inspection'].read_group(
            [('plan_id', 'in', self.ids)], ['plan_id'], ['plan_id'])
        counts = {item['plan_id'][0]: item['plan_id_count'] for item in data}
        for plan in self:
            plan.inspection_count = counts.get(plan.id, 0)

    @api.constrains('interval_number', 'horizon_days', 'date_start', 'date_end')
    def _check_recurrence(self):
        for plan in self:
            if plan.interval_number <= 0 or plan.horizon_days <= 0:
                raise ValidationError(_('The interval and the horizon of a plan must be positive.'))
            if plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(_('The plan %s ends before it starts.') % plan.name)

    @api.constrains('partner_id', 'site_ids')
    def _check_sites(self):
        for plan in self:
            if plan.site_ids.filtered(lambda s: s.commercial_partner_id != plan.partner_id.commercial_partner_id):
                raise ValidationError(_('Every site of %s must belong to its customer.') % plan.name)

    def _sites(self):
        self.ensure_one()
        if self.site_ids:
            return self.site_ids
        return self.env['res.partner'].search([
            ('id', 'child_of', self.partner_id.commercial_partner_id.id), ('aftersales_is_site', '=', True)])

    def _occurrences(self, until):
        """(index, date) of the plan's rounds from its start up to ``until``."""
        self.ensure_one()
        start = fields.Date.from_string(self.date_start)
        end = min(until, fields.Date.from_string(self.date_end)) if self.date_end else until
        index, day = 0, start
        while day <= end:
            yield index, day
            index += 1
            day = start + relativedelta(**{self.interval_type: self.interval_number * index})

    def _round_rows(self, today):
        """The rounds every plan of ``self`` should have, as column lists."""
        columns = {key: [] for key in ('names', 'plans', 'partners', 'commercials', 'sites', 'dates',
                                       'phases', 'templates', 'users', 'companies')}
        for plan in self.filtered(lambda p: p.phase_line_ids):
            phases = plan.phase_line_ids
            until = today + timedelta(days=plan.horizon_days)
            sites = plan._sites()
            for index, day in plan._occurrences(until):
                step = phases[index % len(phases)]
                for site in sites:
                    columns['names'].append('%s - %s - %s' % (plan.name, site.name, fields.Date.to_string(day)))
                    columns['plans'].append(plan.id)
                    columns['partners'].append(plan.partner_id.id)
                    columns['commercials'].append(plan.partner_id.commercial_partner_id.id)
                    columns['sites'].append(site.id)
                    columns['dates'].append(fields.Date.to_string(day))
                    columns['phases'].append(step.phase_id.id)
                    columns['templates'].append(step.template_id.id)
                    columns['users'].append(plan.user_id.id or None)
                    columns['companies'].append(plan.company_id.id)
        return columns

    def _generate_rounds(self, batch_size=500, commit=False, today=None):
        """Create the missing rounds up to each plan's horizon. Returns the
        number of rounds created."""
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        columns = self._round_rows(today)
        created = 0
        for start in range(0, len(columns['plans']), batch_size):
            params = {key: values[start:start + batch_size] for key, values in columns.items()}
            params['uid'] = self.env.uid
            created += self._insert_batch(params, commit)
        self.env['aftersales.inspection'].invalidate_cache()
        return created

    def _insert_batch(self, params, commit, attempts=3):
        """Insert one batch; with ``commit``, a batch that collides with a
        parallel run is rolled back and retried on a fresh snapshot, where the
        rows the other run committed are skipped."""
        cr = self.env.cr
        try:
            cr.execute(_INSERT_ROUNDS, params)
            ids = [row[0] for row in cr.fetchall()]
            if ids:
                cr.execute(_INSERT_LINES, {'ids': ids, 'uid': params['uid']})
                cr.execute(_INSERT_CHECKS, {'ids': ids, 'uid': params['uid']})
            if commit:
                cr.commit()  # pylint: disable=invalid-commit  (cron: one transaction per batch)
            return len(ids)
        except TransactionRollbackError:
            if not commit or attempts <= 1:
                raise
            cr.rollback()
            return self._insert_batch(params, commit, attempts - 1)

    def action_generate_rounds(self):
        self.ensure_one()
        created = self._generate_rounds()
        self.message_post(body=_('%d rounds generated up to the planning horizon.') % created)
        return self.action_rounds()

    def action_rounds(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_inspection_action').read()[0]
        action['domain'] = [('plan_id', '=', self.id)]
        action['context'] = {'default_plan_id': self.id}
        return action

    @api.model
    def _cron_generate_rounds(self, batch_size=500):
        self.search([])._generate_rounds(batch_size=batch_size, commit=True)
        return True
