from werkzeug.urls import url_encode

from odoo import _, models


class AftersalesPortalMixin(models.AbstractModel):
    """Portal links of a document with an ``access_token``: customers reach
    its portal page, mails to customers carry the token link.

    List it *before* ``mail.thread`` in ``_inherit`` so its
    ``_notification_recipients`` runs first."""
    _name = 'aftersales.portal.mixin'
    _description = 'After-Sales Portal Links'

    def _portal_token_url(self, suffix=''):
        """The portal path of the record (plus ``suffix``) with its access token."""
        self.ensure_one()
        record = self.sudo()
        return '%s%s?%s' % (record.portal_url, suffix, url_encode({'access_token': record.access_token}))

    def _aftersales_portal_contact(self):
        """The customer's person who writes through a token link."""
        self.ensure_one()
        record = self.sudo()
        contact = record.contact_id if 'contact_id' in record._fields else False
        if not contact and 'ticket_id' in record._fields:
            contact = record.ticket_id.contact_id
        return contact or record.partner_id

    def get_access_action(self, access_uid=None):
        """Portal users open the portal page instead of the backend form."""
        self.ensure_one()
        user = self.env['res.users'].sudo().browse(access_uid) if access_uid else self.env.user
        if user.share:
            return {'type': 'ir.actions.act_url', 'url': self.portal_url, 'target': 'self', 'res_id': self.id}
        return super(AftersalesPortalMixin, self).get_access_action(access_uid=access_uid)

    def _notification_recipients(self, message, groups):
        """Customers (with or without a portal login) get a button to the
        portal page, with the access token."""
        groups = super(AftersalesPortalMixin, self)._notification_recipients(message, groups)
        if len(self) != 1:
            return groups
        base_url = self.env['ir.config_parameter'].sudo().get_param('web.base.url') or ''
        button = {'url': base_url + self._portal_token_url(), 'title': _('View %s') % self.sudo().name}
        for group_name, _group_func, group_data in groups:
            if group_name in ('portal', 'customer'):
                group_data['has_button_access'] = True
                group_data['button_access'] = button
        return groups
