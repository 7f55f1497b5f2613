from odoo.exceptions import UserError, ValidationError

from .common import InventoryCase


class TestBadInput(InventoryCase):
    """Clear errors, and no stock move created."""

    def assertRefused(self, error, function, *args, **kwargs):
        moves = self.stock_move_count()
        with self.assertRaises(error), self.cr.savepoint():
            function(*args, **kwargs)
        self.assertEqual(self.stock_move_count(), moves)

    def test_zero_or_negative_requested_quantity(self):
        for quantity in (0, -2):
            self.assertRefused(ValidationError, self.requisition, self.field, [(self.lamp, quantity)])

    def test_not_a_spare_part(self):
        self.stock(self.not_a_part, 5)
        self.assertRefused(ValidationError, self.requisition, self.field, [(self.not_a_part, 1)])
        visit = self.visit_on_site(self.field)
        self.assertRefused(ValidationError, visit.sudo(self.field).write, {
            'aftersales_part_ids': [(0, 0, {'product_id': self.not_a_part.id, 'quantity': 1})]})
        self.assertRefused(ValidationError, self.env['aftersales.defective.return'].create, {
            'product_id': self.not_a_part.id})
        with self.assertRaisesRegex(ValidationError, 'Test Cable is not a spare part'), self.cr.savepoint():
            self.requisition(self.field, [(self.not_a_part, 1)])

    def test_spare_part_must_be_storable(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.lamp.type = 'consu'

    def test_issue_more_than_approved(self):
        self.stock(self.lamp, 10)
        requisition = self.requisition(self.field, [(self.lamp, 3)])
        requisition.line_ids.sudo(self.parts).qty_approved = 2
        requisition.sudo(self.parts).action_approve()
        line = requisition.line_ids
        manager = requisition.sudo(self.parts)
        self.assertRefused(UserError, manager.action_issue, quantities={line.id: 3})
        self.assertRefused(UserError, manager.action_issue, quantities={line.id: -1})
        self.assertEqual(requisition.state, 'approved')
        # nor by hand on the transfer: stock would add an extra move
        picking = requisition.picking_ids
        picking.move_line_ids.qty_done = 3
        moves = self.stock_move_count()
        with self.assertRaisesRegex(UserError, 'only 2.0 of the 2.0 approved'), self.cr.savepoint():
            picking.sudo(self.parts).action_done()
        self.assertEqual(self.stock_move_count(), moves)
        self.assertEqual(picking.state, 'assigned')
        self.assertEqual(self.on_hand(self.lamp, self.van(self.field)), 0)
        # what was approved can be issued
        picking.move_line_ids.qty_done = 0
        manager.action_issue(quantities={line.id: 2})
        self.assertEqual(requisition.state, 'done')
        self.assertRefused(UserError, manager.action_issue)

    def test_approved_more_than_requested(self):
        requisition = self.requisition(self.field, [(self.lamp, 1)])
        with self.assertRaises(ValidationError), self.cr.savepoint():
            requisition.line_ids.sudo(self.parts).qty_approved = 2

    def test_nothing_approved(self):
        requisition = self.requisition(self.field, [(self.lamp, 1)])
        requisition.line_ids.sudo(self.parts).qty_approved = 0
        self.assertRefused(UserError, requisition.sudo(self.parts).action_approve)

    def test_empty_requisition(self):
        requisition = self.requisition(self.field, [], submit=False)
        with self.assertRaises(UserError):
            requisition.sudo(self.field).action_submit()

    def test_no_van(self):
        engineer = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Without Van', 'login': 't_novan',
            'groups_id': [(6, 0, [self.env.ref('aftersales_service.group_aftersales_field').id])]})
        self.stock(self.lamp, 5)
        requisition = self.requisition(engineer, [(self.lamp, 1)])
        self.assertRefused(UserError, requisition.sudo(self.parts).action_approve)
        self.assertEqual(requisition.state, 'to_approve')

    def test_negative_or_zero_quantity_used_or_returned(self):
        visit = self.visit_on_site(self.field)
        for quantity in (0, -1):
            self.assertRefused(ValidationError, visit.sudo(self.field).write, {
                'aftersales_part_ids': [(0, 0, {'product_id': self.lamp.id, 'quantity': quantity})]})
            self.assertRefused(ValidationError, self.env['aftersales.defective.return'].create, {
                'product_id': self.lamp.id, 'quantity': quantity})
        self.assertRefused(ValidationError, self.env['aftersales.defective.return'].create, {
            'product_id': self.board_serial.id, 'quantity': 2, 'lot_name': 'SN-1'})

    def test_return_more_than_issued(self):
        self.stock(self.lamp, 5)
        requisition = self.issued_requisition(self.field, [(self.lamp, 2)])
        self.assertRefused(UserError, requisition.sudo(self.parts).action_return_unused,
                           quantities={requisition.line_ids.id: 3})
        requisition.sudo(self.parts).action_return_unused(quantities={requisition.line_ids.id: 2})
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 5)
        self.assertRefused(UserError, requisition.sudo(self.parts).action_return_unused)

    def test_bad_stock_rule_parameters(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.company.aftersales_service_level_critical = 100.0
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.lamp.aftersales_purchase_multiple = 0
