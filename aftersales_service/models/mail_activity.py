from odoo import fields, models


class MailActivity(models.Model):
    """Done or cancelled, the activity of a meeting's action item closes it."""
    _inherit = 'mail.activity'

    def action_feedback(self, feedback=False):
        self._aftersales_close_action_items('done')
        return super(MailActivity, self).action_feedback(feedback=feedback)

    def unlink(self):
        self._aftersales_close_action_items('cancel')
        return super(MailActivity, self).unlink()

    def _aftersales_close_action_items(self, state):
        if not self.ids:
            return
        # the owner of the activity may not write the meeting's action items
        items = self.env['aftersales.meeting.action'].sudo().search(
            [('activity_id', 'in', self.ids), ('state', '=', 'open')])
        if items:
            values = {'state': state}
            if state == 'done':
                values['done_date'] = fields.Date.context_today(self)
            items.write(values)
