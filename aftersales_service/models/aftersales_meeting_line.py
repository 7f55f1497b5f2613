from odoo import _, fields, models
from odoo.exceptions import UserError

AGENDA_CATEGORIES = [
    ('sla_breach', 'SLA Breach'),
    ('escalation', 'Escalation'),
    ('frequent_fault', 'Frequent-Fault Equipment'),
    ('fault_analysis', 'Fault Analysis'),
    ('inspection_finding', 'Inspection Finding'),
    ('complaint', 'Complaint'),
    ('other', 'Other Topic'),
]
# the records an agenda line can point to
LINKS = ('ticket_id', 'equipment_id', 'fault_analysis_id', 'inspection_line_id')


class AftersalesMeetingLine(models.Model):
    """A discussion point of a weekly technical meeting, generated from the
    week's data (linked to its record) or added by hand."""
    _name = 'aftersales.meeting.line'
    _description = 'Technical Meeting Agenda Line'
    _order = 'meeting_id, sequence, id'

    meeting_id = fields.Many2one('aftersales.meeting', string='Meeting', required=True, ondelete='cascade',
                                 index=True)
    sequence = fields.Integer(default=1000)
    category = fields.Selection(AGENDA_CATEGORIES, required=True, default='other', index=True)
    name = fields.Char(string='Topic', required=True)
    auto = fields.Boolean(string='Generated', readonly=True, help='Generated from the week\'s data.')
    ticket_id = fields.Many2one('aftersales.ticket', string='Ticket', ondelete='set null', index=True)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', ondelete='set null', index=True)
    fault_analysis_id = fields.Many2one('aftersales.fault.analysis', string='Fault Analysis', ondelete='set null',
                                        index=True)
    inspection_line_id = fields.Many2one('aftersales.inspection.line', string='Inspection Finding',
                                         ondelete='set null', index=True)
    discussion = fields.Text(help='What the meeting found out.')
    decision = fields.Text()

    def action_open_record(self):
        self.ensure_one()
        for link in LINKS:
            record = self[link]
            if record:
                return {'type': 'ir.actions.act_window', 'res_model': record._name, 'res_id': record.id,
                        'view_mode': 'form', 'target': 'current'}
        raise UserError(_('This topic is not linked to a record.'))

    def action_propose_rectification(self):
        self.ensure_one()
        equipment = self.equipment_id or self.ticket_id.equipment_id or self.inspection_line_id.equipment_id \
            or self.fault_analysis_id.equipment_id
        product = equipment.aftersales_product_id or self.ticket_id.product_id or self.fault_analysis_id.product_id
        return {
            'type': 'ir.actions.act_window',
            'name': _('Rectification Proposal'),
            'res_model': 'aftersales.rectification',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_meeting_id': self.meeting_id.id, 'default_line_id': self.id,
                        'default_title': self.name, 'default_kind': 'equipment' if equipment else 'product',
                        'default_equipment_id': equipment.id, 'default_product_id': product.id,
                        'default_inspection_line_id': self.inspection_line_id.id,
                        'default_reason': self.discussion or self.name},
        }

    def action_add_action_item(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': _('Action Item'),
            'res_model': 'aftersales.meeting.action',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_meeting_id': self.meeting_id.id, 'default_line_id': self.id,
                        'default_name': self.decision or self.name},
        }

    def _link_key(self):
        self.ensure_one()
        return (self.category,) + tuple(self[link].id for link in LINKS)
