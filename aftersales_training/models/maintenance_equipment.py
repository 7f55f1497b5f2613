from datetime import timedelta

from odoo import SUPERUSER_ID, _, api, fields, models

# equipment installed within this many days (or later) is newly commissioned
COMMISSIONING_WINDOW_DAYS = 30
# the customer training is proposed this many days after the installation, at this hour
PROPOSAL_DELAY_DAYS = 7
PROPOSAL_HOUR = 9
# fields whose change may commission a piece of equipment
COMMISSIONING_FIELDS = {'aftersales_install_date', 'aftersales_customer_id', 'aftersales_site_id',
                        'aftersales_product_id'}


class MaintenanceEquipment(models.Model):
    """Commissioning trigger: newly installed equipment of a customer gets a
    customer training proposed (a planned session per customer and site)."""
    _inherit = 'maintenance.equipment'

    aftersales_training_session_ids = fields.Many2many(
        'aftersales.training.session', 'aftersales_training_session_equipment_rel', 'equipment_id', 'session_id',
        string='Customer Trainings', readonly=True, copy=False)
    aftersales_training_count = fields.Integer(compute='_compute_aftersales_training_count',
                                               string='Trainings')

    @api.depends('aftersales_training_session_ids')
    def _compute_aftersales_training_count(self):
        for equipment in self:
            equipment.aftersales_training_count = len(equipment.aftersales_training_session_ids)

    @api.model
    def create(self, vals):
        equipment = super(MaintenanceEquipment, self).create(vals)
        equipment._aftersales_propose_training()
        return equipment

    @api.multi
    def write(self, vals):
        result = super(MaintenanceEquipment, self).write(vals)
        if COMMISSIONING_FIELDS & set(vals):
            self._aftersales_propose_training()
        return result

    def action_aftersales_trainings(self):
        self.ensure_one()
        action = self.env.ref('aftersales_training.aftersales_training_session_action').read()[0]
        action['domain'] = [('equipment_ids', 'in', self.ids)]
        action['context'] = {
            'default_kind': 'customer', 'default_partner_id': self.aftersales_customer_id.id,
            'default_site_id': self.aftersales_site_id.id,
            'default_product_ids': [(6, 0, self.aftersales_product_id.ids)],
            'default_equipment_ids': [(6, 0, self.ids)]}
        return action

    # ------------------------------------------------------------------
    # commissioning
    # ------------------------------------------------------------------

    def _aftersales_newly_commissioned(self):
        """The equipment of a customer installed recently (or to be), not yet
        part of a customer training."""
        if self.env.context.get('aftersales_training_no_proposal'):
            return self.browse()
        since = fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)) - timedelta(days=COMMISSIONING_WINDOW_DAYS))
        return self.filtered(lambda equipment: (
            equipment.active and equipment.aftersales_customer_id and equipment.aftersales_install_date
            and equipment.aftersales_install_date >= since and not equipment.aftersales_training_session_ids))

    def _aftersales_propose_training(self):
        """Add the newly commissioned equipment to the planned customer
        training of its customer and site, or propose a new one."""
        equipments = self.sudo()._aftersales_newly_commissioned()
        if not equipments:
            return self.env['aftersales.training.session']
        Session = self.env['aftersales.training.session'].sudo()
        groups = {}
        for equipment in equipments:
            key = (equipment.aftersales_customer_id.commercial_partner_id, equipment.aftersales_site_id)
            groups.setdefault(key, self.browse())
            groups[key] |= equipment
        sessions = Session.browse()
        for (customer, site), group in groups.items():
            session = Session.search([
                ('kind', '=', 'customer'), ('state', '=', 'planned'), ('commercial_partner_id', '=', customer.id),
                ('site_id', '=', site.id)], order='date_start', limit=1)
            if session:
                session.write({'equipment_ids': [(4, equipment.id) for equipment in group],
                               'product_ids': [(4, product.id) for product in group.mapped('aftersales_product_id')]})
                session.message_post(body=_('Newly installed equipment added: %s.') % ', '.join(group.mapped('name')))
            else:
                session = group._aftersales_create_training(customer, site)
            sessions |= session
        return sessions

    def _aftersales_create_training(self, customer, site):
        """A planned customer training for the equipment in ``self`` (one customer and site)."""
        Session = self.env['aftersales.training.session'].sudo()
        installed = max(self.mapped('aftersales_install_date'))
        day = max(fields.Date.from_string(installed), fields.Date.from_string(fields.Date.context_today(self)))
        organiser = self._aftersales_training_organiser()
        location = site and Session._site_location(site)
        session = Session.with_context(mail_create_nolog=True).create({
            'title': _('Operation and maintenance training: %s') % (site or customer).name,
            'kind': 'customer', 'evaluation': 'attendance',
            'partner_id': customer.id, 'site_id': site.id, 'location': location or False,
            'product_ids': [(6, 0, self.mapped('aftersales_product_id').ids)],
            'equipment_ids': [(6, 0, self.ids)],
            'date_start': Session._local_datetime(day + timedelta(days=PROPOSAL_DELAY_DAYS), PROPOSAL_HOUR,
                                                  organiser.tz),
            'duration': 2.0, 'user_id': organiser.id, 'trainer_user_id': organiser.id,
            'company_id': organiser.company_id.id,
        })
        session.message_post(body=_('Proposed after the commissioning of %s.') % ', '.join(self.mapped('name')))
        self.env['mail.activity'].sudo().create({
            'res_model_id': self.env['ir.model']._get_id(session._name), 'res_id': session.id,
            'activity_type_id': self.env.ref('mail.mail_activity_data_todo').id,
            'summary': _('Agree the date of the customer training with %s') % customer.name,
            'user_id': organiser.id, 'date_deadline': fields.Date.to_string(day + timedelta(days=2))})
        return session

    def _aftersales_training_organiser(self):
        """The engineer who organises the customer training: the technician of
        the equipment, else a technical support engineer."""
        engineers = self.env.ref('aftersales_service.group_aftersales_field')
        for user in self.mapped('technician_user_id') | self.mapped('category_id.technician_user_id'):
            if engineers in user.groups_id:
                return user
        tech_group = self.env.ref('aftersales_service.group_aftersales_tech')
        techs = tech_group.sudo().users.filtered(lambda user: user.active and not user.share)
        return techs.filtered(lambda user: user.id != SUPERUSER_ID)[:1] or techs[:1] or self.env.user
