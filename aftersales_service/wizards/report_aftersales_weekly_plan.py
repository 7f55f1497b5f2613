from collections import OrderedDict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date


class ReportAftersalesWeeklyPlan(models.AbstractModel):
    """Group the printed visits and inspection rounds by engineer, then by
    day in the user's time zone."""
    _name = 'report.aftersales_service.report_aftersales_weekly_plan'
    _description = 'Weekly Maintenance Plan Report'

    @api.model
    def get_report_values(self, docids, data=None):
        data = data or {}
        visits = self.env['aftersales.visit'].browse(docids or data.get('visit_ids') or [])
        visits = visits.filtered(lambda v: v.state != 'cancel').sorted(lambda v: (v.planned_start, v.id))
        days = [self._local(visit.planned_start).date() for visit in visits]
        if data.get('week_start'):
            first = fields.Date.from_string(data['week_start'])
            last = first + timedelta(days=6)
        elif days:
            # printed from the list: the whole weeks of the selected visits
            first = min(days) - timedelta(days=min(days).weekday())
            last = max(days) + timedelta(days=6 - max(days).weekday())
        else:
            first = last = None
        rounds = self._rounds(first, last, data.get('engineer_ids'))
        engineers = visits.mapped('user_id') | visits.mapped('engineer_ids') | rounds.mapped('user_id')
        if data.get('engineer_ids'):
            engineers &= self.env['res.users'].browse(data['engineer_ids'])
        sections = [self._section(engineer, visits, days, rounds) for engineer in engineers.sorted('name')]
        return {
            'doc_ids': visits.ids,
            'doc_model': 'aftersales.visit',
            'docs': visits,
            'sections': sections,
            'week_first': first and self._date_label(first),
            'week_last': last and self._date_label(last),
        }

    def _rounds(self, first, last, engineer_ids):
        """The week's inspection rounds not yet booked as a visit (booked
        ones are printed as their visit)."""
        if not first:
            return self.env['aftersales.inspection']
        domain = [('state', 'in', ('planned', 'in_progress')), ('visit_id', '=', False),
                  ('user_id', '!=', False),
                  ('date', '>=', fields.Date.to_string(first)), ('date', '<=', fields.Date.to_string(last))]
        if engineer_ids:
            domain.append(('user_id', 'in', engineer_ids))
        return self.env['aftersales.inspection'].search(domain, order='date, id')

    def _section(self, engineer, visits, days, rounds):
        by_day = OrderedDict()
        for visit, day in zip(visits, days):
            if engineer in visit.user_id | visit.engineer_ids:
                end = self._local(visit.planned_end)
                by_day.setdefault(day, {'lines': [], 'rounds': []})['lines'].append({
                    'visit': visit,
                    'start': self._local(visit.planned_start).strftime('%H:%M'),
                    'end': end.strftime('%H:%M') if end.date() == day else '%s %s' % (
                        self._date_label(end.date()), end.strftime('%H:%M')),
                    'lead': visit.user_id == engineer,
                })
        for inspection in rounds.filtered(lambda r: r.user_id == engineer):
            day = fields.Date.from_string(inspection.date)
            by_day.setdefault(day, {'lines': [], 'rounds': []})['rounds'].append(inspection)
        return {
            'engineer': engineer,
            'days': [dict(entries, label=self._day_label(day)) for day, entries in sorted(by_day.items())],
            'count': sum(len(entries['lines']) for entries in by_day.values()),
            'round_count': sum(len(entries['rounds']) for entries in by_day.values()),
        }

    def _local(self, value):
        return fields.Datetime.context_timestamp(self, fields.Datetime.from_string(value))

    def _date_label(self, day):
        return format_date(self.env, fields.Date.to_string(day))

    def _day_label(self, day):
        day = fields.Date.to_string(day)
        return '%s %s' % (format_date(self.env, day, date_format='EEEE'), format_date(self.env, day))
