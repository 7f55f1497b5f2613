from odoo import api, fields, models


class AftersalesFaultAnalysis(models.Model):
    """The manual's fault analysis form; together they are the department's
    fault knowledge base."""
    _name = 'aftersales.fault.analysis'
    _description = 'Fault Analysis'
    _inherit = ['mail.thread']
    _order = 'date desc, id desc'

    name = fields.Char(string='Reference', required=True, readonly=True, copy=False, default='/', index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    equipment_id = fields.Many2one('maintenance.equipment', string='Equipment', index=True)
    equipment_category_id = fields.Many2one(related='equipment_id.category_id', store=True, readonly=True,
                                            string='Equipment Category')
    product_id = fields.Many2one('product.product', string='Product', index=True)
    symptom = fields.Char(required=True, index=True)
    fault_category_id = fields.Many2one('aftersales.fault.category', string='Fault Category', index=True)
    root_cause = fields.Text(required=True)
    solution = fields.Text(required=True)
    preventive_action = fields.Text()
    analyst_id = fields.Many2one('res.users', string='Analyst', required=True, default=lambda self: self.env.user)
    ticket_ids = fields.Many2many('aftersales.ticket', string='Tickets')
    visit_ids = fields.Many2many('aftersales.visit', string='Visits')
    company_id = fields.Many2one('res.company', required=True, default=lambda self: self.env.user.company_id)

    @api.model
    def create(self, vals):
        if vals.get('name', '/') == '/':
            vals['name'] = self.env['ir.sequence'].next_by_code('aftersales.fault.analysis') or '/'
        if vals.get('equipment_id') and not vals.get('product_id'):
            equipment = self.env['maintenance.equipment'].browse(vals['equipment_id'])
            vals['product_id'] = equipment.aftersales_product_id.id
        return super(AftersalesFaultAnalysis, self).create(vals)

    @api.onchange('equipment_id')
    def _onchange_equipment_id(self):
        if self.equipment_id.aftersales_product_id:
            self.product_id = self.equipment_id.aftersales_product_id

    @api.model
    def _suggestions_for(self, product, symptom_text, limit=5):
        """Past analyses for the same product whose symptom shares a word
        with ``symptom_text``; the same product alone when none does."""
        if not product:
            return self.browse()
        words = [word for word in (symptom_text or '').split() if len(word) > 3][:6]
        domain = [('product_id', '=', product.id)]
        if words:
            symptom_domain = ['|'] * (len(words) - 1) + [('symptom', 'ilike', word) for word in words]
            matches = self.search(domain + symptom_domain, limit=limit)
            if matches:
                return matches
        return self.search(domain, limit=limit)
