import logging

from psycopg2 import sql

from odoo.exceptions import AccessError
from odoo.tools import split_every

from .common import InventoryCase

_logger = logging.getLogger(__name__)
DATE_TO = '2026-03-11 00:00:00'  # the window: 2026-03-01 to 2026-03-10, 10 days


class StockRulesCase(InventoryCase):

    @classmethod
    def setUpClass(cls):
        super(StockRulesCase, cls).setUpClass()
        cls.company.write({'aftersales_window_days': 10, 'aftersales_review_days': 10, 'po_lead': 0.0})
        cls.Orderpoint = cls.env['stock.warehouse.orderpoint']

    def consume(self, product, quantity, date, source=None, destination=None):
        """A done move of ``quantity`` from the warehouse to a customer on ``date``."""
        source = source or self.stock_location
        self.stock(product, quantity, location=source)
        move = self.env['stock.move'].create({
            'name': 'consumption', 'product_id': product.id, 'product_uom': product.uom_id.id,
            'product_uom_qty': quantity, 'location_id': source.id,
            'location_dest_id': (destination or self.customers).id})
        move._action_confirm()
        move._action_assign()
        move.move_line_ids.qty_done = quantity
        move._action_done()
        move.date = date
        return move


class TestStockRuleComputation(StockRulesCase):

    @classmethod
    def setUpClass(cls):
        super(TestStockRuleComputation, cls).setUpClass()
        # the board fits the display (critical), the lamp the projector (normal)
        cls.board.aftersales_purchase_multiple = 5

    def build_history(self):
        # board: 2, 4, 2 and 2 on four days of the ten
        for day, quantity in (('01', 2), ('03', 4), ('05', 2), ('08', 2)):
            self.consume(self.board, quantity, '2026-03-%s 12:00:00' % day)
        # lamp: 1 and 1 on two days, one of them from a van
        self.consume(self.lamp, 1, '2026-03-02 12:00:00')
        self.consume(self.lamp, 1, '2026-03-06 09:00:00', source=self.van(self.field))
        # not consumption: before the window, an internal transfer, a return to the vendor
        self.consume(self.board, 7, '2026-02-27 12:00:00')
        self.consume(self.lamp, 5, '2026-03-04 12:00:00', destination=self.van(self.field))
        self.consume(self.lamp, 5, '2026-03-04 12:00:00', destination=self.suppliers)

    def test_hand_computed_min_max(self):
        """Board (critical equipment, service level 99%, z = 2.3263):
        10 consumed over 10 days: mean 1/day; squares 4+16+4+4 = 28,
        variance 28/10 - 1 = 1.8, deviation 1.3416; lead time 4 days:
        safety 2.3263 * 1.3416 * 2 = 6.2422; min 1 * 4 + 6.2422 = 10.24
        -> 15 (multiple 5); max 10.24 + 1 * 10 = 20.24 -> 25.
        Lamp (normal equipment, 90%, z = 1.2816): 2 over 10 days: mean
        0.2; variance 2/10 - 0.04 = 0.16, deviation 0.4; safety 1.2816 *
        0.4 * 2 = 1.0252; min 0.8 + 1.0252 = 1.83 -> 2; max 1.83 + 2 =
        3.83 -> 4."""
        self.build_history()
        proposals = {proposal['product_id']: proposal for proposal in self.Orderpoint._aftersales_proposals(
            self.board | self.lamp, self.warehouse, date_to=DATE_TO)}
        board, lamp = proposals[self.board.id], proposals[self.lamp.id]
        self.assertEqual((board['criticality'], board['service_level']), ('critical', 99.0))
        self.assertEqual((lamp['criticality'], lamp['service_level']), ('normal', 90.0))
        self.assertEqual(board['consumption'], 10)
        self.assertEqual(lamp['consumption'], 2)
        self.assertEqual(board['lead_days'], 4)
        self.assertAlmostEqual(board['deviation'], 1.3416, places=4)
        self.assertAlmostEqual(board['safety_stock'], 6.2422, places=3)
        self.assertAlmostEqual(lamp['safety_stock'], 1.0252, places=3)
        self.assertEqual((board['min_qty'], board['max_qty']), (15, 25))
        self.assertEqual((lamp['min_qty'], lamp['max_qty']), (2, 4))
        # capital tied up: (min + max) / 2 at cost; no rule before
        self.assertEqual(board['capital_before'], 0)
        self.assertEqual(board['capital_after'], 900.0 * 20)

    def test_apply_updates_the_orderpoints_then_the_scheduler_buys(self):
        self.build_history()
        manual = self.Orderpoint.create({
            'warehouse_id': self.warehouse.id, 'location_id': self.stock_location.id,
            'product_id': self.lamp.id, 'product_min_qty': 10, 'product_max_qty': 30})
        count = self.Orderpoint._aftersales_recompute(company=self.company, date_to=DATE_TO)
        self.assertGreaterEqual(count, 3)
        rules = self.Orderpoint.search([('location_id', '=', self.stock_location.id)])
        board = rules.filtered(lambda rule: rule.product_id == self.board)
        lamp = rules.filtered(lambda rule: rule.product_id == self.lamp)
        self.assertEqual(lamp, manual, 'the existing rule is updated')
        self.assertEqual((board.product_min_qty, board.product_max_qty, board.qty_multiple), (15, 25, 5))
        self.assertEqual((lamp.product_min_qty, lamp.product_max_qty), (2, 4))
        self.assertEqual(board.warehouse_id, self.warehouse)
        self.assertEqual(board.aftersales_criticality, 'critical')
        self.assertTrue(board.aftersales_computed_at)
        # the serial board fits the critical display too: one on the shelf
        serial = rules.filtered(lambda rule: rule.product_id == self.board_serial)
        self.assertEqual((serial.product_min_qty, serial.product_max_qty), (1, 1))
        # twice: the same rules, none more
        self.Orderpoint._aftersales_recompute(company=self.company, date_to=DATE_TO)
        self.assertEqual(self.Orderpoint.search([('location_id', '=', self.stock_location.id)]), rules)
        # Odoo's scheduler asks the vendor for what is below the minimum
        self.assertEqual(self.on_hand(self.board, self.stock_location), 0)
        self.env['procurement.group'].run_scheduler(company_id=self.company.id)
        line = self.env['purchase.order.line'].search([('product_id', '=', self.board.id)])
        self.assertEqual(len(line), 1)
        self.assertEqual(line.order_id.state, 'draft')
        self.assertEqual(line.order_id.partner_id, self.vendor)
        self.assertEqual(line.product_qty, 25)
        self.assertEqual(line.order_id.picking_type_id.warehouse_id, self.warehouse)
        self.assertIn(board.name, line.order_id.origin)

    def test_preview_wizard_then_apply(self):
        self.build_history()
        wizard = self.env['aftersales.stock.rule.wizard'].sudo(self.parts).create({'date_to': DATE_TO})
        lines = {line.product_id: line for line in wizard.line_ids}
        self.assertEqual((lines[self.board].min_qty, lines[self.board].max_qty), (15, 25))
        self.assertGreater(wizard.capital_change, 0)
        self.assertEqual(wizard.capital_change, wizard.capital_after - wizard.capital_before)
        wizard.line_ids.write({'apply': False})
        lines[self.board].apply = True
        self.assertEqual(wizard.capital_after, lines[self.board].capital_after)
        wizard.action_apply()
        rules = self.Orderpoint.search([('location_id', '=', self.stock_location.id)])
        self.assertEqual(rules.mapped('product_id'), self.board)

    def test_only_the_parts_manager_applies(self):
        wizard = self.env['aftersales.stock.rule.wizard'].sudo(self.parts).create({})
        with self.assertRaises(AccessError):
            wizard.sudo(self.field).action_apply()


