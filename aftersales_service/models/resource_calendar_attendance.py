from odoo import api, fields, models, tools


class ResourceCalendarAttendance(models.Model):
    _name = 'resource.calendar.attendance'
    _inherit = ['resource.calendar.attendance', 'aftersales.cached.settings.mixin']

    @api.model
    @tools.ormcache('calendar_id')
    def _aftersales_rows(self, calendar_id):
        """The working hours of a calendar as (weekday, hour from, hour to,
        first day, last day) rows: each new ticket plans its SLA on them, so
        they are kept in the registry until an attendance changes."""
        attendances = self.sudo().search([('calendar_id', '=', calendar_id)], order='dayofweek, hour_from')
        return tuple((int(att.dayofweek), att.hour_from, att.hour_to, fields.Date.from_string(att.date_from),
                      fields.Date.from_string(att.date_to)) for att in attendances)
