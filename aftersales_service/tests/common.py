from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo.tests.common import SavepointCase


class QueryCountMixin(object):
    """``with self.assertQueryCount(__system__=N)``: the block may run at
    most N queries (the budget of Odoo's later releases, on Odoo 11)."""

    @contextmanager
    def assertQueryCount(self, **counters):
        expected = counters.get(self.env.user.login, counters.get('__system__'))
        start = self.cr.sql_log_count
        yield
        actual = self.cr.sql_log_count - start
        self.assertLessEqual(actual, expected, 'query budget of %d exceeded: %d queries' % (expected, actual))


class AftersalesCase(QueryCountMixin, SavepointCase):
    """Users per role, a customer with two sites, equipment and an SLA policy
    on Shanghai working hours (Mon-Fri 08-12 and 13-17, UTC+8)."""

    @classmethod
    def setUpClass(cls):
        super(AftersalesCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, aftersales_no_ack=True))
        cls.company = cls.env.ref('base.main_company')
        cls.csr = cls._create_user('t_csr', 'group_aftersales_csr')
        cls.field = cls._create_user('t_field', 'group_aftersales_field')
        cls.tech = cls._create_user('t_tech', 'group_aftersales_tech')
        cls.parts = cls._create_user('t_parts', 'group_aftersales_parts')
        cls.manager = cls._create_user('t_manager', 'group_aftersales_manager')
        Partner = cls.env['res.partner']
        cls.customer = Partner.create({'name': 'Test County Bureau', 'is_company': True, 'customer': True,
                                       'email': 'bureau@test.example.com'})
        cls.site_a = Partner.create({'name': 'School A', 'parent_id': cls.customer.id, 'type': 'other',
                                     'aftersales_is_site': True})
        cls.site_b = Partner.create({'name': 'School B', 'parent_id': cls.customer.id, 'type': 'other',
                                     'aftersales_is_site': True})
        cls.contact = Partner.create({'name': 'Teacher Wu', 'parent_id': cls.customer.id,
                                      'email': 'wu@test.example.com'})
        cls.other_customer = Partner.create({'name': 'Other Customer', 'is_company': True, 'customer': True})
        Equipment = cls.env['maintenance.equipment']
        cls.projector_a = Equipment.create({
            'name': 'Projector A', 'aftersales_customer_id': cls.customer.id,
            'aftersales_site_id': cls.site_a.id, 'aftersales_criticality': 'normal'})
        cls.display_b = Equipment.create({
            'name': 'Display B', 'aftersales_customer_id': cls.customer.id,
            'aftersales_site_id': cls.site_b.id, 'aftersales_criticality': 'critical'})
        cls.calendar = cls.env['resource.calendar'].create({
            'name': 'Test service hours',
            'attendance_ids': [(0, 0, {'name': 'day %s %s' % (day, hour_from), 'dayofweek': str(day),
                                       'hour_from': hour_from, 'hour_to': hour_to})
                               for day in range(5) for hour_from, hour_to in ((8, 12), (13, 17))],
        })
        cls.env['aftersales.sla.policy'].search([]).write({'active': False})
        cls.env['aftersales.duty.roster'].search([]).unlink()
        cls.policy = cls.env['aftersales.sla.policy'].create({
            'name': 'Test policy', 'calendar_id': cls.calendar.id, 'tz': 'Asia/Shanghai',
            'response_hours': 2, 'resolution_hours': 16})
        cls.type_repair = cls.env.ref('aftersales_service.ticket_type_repair')
        cls.type_inquiry = cls.env.ref('aftersales_service.ticket_type_inquiry')
        cls.type_complaint = cls.env.ref('aftersales_service.ticket_type_complaint')
        cls.type_suggestion = cls.env.ref('aftersales_service.ticket_type_suggestion')
        cls.stage_new = cls.env.ref('aftersales_service.ticket_stage_new')
        cls.stage_progress = cls.env.ref('aftersales_service.ticket_stage_progress')
        cls.stage_waiting = cls.env.ref('aftersales_service.ticket_stage_waiting')
        cls.stage_solved = cls.env.ref('aftersales_service.ticket_stage_solved')
        cls.stage_closed = cls.env.ref('aftersales_service.ticket_stage_closed')

    @classmethod
    def _create_user(cls, login, group):
        return cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': login, 'login': login, 'email': '%s@test.example.com' % login,
            'groups_id': [(6, 0, [cls.env.ref('aftersales_service.%s' % group).id])],
        })

    def _ticket(self, **values):
        vals = {'title': 'Projector shows no image', 'partner_id': self.customer.id,
                'site_id': self.site_a.id, 'equipment_id': self.projector_a.id,
                'type_id': self.type_repair.id, 'channel': 'phone'}
        vals.update(values)
        return self.env['aftersales.ticket'].create(vals)

    @staticmethod
    def utc(local_string):
        """A Shanghai wall-clock time 'YYYY-MM-DD HH:MM' as naive UTC."""
        return datetime.strptime(local_string, '%Y-%m-%d %H:%M') - timedelta(hours=8)
