from odoo import api, models


class IrQwebFieldSelection(models.AbstractModel):
    """Selection values printed in the language of the record.

    A form printed in the customer's language (``t-lang``) reads its record
    in that language (``o.with_context(lang=...)``); Odoo 11's converter
    looks the value's label up in the language of the user who prints, so a
    Chinese form showed "Fixed". The other converters already format the
    value in the record's environment."""
    _inherit = 'ir.qweb.field.selection'

    @api.model
    def record_to_html(self, record, field_name, options):
        if 'selection' not in options:
            selection = record._fields[field_name].get_description(record.env)['selection']
            options = dict(options, selection=dict(selection))
        return super(IrQwebFieldSelection, self).record_to_html(record, field_name, options)
