from odoo.exceptions import AccessError, ValidationError

from .common import InventoryCase


class TestSetup(InventoryCase):

    def test_locations_created(self):
        self.assertEqual(self.warehouse.code, 'TSP')
        for engineer in (self.field, self.field2, self.tech):
            van = self.van(engineer)
            self.assertEqual(van.usage, 'internal')
            self.assertEqual(van.location_id, self.company.aftersales_van_parent_location_id)
            self.assertEqual(van.location_id.location_id, self.warehouse.view_location_id)
            # a van is not part of the warehouse stock the stock rules watch
            self.assertNotIn(van, self.env['stock.location'].search([('id', 'child_of', self.stock_location.id)]))
        self.assertEqual(self.defective_location.aftersales_role, 'defective')
        self.assertEqual(self.company.aftersales_consumption_type_id.default_location_dest_id, self.customers)
        self.assertEqual(self.company.aftersales_defective_type_id.default_location_dest_id, self.defective_location)

    def test_run_again_adds_the_new_vans_only(self):
        newcomer = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Newcomer', 'login': 't_newcomer',
            'groups_id': [(6, 0, [self.env.ref('aftersales_service.group_aftersales_field').id])]})
        locations = self.env['stock.location'].search_count([])
        types = self.env['stock.picking.type'].search_count([])
        setup = self.env['aftersales.inventory.setup'].sudo(self.manager).create({
            'engineer_ids': [(6, 0, (self.field | newcomer).ids)]})
        self.assertEqual(setup.warehouse_id, self.warehouse)
        setup.action_apply()
        self.assertEqual(self.env['stock.location'].search_count([]), locations + 1)
        self.assertEqual(self.env['stock.picking.type'].search_count([]), types)
        self.assertTrue(self.van(newcomer))

    def test_only_the_manager_sets_up(self):
        setup = self.env['aftersales.inventory.setup'].sudo(self.parts).create({})
        with self.assertRaises(AccessError):
            setup.action_apply()

    def test_one_van_per_engineer(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env['stock.location'].create({
                'name': 'Second van', 'usage': 'internal', 'location_id': self.van(self.field).location_id.id,
                'aftersales_role': 'van', 'aftersales_engineer_id': self.field.id})

    def test_equipment_shows_compatible_parts(self):
        self.assertEqual(self.display_b.aftersales_spare_part_ids, self.board | self.board_serial)
        self.assertEqual(self.projector_a.aftersales_spare_part_ids, self.lamp)
        self.stock(self.board, 3)
        action = self.display_b.sudo(self.field).action_aftersales_spare_parts()
        parts = self.env['product.product'].with_context(**action['context']).search(action['domain'])
        self.assertEqual(parts.filtered(lambda p: p == self.board).qty_available, 3)

    def test_views_load_for_each_role(self):
        expected = {
            'aftersales.part.requisition': ('form', 'tree', 'search', 'pivot'),
            'aftersales.part.requisition.line': ('tree', 'search', 'pivot'),
            'aftersales.defective.return': ('form', 'tree', 'search', 'pivot'),
            'aftersales.visit.part': ('tree', 'search', 'pivot', 'graph'),
            'aftersales.spare.stock.report': ('tree', 'search', 'pivot'),
        }
        for user in (self.field, self.parts, self.manager):
            for model, view_types in expected.items():
                for view_type in view_types:
                    view = self.env[model].sudo(user).fields_view_get(view_type=view_type)
                    self.assertEqual(view['type'], view_type)
        for user in (self.tech, self.parts):
            self.env['aftersales.part.failure.report'].sudo(user).fields_view_get(view_type='tree')
        form = self.env['aftersales.visit'].sudo(self.field).fields_view_get(view_type='form')
        for name in ('aftersales_part_ids', 'action_aftersales_consume_parts', 'action_aftersales_request_parts'):
            self.assertIn('name="%s"' % name, form['arch'])
        form = self.env['aftersales.part.requisition'].fields_view_get(view_type='form')
        for name in ('message_ids', 'activity_ids', 'action_approve', 'action_issue'):
            self.assertIn('name="%s"' % name, form['arch'])
