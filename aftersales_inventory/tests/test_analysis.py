from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tools.safe_eval import safe_eval

from .common import InventoryCase


class TestAnalysis(InventoryCase):

    def test_consumption_cost_failure_rate_and_capital(self):
        self.stock(self.board, 4)
        visit = self.visit_on_site(self.field)
        self.issued_requisition(self.field, [(self.board, 2)], visit=visit)
        visit.sudo(self.field).write({'aftersales_part_ids': [(0, 0, {'product_id': self.board.id, 'quantity': 1})]})
        visit.sudo(self.field).action_aftersales_consume_parts()
        visit.aftersales_defective_return_ids.sudo(self.parts).action_receive()
        # consumption and cost per part, equipment product, site and engineer
        data = self.env['aftersales.visit.part'].read_group(
            [('product_id', '=', self.board.id), ('state', '=', 'done')],
            ['quantity', 'cost', 'equipment_product_id', 'site_id', 'user_id'],
            ['equipment_product_id', 'site_id', 'user_id'], lazy=False)
        self.assertEqual(len(data), 1)
        self.assertEqual(data[0]['equipment_product_id'][0], self.projector_product.id)
        self.assertEqual(data[0]['site_id'][0], self.site_a.id)
        self.assertEqual(data[0]['user_id'][0], self.field.id)
        self.assertEqual((data[0]['quantity'], data[0]['cost']), (1, 900.0))
        # failure rate: 1 defective board for the 1 installed display it fits
        failure = self.env['aftersales.part.failure.report'].sudo(self.parts).search(
            [('product_id', '=', self.board.id)])
        self.assertEqual((failure.installed_units, failure.consumed_qty, failure.returned_qty), (1, 1, 1))
        self.assertEqual(failure.failure_rate, 100.0)
        # capital tied up, by location
        stock = self.env['aftersales.spare.stock.report'].sudo(self.parts).search([('product_id', '=', self.board.id)])
        by_location = {line.location_id: (line.quantity, line.value) for line in stock}
        self.assertEqual(by_location[self.stock_location], (2, 1800.0))
        self.assertEqual(by_location[self.van(self.field)], (1, 900.0))
        self.assertEqual(by_location[self.defective_location][0], 1)

    def test_slow_movers(self):
        self.stock(self.board, 1)
        self.issued_requisition(self.field, [(self.board, 1)])  # moved today
        receipt = self.env['stock.move'].create({
            'name': 'old receipt', 'product_id': self.lamp.id, 'product_uom': self.lamp.uom_id.id,
            'product_uom_qty': 2, 'location_id': self.suppliers.id, 'location_dest_id': self.stock_location.id})
        receipt._action_confirm()
        receipt._action_assign()
        receipt.move_line_ids.qty_done = 2
        receipt._action_done()
        receipt.date = '2020-01-01 08:00:00'
        search = self.env['aftersales.spare.stock.report'].fields_view_get(view_type='search')['arch']
        self.assertIn('name="slow_movers"', search)
        today = fields.Date.from_string(fields.Date.context_today(self.env.user))
        domain = [('last_move_date', '<', (today - relativedelta(months=6)).strftime('%Y-%m-%d')),
                  ('product_id', 'in', (self.lamp | self.board).ids)]
        slow = self.env['aftersales.spare.stock.report'].sudo(self.parts).search(domain)
        self.assertEqual(slow.mapped('product_id'), self.lamp)
        self.assertEqual(slow.value, 1200.0)
        action = self.env.ref('aftersales_inventory.aftersales_spare_stock_report_action')
        self.assertEqual(safe_eval(action.context), {'search_default_usable': 1})

    def test_stockouts_delaying_visits(self):
        visit = self.visit_on_site(self.field)
        requisition = self.requisition(self.field, [(self.lamp, 1)], visit=visit)
        requisition.sudo(self.parts).action_approve()
        requisition.sudo(self.parts).action_issue()
        action = self.env.ref('aftersales_inventory.aftersales_part_requisition_line_action_stockout')
        search = self.env['aftersales.part.requisition.line'].fields_view_get(view_type='search')['arch']
        self.assertIn("[('stockout', '=', True), ('visit_id', '!=', False)]", search)
        lines = self.env['aftersales.part.requisition.line'].sudo(self.parts).search(
            [('stockout', '=', True), ('visit_id', '!=', False)])
        self.assertIn(requisition.line_ids, lines)
        self.assertIn('search_default_delaying_visit', action.context)

    def test_menus_per_role(self):
        def visible(user):
            menus = self.env['ir.ui.menu'].sudo(user).search([])
            data = self.env['ir.model.data'].search([('module', '=', 'aftersales_inventory'),
                                                     ('model', '=', 'ir.ui.menu'), ('res_id', 'in', menus.ids)])
            return set(data.mapped('name'))
        field = visible(self.field)
        self.assertEqual(field, {'aftersales_inventory_menu_my_requisitions', 'aftersales_inventory_menu_my_van'})
        parts = visible(self.parts)
        self.assertTrue({'aftersales_inventory_menu_requisitions', 'aftersales_inventory_menu_defective_returns',
                         'aftersales_inventory_menu_stock_rules', 'aftersales_inventory_menu_recompute',
                         'aftersales_inventory_menu_analysis_failure'} <= parts)
        self.assertNotIn('aftersales_inventory_menu_setup', parts)
        self.assertIn('aftersales_inventory_menu_setup', visible(self.manager))
