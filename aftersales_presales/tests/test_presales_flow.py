from odoo.exceptions import AccessError, UserError

from .common import PresalesCase


class TestPresalesFlow(PresalesCase):

    def _request(self):
        return self.env['aftersales.presales.request'].sudo(self.sales).create({
            'opportunity_id': self.lead.id, 'engineer_id': self.engineer.id,
            'description': 'Replace the pumping station SCADA'})

    def _interview(self, request, department='Operations'):
        return self.env['aftersales.presales.interview'].sudo(self.engineer).create({
            'request_id': request.id, 'name': department, 'people_met': 'Mr. Sun',
            'notes': 'Alarms are handled by phone',
            'process_ids': [(0, 0, {'name': 'Alarm handling', 'flow': 'Operator calls the duty engineer',
                                    'documents': 'Paper log, old SCADA'})]})

    def test_full_path(self):
        request = self._request()
        self.assertTrue(request.name.startswith('PRE/'))
        self.assertEqual(request.requested_by_id, self.sales)
        as_tech = request.sudo(self.engineer)
        # the decision is needed before leaving the plan phase
        with self.assertRaises(UserError):
            as_tech.action_next_phase()
        as_tech.write({'decision': 'go', 'decision_reason': 'Fits our product line'})
        as_tech.action_decide()
        self.assertTrue(request.decision_date)
        as_tech.action_next_phase()
        self.assertEqual(request.phase, 'understanding')

        interview = self._interview(request)
        interview.action_send_minutes()
        interview.write({'confirmed_by': 'Mr. Sun'})
        interview.action_confirm_minutes()
        self.assertTrue(interview.confirmed_date)
        self.env['aftersales.presales.use.case'].sudo(self.engineer).create({
            'request_id': request.id, 'actor': 'Operator', 'name': 'Acknowledge an alarm',
            'main_flow': 'See the alarm, acknowledge, dispatch', 'priority': '2'})
        as_tech.action_next_phase()
        self.assertEqual(request.phase, 'solution')
        attachment = self.env['ir.attachment'].sudo(self.engineer).create({
            'name': 'solution.pdf', 'datas': 'JVBERi0=', 'datas_fname': 'solution.pdf'})
        self.env['aftersales.presales.solution'].sudo(self.engineer).create({
            'request_id': request.id, 'name': 'SCADA solution', 'version': 1,
            'attachment_ids': [(6, 0, attachment.ids)], 'presentation_date': '2026-11-20',
            'customer_feedback': 'Wants SMS alarms', 'revision_note': 'Added SMS gateway'})
        # the sales user reads the analysis
        self.assertEqual(request.sudo(self.sales).use_case_ids.actor, 'Operator')
        self.assertEqual(request.sudo(self.sales).solution_ids.customer_feedback, 'Wants SMS alarms')

        self.lead.sudo(self.sales).action_set_won()
        self.assertEqual(self.lead.probability, 100)
        self.assertEqual(request.phase, 'handover')
        handover = request.handover_ids
        self.assertEqual(len(handover), 1)
        self.assertIn('Operator: Acknowledge an alarm', handover.requirements)
        self.assertEqual(handover.scope, 'Replace the pumping station SCADA')
        handover.sudo(self.sales).write({'project_manager_id': self.engineer.id, 'risks': 'Old PLCs'})
        equipment = self.env['maintenance.equipment'].create({'name': 'SCADA server'})
        handover.sudo(self.engineer).write({'installation_done': True, 'equipment_ids': [(6, 0, equipment.ids)]})
        # both roles open the request form with every tab
        for user in (self.sales, self.engineer):
            Request = self.env['aftersales.presales.request'].sudo(user)
            Request.fields_view_get(view_type='form')
            values = request.sudo(user).read()[0]
            self.assertEqual(values['handover_ids'], handover.ids)
            handover.sudo(user).read(['equipment_ids', 'training_available', 'display_name'])
            interview.sudo(user).read(['process_ids'])
        self.assertEqual(self.lead.presales_request_count, 1)
        action = self.lead.sudo(self.sales).action_view_presales_requests()
        self.assertEqual(action['res_id'], request.id)
        if 'aftersales.training.session' in self.env:
            action = handover.sudo(self.engineer).action_propose_training()
            self.assertEqual(action['context']['default_partner_id'], self.customer.id)
            defaults = self.env[action['res_model']].with_context(**action['context']).default_get(
                ['kind', 'partner_id', 'equipment_ids'])
            self.assertEqual(defaults['kind'], 'customer')
            self.assertEqual(defaults['partner_id'], self.customer.id)
        else:
            self.assertFalse(handover.training_available)
            with self.assertRaises(UserError):
                handover.action_propose_training()

    def test_no_go_blocks(self):
        request = self._request()
        request.sudo(self.engineer).write({'decision': 'no_go', 'decision_reason': 'Out of our scope'})
        with self.assertRaises(UserError):
            request.sudo(self.engineer).action_next_phase()

    def test_minutes_confirmed_before_solution(self):
        request = self._request()
        as_tech = request.sudo(self.engineer)
        as_tech.write({'decision': 'go', 'decision_reason': 'Good fit'})
        as_tech.action_next_phase()
        with self.assertRaises(UserError):
            as_tech.action_next_phase()  # no interview yet
        first = self._interview(request)
        second = self._interview(request, 'Finance')
        for interview in first | second:
            interview.write({'minutes_sent_date': '2026-11-10', 'confirmed_by': 'Ms. Li'})
        first.action_confirm_minutes()
        with self.assertRaisesRegex(UserError, 'Finance'):
            as_tech.action_next_phase()
        self.assertEqual(request.phase, 'understanding')
        with self.assertRaises(UserError):
            self._interview(request, 'Stores').action_confirm_minutes()  # minutes not sent
        as_tech.interview_ids.filtered(lambda interview: interview.name == 'Stores').unlink()
        second.action_confirm_minutes()
        as_tech.action_next_phase()
        self.assertEqual(request.phase, 'solution')
        # the hand-over waits for the won opportunity
        with self.assertRaises(UserError):
            as_tech.action_next_phase()

    def test_access(self):
        request = self._request()
        interview = self._interview(request)
        case = self.env['aftersales.presales.use.case'].sudo(self.engineer).create({
            'request_id': request.id, 'actor': 'Operator', 'name': 'Read a trend'})
        # sales users read the technical analysis but cannot edit it
        self.assertEqual(interview.sudo(self.sales).name, 'Operations')
        with self.assertRaises(AccessError):
            case.sudo(self.sales).write({'priority': '0'})
        with self.assertRaises(AccessError):
            interview.sudo(self.sales).write({'notes': 'Changed by sales'})
        with self.assertRaises(AccessError):
            self.env['aftersales.presales.use.case'].sudo(self.sales).create({
                'request_id': request.id, 'actor': 'Sales', 'name': 'Sell more'})
        with self.assertRaises(AccessError):
            self.env['aftersales.presales.solution'].sudo(self.sales).create({
                'request_id': request.id, 'name': 'Sales solution'})
        # engineers read the opportunity but cannot change its revenue
        lead_as_tech = self.lead.sudo(self.engineer)
        self.assertEqual(lead_as_tech.planned_revenue, 50000.0)
        with self.assertRaises(AccessError):
            lead_as_tech.write({'planned_revenue': 1.0})
        lead_as_tech.write({'description': 'Site has two pumping stations'})
        self.assertEqual(self.lead.planned_revenue, 50000.0)
        # the sales user still can
        self.lead.sudo(self.sales).write({'planned_revenue': 60000.0})
        self.assertEqual(self.lead.planned_revenue, 60000.0)

    def test_other_company_sees_nothing(self):
        request = self._request()
        interview = self._interview(request)
        self.assertEqual(request.company_id, self.lead.company_id)
        self.assertEqual(interview.process_ids.company_id, self.lead.company_id)
        company2 = self.env['res.company'].create({'name': 'Second Service Company'})
        outsider = self.env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Sales of company 2', 'login': 'p_sales2', 'company_id': company2.id,
            'company_ids': [(6, 0, company2.ids)],
            'groups_id': [(6, 0, [self.env.ref('sales_team.group_sale_salesman').id,
                                  self.env.ref('aftersales_service.group_aftersales_tech').id])]})
        for model, record in (('aftersales.presales.request', request),
                              ('aftersales.presales.interview', interview),
                              ('aftersales.presales.process', interview.process_ids)):
            self.assertFalse(self.env[model].sudo(outsider).search([('id', '=', record.id)]), model)
            with self.assertRaises(AccessError):
                record.sudo(outsider).read(['company_id'])
