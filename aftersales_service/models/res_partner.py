from odoo import fields, models


class ResPartner(models.Model):
    """Customers and their service sites (a school, a township office...)."""
    _inherit = 'res.partner'

    aftersales_is_site = fields.Boolean(string='Service Site',
                                        help='An address of the customer where installed equipment is serviced.')
    aftersales_area_id = fields.Many2one('aftersales.service.area', string='Service Area', index=True)
    aftersales_equipment_count = fields.Integer(compute='_compute_aftersales_counts', string='Equipment')
    aftersales_ticket_count = fields.Integer(compute='_compute_aftersales_counts', string='Service Tickets')

    def _aftersales_domain(self, customer_field, site_field):
        self.ensure_one()
        if self.aftersales_is_site:
            return [(site_field, '=', self.id)]
        return [(customer_field, 'child_of', self.commercial_partner_id.id)]

    def _compute_aftersales_counts(self):
        equipment = self.env['maintenance.equipment']
        tickets = self.env['aftersales.ticket']
        for partner in self:
            if not partner.id:
                partner.aftersales_equipment_count = partner.aftersales_ticket_count = 0
                continue
            partner.aftersales_equipment_count = equipment.search_count(
                partner._aftersales_domain('aftersales_customer_id', 'aftersales_site_id'))
            partner.aftersales_ticket_count = tickets.search_count(
                partner._aftersales_domain('partner_id', 'site_id'))

    def action_aftersales_equipment(self):
        self.ensure_one()
        action = self.env.ref('maintenance.hr_equipment_action').read()[0]
        action['domain'] = self._aftersales_domain('aftersales_customer_id', 'aftersales_site_id')
        action['context'] = {'default_aftersales_customer_id': self.commercial_partner_id.id,
                             'default_aftersales_site_id': self.aftersales_is_site and self.id}
        return action

    def action_aftersales_tickets(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_ticket_action').read()[0]
        action['domain'] = self._aftersales_domain('partner_id', 'site_id')
        action['context'] = {'default_partner_id': self.commercial_partner_id.id,
                             'default_site_id': self.aftersales_is_site and self.id}
        return action

    def _notify_by_chat(self, message):
        """Odoo 11 formats the message for the bus (a dozen queries) even when
        no partner is to be told in the chat: a tracking note or an incoming
        mail nobody follows in the inbox, each time a ticket is created."""
        if not self:
            return None
        return super(ResPartner, self)._notify_by_chat(message)
