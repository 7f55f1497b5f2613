from odoo.exceptions import AccessError, UserError

from .common import TrainingCase, days_from_today


class TestTrainingAccess(TrainingCase):
    """Internal users read the trainings; only the managers and the technical
    engineers plan them; the manager approves the plans."""

    @classmethod
    def setUpClass(cls):
        super(TestTrainingAccess, cls).setUpClass()
        cls.plan = cls.env['aftersales.training.plan'].create({
            'name': 'Plan', 'date_start': days_from_today(0), 'date_end': days_from_today(90)})
        cls.session = cls._session(plan_id=cls.plan.id)
        cls.line = cls._attend(cls.session, cls.engineer_a, state='invited')
        cls.internal_user = cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Accountant', 'login': 't_accountant',
            'groups_id': [(6, 0, cls.env.ref('base.group_user').ids)]})

    def _plan_values(self):
        return {'name': 'My plan', 'date_start': days_from_today(0), 'date_end': days_from_today(30)}

    def test_internal_users_read(self):
        for user in (self.internal_user, self.csr, self.field, self.parts, self.tech, self.manager):
            self.plan.sudo(user).read(['name', 'state', 'session_count'])
            self.session.sudo(user).read(['name', 'title', 'attendee_count', 'covered_product_ids'])
            self.line.sudo(user).read(['partner_id', 'state'])
            self.env['aftersales.training.knowledge'].sudo(user).search([], limit=1)
            self.env['aftersales.training.analysis'].sudo(user).search([], limit=1)

    def test_only_managers_and_technical_engineers_plan(self):
        for user in (self.internal_user, self.csr, self.field, self.parts):
            with self.assertRaises(AccessError):
                self.env['aftersales.training.plan'].sudo(user).create(self._plan_values())
            with self.assertRaises(AccessError):
                self.env['aftersales.training.session'].sudo(user).create({
                    'title': 'Mine', 'date_start': '2030-01-01 01:00:00'})
            with self.assertRaises(AccessError):
                self.session.sudo(user).write({'title': 'Renamed'})
            with self.assertRaises(AccessError):
                self.plan.sudo(user).write({'name': 'Renamed'})
        for user in (self.tech, self.manager):
            plan = self.env['aftersales.training.plan'].sudo(user).create(self._plan_values())
            session = self.env['aftersales.training.session'].sudo(user).create({
                'title': 'Planned by %s' % user.name, 'date_start': '2030-01-01 01:00:00', 'plan_id': plan.id})
            self._attend(session.sudo(user), self.engineer_b, state='invited')
            plan.sudo(user).action_submit()
        with self.assertRaises(AccessError):
            self.session.sudo(self.tech).unlink()

    def test_manager_approves(self):
        self.plan.sudo(self.tech).action_submit()
        with self.assertRaises(AccessError):
            self.plan.sudo(self.tech).action_approve()
        with self.assertRaises(AccessError):
            self.plan.sudo(self.csr).action_approve()
        self.plan.sudo(self.manager).action_approve()
        self.assertEqual(self.plan.state, 'approved')
        with self.assertRaises(UserError):
            self.plan.sudo(self.manager).action_approve()

    def test_field_engineer_records_his_own_trainings(self):
        own = self._session(kind='customer', partner_id=self.customer.id, trainer_user_id=self.field.id)
        line = self._attend(own, self.contact, state='invited')
        line.sudo(self.field).action_attended()
        self.Attendance.sudo(self.field).create({'session_id': own.id, 'state': 'attended', 'partner_id': self.env[
            'res.partner'].create({'name': 'Teacher Ma', 'parent_id': self.customer.id}).id})
        with self.assertRaises(AccessError):
            self.line.sudo(self.field).write({'state': 'attended'})
        with self.assertRaises(AccessError):
            own.sudo(self.field).action_confirm()

    def test_portal_users_have_no_plans(self):
        portal = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Teacher Wu', 'login': 't_portal_wu', 'partner_id': self.contact.id,
            'groups_id': [(6, 0, self.env.ref('base.group_portal').ids)]})
        with self.assertRaises(AccessError):
            self.plan.sudo(portal).read(['name'])
        with self.assertRaises(AccessError):
            self.env['aftersales.training.knowledge'].sudo(portal).search([])
        with self.assertRaises(AccessError):
            self.session.sudo(portal).write({'title': 'x'})
        # the customer's session: read, and opened on the portal from a notification
        own = self._session(kind='customer', partner_id=self.customer.id)
        own.sudo(portal).read(['title', 'date_start'])
        action = own.sudo(portal).get_access_action()
        self.assertEqual((action['type'], action['url']), ('ir.actions.act_url', '/my/trainings/%d' % own.id))
        self.assertEqual(own.get_access_action()['type'], 'ir.actions.act_window')

    def test_menus(self):
        menus = self.env['ir.ui.menu']
        training = self.env.ref('aftersales_training.aftersales_training_menu').id
        plans = self.env.ref('aftersales_training.aftersales_training_menu_plans').id
        for user in (self.csr, self.field, self.parts):
            visible = menus.sudo(user)._visible_menu_ids()
            self.assertIn(training, visible)
            self.assertNotIn(plans, visible)
        self.assertIn(plans, menus.sudo(self.tech)._visible_menu_ids())
