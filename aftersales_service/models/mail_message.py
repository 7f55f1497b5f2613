from odoo import api, models
from odoo.tools import html_escape


class MailMessage(models.Model):
    _inherit = 'mail.message'

    @api.multi
    def _portal_message_format(self, fields_list):
        """Odoo 11's portal chatter shows the attachments' names with
        ``t-raw``: a file named ``<img src=x onerror=...>.png`` ran its
        script in the page of every reader. The names are sent escaped."""
        messages = super(MailMessage, self)._portal_message_format(fields_list)
        for message in messages:
            for attachment in message.get('attachment_ids') or []:
                for key in ('name', 'filename'):
                    if attachment.get(key):
                        attachment[key] = html_escape(attachment[key])
        return messages
