from odoo.tests.common import SavepointCase


class TestRoles(SavepointCase):

    def test_manager_implies_every_role(self):
        manager = self.env.ref('aftersales_service.group_aftersales_manager')
        implied = manager.trans_implied_ids
        for xmlid in ('group_aftersales_csr', 'group_aftersales_field',
                      'group_aftersales_tech', 'group_aftersales_parts'):
            self.assertIn(self.env.ref('aftersales_service.%s' % xmlid), implied)

    def test_roles_share_one_category(self):
        category = self.env.ref('aftersales_service.module_category_aftersales')
        groups = self.env['res.groups'].search([('category_id', '=', category.id)])
        self.assertEqual(len(groups), 5)

    def test_each_role_sees_its_menu_section(self):
        menus = self.env['ir.ui.menu']
        for login, section in (('aftersales_csr', 'aftersales_menu_customer_service'),
                               ('aftersales_field', 'aftersales_menu_field_service'),
                               ('aftersales_tech', 'aftersales_menu_technical_support'),
                               ('aftersales_parts', 'aftersales_menu_spare_parts'),
                               ('aftersales_manager', 'aftersales_menu_management')):
            user = self.env['res.users'].search([('login', '=', login)])
            visible = menus.sudo(user)._visible_menu_ids()
            self.assertIn(self.env.ref('aftersales_service.%s' % section).id, visible, login)
        csr = self.env['res.users'].search([('login', '=', 'aftersales_csr')])
        self.assertNotIn(self.env.ref('aftersales_service.aftersales_menu_management').id,
                         menus.sudo(csr)._visible_menu_ids())
