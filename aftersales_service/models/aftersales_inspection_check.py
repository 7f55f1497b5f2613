from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .aftersales_checklist_item import ITEM_KINDS


class AftersalesInspectionCheck(models.Model):
    """The answer to one checklist item for one piece of equipment."""
    _name = 'aftersales.inspection.check'
    _description = 'Inspection Check'
    _order = 'line_id, sequence, id'

    line_id = fields.Many2one('aftersales.inspection.line', required=True, ondelete='cascade', index=True)
    item_id = fields.Many2one('aftersales.checklist.item', string='Check', required=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(ITEM_KINDS, related='item_id.kind', readonly=True)
    unit = fields.Char(related='item_id.unit', readonly=True)
    value_pass = fields.Selection([('pass', 'Pass'), ('fail', 'Fail')], string='Pass / Fail')
    value_choice = fields.Char(string='Answer')
    value_number = fields.Float(string='Measured')
    value_text = fields.Text(string='Text')
    photo = fields.Binary(attachment=True)
    is_breach = fields.Boolean(compute='_compute_is_breach', store=True,
                               help='Failed, or measured outside the thresholds.')

    @api.constrains('value_choice', 'item_id')
    def _check_value_choice(self):
        for check in self.filtered(lambda c: c.value_choice and c.item_id.kind == 'choice'):
            answers = [answer.strip() for answer in (check.item_id.choices or '').split(',') if answer.strip()]
            if check.value_choice.strip() not in answers:
                raise ValidationError(_('"%(answer)s" is not an answer of "%(check)s": choose one of %(answers)s.') % {
                    'answer': check.value_choice, 'check': check.item_id.name, 'answers': ', '.join(answers)})

    @api.depends('value_pass', 'value_number', 'item_id.min_value', 'item_id.max_value')
    def _compute_is_breach(self):
        for check in self:
            item = check.item_id
            if item.kind == 'pass_fail':
                check.is_breach = check.value_pass == 'fail'
            elif item.kind == 'number' and (item.min_value or item.max_value):
                check.is_breach = not item.min_value <= check.value_number <= item.max_value
            else:
                check.is_breach = False
