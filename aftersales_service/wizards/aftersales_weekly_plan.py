from datetime import datetime, time, timedelta

import pytz

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class AftersalesWeeklyPlan(models.TransientModel):
    """Print the visits and inspection rounds of one week, engineer by engineer."""
    _name = 'aftersales.weekly.plan'
    _description = 'Weekly Maintenance Plan'

    week_start = fields.Date(string='Week Starting', required=True, default=lambda self: self._default_week_start())
    engineer_ids = fields.Many2many('res.users', string='Engineers',
                                    help='Leave empty to print the plan of every engineer.')

    def _default_week_start(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today - timedelta(days=today.weekday()))

    def action_print(self):
        self.ensure_one()
        if not self.env.user.has_group('base.group_user'):
            # a wizard can be created by anyone: the plan is the department's
            raise AccessError(_('The weekly maintenance plan is for the After-Sales department.'))
        visits = self._get_visits()
        rounds = self.env['report.aftersales_service.report_aftersales_weekly_plan']._rounds(
            fields.Date.from_string(self.week_start), fields.Date.from_string(self.week_start) + timedelta(days=6),
            self.engineer_ids.ids)
        if not visits and not rounds:
            raise UserError(_('No visit or inspection round is planned for that week.'))
        report = self.env.ref('aftersales_service.action_report_aftersales_weekly_plan')
        return report.report_action(visits, data={
            'visit_ids': visits.ids,
            'week_start': self.week_start,
            'engineer_ids': self.engineer_ids.ids,
        })

    def _get_visits(self):
        """The visits of the week, the week running from Monday 00:00 in the user's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.env.context.get('tz') or self.env.user.tz or 'UTC')
        monday = datetime.combine(fields.Date.from_string(self.week_start), time.min)
        start = tz.localize(monday).astimezone(pytz.utc).replace(tzinfo=None)
        end = tz.localize(monday + timedelta(days=7)).astimezone(pytz.utc).replace(tzinfo=None)
        domain = [('state', '!=', 'cancel'),
                  ('planned_start', '<', fields.Datetime.to_string(end)),
                  ('planned_end', '>', fields.Datetime.to_string(start))]
        if self.engineer_ids:
            domain += ['|', ('user_id', 'in', self.engineer_ids.ids), ('engineer_ids', 'in', self.engineer_ids.ids)]
        return self.env['aftersales.visit'].search(domain, order='planned_start, id')
