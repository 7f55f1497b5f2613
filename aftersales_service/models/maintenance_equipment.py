from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CRITICALITY = [
    ('critical', 'Critical'),
    ('important', 'Important'),
    ('normal', 'Normal'),
]


class MaintenanceEquipment(models.Model):
    """Installed equipment at a customer's site."""
    _inherit = 'maintenance.equipment'

    aftersales_customer_id = fields.Many2one(
        'res.partner', string='Customer', index=True, domain=[('customer', '=', True)])
    aftersales_commercial_partner_id = fields.Many2one(
        related='aftersales_customer_id.commercial_partner_id', store=True, readonly=True, index=True,
        string='Customer Entity')
    aftersales_site_id = fields.Many2one(
        'res.partner', string='Site', index=True,
        help='Address of the customer where the equipment is installed.')
    aftersales_product_id = fields.Many2one('product.product', string='Product')
    aftersales_install_date = fields.Date(string='Installed On')
    aftersales_warranty_end = fields.Date(string='Warranty Until')
    aftersales_criticality = fields.Selection(CRITICALITY, string='Criticality', default='normal',
                                              help='Key equipment gets priority and spare parts first.')
    aftersales_under_warranty = fields.Boolean(string='Under Warranty', compute='_compute_aftersales_under_warranty')
    aftersales_ticket_ids = fields.One2many('aftersales.ticket', 'equipment_id', string='Service Tickets')
    aftersales_ticket_count = fields.Integer(compute='_compute_aftersales_ticket_count', string='Tickets')
    aftersales_frequent_fault = fields.Boolean(
        string='Frequent Faults', readonly=True, index=True,
        help='More repairs than the threshold over the window: flagged for technical analysis.')

    def _compute_aftersales_under_warranty(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.aftersales_under_warranty = bool(
                equipment.aftersales_warranty_end and equipment.aftersales_warranty_end >= today)

    def _compute_aftersales_ticket_count(self):
        data = self.env['aftersales.ticket'].read_group(
            [('equipment_id', 'in', self.ids)], ['equipment_id'], ['equipment_id'])
        counts = {item['equipment_id'][0]: item['equipment_id_count'] for item in data}
        for equipment in self:
            equipment.aftersales_ticket_count = counts.get(equipment.id, 0)

    @api.constrains('aftersales_customer_id', 'aftersales_site_id')
    def _check_aftersales_site(self):
        for equipment in self:
            site, customer = equipment.aftersales_site_id, equipment.aftersales_customer_id
            if site and customer and site.commercial_partner_id != customer.commercial_partner_id:
                raise ValidationError(_('The site of %s does not belong to its customer.') % equipment.name)

    @api.constrains('aftersales_install_date', 'aftersales_warranty_end')
    def _check_aftersales_warranty(self):
        for equipment in self:
            if (equipment.aftersales_install_date and equipment.aftersales_warranty_end
                    and equipment.aftersales_warranty_end < equipment.aftersales_install_date):
                raise ValidationError(_('The warranty of %s cannot end before its installation.') % equipment.name)

    @api.onchange('aftersales_site_id')
    def _onchange_aftersales_site_id(self):
        if self.aftersales_site_id and not self.aftersales_customer_id:
            self.aftersales_customer_id = self.aftersales_site_id.commercial_partner_id

    @api.model
    def _cron_flag_frequent_faults(self, window_days=90, threshold=3):
        """Flag the equipment with more than ``threshold`` repairs over the
        last ``window_days`` days and propose a fault analysis for each new one."""
        since = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=window_days))
        data = self.env['aftersales.ticket'].read_group(
            [('type_code', '=', 'repair'), ('create_date', '>=', since), ('equipment_id', '!=', False)],
            ['equipment_id'], ['equipment_id'])
        frequent = self.browse([item['equipment_id'][0] for item in data
                                if item['equipment_id_count'] > threshold])
        newly = frequent.filtered(lambda e: not e.aftersales_frequent_fault)
        self.search([('aftersales_frequent_fault', '=', True), ('id', 'not in', frequent.ids)]).write(
            {'aftersales_frequent_fault': False})
        newly.write({'aftersales_frequent_fault': True})
        tech = self.env.ref('aftersales_service.group_aftersales_tech').users[:1]
        for equipment in newly:
            equipment._aftersales_schedule_activity(
                tech, _('Frequent faults on %s: write a fault analysis') % equipment.name)
        return frequent

    def _aftersales_schedule_activity(self, user, summary):
        self.ensure_one()
        if user:
            self.env['mail.activity'].sudo().create({
                'res_model_id': self.env['ir.model']._get_id(self._name), 'res_id': self.id,
                'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
                'summary': summary, 'user_id': user.id, 'date_deadline': fields.Date.context_today(self)})

    def action_aftersales_tickets(self):
        self.ensure_one()
        action = self.env.ref('aftersales_service.aftersales_ticket_action').read()[0]
        action['domain'] = [('equipment_id', '=', self.id)]
        action['context'] = {'default_equipment_id': self.id,
                             'default_partner_id': self.aftersales_customer_id.id,
                             'default_site_id': self.aftersales_site_id.id}
        return action
