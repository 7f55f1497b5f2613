from odoo import _, api, fields, models
from odoo.exceptions import UserError

ACTION_STATES = [('open', 'Open'), ('done', 'Done'), ('cancel', 'Cancelled')]


class AftersalesMeetingAction(models.Model):
    """An action item decided in a technical meeting: an activity of its
    owner on the meeting, done or cancelled with the activity."""
    _name = 'aftersales.meeting.action'
    _description = 'Technical Meeting Action Item'
    _order = 'meeting_id, date_deadline, id'

    meeting_id = fields.Many2one('aftersales.meeting', string='Meeting', required=True, ondelete='cascade',
                                 index=True)
    line_id = fields.Many2one('aftersales.meeting.line', string='Agenda Topic', ondelete='set null',
                              domain="[('meeting_id', '=', meeting_id)]")
    name = fields.Char(string='Action', required=True)
    user_id = fields.Many2one('res.users', string='Owner', required=True, index=True)
    date_deadline = fields.Date(string='Due Date', required=True)
    state = fields.Selection(ACTION_STATES, required=True, default='open', readonly=True, index=True, copy=False)
    done_date = fields.Date(string='Done On', readonly=True, copy=False)
    activity_id = fields.Many2one('mail.activity', string='Activity', readonly=True, copy=False,
                                  ondelete='set null', index=True)
    company_id = fields.Many2one(related='meeting_id.company_id', store=True, readonly=True)

    @api.model
    def create(self, vals):
        item = super(AftersalesMeetingAction, self).create(vals)
        item._schedule_activity()
        return item

    @api.multi
    def write(self, vals):
        result = super(AftersalesMeetingAction, self).write(vals)
        moved = {'user_id', 'date_deadline', 'name'} & set(vals)
        if moved:
            for item in self.filtered('activity_id'):
                item.activity_id.write({'user_id': item.user_id.id, 'date_deadline': item.date_deadline,
                                        'summary': item._activity_summary()})
        return result

    def action_done(self):
        labels = dict(self._fields['state']._description_selection(self.env))
        for item in self:
            if item.state != 'open':
                raise UserError(_('%(action)s is already %(state)s.') % {
                    'action': item.name, 'state': labels[item.state]})
            if item.activity_id:
                item.activity_id.action_feedback(feedback=_('Done'))
            else:
                item.write({'state': 'done', 'done_date': fields.Date.context_today(item)})
        return True

    def action_cancel(self):
        for item in self.filtered(lambda i: i.state == 'open'):
            if item.activity_id:
                item.activity_id.unlink()
            else:
                item.state = 'cancel'
        return True

    def _schedule_activity(self):
        todo = self.env.ref('mail.mail_activity_data_todo')
        model_id = self.env['ir.model']._get_id('aftersales.meeting')
        for item in self:
            item.activity_id = self.env['mail.activity'].create({
                'res_model_id': model_id, 'res_id': item.meeting_id.id, 'activity_type_id': todo.id,
                'summary': item._activity_summary(), 'user_id': item.user_id.id,
                'date_deadline': item.date_deadline,
            })

    def _activity_summary(self):
        self.ensure_one()
        return _('%(meeting)s: %(action)s') % {'meeting': self.meeting_id.name, 'action': self.name}
