"""The printed forms, through the real wkhtmltopdf (see
aftersales_service/tests/common.py, PdfReportMixin)."""
import unicodedata
from datetime import datetime, timedelta

import odoo.tests.common
import pytest
from odoo import fields
from odoo.addons.aftersales_service.tests.common import PdfReportMixin, pdf_pages_text

from .common import InventoryFixture, create_user

# a 1x1 PNG: the customer's signature
SIGNATURE = b'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='


@pytest.mark.slow
@odoo.tests.common.at_install(False)
@odoo.tests.common.post_install(True)
class TestInventoryPdf(InventoryFixture, PdfReportMixin, odoo.tests.common.HttpCase):

    def setUp(self):
        super(TestInventoryPdf, self).setUp()
        env = self.env = self.env(context={'tracking_disable': True, 'aftersales_no_ack': True})
        self.engineer = create_user(env, 'report_engineer_wei', 'group_aftersales_field')
        self.engineer.name = 'Engineer Zhang Wei'
        self.parts = create_user(env, 'report_parts_zhao', 'group_aftersales_parts')
        self.parts.name = 'Keeper Zhao Lei'
        manager = create_user(env, 'report_manager_wang', 'group_aftersales_manager')
        Partner = env['res.partner']
        customer = Partner.create({'name': 'Report County Bureau', 'is_company': True, 'customer': True})
        site = Partner.create({'name': 'Report Township School', 'parent_id': customer.id, 'type': 'other',
                               'aftersales_is_site': True})
        equipment = env['maintenance.equipment'].create({
            'name': 'Report Broadcast Amplifier', 'serial_no': 'SN-AMP-42', 'aftersales_customer_id': customer.id,
            'aftersales_site_id': site.id, 'aftersales_criticality': 'critical'})
        other = env['maintenance.equipment'].create({'name': 'Report Projector', 'aftersales_customer_id': customer.id})
        self.setup_inventory(env, manager, self.engineer, other, equipment)
        self.fan = self.create_part(env, 'Amplifier Cooling Fan', 'RP-FAN', self.display_product, cost=65.0)
        self.stock(self.fan, 5)
        ticket = env['aftersales.ticket'].create({
            'title': 'Amplifier overheating', 'partner_id': customer.id, 'site_id': site.id,
            'equipment_id': equipment.id, 'type_id': env.ref('aftersales_service.ticket_type_repair').id,
            'channel': 'phone'})
        start = datetime.now().replace(microsecond=0) + timedelta(days=2)
        self.visit = env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': self.engineer.id, 'planned_start': fields.Datetime.to_string(start),
            'planned_end': fields.Datetime.to_string(start + timedelta(hours=2))})
        self.requisition = self.requisition(self.engineer, [(self.fan, 2)], visit=self.visit, submit=False)
        self.requisition.line_ids.reason = 'Fan bearing worn'
        self.requisition.sudo(self.engineer).action_submit()
        self.requisition.sudo(self.parts).action_approve()
        self.requisition.sudo(self.parts).action_issue()
        self.visit.write({'state': 'on_site', 'work_done': '<p>Replaced the cooling fan</p>', 'result': 'fixed',
                          'aftersales_part_ids': [(0, 0, {'product_id': self.fan.id, 'quantity': 1,
                                                          'defective_serial': 'OLD-FAN-77'})]})
        self.visit.sudo(self.engineer).action_aftersales_consume_parts()
        self.visit.action_sign(SIGNATURE, 'Principal Tang', 'Principal')
        self.defective = self.visit.aftersales_defective_return_ids
        self.defective.fault_description = 'Bearing worn, noisy'
        self.defective.sudo(self.parts).action_receive()

    def flat_text(self, report, records):
        # NFKC: pdftotext gives some ideographs as the look-alike Kangxi radicals (人 as U+2F08)
        text = unicodedata.normalize('NFKC', '\n'.join(pdf_pages_text(self.render_pdf(report, records))))
        return ' '.join(text.split()), [' '.join(row.split()) for row in text.splitlines()]

    def test_requisition_slip(self):
        flat, rows = self.flat_text('aftersales_inventory.action_report_aftersales_part_requisition',
                                    self.requisition)
        for label in ('备件领用单 / Spare Parts Requisition', self.requisition.name, 'Engineer Zhang Wei',
                      'Report County Bureau', 'Report Township School', 'Report Broadcast Amplifier', 'SN-AMP-42',
                      '批准人 / Approved By', 'Keeper Zhao Lei', '发料人 / Issued By', '领料人 / Received By'):
            self.assertIn(label, flat)
        # the part, its reason, requested, approved and issued on one row
        self.assertTrue(any('[RP-FAN] Amplifier Cooling Fan' in row and 'Fan bearing worn' in row
                            and '2.000 2.000 2.00' in row for row in rows), rows)

    def test_defective_return_record(self):
        flat, _rows = self.flat_text('aftersales_inventory.action_report_aftersales_defective_return',
                                     self.defective)
        for label in ('坏件返回单 / Defective Part Return', self.defective.name, '[RP-FAN] Amplifier Cooling Fan',
                      'OLD-FAN-77', 'In Defective Stock', 'Report Township School', self.visit.name,
                      'Bearing worn, noisy', 'Engineer Zhang Wei', '返回人 / Returned By', '接收人 / Received By'):
            self.assertIn(label, flat)

    def test_repair_record_lists_the_parts_used(self):
        flat, rows = self.flat_text('aftersales_service.action_report_aftersales_visit', self.visit)
        self.assertIn('更换备件 / Parts Used', flat)
        self.assertTrue(any('[RP-FAN] Amplifier Cooling Fan' in row and '1.000' in row and 'OLD-FAN-77' in row
                            for row in rows), rows)
        self.assertIn('Principal Tang', flat)
