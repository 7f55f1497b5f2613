from odoo.exceptions import AccessError, UserError

from .common import InventoryCase

# a 1x1 PNG: the customer's signature
SIGNATURE = b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='


class TestConsumption(InventoryCase):

    def test_end_to_end_quantities_reconcile(self):
        """10 lamps in the warehouse; 4 issued to the van, 3 used on the
        visit (their 3 replaced lamps brought back: 1 scrapped, 1 repaired,
        1 sent back to the vendor), 1 returned unused."""
        self.stock(self.lamp, 10)
        van = self.van(self.field)
        visit = self.visit_on_site(self.field)
        requisition = self.issued_requisition(self.field, [(self.lamp, 4)], visit=visit)
        self.assertEqual(self.on_hand(self.lamp, van), 4)
        mine = visit.sudo(self.field)
        mine.write({'aftersales_part_ids': [(0, 0, {'product_id': self.lamp.id, 'quantity': 3,
                                                    'return_defective': True})]})
        line = visit.aftersales_part_ids
        self.assertEqual(line.user_id, self.field)
        mine.write({'work_done': '<p>Replaced three lamps</p>', 'result': 'fixed'})
        mine.action_done()  # validates the parts used
        self.assertEqual(visit.state, 'done')
        self.assertEqual(line.state, 'done')
        self.assertEqual(line.move_id.state, 'done')
        self.assertEqual((line.move_id.location_id, line.move_id.location_dest_id), (van, self.customers))
        self.assertEqual(line.move_id.picking_id.aftersales_visit_id, visit)
        self.assertEqual(line.move_id.picking_id.partner_id, visit.site_id)
        self.assertEqual(line.cost, 1800.0)
        self.assertEqual(self.on_hand(self.lamp, van), 1)
        # the unused lamp goes back by a return of the issue transfer
        returns = visit.sudo(self.parts).action_aftersales_return_unused()
        returned = self.env['stock.picking'].search(returns['domain'])
        self.assertEqual(returned.state, 'done')
        issue = requisition.picking_ids.filtered(lambda p: p.location_dest_id == van)
        self.assertEqual(requisition.picking_ids, issue | returned)
        self.assertEqual(returned.move_lines.origin_returned_move_id, issue.move_lines)
        self.assertEqual(requisition.line_ids.qty_returned, 1)
        self.assertEqual(self.on_hand(self.lamp, van), 0)
        # the replaced lamps come back as a defective return
        defective = visit.aftersales_defective_return_ids
        self.assertEqual(defective, line.defective_return_id)
        self.assertEqual((defective.product_id, defective.quantity, defective.state), (self.lamp, 3, 'draft'))
        defective.sudo(self.parts).action_receive()
        self.assertEqual(self.on_hand(self.lamp, self.defective_location), 3)
        self.assertEqual(self.on_hand(self.lamp, self.customers), 0)  # 3 consumed, 3 brought back
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 7)
        self.assertEqual(self.lamp.with_context(warehouse=self.warehouse.id).qty_available, 7 + 3,
                         'the defective location is in the warehouse')
        self.assertEqual(self.lamp.with_context(location=self.stock_location.id).qty_available, 7,
                         'but not in the stock the stock rules watch')

    def test_consumption_needs_the_part_in_the_van(self):
        self.stock(self.lamp, 10)
        visit = self.visit_on_site(self.field)
        self.issued_requisition(self.field, [(self.lamp, 1)])
        visit.sudo(self.field).write({'aftersales_part_ids': [(0, 0, {'product_id': self.lamp.id, 'quantity': 2})]})
        moves = self.stock_move_count()
        with self.assertRaisesRegex(UserError, r'Only 1.0 \[T-LAMP\] Test Lamp left in .*t_field: 2.0 are recorded'):
            visit.sudo(self.field).action_aftersales_consume_parts()
        self.assertEqual(self.stock_move_count(), moves)
        self.assertEqual(self.on_hand(self.lamp, self.van(self.field)), 1)
        # the warehouse stock does not count: parts come from the van
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 9)

    def test_parts_come_from_the_van_of_the_engineer_who_fitted_them(self):
        self.stock(self.lamp, 10)
        visit = self.visit_on_site(self.field)
        visit.engineer_ids = self.field2
        self.issued_requisition(self.field2, [(self.lamp, 2)])
        visit.sudo(self.field).write({'aftersales_part_ids': [
            (0, 0, {'product_id': self.lamp.id, 'quantity': 1, 'user_id': self.field2.id})]})
        visit.sudo(self.field).action_aftersales_consume_parts()
        self.assertEqual(self.on_hand(self.lamp, self.van(self.field2)), 1)

    def test_consumption_respects_the_customer_signature(self):
        self.stock(self.lamp, 10)
        visit = self.visit_on_site(self.field)
        self.issued_requisition(self.field, [(self.lamp, 2)])
        mine = visit.sudo(self.field)
        mine.write({'aftersales_part_ids': [(0, 0, {'product_id': self.lamp.id, 'quantity': 1})],
                    'work_done': '<p>Lamp replaced</p>', 'result': 'fixed'})
        mine.action_sign(SIGNATURE, 'Principal Tang')
        line = visit.aftersales_part_ids
        with self.assertRaises(UserError):
            line.sudo(self.field).write({'quantity': 2})
        with self.assertRaises(UserError):
            self.env['aftersales.visit.part'].sudo(self.field).create({
                'visit_id': visit.id, 'product_id': self.lamp.id, 'quantity': 1})
        with self.assertRaises(UserError):
            line.sudo(self.field).unlink()
        # what the customer signed for is consumed as signed
        mine.action_aftersales_consume_parts()
        self.assertEqual(line.state, 'done')
        self.assertEqual(self.on_hand(self.lamp, self.van(self.field)), 1)

    def test_serial_numbers(self):
        serial = self.env['stock.production.lot'].create({'name': 'SN-NEW-1', 'product_id': self.board_serial.id})
        other = self.env['stock.production.lot'].create({'name': 'SN-NEW-2', 'product_id': self.board_serial.id})
        self.stock(self.board_serial, 1, lot=serial)
        self.stock(self.board_serial, 1, lot=other)
        visit = self.visit_on_site(self.field)
        requisition = self.issued_requisition(self.field, [(self.board_serial, 2)], visit=visit)
        self.assertEqual(requisition.state, 'done')
        visit.sudo(self.field).write({'aftersales_part_ids': [
            (0, 0, {'product_id': self.board_serial.id, 'quantity': 1, 'lot_id': other.id,
                    'defective_serial': 'SN-OLD-7'})]})
        visit.sudo(self.field).action_aftersales_consume_parts()
        line = visit.aftersales_part_ids
        self.assertEqual(line.move_id.move_line_ids.lot_id, other)
        van = self.van(self.field)
        self.assertEqual(self.on_hand(self.board_serial, van, lot=serial), 1)
        self.assertEqual(self.on_hand(self.board_serial, van, lot=other), 0)
        defective = line.defective_return_id
        defective.sudo(self.parts).action_receive()
        self.assertEqual(defective.lot_id.name, 'SN-OLD-7')
        self.assertEqual(self.on_hand(self.board_serial, self.defective_location, lot=defective.lot_id), 1)

    def test_visit_not_on_site(self):
        visit = self.visit_on_site(self.field)
        visit.state = 'scheduled'
        visit.write({'aftersales_part_ids': [(0, 0, {'product_id': self.lamp.id, 'quantity': 1})]})
        with self.assertRaises(UserError):
            visit.sudo(self.field).action_aftersales_consume_parts()

    def test_engineer_of_another_visit(self):
        visit = self.visit_on_site(self.field)
        with self.assertRaises(AccessError):
            visit.sudo(self.field2).action_aftersales_consume_parts()
