from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AftersalesVisitAttendance(models.Model):
    """Who checked in and out on site, and when."""
    _name = 'aftersales.visit.attendance'
    _description = 'Visit Attendance'
    _order = 'check_in desc, id desc'

    visit_id = fields.Many2one('aftersales.visit', required=True, ondelete='cascade', index=True)
    user_id = fields.Many2one('res.users', string='Engineer', required=True, index=True)
    check_in = fields.Datetime(required=True)
    check_out = fields.Datetime()
    hours = fields.Float(compute='_compute_hours', store=True, string='Hours on Site')
    company_id = fields.Many2one(related='visit_id.company_id', store=True, readonly=True)

    @api.depends('check_in', 'check_out')
    def _compute_hours(self):
        for attendance in self:
            if attendance.check_in and attendance.check_out:
                delta = (fields.Datetime.from_string(attendance.check_out)
                         - fields.Datetime.from_string(attendance.check_in))
                attendance.hours = delta.total_seconds() / 3600.0
            else:
                attendance.hours = 0.0

    @api.constrains('check_in', 'check_out')
    def _check_times(self):
        for attendance in self:
            if attendance.check_out and attendance.check_out < attendance.check_in:
                raise ValidationError(_('Check-out cannot come before check-in.'))
