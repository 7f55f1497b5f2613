from odoo import models


class ResCompany(models.Model):
    _inherit = 'res.company'

    def aftersales_family_ids(self):
        """The ids of these companies and of all their descendants.

        For the multi-company record rules: a ``child_of`` in a rule domain
        is expanded again on every query the rule filters (res.company has
        no parent store: one query per level of the hierarchy), this list
        once, when ``ir.rule`` computes and caches the rule's domain. The
        cache is cleared whenever a company or a user's company changes."""
        return self.sudo().search([('id', 'child_of', self.ids)]).ids if self else []
