from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models, tools
from odoo.addons.resource.models.resource import float_to_time, to_naive_user_tz
from odoo.exceptions import ValidationError

from .maintenance_equipment import CRITICALITY

# how far a plan looks ahead for working time: a calendar with none in a year plans nothing
_PLAN_DAYS = 366


def _to_utc(tz, local):
    return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def _subtract(begin, end, leaves):
    """The pieces of [begin, end) outside the sorted ``leaves``."""
    pieces = []
    for leave_begin, leave_end in leaves:
        if leave_end <= begin or leave_begin >= end:
            continue
        if leave_begin > begin:
            pieces.append((begin, leave_begin))
        begin = max(begin, leave_end)
        if begin >= end:
            return pieces
    return pieces + [(begin, end)]


def deadline_in(intervals, start, hours):
    """The moment ``hours`` working hours after ``start``, along the
    working ``intervals`` (naive UTC, in order) planned from ``start``."""
    remaining, deadline = timedelta(hours=hours), start
    for begin, end in (interval[:2] for interval in intervals):
        deadline = begin + remaining if end - begin >= remaining else end
        remaining -= min(end - begin, remaining)
        if not remaining:
            # an interval filled exactly ends the plan there, not at the
            # start of the next interval (Odoo 11 adds an empty one)
            break
    return deadline


def _tz_get(self):
    return self.env['res.partner']._fields['tz'].selection(self.env['res.partner'])


class AftersalesSlaPolicy(models.Model):
    """Promised response and resolution times, in working hours."""
    _name = 'aftersales.sla.policy'
    _inherit = ['aftersales.cached.settings.mixin']
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

    def _calendar(self):
        return self.calendar_id.with_context(tz=self.tz)

    def _add_working_hours(self, start, hours):
        """``start`` + ``hours`` working hours, as a naive UTC datetime."""
        return self._add_working_hours_each(start, [hours])[0]

    def _add_working_hours_each(self, start, hours_list):
        """``start`` + each of ``hours_list`` working hours (naive UTC), from
        one plan of the longest."""
        return self._plan_working_hours(start, hours_list)[0]

    def _plan_working_hours(self, start, hours_list):
        """(``start`` + each of ``hours_list`` working hours, whether
        ``start`` is in working time), from one plan of the longest."""
        self.ensure_one()
        intervals = self._working_intervals(start, max(hours_list))
        results = [deadline_in(intervals, start, hours) for hours in hours_list]
        # in working time, the plan starts at once
        return results, bool(intervals) and intervals[0][0] == start

    def _working_intervals(self, start, hours):
        """The working intervals (naive UTC) from ``start`` on, until they
        make ``hours``: the calendar's working hours in the policy's timezone
        (kept in the registry), less the calendar's leaves (read a month at
        a time). What Odoo 11's ``_schedule_hours`` plans, without reading
        the calendar again for each day."""
        rows = self.env['resource.calendar.attendance']._aftersales_rows(self.calendar_id.id)
        if not rows or hours <= 0:
            return []
        tz = pytz.timezone(self.tz or 'UTC')
        local_start = pytz.utc.localize(start).astimezone(tz).replace(tzinfo=None)
        remaining, intervals, day = timedelta(hours=hours), [], local_start.date()
        leaves, leaves_until = [], day
        for _day_index in range(_PLAN_DAYS):
            if day >= leaves_until:
                leaves_until = day + timedelta(days=31)
                leaves = self._leave_intervals(_to_utc(tz, datetime.combine(day, time.min)),
                                               _to_utc(tz, datetime.combine(leaves_until, time.min)))
            for weekday, hour_from, hour_to, first_day, last_day in rows:
                if weekday != day.weekday() or (first_day and first_day > day) or (last_day and last_day < day):
                    continue
                begin = max(datetime.combine(day, float_to_time(hour_from)), local_start)
                end = datetime.combine(day, float_to_time(hour_to))
                if end <= begin:
                    continue
                for piece in _subtract(_to_utc(tz, begin), _to_utc(tz, end), leaves):
                    intervals.append(piece)
                    remaining -= piece[1] - piece[0]
                    if remaining <= timedelta():
                        return intervals
            day += timedelta(days=1)
        return intervals

    def _leave_intervals(self, begin, end):
        """The calendar's leaves (not those of one resource) between ``begin`` and ``end`` (naive UTC)."""
        leaves = self.env['resource.calendar.leaves'].sudo().search([
            ('calendar_id', '=', self.calendar_id.id), ('resource_id', '=', False),
            ('date_to', '>', fields.Datetime.to_string(begin)), ('date_from', '<', fields.Datetime.to_string(end))])
        return sorted((fields.Datetime.from_string(leave.date_from), fields.Datetime.from_string(leave.date_to))
                      for leave in leaves)

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
