from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval


class AftersalesExportProfile(models.Model):
    """An XLSX export of a model: the columns, in order. Registering an
    export is one record of this model, plus an ``act_window`` bound to the
    model that opens the ``aftersales.xlsx.export`` wizard from the list's
    Action menu (the wizard finds the profile by the model)::

        <record id="aftersales_export_profile_visit_part" model="aftersales.export.profile">
            <field name="name">Parts Consumption</field>
            <field name="model_id" ref="model_aftersales_visit_part"/>
            <field name="field_names">date,visit_id,product_id,quantity,cost</field>
        </record>
        <act_window id="aftersales_visit_part_action_export_xlsx" name="Export to XLSX"
                    res_model="aftersales.xlsx.export" src_model="aftersales.visit.part"
                    key2="client_action_multi" view_mode="form" target="new"/>
    """
    _name = 'aftersales.export.profile'
    _description = 'XLSX Export'
    _order = 'sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one('ir.model', string='Model', required=True, ondelete='cascade', index=True)
    model = fields.Char(related='model_id.model', store=True, readonly=True, index=True)
    field_names = fields.Char(string='Columns', required=True,
                              help='Technical names of the fields, comma-separated, in column order.')
    domain = fields.Char(default='[]', help='Always applied, together with the filters of the list.')

    @api.constrains('model_id', 'field_names', 'domain')
    def _check_field_names(self):
        for profile in self:
            model_fields = self.env[profile.model]._fields
            for name in profile._columns():
                if name not in model_fields:
                    raise ValidationError(_('%(model)s has no field %(field)s.') % {
                        'model': profile.model_id.name, 'field': name})
                if model_fields[name].type == 'binary':
                    raise ValidationError(_('%(field)s is a file: it cannot be exported.') % {'field': name})
            if not isinstance(profile._domain(), list):
                raise ValidationError(_('The domain of %s must be a list.') % profile.name)

    def _columns(self):
        self.ensure_one()
        return [name.strip() for name in (self.field_names or '').split(',') if name.strip()]

    def _domain(self):
        self.ensure_one()
        return safe_eval(self.domain or '[]')
