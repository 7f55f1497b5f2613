from odoo.tests.common import SavepointCase


class PresalesDataMixin(object):
    """A sales user, a technical support engineer and an opportunity."""

    @classmethod
    def _presales_user(cls, env, login, group_xmlid):
        return env['res.users'].with_context(no_reset_password=True).create({
            'name': login, 'login': login, 'email': '%s@test.example.com' % login, 'password': login,
            'groups_id': [(6, 0, [env.ref(group_xmlid).id])],
        })

    @classmethod
    def _presales_data(cls, env):
        cls.sales = cls._presales_user(env, 'p_sales', 'sales_team.group_sale_salesman')
        cls.engineer = cls._presales_user(env, 'p_tech', 'aftersales_service.group_aftersales_tech')
        cls.customer = env['res.partner'].create({'name': 'Hillside Water Works', 'is_company': True})
        cls.lead = env['crm.lead'].sudo(cls.sales).create({
            'name': 'SCADA upgrade', 'type': 'opportunity', 'partner_id': cls.customer.id,
            'planned_revenue': 50000.0, 'user_id': cls.sales.id})


class PresalesCase(PresalesDataMixin, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(PresalesCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._presales_data(cls.env)
