from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AftersalesVisit(models.Model):
    """Spare parts of a visit: requested before leaving, used on site,
    defective parts brought back."""
    _inherit = 'aftersales.visit'

    aftersales_part_ids = fields.One2many('aftersales.visit.part', 'visit_id', string='Parts Used', copy=False)
    aftersales_requisition_ids = fields.One2many('aftersales.part.requisition', 'visit_id',
                                                 string='Spare Parts Requisitions', readonly=True)
    aftersales_requisition_count = fields.Integer(compute='_compute_aftersales_counts',
                                                  string='Requisitions')
    aftersales_defective_return_ids = fields.One2many('aftersales.defective.return', 'visit_id',
                                                      string='Defective Returns', readonly=True)
    aftersales_defective_return_count = fields.Integer(compute='_compute_aftersales_counts',
                                                       string='Defective Returns')
    aftersales_parts_cost = fields.Float(compute='_compute_aftersales_parts_cost', string='Cost of Parts Used')
    aftersales_parts_to_validate = fields.Boolean(compute='_compute_aftersales_parts_cost',
                                                  string='Parts To Validate')

    def _compute_aftersales_counts(self):
        for visit in self:
            visit.aftersales_requisition_count = len(visit.aftersales_requisition_ids)
            visit.aftersales_defective_return_count = len(visit.aftersales_defective_return_ids)

    @api.depends('aftersales_part_ids.cost', 'aftersales_part_ids.state')
    def _compute_aftersales_parts_cost(self):
        for visit in self:
            visit.aftersales_parts_cost = sum(visit.aftersales_part_ids.mapped('cost'))
            visit.aftersales_parts_to_validate = any(
                line.state == 'draft' for line in visit.aftersales_part_ids)

    def action_done(self):
        """Finishing the visit validates the parts used that are still to
        validate."""
        if self.mapped('aftersales_part_ids').filtered(lambda line: line.state == 'draft'):
            self.action_aftersales_consume_parts()
        return super(AftersalesVisit, self).action_done()

    def action_aftersales_request_parts(self):
        """A draft requisition with the spare parts of the departure
        checklist."""
        self.ensure_one()
        engineers = self.user_id | self.engineer_ids
        requester = self.env.user if self.env.user in engineers else self.user_id
        lines = [(0, 0, {'product_id': line.product_id.id, 'quantity': line.quantity or 1.0,
                         'reason': line.name})
                 for line in self.checklist_line_ids
                 if line.kind == 'part' and line.product_id.aftersales_is_spare_part]
        requisition = self.env['aftersales.part.requisition'].create({
            'user_id': requester.id, 'visit_id': self.id, 'ticket_id': self.ticket_id.id,
            'date_needed': self.planned_start and self.planned_start[:10], 'company_id': self.company_id.id,
            'line_ids': lines})
        return {'type': 'ir.actions.act_window', 'res_model': requisition._name, 'res_id': requisition.id,
                'view_mode': 'form', 'name': requisition.name}

    def action_aftersales_consume_parts(self):
        """Validate the parts used: real stock moves from the engineers' vans
        to the customer."""
        self.check_access_rights('write')
        self.check_access_rule('write')
        for visit in self:
            if visit.state not in ('on_site', 'done', 'followup'):
                raise UserError(_('Parts are used on site: check in on %(visit)s first.') % {'visit': visit.name})
        lines = self.mapped('aftersales_part_ids').filtered(lambda line: line.state == 'draft')
        if not lines:
            raise UserError(_('No part used is left to validate.'))
        lines._consume()
        return True

    def action_aftersales_return_unused(self):
        """Return the parts issued for the visit and not used."""
        requisitions = self.mapped('aftersales_requisition_ids').filtered(lambda r: r.state in ('partial', 'done'))
        if not requisitions:
            raise UserError(_('No part was issued for this visit.'))
        return requisitions.action_return_unused()

    def action_aftersales_view_requisitions(self):
        self.ensure_one()
        action = self.env.ref('aftersales_inventory.aftersales_part_requisition_action').read()[0]
        action['domain'] = [('visit_id', '=', self.id)]
        action['context'] = {'default_visit_id': self.id, 'default_ticket_id': self.ticket_id.id}
        return action

    def action_aftersales_view_defective_returns(self):
        self.ensure_one()
        action = self.env.ref('aftersales_inventory.aftersales_defective_return_action').read()[0]
        action['domain'] = [('visit_id', '=', self.id)]
        action['context'] = {'default_visit_id': self.id}
        return action
