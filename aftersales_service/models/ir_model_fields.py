# Copyright 2026 After-Sales Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class IrModelFields(models.Model):
    _inherit = 'ir.model.fields'

    @api.model
    def _aftersales_add_stable_xmlids(self, modules):
        """Give every field of ``modules`` whose external id got a database-id
        suffix a second, database-independent one.

        Odoo 11 names a field's external id ``field_<table>_<field>``:
        ``aftersales.ticket.stage_id`` and the ``id`` field of
        ``aftersales.ticket.stage`` both map to
        ``field_aftersales_ticket_stage_id``, so the later one gets its record
        id appended and the .po files cannot reference it in another database:
        its label would stay untranslated. The second id uses Odoo 12's
        ``field_<table>__<field>`` naming and is ``noupdate`` so module updates
        keep it.
        """
        self.env.cr.execute("""
            INSERT INTO ir_model_data (module, name, model, res_id, noupdate, date_init, date_update)
            SELECT imd.module, 'field_' || replace(f.model, '.', '_') || '__' || f.name,
                   'ir.model.fields', f.id, TRUE, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM ir_model_data imd
              JOIN ir_model_fields f ON f.id = imd.res_id
             WHERE imd.model = 'ir.model.fields' AND imd.module IN %s
               AND imd.name = 'field_' || replace(f.model, '.', '_') || '_' || f.name || '_' || f.id
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data other
                    WHERE other.module = imd.module
                      AND other.name = 'field_' || replace(f.model, '.', '_') || '__' || f.name)
        """, (tuple(modules),))
        self.env['ir.model.data'].clear_caches()
