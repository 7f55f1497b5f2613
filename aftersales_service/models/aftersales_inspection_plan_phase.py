from odoo import fields, models


class AftersalesInspectionPlanPhase(models.Model):
    """A step of a plan's phase sequence, with its checklist."""
    _name = 'aftersales.inspection.plan.phase'
    _description = 'Inspection Plan Phase'
    _order = 'plan_id, sequence, id'

    plan_id = fields.Many2one('aftersales.inspection.plan', required=True, ondelete='cascade', index=True)
    sequence = fields.Integer(default=10)
    phase_id = fields.Many2one('aftersales.inspection.phase', required=True)
    template_id = fields.Many2one('aftersales.checklist.template', string='Checklist', required=True)