class TestStockRuleQueryCount(StockRulesCase):

    def clone_parts(self, model, count):
        """``count`` copies of the part ``model`` (with its vendor every
        third one), inserted with one statement per table: the data of the
        query-count test, quick to build."""
        cr = self.env.cr

        def copy_rows(table, replaced, source_id, extra_from, params):
            cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                       "AND column_name != 'id' ORDER BY ordinal_position", (table,))
            names = [row[0] for row in cr.fetchall()]
            query = sql.SQL('INSERT INTO {table} ({columns}) SELECT {values} FROM {table} source, {extra} '
                            'WHERE source.id = %s ORDER BY new.n RETURNING id').format(
                table=sql.Identifier(table), columns=sql.SQL(', ').join(map(sql.Identifier, names)),
                values=sql.SQL(', ').join(sql.SQL(replaced[name]) if name in replaced
                                          else sql.SQL('source.') + sql.Identifier(name) for name in names),
                extra=sql.SQL(extra_from))
            cr.execute(query, params + [source_id])
            return [row[0] for row in cr.fetchall()]

        templates = copy_rows('product_template', {'name': "'Bulk part ' || new.n"}, model.product_tmpl_id.id,
                              'generate_series(1, %s) AS new(n)', [count])
        products = copy_rows('product_product', {'product_tmpl_id': 'new.template', 'default_code': "'BULK-' || new.n"},
                             model.id, 'unnest(%s::int[]) WITH ORDINALITY AS new(template, n)', [templates])
        copy_rows('product_supplierinfo', {'product_tmpl_id': 'new.template', 'delay': '1 + mod(new.n, 7)'},
                  model.seller_ids.id, 'unnest(%s::int[]) WITH ORDINALITY AS new(template, n)', [templates[::3]])
        cr.execute('INSERT INTO aftersales_spare_part_equipment_product_rel (template_id, product_id) '
                   'SELECT unnest(%s::int[]), %s', (templates, self.display_product.id))
        self.env.cache.invalidate()
        return self.env['product.product'].browse(products)

    def test_query_count_is_the_same_for_every_batch(self):
        """2,000 parts: 4 batches of 500 and 2 batches of 1,000 cost the same
        number of queries each."""
        self.board.aftersales_purchase_multiple = 5
        parts = self.clone_parts(self.board, 2000)
        self.assertEqual(len(parts.exists()), 2000)
        self.assertTrue(all(parts[:3].mapped('aftersales_is_spare_part')))
        # some parts have consumption, every other one a rule already
        for part in parts[::500]:
            self.consume(part, 2, '2026-03-05 12:00:00')
        for part in parts[1::2]:
            self.Orderpoint.create({'warehouse_id': self.warehouse.id, 'location_id': self.stock_location.id,
                                    'product_id': part.id, 'product_min_qty': 0, 'product_max_qty': 0})
        Product = self.env['product.product']
        self.Orderpoint._aftersales_recompute_batch(self.lamp, self.warehouse, date_to=DATE_TO)  # warm up
        counts = {}
        for size in (500, 1000):
            for ids in split_every(size, parts.ids):
                start = self.cr.sql_log_count
                done = self.Orderpoint._aftersales_recompute_batch(Product.browse(ids), self.warehouse,
                                                                   date_to=DATE_TO)
                counts.setdefault(size, []).append(self.cr.sql_log_count - start)
                self.assertEqual(done, size)
        _logger.info('queries per batch of the stock rules recomputation: %s', counts)
        self.assertEqual(len(counts[500]), 4)
        self.assertEqual(len(counts[1000]), 2)
        self.assertEqual(len(set(counts[500] + counts[1000])), 1, counts)
        self.assertLessEqual(counts[500][0], 12, counts)
        rules = self.Orderpoint.search([('product_id', 'in', parts.ids)])
        self.assertEqual(len(rules), 2000)
        self.assertGreaterEqual(min(rules.mapped('product_min_qty')), 1.0, 'parts of critical equipment')
        consumed = rules.filtered(lambda rule: rule.product_id == parts[0])
        self.assertEqual(consumed.aftersales_daily_demand, 0.2)
        self.assertEqual(consumed.qty_multiple, 5)

    def test_the_cron_recomputes_every_part(self):
        self.consume(self.board, 3, '2026-03-05 12:00:00')
        count = self.Orderpoint._aftersales_recompute(batch_size=2, date_to=DATE_TO)
        parts = self.Orderpoint._aftersales_spare_parts(self.company)
        self.assertEqual(count, len(parts))
        self.assertEqual(self.Orderpoint.search_count([('product_id', 'in', parts.ids),
                                                       ('location_id', '=', self.stock_location.id)]), len(parts))
        cron = self.env.ref('aftersales_inventory.ir_cron_aftersales_recompute_stock_rules')
        self.assertEqual((cron.interval_number, cron.interval_type), (1, 'months'))
        self.assertIn('_cron_aftersales_recompute_stock_rules', cron.code)
