import threading
import uuid

import odoo
from odoo.service import model as service_model
from odoo.tests.common import TransactionCase, get_db_name


class TestLastUnitConcurrency(TransactionCase):
    """Two engineers ask for the last unit of a part; the spare parts
    manager approves and issues both at once, in two workers with their own
    committed transactions (Odoo's RPC layer, which retries a transaction
    that hit a concurrent update)."""

    def setUp(self):
        super(TestLastUnitConcurrency, self).setUp()
        self.registry = odoo.registry(get_db_name())
        self.tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {'tracking_disable': True})
            company = env.user.company_id
            self.previous_warehouse_id = company.aftersales_parts_warehouse_id.id
            if not company.aftersales_parts_warehouse_id:
                company.aftersales_parts_warehouse_id = env.ref('stock.warehouse0')
            warehouse = company.aftersales_parts_warehouse_id
            group = env.ref('aftersales_service.group_aftersales_field')
            engineers = env['res.users']
            for index in (1, 2):
                engineers |= env['res.users'].with_context(no_reset_password=True).create({
                    'name': 'Racing Engineer %d' % index, 'login': 'race_%s_%d' % (self.tag, index),
                    'groups_id': [(6, 0, [group.id])]})
            self.user_ids = engineers.ids
            self.van_ids = [env['stock.location'].create({
                'name': 'Race van %s' % engineer.name, 'usage': 'internal',
                'location_id': warehouse.view_location_id.id, 'aftersales_role': 'van',
                'aftersales_engineer_id': engineer.id}).id for engineer in engineers]
            product = env['product.product'].create({
                'name': 'Last power board %s' % self.tag, 'type': 'product', 'aftersales_is_spare_part': True})
            self.product_id = product.id
            self.stock_location_id = warehouse.lot_stock_id.id
            env['stock.quant']._update_available_quantity(product, warehouse.lot_stock_id, 1.0)
            requisitions = env['aftersales.part.requisition']
            for engineer in engineers:
                requisition = requisitions.sudo(engineer).create({
                    'user_id': engineer.id, 'line_ids': [(0, 0, {'product_id': product.id, 'quantity': 1})]})
                requisition.action_submit()
                requisitions |= requisition
            self.requisition_ids = requisitions.ids

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            cr.execute('SELECT id FROM stock_picking WHERE aftersales_requisition_id IN %s',
                       (tuple(self.requisition_ids),))
            picking_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            cr.execute('DELETE FROM stock_move_line WHERE product_id = %s', (self.product_id,))
            cr.execute('DELETE FROM stock_move WHERE product_id = %s', (self.product_id,))
            cr.execute('DELETE FROM stock_quant WHERE product_id = %s', (self.product_id,))
            cr.execute('DELETE FROM stock_picking WHERE id IN %s', (picking_ids,))
            cr.execute('DELETE FROM mail_activity WHERE res_model = %s AND res_id IN %s',
                       ('aftersales.part.requisition', tuple(self.requisition_ids)))
            cr.execute('DELETE FROM mail_message WHERE model = %s AND res_id IN %s',
                       ('aftersales.part.requisition', tuple(self.requisition_ids)))
            cr.execute('DELETE FROM aftersales_part_requisition WHERE id IN %s', (tuple(self.requisition_ids),))
            env['stock.location'].browse(self.van_ids).unlink()
            product = env['product.product'].browse(self.product_id)
            template = product.product_tmpl_id
            product.unlink()
            template.unlink()
            users = env['res.users'].browse(self.user_ids)
            partners = users.mapped('partner_id')
            users.unlink()
            partners.unlink()
            env.user.company_id.aftersales_parts_warehouse_id = self.previous_warehouse_id
        super(TestLastUnitConcurrency, self).tearDown()

    def test_one_gets_the_last_unit_the_other_a_backorder(self):
        barrier = threading.Barrier(2)
        errors = []
        dbname = get_db_name()

        def worker(requisition_id):
            try:
                with odoo.api.Environment.manage():
                    barrier.wait(timeout=30)
                    for method in ('action_approve', 'action_issue'):
                        service_model.execute(dbname, odoo.SUPERUSER_ID, 'aftersales.part.requisition', method,
                                              [requisition_id])
            except Exception as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=worker, args=(requisition_id,)) for requisition_id in self.requisition_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        self.assertFalse(errors, errors)
        with self.registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            requisitions = env['aftersales.part.requisition'].browse(self.requisition_ids)
            self.assertEqual(sorted(requisitions.mapped('state')), ['approved', 'done'])
            winner = requisitions.filtered(lambda r: r.state == 'done')
            loser = requisitions - winner
            self.assertEqual(winner.line_ids.qty_issued, 1)
            self.assertFalse(winner.stockout)
            self.assertEqual(loser.line_ids.qty_issued, 0)
            self.assertTrue(loser.stockout)
            backorder = loser.picking_ids
            self.assertEqual(backorder.state, 'confirmed')
            self.assertEqual(backorder.move_lines.product_uom_qty, 1)
            # the unit is in the winner's van; nothing negative anywhere
            cr.execute("""SELECT q.location_id, SUM(q.quantity) FROM stock_quant q
                            JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
                           WHERE q.product_id = %s GROUP BY q.location_id""", (self.product_id,))
            quantities = dict(cr.fetchall())
            winner_van = env['stock.location']._aftersales_van(winner.user_id)
            self.assertEqual(quantities.get(winner_van.id), 1)
            self.assertFalse(quantities.get(self.stock_location_id))
            cr.execute('SELECT COUNT(*) FROM stock_quant WHERE product_id = %s AND quantity < 0 '
                       'AND location_id IN (SELECT id FROM stock_location WHERE usage = %s)',
                       (self.product_id, 'internal'))
            self.assertEqual(cr.fetchone()[0], 0)
