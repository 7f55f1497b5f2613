from odoo import api, models


class AftersalesCachedSettingsMixin(models.AbstractModel):
    """Settings each new ticket reads from the registry's caches
    (``tools.ormcache``: first stage, type codes, SLA policy, working
    hours): any change of them clears the caches, in every worker."""
    _name = 'aftersales.cached.settings.mixin'
    _description = 'Settings Cached for New Tickets'

    @api.model
    def create(self, vals):
        self.clear_caches()
        return super(AftersalesCachedSettingsMixin, self).create(vals)

    @api.multi
    def write(self, vals):
        self.clear_caches()
        return super(AftersalesCachedSettingsMixin, self).write(vals)

    @api.multi
    def unlink(self):
        self.clear_caches()
        return super(AftersalesCachedSettingsMixin, self).unlink()
