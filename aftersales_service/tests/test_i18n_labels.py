import os

from odoo.exceptions import UserError
from odoo.tools.translate import trans_load

from .common import AftersalesCase

I18N = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'i18n')


class TestTranslatedLabels(AftersalesCase):
    """Sentences built in Python are translated with the labels they contain
    (selection values, fallbacks), also outside an HTTP request (crons,
    shell, tests), where ``_()`` reads the language from the calling frame
    only. The addon's zh_CN.po is loaded as Odoo loads it."""

    @classmethod
    def setUpClass(cls):
        super(TestTranslatedLabels, cls).setUpClass()
        trans_load(cls.env.cr, os.path.join(I18N, 'zh_CN.po'), 'zh_CN', verbose=False,
                   module_name='aftersales_service', context={'overwrite': True})

    def zh(self, records):
        return records.with_context(lang='zh_CN')

    def test_visit_state_in_error(self):
        ticket = self._ticket(engineer_id=self.tech.id)
        visit = self.env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': self.field.id,
            'planned_start': '2026-03-02 01:00:00', 'planned_end': '2026-03-02 03:00:00'})
        with self.assertRaises(UserError) as error:
            self.zh(visit).action_depart()
        message = error.exception.name
        self.assertIn('草稿', message)
        self.assertIn('现在不能执行此步骤', message)
        self.assertNotIn('Draft', message)

    def test_escalation_level_in_chatter_and_agenda(self):
        ticket = self._ticket(engineer_id=self.tech.id)
        self.zh(ticket)._escalate('测试')
        self.assertEqual(ticket.escalation_level, 'tech')
        bodies = ticket.message_ids.mapped('body')
        self.assertTrue(any('已升级至技术工程师。原因：测试' in body for body in bodies), bodies)
        # a past week, free of demo meetings
        ticket.write({'escalated_at': '2025-03-04 02:00:00'})
        meeting = self.env['aftersales.meeting'].create({'week_start': '2025-03-03', 'user_id': self.manager.id})
        lines = self.zh(meeting)._agenda_escalations()
        names = [line['name'] for line in lines if line['ticket_id'] == ticket.id]
        self.assertEqual(len(names), 1, lines)
        self.assertIn('已升级至技术工程师', names[0])
        self.assertNotIn('escalated', names[0])

    def test_unclassified_faults_in_product_quality(self):
        product = self.env['product.product'].create({'name': 'I18n Projector', 'type': 'consu'})
        self._ticket(product_id=product.id)
        values = self.zh(self.env['report.aftersales_service.report_product_quality'])._product_values(product)
        self.assertEqual([category['name'] for category in values['categories']], ['未分类'])
