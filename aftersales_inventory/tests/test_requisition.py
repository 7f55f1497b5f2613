from odoo.exceptions import AccessError, UserError

from .common import InventoryCase


class TestRequisition(InventoryCase):

    def test_request_approve_issue(self):
        self.stock(self.lamp, 5)
        van = self.van(self.field)
        requisition = self.requisition(self.field, [(self.lamp, 2)])
        self.assertRegex(requisition.name, r'^SPR/')
        self.assertEqual(requisition.state, 'to_approve')
        self.assertEqual(requisition.line_ids.qty_approved, 2)
        # the engineer cannot approve or issue his own requisition
        with self.assertRaises(AccessError):
            requisition.sudo(self.field).action_approve()
        requisition.sudo(self.parts).action_approve()
        self.assertEqual(requisition.state, 'approved')
        self.assertEqual(requisition.approved_by_id, self.parts)
        picking = requisition.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual((picking.location_id, picking.location_dest_id), (self.stock_location, van))
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.state, 'assigned')
        with self.assertRaises(AccessError):
            requisition.sudo(self.field).action_issue()
        requisition.sudo(self.parts).action_issue()
        self.assertEqual(picking.state, 'done')
        self.assertEqual(requisition.state, 'done')
        self.assertEqual(requisition.line_ids.qty_issued, 2)
        self.assertFalse(requisition.stockout)
        # real quants: out of the warehouse, into the van
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 3)
        self.assertEqual(self.on_hand(self.lamp, van), 2)
        self.assertEqual(self.lamp.with_context(location=van.id).qty_available, 2)

    def test_partial_issue_leaves_a_backorder(self):
        self.stock(self.lamp, 1)
        requisition = self.requisition(self.field, [(self.lamp, 3)])
        requisition.sudo(self.parts).action_approve()
        requisition.sudo(self.parts).action_issue()
        self.assertEqual(requisition.state, 'partial')
        self.assertTrue(requisition.stockout)
        self.assertTrue(requisition.line_ids.stockout)
        self.assertEqual(requisition.line_ids.qty_issued, 1)
        self.assertEqual(requisition.line_ids.qty_to_issue, 2)
        done = requisition.picking_ids.filtered(lambda p: p.state == 'done')
        backorder = requisition.picking_ids - done
        self.assertEqual(backorder.backorder_id, done)
        self.assertEqual(backorder.move_lines.product_uom_qty, 2)
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 0)
        # the back-order is issued when the stock is replenished
        self.stock(self.lamp, 5)
        requisition.sudo(self.parts).action_issue()
        self.assertEqual(backorder.state, 'done')
        self.assertEqual(requisition.state, 'done')
        self.assertEqual(self.on_hand(self.lamp, self.van(self.field)), 3)
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 3)

    def test_nothing_in_stock(self):
        requisition = self.requisition(self.field, [(self.lamp, 1)])
        requisition.sudo(self.parts).action_approve()
        requisition.sudo(self.parts).action_issue()
        self.assertEqual(requisition.state, 'approved')
        self.assertTrue(requisition.stockout)
        self.assertEqual(requisition.picking_ids.state, 'confirmed')
        self.assertFalse(requisition.picking_ids.move_lines.filtered(lambda m: m.state == 'done'))

    def test_manager_lowers_the_approved_quantity(self):
        self.stock(self.lamp, 5)
        requisition = self.requisition(self.field, [(self.lamp, 3)])
        with self.assertRaises(AccessError):
            requisition.line_ids.sudo(self.field).write({'qty_approved': 3})
        requisition.line_ids.sudo(self.parts).qty_approved = 1
        requisition.sudo(self.parts).action_approve()
        requisition.sudo(self.parts).action_issue()
        self.assertEqual(requisition.state, 'done')
        self.assertEqual(self.on_hand(self.lamp, self.van(self.field)), 1)

    def test_requisition_from_the_visit_checklist(self):
        visit = self.visit_on_site(self.field)
        visit.checklist_line_ids = [(0, 0, {'name': 'Lamp', 'kind': 'part', 'product_id': self.lamp.id,
                                            'quantity': 2}),
                                    (0, 0, {'name': 'Cable', 'kind': 'part', 'product_id': self.not_a_part.id})]
        action = visit.sudo(self.field).action_aftersales_request_parts()
        requisition = self.env['aftersales.part.requisition'].browse(action['res_id'])
        self.assertEqual(requisition.user_id, self.field)
        self.assertEqual(requisition.ticket_id, visit.ticket_id)
        self.assertEqual(requisition.equipment_id, self.projector_a)
        self.assertEqual([(line.product_id, line.quantity) for line in requisition.line_ids], [(self.lamp, 2)])
        self.assertEqual(visit.aftersales_requisition_count, 1)

    def test_engineers_see_their_own(self):
        self.stock(self.lamp, 5)
        mine = self.issued_requisition(self.field, [(self.lamp, 2)])
        other = self.issued_requisition(self.field2, [(self.lamp, 1)])
        Requisition = self.env['aftersales.part.requisition']
        self.assertEqual(Requisition.sudo(self.field).search([('id', 'in', (mine | other).ids)]), mine)
        with self.assertRaises(AccessError):
            other.sudo(self.field).read(['name'])
        self.assertEqual(Requisition.sudo(self.parts).search([('id', 'in', (mine | other).ids)]), mine | other)
        # van stock: his own van, not the colleague's
        Quant = self.env['stock.quant']
        vans = self.van(self.field) | self.van(self.field2)
        seen = Quant.sudo(self.field).search([('product_id', '=', self.lamp.id), ('location_id', 'in', vans.ids)])
        self.assertEqual(seen.mapped('location_id'), self.van(self.field))
        self.assertEqual(len(Quant.sudo(self.parts).search([('product_id', '=', self.lamp.id),
                                                            ('location_id', 'in', vans.ids)])), 2)
        report = self.env['aftersales.spare.stock.report'].sudo(self.field).search(
            [('product_id', '=', self.lamp.id)])
        self.assertEqual(report.mapped('location_id'), self.stock_location | self.van(self.field))
        # his transfers only
        pickings = (mine | other).mapped('picking_ids')
        pickings = self.env['stock.picking'].sudo(self.field).search([('id', 'in', pickings.ids)])
        self.assertEqual(pickings, mine.picking_ids)
        # the engineer may not change a submitted requisition
        with self.assertRaises(UserError):
            mine.sudo(self.field).write({'note': 'more'})

    def test_cancel(self):
        self.stock(self.lamp, 5)
        requisition = self.requisition(self.field, [(self.lamp, 2)])
        requisition.sudo(self.field).action_cancel()
        self.assertEqual(requisition.state, 'cancel')
        approved = self.requisition(self.field, [(self.lamp, 2)])
        approved.sudo(self.parts).action_approve()
        with self.assertRaises(AccessError):
            approved.sudo(self.field).action_cancel()
        approved.sudo(self.parts).action_cancel()
        self.assertEqual(approved.picking_ids.state, 'cancel')
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 5)
        self.assertEqual(self.lamp.with_context(location=self.stock_location.id).virtual_available, 5)

    def test_approval_activity_for_the_spare_parts_manager(self):
        requisition = self.requisition(self.field, [(self.lamp, 1)])
        self.assertTrue(requisition.activity_ids)
        self.assertIn(requisition.activity_ids.user_id, self.env.ref('aftersales_service.group_aftersales_parts').users)
        requisition.sudo(self.parts).action_approve()
        self.assertFalse(requisition.activity_ids)
