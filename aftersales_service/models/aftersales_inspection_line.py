from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

LINE_STATUSES = [
    ('todo', 'To Check'),
    ('ok', 'OK'),
    ('warning', 'Warning'),
    ('fault', 'Fault'),
    ('upgrade', 'Needs Upgrade'),
    ('replace', 'Needs Replacement'),
]


class AftersalesInspectionLine(models.Model):
    """The state of one installed piece of equipment in an inspection round."""
    _name = 'aftersales.inspection.line'
    _description = 'Inspection Equipment Line'
    _order = 'inspection_id, id'

    inspection_id = fields.Many2one('aftersales.inspection', required=True, ondelete='cascade', index=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', required=True, index=True)
    # copied from the round and the equipment when generated, for the analysis
    equipment_category_id = fields.Many2one('maintenance.equipment.category', string='Equipment Category',
                                            readonly=True, index=True)
    site_id = fields.Many2one('res.partner', string='Site', readonly=True, index=True)
    phase_id = fields.Many2one('aftersales.inspection.phase', string='Phase', readonly=True, index=True)
    date = fields.Date(readonly=True, index=True)
    status = fields.Selection(LINE_STATUSES, required=True, default='todo', index=True)
    note = fields.Text()
    photo = fields.Binary(attachment=True)
    check_ids = fields.One2many('aftersales.inspection.check', 'line_id', string='Checks')
    is_finding = fields.Boolean(compute='_compute_is_finding', store=True)
    ticket_id = fields.Many2one('aftersales.ticket', string='Repair Ticket', readonly=True, copy=False)
    proposal_state = fields.Selection([('proposed', 'Proposed'), ('approved', 'Approved'),
                                       ('rejected', 'Rejected')], string='Proposal', readonly=True, copy=False,
                                      index=True)

    @api.depends('status', 'check_ids.is_breach')
    def _compute_is_finding(self):
        for line in self:
            line.is_finding = line.status in ('fault', 'upgrade', 'replace') or any(line.check_ids.mapped('is_breach'))

    @api.constrains('equipment_id', 'inspection_id')
    def _check_equipment_site(self):
        for line in self:
            site = line.inspection_id.site_id
            installed_at = line.equipment_id.aftersales_site_id
            if site and installed_at and installed_at != site:
                raise ValidationError(_('%(equipment)s is installed at %(installed)s, not at %(site)s, the site '
                                        'of the inspection round.') % {
                    'equipment': line.equipment_id.name, 'installed': installed_at.display_name,
                    'site': site.display_name})

    def _needs_ticket(self):
        return self.status == 'fault' or any(self.check_ids.mapped('is_breach'))

    def _process_findings(self):
        for line in self:
            if line.status in ('upgrade', 'replace'):
                line.proposal_state = 'proposed'
            if line._needs_ticket() and not line.ticket_id and line.inspection_id.plan_id.finding_mode == 'create':
                line.action_create_ticket()
        return True

    def action_create_ticket(self):
        repair = self.env.ref('aftersales_service.ticket_type_repair')
        for line in self.filtered(lambda l: not l.ticket_id):
            inspection = line.inspection_id
            breaches = line.check_ids.filtered('is_breach')
            description = '<p>%s</p>' % (line.note or '')
            if breaches:
                description += '<ul>%s</ul>' % ''.join(
                    '<li>%s: %s %s</li>' % (check.item_id.name, check.value_number, check.item_id.unit or '')
                    for check in breaches)
            # the round's findings open the tickets, also when its field
            # engineer may not create tickets himself
            line.ticket_id = self.env['aftersales.ticket'].sudo().create({
                'title': _('Inspection finding: %s') % line.equipment_id.name,
                'type_id': repair.id, 'channel': 'inspection',
                'partner_id': inspection.partner_id.id, 'site_id': inspection.site_id.id,
                'equipment_id': line.equipment_id.id, 'description': description,
                'user_id': self.env.uid, 'company_id': inspection.company_id.id,
            })
        return True

    def action_approve_proposal(self):
        self._check_proposal_manager()
        self.write({'proposal_state': 'approved'})
        return True

    def action_reject_proposal(self):
        self._check_proposal_manager()
        self.write({'proposal_state': 'rejected'})
        return True

    def _check_proposal_manager(self):
        """Upgrading or replacing a customer's equipment is the manager's decision."""
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group('aftersales_service.group_aftersales_manager'):
            raise AccessError(_('Only the After-Sales Manager approves or rejects upgrade and replacement '
                                'proposals.'))
