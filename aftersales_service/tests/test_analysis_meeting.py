"""The weekly technical meeting: the agenda of the week 2026-03-09 to
2026-03-15 (UTC), action items and rectification proposals."""
from odoo.exceptions import AccessError, UserError, ValidationError

from .analysis_common import AnalysisCase

WEEK = '2026-03-09'


class TestAnalysisMeeting(AnalysisCase):

    @classmethod
    def setUpClass(cls):
        super(TestAnalysisMeeting, cls).setUpClass()
        ticket = cls.history_ticket
        # SLA breaches: in the week (A response, B resolution), not in the week (C, D), met or running (E, R)
        cls.breach_a = ticket('2026-03-10 08:00:00', response_deadline='2026-03-10 10:00:00',
                              sla_response_state='missed')
        cls.breach_b = ticket('2026-03-09 08:00:00', response_deadline='2026-03-09 09:00:00',
                              sla_response_state='met', resolution_deadline='2026-03-15 23:00:00',
                              sla_resolution_state='missed')
        cls.breach_c = ticket('2026-03-06 08:00:00', response_deadline='2026-03-06 10:00:00',
                              sla_response_state='missed')
        cls.breach_d = ticket('2026-03-13 08:00:00', resolution_deadline='2026-03-16 00:30:00',
                              sla_resolution_state='missed')
        cls.met_e = ticket('2026-03-11 08:00:00', response_deadline='2026-03-11 10:00:00',
                           sla_response_state='met')
        cls.running_r = ticket('2026-03-11 08:00:00', response_deadline='2026-03-11 10:00:00')
        # escalations: in the week (F), the week before (G)
        cls.escalated_f = ticket('2026-03-11 08:00:00', escalation_level='tech', escalated_at='2026-03-12 09:00:00')
        cls.escalated_g = ticket('2026-03-02 08:00:00', escalation_level='onsite',
                                 escalated_at='2026-03-03 09:00:00')
        # frequent faults: projector A 4 repairs in 90 days, one this week; display B 4 repairs in
        # 90 days, none this week; amplifier A 2 repairs this week
        for created in ('2026-01-20', '2026-02-10', '2026-02-25', '2026-03-11'):
            ticket('%s 08:00:00' % created, equipment=cls.projector_a)
        for created in ('2026-02-01', '2026-02-15', '2026-02-20', '2026-03-03'):
            ticket('%s 08:00:00' % created, equipment=cls.display_b)
        for created in ('2026-03-10', '2026-03-12'):
            ticket('%s 08:00:00' % created, equipment=cls.amplifier_a)
        # fault analyses: written this week, written before; a repair waiting for its analysis
        Analysis = cls.env['aftersales.fault.analysis']
        values = {'root_cause': 'Dust', 'solution': 'Clean', 'equipment_id': cls.projector_a.id}
        cls.analysis_week = Analysis.create(dict(values, symptom='Overheating lamp', date='2026-03-11'))
        cls.analysis_before = Analysis.create(dict(values, symptom='Noisy fan', date='2026-03-03'))
        cls.waiting = ticket('2026-03-04 08:00:00', visit_count=1, first_time_fix=False)
        # complaints: this week, Sunday before
        cls.complaint = ticket('2026-03-13 08:00:00', type_code='complaint')
        cls.complaint_before = ticket('2026-03-08 23:00:00', type_code='complaint')
        cls.build_week_inspections()
        cls.Meeting = cls.env['aftersales.meeting'].with_context(tz='UTC')

    @classmethod
    def build_week_inspections(cls):
        cls.build_inspections()
        rounds = {(r.site_id, r.date): r for r in cls.plan.inspection_ids}
        # the March round of site A was done on the Tuesday of the week
        round_a = rounds[(cls.site_a, '2026-03-05')]
        round_a.write({'date': '2026-03-10'})
        round_a.line_ids.write({'date': '2026-03-10'})
        cls.finding_week = round_a.line_ids.filtered(lambda line: line.equipment_id == cls.projector_a)
        cls.finding_week_2 = round_a.line_ids - cls.finding_week

    def meeting(self):
        return self.Meeting.create({'week_start': WEEK, 'attendee_ids': [(6, 0, (self.tech | self.field).ids)]})

    def agenda(self, meeting, category, link):
        return meeting.line_ids.filtered(lambda line: line.category == category).mapped(link)

    def test_agenda_picks_exactly_the_week(self):
        meeting = self.meeting()
        meeting.sudo(self.tech).action_generate_agenda()
        self.assertEqual(self.agenda(meeting, 'sla_breach', 'ticket_id'), self.breach_a | self.breach_b)
        self.assertEqual(self.agenda(meeting, 'escalation', 'ticket_id'), self.escalated_f)
        self.assertEqual(self.agenda(meeting, 'frequent_fault', 'equipment_id'), self.projector_a)
        self.assertEqual(self.agenda(meeting, 'fault_analysis', 'fault_analysis_id'), self.analysis_week)
        self.assertEqual(self.agenda(meeting, 'fault_analysis', 'ticket_id'), self.waiting)
        self.assertEqual(self.agenda(meeting, 'inspection_finding', 'inspection_line_id'),
                         self.finding_week | self.finding_week_2)
        self.assertEqual(self.agenda(meeting, 'complaint', 'ticket_id'), self.complaint)
        self.assertTrue(all(meeting.line_ids.mapped('auto')))
        topics = {line.ticket_id: line.name for line in meeting.line_ids if line.category == 'sla_breach'}
        self.assertIn('response deadline missed', topics[self.breach_a])
        self.assertIn('resolution deadline missed', topics[self.breach_b])
        frequent = meeting.line_ids.filtered(lambda line: line.category == 'frequent_fault')
        self.assertEqual(frequent.name, 'Projector A: 4 repair requests in 90 days')
        # the agenda follows the categories' order
        categories = meeting.line_ids.sorted(lambda line: (line.sequence, line.id)).mapped('category')
        self.assertEqual(categories, ['sla_breach'] * 2 + ['escalation', 'frequent_fault'] + ['fault_analysis'] * 2
                         + ['inspection_finding'] * 2 + ['complaint'])

    def test_other_week_other_agenda(self):
        meeting = self.Meeting.create({'week_start': '2026-03-02'})
        meeting.action_generate_agenda()
        self.assertEqual(self.agenda(meeting, 'sla_breach', 'ticket_id'), self.breach_c)
        self.assertEqual(self.agenda(meeting, 'escalation', 'ticket_id'), self.escalated_g)
        # display B got its 4th repair that week
        self.assertEqual(self.agenda(meeting, 'frequent_fault', 'equipment_id'), self.display_b)
        self.assertEqual(self.agenda(meeting, 'fault_analysis', 'fault_analysis_id'), self.analysis_before)
        # the Sunday evening complaint closes that week
        self.assertEqual(self.agenda(meeting, 'complaint', 'ticket_id'), self.complaint_before)

    def test_refresh_keeps_discussed_topics(self):
        meeting = self.meeting()
        meeting.action_generate_agenda()
        count = len(meeting.line_ids)
        manual = meeting.line_ids.create({'meeting_id': meeting.id, 'name': 'Van maintenance'})
        meeting.action_generate_agenda()
        self.assertEqual(len(meeting.line_ids), count + 1)
        discussed = meeting.line_ids.filtered(lambda line: line.ticket_id == self.breach_a)
        discussed.discussion = 'The engineer was at another site.'
        # the breach is no longer one: a discussed topic stays, others go
        self.force(self.breach_a, sla_response_state='met')
        self.force(self.breach_b, sla_resolution_state='met')
        new_complaint = self.history_ticket('2026-03-14 08:00:00', type_code='complaint')
        meeting.action_generate_agenda()
        self.assertEqual(self.agenda(meeting, 'sla_breach', 'ticket_id'), self.breach_a)
        self.assertEqual(self.agenda(meeting, 'complaint', 'ticket_id'), self.complaint | new_complaint)
        self.assertIn(manual, meeting.line_ids)
        self.assertEqual(len(meeting.line_ids), count + 1)

    def test_meeting_week_and_states(self):
        meeting = self.Meeting.create({'week_start': '2026-03-12'})
        self.assertEqual((meeting.week_start, meeting.week_end), (WEEK, '2026-03-15'))
        self.assertTrue(meeting.name.startswith('TM'))
        with self.assertRaises(ValidationError):
            meeting.week_start = '2026-03-10'
        with self.assertRaises(UserError):
            meeting.action_approve_minutes()
        meeting.action_hold()
        with self.assertRaises(UserError):
            meeting.action_approve_minutes()
        meeting.minutes = '<p>Reviewed the week.</p>'
        meeting.action_approve_minutes()
        self.assertEqual(meeting.state, 'done')
        with self.assertRaises(UserError):
            meeting.action_generate_agenda()

    def test_one_meeting_per_week(self):
        from odoo.tools import mute_logger
        self.Meeting.create({'week_start': WEEK})
        with mute_logger('odoo.sql_db'), self.assertRaises(Exception):
            with self.cr.savepoint():
                self.Meeting.create({'week_start': '2026-03-11'})

    def test_action_items_are_activities_of_their_owner(self):
        meeting = self.meeting()
        meeting.action_generate_agenda()
        line = meeting.line_ids.filtered(lambda l: l.category == 'frequent_fault')
        action = line.sudo(self.tech).action_add_action_item()
        Item = self.env['aftersales.meeting.action'].sudo(self.tech).with_context(**action['context'])
        item = Item.create({'user_id': self.field.id, 'date_deadline': '2026-03-20'})
        self.assertEqual((item.meeting_id, item.line_id, item.name), (meeting, line, line.name))
        activity = item.activity_id
        self.assertEqual((activity.res_model, activity.res_id), ('aftersales.meeting', meeting.id))
        self.assertEqual((activity.user_id, activity.date_deadline), (self.field, '2026-03-20'))
        item.write({'date_deadline': '2026-03-27'})
        self.assertEqual(activity.date_deadline, '2026-03-27')
        # the owner marks the activity done: the item is done
        activity.sudo(self.field).action_feedback(feedback='Cleaned the projector filter')
        self.assertEqual(item.state, 'done')
        self.assertTrue(item.done_date)
        self.assertFalse(item.activity_id)
        # cancelled with its activity
        other = Item.create({'name': 'Call the vendor', 'meeting_id': meeting.id, 'user_id': self.tech.id,
                             'date_deadline': '2026-03-20'})
        other.action_cancel()
        self.assertEqual(other.state, 'cancel')
        self.assertFalse(other.activity_id.exists())
        with self.assertRaises(UserError):
            other.action_done()

    def test_rectification_approved_by_the_manager_and_tracked(self):
        meeting = self.meeting()
        meeting.action_generate_agenda()
        line = meeting.line_ids.filtered(lambda l: l.category == 'inspection_finding' and
                                         l.equipment_id == self.projector_a)
        action = line.action_propose_rectification()
        Rectification = self.env['aftersales.rectification'].sudo(self.tech).with_context(**action['context'])
        proposal = Rectification.create({'proposal': 'Replace the lamp housing by the sealed model',
                                         'user_id': self.field.id, 'date_deadline': '2026-04-30'})
        self.assertEqual((proposal.kind, proposal.equipment_id, proposal.product_id, proposal.meeting_id),
                         ('equipment', self.projector_a, self.product_projector, meeting))
        self.assertEqual(proposal.inspection_line_id, self.finding_week)
        self.assertEqual(meeting.rectification_count, 1)
        proposal.action_submit()
        self.assertEqual(proposal.state, 'to_approve')
        self.assertIn(self.manager, proposal.activity_ids.mapped('user_id'))
        with self.assertRaises(UserError):
            proposal.action_approve()
        with self.assertRaises(AccessError):
            proposal.write({'state': 'approved'})
        proposal.sudo(self.manager).action_approve()
        self.assertEqual((proposal.state, proposal.approved_by), ('approved', self.manager))
        self.assertEqual(proposal.activity_ids.mapped('user_id'), self.field)
        with self.assertRaises(UserError):
            proposal.action_done()
        proposal.write({'result': 'Lamp housings replaced on all projectors of School A'})
        proposal.action_done()
        self.assertEqual(proposal.state, 'done')
        self.assertFalse(proposal.activity_ids)
        with self.assertRaises(ValidationError):
            Rectification.create({'title': 'x', 'kind': 'product', 'product_id': False, 'equipment_id': False,
                                  'reason': 'x', 'proposal': 'x'})

    def test_views_load_and_roles(self):
        for model in ('aftersales.meeting', 'aftersales.rectification'):
            for view_type in ('form', 'tree', 'search'):
                self.env[model].sudo(self.tech).fields_view_get(view_type=view_type)
        meeting = self.meeting()
        meeting.sudo(self.csr).read(['name', 'line_ids'])
        with self.assertRaises(AccessError):
            self.Meeting.sudo(self.field).create({'week_start': '2026-03-16'})
