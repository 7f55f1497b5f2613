from datetime import time, timedelta

from odoo import _, api, fields, models, tools
from odoo.addons.resource.models.resource import to_naive_user_tz
from odoo.exceptions import ValidationError

from .maintenance_equipment import CRITICALITY


def _tz_get(self):
    return self.env['res.partner']._fields['tz'].selection(self.env['res.partner'])


class AftersalesSlaPolicy(models.Model):
    """Promised response and resolution times, in working hours."""
    _name = 'aftersales.sla.policy'
    _description = 'SLA Policy'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    type_id = fields.Many2one('aftersales.ticket.type', string='Ticket Type',
                              help='Empty: any ticket type.')
    priority = fields.Selection([('0', 'Normal'), ('1', 'High'), ('2', 'Urgent')],
                                help='Empty: any priority.')
    criticality = fields.Selection(CRITICALITY, string='Equipment Criticality',
                                   help='Empty: any equipment.')
    calendar_id = fields.Many2one('resource.calendar', string='Working Hours', required=True,
                                  default=lambda self: self.env.user.company_id.resource_calendar_id)
    tz = fields.Selection(_tz_get, string='Timezone', required=True,
                          default=lambda self: self.env.user.tz or 'UTC',
                          help='Timezone of the working hours.')
    response_hours = fields.Float(string='Response Target (working hours)', required=True)
    resolution_hours = fields.Float(string='Resolution Target (working hours)', required=True)
    company_id = fields.Many2one('res.company', required=True,
                                 default=lambda self: self.env.user.company_id)

    @api.constrains('response_hours', 'resolution_hours')
    def _check_targets(self):
        for policy in self:
            if policy.response_hours <= 0 or policy.resolution_hours <= 0:
                raise ValidationError(_('SLA targets must be positive numbers of working hours.'))
            if policy.resolution_hours < policy.response_hours:
                raise ValidationError(_('The resolution target cannot be shorter than the response target.'))

    @api.model
    def _find_for(self, ticket_type, priority, criticality, company):
        """The most specific active policy matching a ticket."""
        return self.browse(self._find_id_for(ticket_type.id, priority or False, criticality or False, company.id))

    @api.model
    @tools.ormcache('type_id', 'priority', 'criticality', 'company_id')
    def _find_id_for(self, type_id, priority, criticality, company_id):
        # asked for each new ticket; forgotten when a policy changes (clear_caches)
        policies = self.sudo().with_context(active_test=True).search([
            ('company_id', '=', company_id),
            ('type_id', 'in', [type_id, False]),
            ('priority', 'in', [priority, False]),
            ('criticality', 'in', [criticality, False]),
        ])
        return policies.sorted(
            lambda p: (-(bool(p.type_id) + bool(p.priority) + bool(p.criticality)), p.sequence, p.id))[:1].id

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super(AftersalesSlaPolicy, self).create(vals)

    @api.multi
    def write(self, vals):
        self.clear_caches()
        return super(AftersalesSlaPolicy, self).write(vals)

    @api.multi
    def unlink(self):
        self.clear_caches()
        return super(AftersalesSlaPolicy, self).unlink()

    def _calendar(self):
        return self.calendar_id.with_context(tz=self.tz)

    def _add_working_hours(self, start, hours):
        """``start`` + ``hours`` working hours, as a naive UTC datetime."""
        return self._add_working_hours_each(start, [hours])[0]

    def _add_working_hours_each(self, start, hours_list):
        """``start`` + each of ``hours_list`` working hours (naive UTC), from
        one plan of the longest: the calendar is read once per day planned."""
        return self._plan_working_hours(start, hours_list)[0]

    def _plan_working_hours(self, start, hours_list):
        """(``start`` + each of ``hours_list`` working hours, whether
        ``start`` is in working time), from one plan of the longest."""
        self.ensure_one()
        intervals = self._calendar()._schedule_hours(max(hours_list), start, compute_leaves=True)
        results = []
        for hours in hours_list:
            remaining, deadline = timedelta(hours=hours), start
            for begin, end in (interval[:2] for interval in intervals):
                deadline = begin + remaining if end - begin >= remaining else end
                remaining -= min(end - begin, remaining)
                if not remaining:
                    # an interval filled exactly ends the plan there, not at
                    # the start of the next interval (Odoo 11 adds an empty one)
                    break
            results.append(deadline)
        # in working time, the plan starts at once
        return results, bool(intervals) and intervals[0][0] == start and intervals[0][1] > start

    def _working_hours_between(self, start, end):
        """Working hours from ``start`` to ``end`` (naive UTC), negative when
        ``end`` comes first. Counted day by day: Odoo 11's
        ``get_work_hours_count`` drops the last day when it ends earlier in
        the day than ``start``."""
        self.ensure_one()
        if end < start:
            return -self._working_hours_between(end, start)
        calendar = self._calendar()
        local_start, local_end = (to_naive_user_tz(moment, calendar.env.user) for moment in (start, end))
        total = timedelta()
        day = local_start.date()
        while day <= local_end.date():
            intervals = calendar._get_day_work_intervals(
                day, start_time=local_start.time() if day == local_start.date() else time.min,
                end_time=local_end.time() if day == local_end.date() else time.max, compute_leaves=True)
            total += sum((interval[1] - interval[0] for interval in intervals), timedelta())
            day += timedelta(days=1)
        return total.total_seconds() / 3600.0

    def _is_working_time(self, moment):
        self.ensure_one()
        return self._working_hours_between(moment, moment + timedelta(minutes=1)) > 0
