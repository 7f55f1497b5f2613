import base64
import io
from datetime import datetime, timedelta

import openpyxl
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


def rows_of(content, sheet_name):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book[sheet_name].iter_rows(values_only=True)]


class TestServiceAnalysis(InventoryCase):
    """The spare parts in the service analysis, on a constructed history.

    ====  =======  ==========  =======  ================================  =====
    id    created  kind        visit    parts                             cost
    ====  =======  ==========  =======  ================================  =====
    R1    03-04    repair PA   field    2 lamps consumed                  1200
    R2    03-11    repair DB   field2   1 board consumed                   900
    R3    03-18    repair PA   field    1 lamp recorded, not validated       0
    I1    03-20    inquiry     -        -                                    -
    R4    04-08    repair PA   field    1 lamp consumed                    600
    ====  =======  ==========  =======  ================================  =====
    2019; PA: projector A (Test Projector), DB: display B (Test Display).
    Parts cost per repair in March: (1200 + 900 + 0) / 3 = 700; projector
    600, display 900; March and April: (1200 + 900 + 0 + 600) / 4 = 675.
    """

    @classmethod
    def setUpClass(cls):
        super(TestServiceAnalysis, cls).setUpClass()
        Quant, Location = cls.env['stock.quant'], cls.env['stock.location']
        Quant._update_available_quantity(cls.lamp, Location._aftersales_van(cls.field), 4)
        Quant._update_available_quantity(cls.board, Location._aftersales_van(cls.field2), 1)
        cls.r1 = cls.repair('2019-03-04 12:00:00', cls.field, cls.projector_a, [(cls.lamp, 2)], days=1)
        cls.r2 = cls.repair('2019-03-11 12:00:00', cls.field2, cls.display_b, [(cls.board, 1)], days=2)
        cls.r3 = cls.repair('2019-03-18 12:00:00', cls.field, cls.projector_a, [(cls.lamp, 1)], days=3,
                            consume=False)
        cls.i1 = cls.env['aftersales.ticket'].create({
            'title': 'Where is the manual?', 'partner_id': cls.customer.id, 'type_id': cls.type_inquiry.id,
            'channel': 'phone'})
        cls.set_created(cls.i1, '2019-03-20 12:00:00')
        cls.r4 = cls.repair('2019-04-08 12:00:00', cls.field, cls.projector_a, [(cls.lamp, 1)], days=4)
        cls.tickets = cls.r1 | cls.r2 | cls.r3 | cls.i1 | cls.r4

    @classmethod
    def repair(cls, created, engineer, equipment, parts, days, consume=True):
        """A repair request of ``created`` with a visit of ``engineer``
        (``days`` from now: one visit a day) recording ``parts``
        [(part, quantity)], validated if ``consume``."""
        ticket = cls.env['aftersales.ticket'].create({
            'title': 'Parts history %s' % created, 'partner_id': cls.customer.id,
            'site_id': equipment.aftersales_site_id.id, 'equipment_id': equipment.id,
            'type_id': cls.type_repair.id, 'channel': 'phone'})
        start = datetime.now().replace(microsecond=0) + timedelta(days=days)
        visit = cls.env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': engineer.id, 'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + timedelta(hours=2))})
        visit.action_schedule()
        visit.checklist_line_ids.write({'checked': True})
        visit = visit.sudo(engineer)
        visit.action_check_in()
        visit.write({'aftersales_part_ids': [(0, 0, {'product_id': part.id, 'quantity': quantity})
                                             for part, quantity in parts]})
        if consume:
            visit.action_aftersales_consume_parts()
        cls.set_created(ticket, created)
        return ticket

    @classmethod
    def set_created(cls, ticket, created):
        # the creation date cannot be written through the ORM
        cls.env.cr.execute('UPDATE aftersales_ticket SET create_date = %s WHERE id = %s', (created, ticket.id))
        ticket.invalidate_cache()

    def export(self, user, domain):
        """The list's Action > Export to XLSX of the parts used, as ``user``."""
        wizard = self.env['aftersales.xlsx.export'].sudo(user).with_context(
            active_model='aftersales.visit.part', active_domain=domain).create({})
        self.assertEqual(wizard.profile_id, self.env.ref('aftersales_inventory.aftersales_export_profile_visit_part'))
        wizard.action_export()
        return rows_of(base64.b64decode(wizard.data), 'Parts Consumption')

    def test_parts_cost_per_ticket(self):
        Report = self.env['aftersales.ticket.kpi.report'].sudo(self.manager)
        costs = {row.ticket_id: row.parts_cost for row in Report.search([('ticket_id', 'in', self.tickets.ids)])}
        # the lamp recorded on R3 and not validated costs nothing yet
        self.assertEqual([costs[ticket] for ticket in (self.r1, self.r2, self.r3, self.r4)], [1200, 900, 0, 600])
        march = [('ticket_id', 'in', self.tickets.ids), ('date', '>=', '2019-03-01'), ('date', '<', '2019-04-01')]
        # the inquiry is left out of the average
        self.assertEqual(Report.read_group(march, ['parts_cost'], [])[0]['parts_cost'], 700.0)
        by_product = Report.read_group(march, ['product_id', 'parts_cost'], ['product_id'])
        self.assertEqual({row['product_id'] and row['product_id'][0]: row['parts_cost'] for row in by_product},
                         {self.projector_product.id: 600.0, self.display_product.id: 900.0, False: False})
        everything = Report.read_group([('ticket_id', 'in', self.tickets.ids)], ['parts_cost'], [])
        self.assertEqual(everything[0]['parts_cost'], 675.0)

    def test_dashboard(self):
        Dashboard = self.env['aftersales.kpi.dashboard'].sudo(self.manager)
        march = {'date_from': '2019-03-01', 'date_to': '2019-03-31', 'partner_id': self.customer.id}
        dashboard = Dashboard.create(march)
        self.assertEqual((dashboard.ticket_count, dashboard.parts_cost_per_ticket), (4, 700.0))
        dashboard = Dashboard.create(dict(march, product_id=self.projector_product.id))
        self.assertEqual((dashboard.ticket_count, dashboard.parts_cost_per_ticket), (2, 600.0))
        dashboard = Dashboard.create(dict(march, date_to='2019-04-30'))
        self.assertEqual(dashboard.parts_cost_per_ticket, 675.0)
        arch = Dashboard.fields_view_get(view_type='form')['arch']
        self.assertIn('name="parts_cost_per_ticket"', arch)

    def test_monthly_workbook(self):
        wizard = self.env['aftersales.kpi.workbook'].sudo(self.manager).create({'year': 2019, 'month': '3'})
        wizard.action_export()
        content = base64.b64decode(wizard.data)
        self.assertEqual(openpyxl.load_workbook(io.BytesIO(content)).sheetnames[-1], 'Spare Parts')
        summary = rows_of(content, 'Summary')
        labels = [row[0] for row in summary]
        self.assertEqual(labels.index('Parts Cost per Ticket'), labels.index('Time on Site per Ticket (h)') + 1)
        self.assertEqual(dict(summary[1:])['Parts Cost per Ticket'], 700.0)
        sheet = rows_of(content, 'Spare Parts')
        self.assertEqual(sheet[0], ['Product', '# Tickets', 'Parts Cost per Ticket'])
        self.assertEqual(sorted(sheet[1:-1], key=str),
                         [['Test Display', 1, 900.0], ['Test Projector', 2, 600.0], ['Undefined', 1, None]])
        self.assertEqual(sheet[-1], ['Total', 4, 700.0])

    def test_product_quality(self):
        Quality = self.env['aftersales.product.quality.report'].sudo(self.tech)
        rows = Quality.read_group([('ticket_id', 'in', self.tickets.ids)],
                                  ['product_id', 'parts_quantity', 'parts_cost'], ['product_id'])
        self.assertEqual({row['product_id'][0]: (row['parts_quantity'], row['parts_cost']) for row in rows},
                         {self.projector_product.id: (3.0, 1800.0), self.display_product.id: (1.0, 900.0)})
        report = self.env['report.aftersales_service.report_product_quality'].sudo(self.tech)
        values = report.get_report_values((self.projector_product | self.display_product).ids)
        self.assertEqual(values['sections'][self.projector_product.id]['parts'],
                         [{'name': '[T-LAMP] Test Lamp', 'quantity': 3.0, 'cost': 1800.0}])
        self.assertEqual(values['sections'][self.display_product.id]['parts'],
                         [{'name': '[T-BOARD] Test Display Board', 'quantity': 1.0, 'cost': 900.0}])
        action = self.env.ref('aftersales_service.action_report_aftersales_product_quality')
        html = action.sudo(self.tech).render_qweb_html(self.projector_product.ids)[0].decode('utf-8')
        for text in ('Parts Replaced', '[T-LAMP] Test Lamp', '1,800.00'):
            self.assertIn(text, html)

    def test_parts_consumption_export(self):
        rows = self.export(self.manager, [['partner_id', '=', self.customer.id]])
        self.assertEqual(rows[0], [
            'Consumed On', 'Visit', 'Customer', 'Site', 'Equipment', 'Part', 'Quantity', 'Unit',
            'Lot/Serial Number', 'Engineer', 'Unit Cost', 'Cost', 'Replaced Part Brought Back',
            'Serial of the Replaced Part', 'State'])
        cells = [dict(zip(rows[0], row)) for row in rows[1:]]
        # R1, R2, R3, R4: one line each, in id order
        self.assertEqual([cell['Cost'] for cell in cells], [1200.0, 900.0, 0.0, 600.0])
        r1 = cells[0]
        self.assertEqual((r1['Part'], r1['Quantity'], r1['Unit Cost'], r1['State'], r1['Engineer']),
                         ('[T-LAMP] Test Lamp', 2.0, 600.0, 'Consumed', self.field.name))
        self.assertEqual(r1['Visit'], self.r1.visit_ids.name)
        self.assertIs(r1['Replaced Part Brought Back'], True)
        self.assertIsInstance(r1['Consumed On'], datetime)
        self.assertEqual((cells[2]['State'], cells[2]['Consumed On']), ('To Validate', None))
        bindings = self.env['ir.actions.act_window'].search([
            ('binding_model_id.model', '=', 'aftersales.visit.part'), ('res_model', '=', 'aftersales.xlsx.export')])
        self.assertEqual(len(bindings), 1)

    def test_field_engineer_exports_only_his_parts(self):
        domain = [['partner_id', '=', self.customer.id]]
        rows = self.export(self.field, domain)
        self.assertEqual([row[1] for row in rows[1:]], (self.r1 | self.r3 | self.r4).mapped('visit_ids.name'))
        self.assertEqual({row[9] for row in rows[1:]}, {self.field.name})
        rows = self.export(self.field2, domain)
        self.assertEqual([row[1] for row in rows[1:]], self.r2.visit_ids.mapped('name'))
