# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class AftersalesPresalesInterview(models.Model):
    _name = 'aftersales.presales.interview'
    _description = 'Pre-sales Customer Interview'
    _order = 'date desc, id desc'

    request_id = fields.Many2one('aftersales.presales.request', string='Pre-sales Request', required=True,
                                 index=True, ondelete='cascade')
    company_id = fields.Many2one(related='request_id.company_id', store=True, readonly=True, index=True)
    name = fields.Char(string='Department', required=True)
    people_met = fields.Text()
    date = fields.Date(required=True, default=fields.Date.context_today)
    notes = fields.Text()
    minutes_sent_date = fields.Date(string='Minutes Sent On')
    confirmed_date = fields.Date(string='Confirmed On')
    confirmed_by = fields.Char(help='Who confirmed the minutes at the customer.')
    process_ids = fields.One2many('aftersales.presales.process', 'interview_id', string='Process Survey')

    @api.constrains('minutes_sent_date', 'confirmed_date')
    def _check_minutes_dates(self):
        for interview in self:
            if interview.confirmed_date and interview.minutes_sent_date and \
                    interview.confirmed_date < interview.minutes_sent_date:
                raise ValidationError(_('The minutes of %s cannot be confirmed before they were sent.')
                                      % interview.name)

    def action_send_minutes(self):
        self.write({'minutes_sent_date': fields.Date.context_today(self)})
        return True

    def action_confirm_minutes(self):
        for interview in self:
            if not interview.minutes_sent_date or not interview.confirmed_by:
                raise UserError(_('Send the minutes of %s and say who confirmed them first.') % interview.name)
            if not interview.confirmed_date:
                interview.confirmed_date = fields.Date.context_today(interview)
        return True
