from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.aftersales_service.tests.common import AftersalesCase


def create_user(env, login, *groups):
    return env['res.users'].with_context(no_reset_password=True).create({
        'name': login.replace('_', ' ').title(), 'login': login, 'email': '%s@test.example.com' % login,
        'password': login,
        'groups_id': [(6, 0, [env.ref('aftersales_service.%s' % group).id for group in groups])]})


class InventoryFixture(object):
    """A spare-parts warehouse set up by the wizard, two vans, a vendor and
    spare parts fitting the projector (normal) and the display (critical)
    of ``AftersalesCase``; methods to stock, request, issue and consume."""

    @classmethod
    def setup_inventory(cls, env, manager, engineers, projector, display):
        cls.projector_product = env['product.product'].create({'name': 'Test Projector', 'type': 'consu'})
        cls.display_product = env['product.product'].create({'name': 'Test Display', 'type': 'consu'})
        projector.aftersales_product_id = cls.projector_product
        display.aftersales_product_id = cls.display_product
        setup = env['aftersales.inventory.setup'].sudo(manager).create({
            'warehouse_id': False, 'warehouse_name': 'Test Spare Parts', 'warehouse_code': 'TSP',
            'engineer_ids': [(6, 0, engineers.ids)]})
        setup.action_apply()
        cls.company = env.user.company_id
        cls.warehouse = cls.company.aftersales_parts_warehouse_id
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.defective_location = cls.company.aftersales_defective_location_id
        cls.customers = env.ref('stock.stock_location_customers')
        cls.suppliers = env.ref('stock.stock_location_suppliers')
        cls.vendor = env['res.partner'].create({'name': 'Test Lamp Vendor', 'supplier': True, 'customer': False})
        cls.lamp = cls.create_part(env, 'Test Lamp', 'T-LAMP', cls.projector_product, cost=600.0)
        cls.board = cls.create_part(env, 'Test Display Board', 'T-BOARD', cls.display_product, cost=900.0)
        cls.board_serial = cls.create_part(env, 'Test Serial Board', 'T-SERIAL', cls.display_product, cost=1200.0,
                                           tracking='serial')
        cls.not_a_part = env['product.product'].create({'name': 'Test Cable', 'type': 'product'})

    @classmethod
    def create_part(cls, env, name, code, fits, cost=100.0, tracking='none', delay=4, multiple=1.0):
        part = env['product.product'].create({
            'name': name, 'default_code': code, 'type': 'product', 'tracking': tracking,
            'standard_price': cost, 'aftersales_is_spare_part': True, 'aftersales_purchase_multiple': multiple,
            'aftersales_equipment_product_ids': [(6, 0, fits.ids)],
            'route_ids': [(6, 0, [env.ref('purchase.route_warehouse0_buy').id])],
            'seller_ids': [(0, 0, {'name': cls.vendor.id, 'delay': delay, 'price': cost})]})
        return part

    def stock(self, product, quantity, location=None, lot=None):
        self.env['stock.quant']._update_available_quantity(product, location or self.stock_location, quantity,
                                                           lot_id=lot)

    def on_hand(self, product, location, lot=None):
        """The quantity of ``product`` in ``location`` (quants, all users)."""
        quants = self.env['stock.quant'].sudo().search(
            [('product_id', '=', product.id), ('location_id', '=', location.id)])
        if lot:
            quants = quants.filtered(lambda q: q.lot_id == lot)
        return sum(quants.mapped('quantity'))

    def van(self, user):
        return self.env['stock.location']._aftersales_van(user)

    def requisition(self, user, lines, visit=None, submit=True):
        requisition = self.env['aftersales.part.requisition'].sudo(user).create({
            'user_id': user.id, 'visit_id': visit and visit.id,
            'line_ids': [(0, 0, {'product_id': product.id, 'quantity': quantity, 'reason': 'test'})
                         for product, quantity in lines]})
        if submit:
            requisition.action_submit()
        return requisition.sudo(self.env.uid)

    def issued_requisition(self, user, lines, visit=None):
        requisition = self.requisition(user, lines, visit=visit)
        requisition.sudo(self.parts).action_approve()
        requisition.sudo(self.parts).action_issue()
        return requisition

    def visit_on_site(self, engineer, days=1):
        start = datetime.now().replace(microsecond=0) + timedelta(days=days)
        ticket = self._ticket()
        visit = self.env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': engineer.id,
            'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + timedelta(hours=2))})
        visit.action_schedule()
        visit.checklist_line_ids.write({'checked': True})
        visit.sudo(engineer).action_check_in()
        return visit

    def stock_move_count(self):
        return self.env['stock.move'].sudo().search_count([])


class InventoryCase(InventoryFixture, AftersalesCase):

    @classmethod
    def setUpClass(cls):
        super(InventoryCase, cls).setUpClass()
        cls.env.user.company_id.po_lead = 0.0
        cls.field2 = create_user(cls.env, 't_field2', 'group_aftersales_field')
        cls.setup_inventory(cls.env, cls.manager, cls.field | cls.field2 | cls.tech, cls.projector_a, cls.display_b)
