from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.models import PREFETCH_MAX
from odoo.tools import split_every


class AftersalesStockRuleWizard(models.TransientModel):
    """Preview of the recomputed stock rules of the spare parts, with the
    change in capital tied up, before they are applied."""
    _name = 'aftersales.stock.rule.wizard'
    _description = 'Spare Parts Stock Rules Recomputation'

    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.user.company_id)
    warehouse_id = fields.Many2one('stock.warehouse', string='Spare-Parts Warehouse', readonly=True)
    window_days = fields.Integer(related='company_id.aftersales_window_days', readonly=True)
    date_to = fields.Datetime(string='Consumption Up To', required=True, default=fields.Datetime.now)
    line_ids = fields.One2many('aftersales.stock.rule.wizard.line', 'wizard_id', string='Proposed Rules')
    capital_before = fields.Float(compute='_compute_capital', string='Capital Tied Up Now')
    capital_after = fields.Float(compute='_compute_capital', string='Capital Tied Up After')
    capital_change = fields.Float(compute='_compute_capital', string='Change in Capital Tied Up')

    @api.depends('line_ids.capital_before', 'line_ids.capital_after', 'line_ids.apply')
    def _compute_capital(self):
        for wizard in self:
            lines = wizard.line_ids.filtered('apply')
            wizard.capital_before = sum(lines.mapped('capital_before'))
            wizard.capital_after = sum(lines.mapped('capital_after'))
            wizard.capital_change = wizard.capital_after - wizard.capital_before

    @api.model
    def create(self, vals):
        wizard = super(AftersalesStockRuleWizard, self).create(vals)
        wizard._compute_proposals()
        return wizard

    def _compute_proposals(self):
        self.ensure_one()
        Orderpoint = self.env['stock.warehouse.orderpoint']
        warehouse = self.company_id._aftersales_parts_warehouse()
        lines = []
        for ids in split_every(PREFETCH_MAX, Orderpoint._aftersales_spare_parts(self.company_id).ids):
            for proposal in Orderpoint._aftersales_proposals(self.env['product.product'].browse(ids), warehouse,
                                                             date_to=self.date_to):
                lines.append((0, 0, self.line_ids._values_from_proposal(proposal)))
        self.write({'warehouse_id': warehouse.id, 'line_ids': [(5, 0, 0)] + lines})

    @api.model
    def action_open_preview(self):
        """Compute the proposals now and show them."""
        return self.create({})._reopen()

    def action_recompute(self):
        self._compute_proposals()
        return self._reopen()

    def action_apply(self):
        self.ensure_one()
        self.env['aftersales.part.requisition']._check_parts_manager()
        lines = self.line_ids.filtered('apply')
        if not lines:
            raise UserError(_('Select the stock rules to apply.'))
        Orderpoint = self.env['stock.warehouse.orderpoint']
        for chunk in split_every(PREFETCH_MAX, lines):
            Orderpoint._aftersales_apply([line._proposal() for line in chunk], self.warehouse_id)
        action = self.env.ref('aftersales_inventory.aftersales_orderpoint_action').read()[0]
        return action

    def _reopen(self):
        return {'type': 'ir.actions.act_window', 'res_model': self._name, 'res_id': self.id, 'view_mode': 'form',
                'target': 'new', 'name': _('Recompute Stock Rules')}
