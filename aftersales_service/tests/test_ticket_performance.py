from .common import AftersalesCase
from .test_ticket_intake import INCOMING


class TestTicketQueryBudget(AftersalesCase):
    """Query budgets of the hot paths (measured, plus a small margin)."""

    @classmethod
    def setUpClass(cls):
        super(TestTicketQueryBudget, cls).setUpClass()
        cls.env['ir.config_parameter'].sudo().set_param('mail.catchall.domain', 'aftersales-test.example.com')

    def test_mail_gateway_intake_budget(self):
        # warm the caches with a first message, then measure the second
        self.env['mail.thread'].message_process(None, INCOMING % {'tag': 'warm'})
        # 116 measured: the savepoint each mail now gets and the Message-Id check
        with self.assertQueryCount(__system__=118):
            self.env['mail.thread'].message_process(None, INCOMING % {'tag': 'measured'})

    def test_create_budget(self):
        self._ticket()
        with self.assertQueryCount(__system__=55):
            self._ticket()

    def test_stage_change_budget(self):
        tickets = (self._ticket() + self._ticket()).with_context(tracking_disable=False)
        tickets[0].stage_id = self.stage_progress
        with self.assertQueryCount(__system__=38):
            tickets[1].stage_id = self.stage_progress
        self.assertIn('In Progress', tickets[1].message_ids[0].tracking_value_ids.mapped('new_value_char'))
