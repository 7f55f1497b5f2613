from odoo.exceptions import AccessError, UserError

from .common import InventoryCase


class TestDefectiveReturn(InventoryCase):

    def _received(self, product=None, quantity=1, lot_name=False):
        defective = self.env['aftersales.defective.return'].sudo(self.field).create({
            'product_id': (product or self.lamp).id, 'quantity': quantity, 'lot_name': lot_name,
            'fault_description': 'Does not light'})
        self.assertEqual(defective.user_id, self.field)
        self.assertEqual(defective.vendor_id, self.vendor)
        with self.assertRaises(AccessError):
            defective.action_receive()
        defective = defective.sudo(self.parts)
        defective.action_receive()
        self.assertEqual(defective.state, 'received')
        self.assertEqual(defective.picking_id.location_dest_id, self.defective_location)
        return defective

    def test_scrap(self):
        defective = self._received(quantity=2)
        defective.action_scrap()
        self.assertEqual(defective.state, 'scrapped')
        self.assertEqual(defective.scrap_id.state, 'done')
        self.assertEqual(self.on_hand(self.lamp, self.defective_location), 0)
        self.assertEqual(self.on_hand(self.lamp, defective.scrap_id.scrap_location_id), 2)

    def test_repaired_back_to_stock(self):
        defective = self._received()
        defective.action_repaired()
        self.assertEqual(defective.state, 'repaired')
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 1)
        self.assertEqual(self.on_hand(self.lamp, self.defective_location), 0)

    def test_warranty_claim_replaced(self):
        defective = self._received()
        defective.action_send_to_vendor()
        self.assertEqual(defective.state, 'vendor')
        self.assertTrue(defective.claim_date)
        self.assertEqual(defective.vendor_picking_id.location_dest_id, self.suppliers)
        self.assertEqual(defective.vendor_picking_id.partner_id, self.vendor)
        self.assertEqual(self.on_hand(self.lamp, self.defective_location), 0)
        defective.action_vendor_replaced()
        self.assertEqual(defective.state, 'replaced')
        self.assertEqual(self.on_hand(self.lamp, self.stock_location), 1)

    def test_warranty_claim_credited(self):
        defective = self._received()
        defective.action_send_to_vendor()
        defective.action_vendor_credited()
        self.assertEqual(defective.state, 'credited')
        self.assertTrue(defective.resolution_date)
        with self.assertRaises(UserError):
            defective.action_scrap()

    def test_tracked_part_needs_its_serial(self):
        defective = self.env['aftersales.defective.return'].sudo(self.field).create({
            'product_id': self.board_serial.id})
        with self.assertRaisesRegex(UserError, 'serial number'):
            defective.sudo(self.parts).action_receive()
        self.assertEqual(defective.state, 'draft')
        defective.lot_name = 'SN-BROKEN-1'
        defective.sudo(self.parts).action_receive()
        self.assertEqual(defective.lot_id.name, 'SN-BROKEN-1')
        defective.sudo(self.parts).action_send_to_vendor()
        self.assertEqual(self.on_hand(self.board_serial, self.suppliers, lot=defective.lot_id), 1)
        with self.assertRaises(UserError):
            defective.sudo(self.parts).action_vendor_replaced()

    def test_engineers_see_what_they_brought_back(self):
        mine = self.env['aftersales.defective.return'].sudo(self.field).create({'product_id': self.lamp.id})
        other = self.env['aftersales.defective.return'].sudo(self.field2).create({'product_id': self.lamp.id})
        Return = self.env['aftersales.defective.return']
        self.assertEqual(Return.sudo(self.field).search([('id', 'in', (mine | other).ids)]), mine)
        self.assertEqual(Return.sudo(self.parts).search([('id', 'in', (mine | other).ids)]), mine | other)
