from odoo.exceptions import AccessError

from .common import AftersalesCase


class TestTicketAccess(AftersalesCase):

    def test_representative_takes_requests(self):
        ticket = self.env['aftersales.ticket'].sudo(self.csr).create({
            'title': 'Phone request', 'partner_id': self.customer.id})
        ticket.write({'priority': '1'})
        self.env['aftersales.ticket'].sudo(self.csr).search([('id', '=', ticket.id)]).read(['name'])
        with self.assertRaises(AccessError):
            ticket.sudo(self.csr).unlink()

    def test_representative_cannot_change_configuration(self):
        with self.assertRaises(AccessError):
            self.policy.sudo(self.csr).write({'response_hours': 100})
        with self.assertRaises(AccessError):
            self.env['aftersales.sla.policy'].sudo(self.csr).create({
                'name': 'mine', 'calendar_id': self.calendar.id, 'response_hours': 1, 'resolution_hours': 2})
        with self.assertRaises(AccessError):
            self.stage_new.sudo(self.csr).write({'name': 'Renamed'})
        with self.assertRaises(AccessError):
            self.env['aftersales.duty.roster'].sudo(self.csr).create({
                'user_id': self.csr.id, 'date_start': '2026-11-28 10:00:00', 'date_end': '2026-11-28 18:00:00'})

    def test_field_engineer_works_assigned_tickets(self):
        ticket = self._ticket(engineer_id=self.field.id)
        ticket.sudo(self.field).write({'stage_id': self.stage_progress.id})
        self.assertEqual(ticket.stage_id, self.stage_progress)
        with self.assertRaises(AccessError):
            self.env['aftersales.ticket'].sudo(self.field).create({'title': 'x', 'partner_id': self.customer.id})

    def test_spare_parts_manager_reads_only(self):
        ticket = self._ticket()
        ticket.sudo(self.parts).read(['name'])
        with self.assertRaises(AccessError):
            ticket.sudo(self.parts).write({'priority': '2'})

    def test_manager_configures(self):
        self.policy.sudo(self.manager).write({'response_hours': 3})
        self.env['aftersales.duty.roster'].sudo(self.manager).create({
            'user_id': self.field.id, 'date_start': '2026-11-28 10:00:00', 'date_end': '2026-11-28 18:00:00'})
        self._ticket().sudo(self.manager).unlink()

    def test_employee_without_role_sees_no_ticket(self):
        employee = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Accountant', 'login': 't_accountant', 'groups_id': [(6, 0, [self.env.ref('base.group_user').id])]})
        self._ticket()
        with self.assertRaises(AccessError):
            self.env['aftersales.ticket'].sudo(employee).search([])

    def test_portal_user_sees_only_own_company(self):
        portal = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Portal Wu', 'login': 't_portal', 'partner_id': self.contact.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        own = self._ticket()
        other = self._ticket(partner_id=self.other_customer.id, site_id=False, equipment_id=False)
        visible = self.env['aftersales.ticket'].sudo(portal).search([])
        self.assertIn(own, visible)
        self.assertNotIn(other, visible)
        with self.assertRaises(AccessError):
            other.sudo(portal).read(['title'])
        with self.assertRaises(AccessError):
            own.sudo(portal).write({'title': 'changed'})

    def test_other_company_tickets_are_hidden(self):
        company = self.env['res.company'].create({'name': 'Other Service Co'})
        ticket = self._ticket()
        ticket.sudo().company_id = company
        self.assertNotIn(ticket, self.env['aftersales.ticket'].sudo(self.manager).search([]))
