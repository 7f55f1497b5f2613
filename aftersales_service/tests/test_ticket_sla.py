from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from ..models.aftersales_sla_policy import deadline_in
from .common import AftersalesCase


def to_string(moment):
    return fields.Datetime.to_string(moment)


class TestTicketSla(AftersalesCase):
    """Working hours 08-12 and 13-17 Mon-Fri in Shanghai; 2026-11-23 is a Monday."""

    def assertPlanned(self, start, hours, expected):
        self.assertEqual(to_string(self.policy._add_working_hours(self.utc(start), hours)),
                         to_string(self.utc(expected)))

    def test_deadline_within_a_day(self):
        self.assertPlanned('2026-11-23 10:00', 2, '2026-11-23 12:00')
        self.assertPlanned('2026-11-23 11:00', 2, '2026-11-23 14:00')  # across lunch

    def test_deadline_across_night(self):
        self.assertPlanned('2026-11-23 16:00', 2, '2026-11-24 09:00')
        self.assertPlanned('2026-11-23 20:00', 2, '2026-11-24 10:00')

    def test_deadline_across_weekend(self):
        self.assertPlanned('2026-11-27 16:00', 2, '2026-11-30 09:00')
        self.assertPlanned('2026-11-28 10:00', 2, '2026-11-30 10:00')

    def test_deadline_across_holiday(self):
        self.env['resource.calendar.leaves'].create({
            'name': 'Public holiday', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': to_string(self.utc('2026-11-30 00:00')),
            'date_to': to_string(self.utc('2026-11-30 23:59'))})
        self.assertPlanned('2026-11-27 16:00', 2, '2026-12-01 09:00')
        self.assertFalse(self.policy._plan_working_hours(self.utc('2026-11-30 10:00'), [1])[1])
        self.assertTrue(self.policy._plan_working_hours(self.utc('2026-12-01 10:00'), [1])[1])

    def test_plan_agrees_with_odoos_scheduler(self):
        """The SLA plan (working hours kept in the registry, leaves read a
        month at a time) gives the deadlines Odoo's own scheduler gives, for
        starts every 35 minutes of a week with a holiday and targets from
        half an hour to a working week."""
        self.env['resource.calendar.leaves'].create({
            'name': 'Public holiday', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': to_string(self.utc('2026-11-25 00:00')),
            'date_to': to_string(self.utc('2026-11-25 23:59'))})
        self.env['resource.calendar.leaves'].create({
            'name': 'Staff meeting', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': to_string(self.utc('2026-11-26 14:00')),
            'date_to': to_string(self.utc('2026-11-26 15:30'))})
        calendar = self.policy._calendar()
        start = self.utc('2026-11-22 00:00')
        for step in range(7 * 24 * 60 // 35):
            moment = start + timedelta(minutes=35 * step)
            for hours in (0.5, 2, 8, 16, 40):
                expected = deadline_in(calendar._schedule_hours(hours, moment, compute_leaves=True), moment, hours)
                self.assertEqual(self.policy._add_working_hours(moment, hours), expected, (moment, hours))

    def test_plan_follows_a_change_of_working_hours(self):
        self.assertPlanned('2026-11-23 16:00', 2, '2026-11-24 09:00')
        self.calendar.attendance_ids.filtered(lambda att: att.hour_to == 17).write({'hour_to': 18})
        self.assertPlanned('2026-11-23 16:00', 2, '2026-11-23 18:00')
        self.calendar.attendance_ids.filtered(lambda att: att.dayofweek == '0').unlink()
        self.assertPlanned('2026-11-23 16:00', 2, '2026-11-24 10:00')

    def test_ticket_gets_deadlines_and_time_left(self):
        ticket = self._ticket()
        self._plan_sla(ticket, self.utc('2026-11-27 16:00'))
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(ticket.response_deadline, to_string(self.utc('2026-11-30 09:00')))
        # 16 working hours: 1 on Friday, 8 on Monday, 7 on Tuesday
        self.assertEqual(ticket.resolution_deadline, to_string(self.utc('2026-12-01 16:00')))
        self.assertEqual(ticket.sla_response_state, 'running')
        self.assertIsInstance(ticket.response_hours_left, float)

    def test_most_specific_policy_wins(self):
        critical = self.env['aftersales.sla.policy'].create({
            'name': 'Critical repairs', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'type_id': self.type_repair.id, 'criticality': 'critical', 'sequence': 50,
            'response_hours': 1, 'resolution_hours': 4})
        self.assertEqual(self._ticket(site_id=self.site_b.id, equipment_id=self.display_b.id).sla_policy_id,
                         critical)
        self.assertEqual(self._ticket().sla_policy_id, self.policy)
        critical.active = False   # the policy looked up for each ticket is not kept past a change
        self.assertEqual(self._ticket(site_id=self.site_b.id, equipment_id=self.display_b.id).sla_policy_id,
                         self.policy)

    def test_plan_tells_working_time_as_the_calendar_does(self):
        """A new ticket's after-hours flag comes from its SLA plan: the same
        answer as the calendar's, every quarter of an hour of a week with a
        holiday, the edges of the working day included."""
        self.env['resource.calendar.leaves'].create({
            'name': 'Public holiday', 'calendar_id': self.calendar.id, 'tz': 'Asia/Shanghai',
            'date_from': to_string(self.utc('2026-11-25 00:00')),
            'date_to': to_string(self.utc('2026-11-25 23:59'))})
        start = self.utc('2026-11-22 00:00')
        moments = [start + timedelta(minutes=15 * step) for step in range(8 * 24 * 4)]
        moments += [self.utc('2026-11-23 %s' % hour) for hour in ('07:59', '08:00', '11:59', '12:00', '16:59')]
        answers = {}
        for moment in moments:
            working = self.policy._plan_working_hours(moment, [2])[1]
            # the calendar's answer: working hours in the minute from ``moment``
            calendar_working = self.policy._working_hours_between(moment, moment + timedelta(minutes=1)) > 0
            self.assertEqual(working, calendar_working, moment)
            answers[working] = answers.get(working, 0) + 1
        # 4 working days of 8 h; 08:00, 11:59 and 16:59 are working time, 07:59 and 12:00 are not
        self.assertEqual(answers[True], 4 * 8 * 4 + 3)

    def test_waiting_pauses_the_clock(self):
        ticket = self._ticket()
        self._plan_sla(ticket, self.utc('2026-11-23 10:00'))
        ticket.stage_id = self.stage_waiting
        self.assertTrue(ticket.sla_paused_since)
        self.assertEqual(ticket.response_hours_left, 0.0)
        # paused from Monday 11:00 to Tuesday 10:00: 1 + 4 + 2 = 7 working hours
        ticket.sla_paused_since = to_string(self.utc('2026-11-23 11:00'))
        vals = ticket._resume_sla_values(to_string(self.utc('2026-11-24 10:00')))
        self.assertAlmostEqual(vals['sla_paused_hours'], 7.0, places=2)
        self.assertFalse(vals['sla_paused_since'])
        # response was due Monday 12:00; moving from 'new' to 'waiting' counted as the response
        self.assertNotIn('response_deadline', vals)
        # resolution was due Wednesday 10:00 (16h), plus 7 paused hours: Thursday 09:00
        self.assertEqual(ticket.resolution_deadline, to_string(self.utc('2026-11-25 10:00')))
        self.assertEqual(vals['resolution_deadline'], to_string(self.utc('2026-11-26 09:00')))

    def test_resume_from_waiting_writes_shifted_deadline(self):
        ticket = self._ticket()
        self._plan_sla(ticket, self.utc('2026-11-23 10:00'))
        ticket.stage_id = self.stage_waiting
        ticket.sla_paused_since = to_string(self.utc('2026-11-23 11:00'))
        before = ticket.resolution_deadline
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.sla_paused_since)
        self.assertGreater(ticket.sla_paused_hours, 0)
        self.assertGreater(ticket.resolution_deadline, before)

    def test_first_public_reply_is_the_response(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_response_state, 'running')
        ticket.sudo(self.csr).message_post(body='We are on it', message_type='comment', subtype='mail.mt_comment')
        self.assertEqual(ticket.sla_response_state, 'met')
        self.assertTrue(ticket.responded_at)

    def test_internal_note_is_not_a_response(self):
        ticket = self._ticket()
        ticket.sudo(self.csr).message_post(body='note', message_type='comment', subtype='mail.mt_note')
        self.assertEqual(ticket.sla_response_state, 'running')

    def test_solving_records_resolution(self):
        ticket = self._ticket()
        ticket.stage_id = self.stage_solved
        self.assertTrue(ticket.resolved_at)
        self.assertEqual(ticket.sla_resolution_state, 'met')
        self.assertEqual(ticket.sla_response_state, 'met')

    def test_cron_marks_breach_and_escalates(self):
        ticket = self._ticket(engineer_id=self.tech.id)
        ticket.write({'response_deadline': '2020-01-01 00:00:00'})
        other = self._ticket()
        self.env['aftersales.ticket']._cron_check_sla()
        self.assertEqual(ticket.sla_response_state, 'missed')
        self.assertTrue(ticket.sla_breached)
        self.assertEqual(ticket.escalation_level, 'tech')
        self.assertIn(self.tech, ticket.activity_ids.mapped('user_id'))
        note = ticket.message_ids[0]
        self.assertIn('response deadline missed', note.body)
        self.assertIn(self.manager.partner_id, note.partner_ids)
        self.assertEqual(other.sla_response_state, 'running')
        self.assertIn(ticket, self.env['aftersales.ticket'].search([('sla_breached', '=', True)]))
        self.assertNotIn(other, self.env['aftersales.ticket'].search([('sla_breached', '=', True)]))
        # a second run does not escalate again
        self.env['aftersales.ticket']._cron_check_sla()
        self.assertEqual(ticket.escalation_level, 'tech')

    def test_cron_ignores_paused_and_closed_tickets(self):
        paused = self._ticket()
        paused.stage_id = self.stage_waiting
        paused.write({'resolution_deadline': '2020-01-01 00:00:00'})
        self.env['aftersales.ticket']._cron_check_sla()
        self.assertEqual(paused.sla_resolution_state, 'running')

    def test_escalation_chain(self):
        ticket = self._ticket(engineer_id=self.tech.id)
        wizard = self.env['aftersales.ticket.escalate'].create({'ticket_id': ticket.id, 'reason': 'fault grows'})
        wizard.action_escalate()
        self.assertEqual(ticket.escalation_level, 'tech')
        ticket._escalate('needs a visit')
        self.assertEqual(ticket.escalation_level, 'onsite')
        with self.assertRaises(UserError):
            ticket._escalate('again')

    def test_after_hours_ticket_goes_to_on_call_engineer(self):
        self.env['aftersales.duty.roster'].create({
            'user_id': self.field.id,
            'date_start': to_string(self.utc('2026-11-27 17:00')),
            'date_end': to_string(self.utc('2026-11-30 08:00'))})
        ticket = self._ticket()
        self._plan_sla(ticket, self.utc('2026-11-28 22:30'))
        self.assertTrue(ticket.after_hours)
        self.assertEqual(ticket.engineer_id, self.field)
        in_hours = self._ticket()
        self._plan_sla(in_hours, self.utc('2026-11-27 10:00'))
        self.assertFalse(in_hours.after_hours)

    def test_duty_roster_rejects_reversed_shift(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env['aftersales.duty.roster'].create({
                'user_id': self.field.id, 'date_start': '2026-11-28 10:00:00', 'date_end': '2026-11-28 09:00:00'})

    def test_negative_targets_are_refused(self):
        count = self.env['aftersales.sla.policy'].search_count([])
        for response, resolution in ((-1, 8), (0, 8), (4, -2), (8, 4)):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.env['aftersales.sla.policy'].create({
                    'name': 'bad', 'calendar_id': self.calendar.id, 'tz': 'UTC',
                    'response_hours': response, 'resolution_hours': resolution})
        self.assertEqual(self.env['aftersales.sla.policy'].search_count([]), count)
