"""A constructed service history for the analysis tests.

Tickets are created through the ORM, then their clock is set in SQL (the
creation date cannot be written through the ORM), so every KPI has a value
computed by hand in the tests.
"""
from datetime import date

from psycopg2 import sql

from .common import AftersalesCase
from .test_inspection import build_plan


class AnalysisCase(AftersalesCase):

    @classmethod
    def setUpClass(cls):
        super(AnalysisCase, cls).setUpClass()
        Product = cls.env['product.product']
        cls.product_projector = Product.create({'name': 'Test Projector PX-1', 'type': 'consu'})
        cls.product_display = Product.create({'name': 'Test Display DX-9', 'type': 'consu'})
        Category = cls.env['maintenance.equipment.category']
        cls.cat_projectors = Category.create({'name': 'Analysis projectors'})
        cls.cat_displays = Category.create({'name': 'Analysis displays'})
        cls.projector_a.write({'aftersales_product_id': cls.product_projector.id,
                               'category_id': cls.cat_projectors.id, 'aftersales_install_date': '2026-01-01'})
        cls.display_b.write({'aftersales_product_id': cls.product_display.id, 'category_id': cls.cat_displays.id})
        cls.amplifier_a = cls.env['maintenance.equipment'].create({
            'name': 'Amplifier A', 'aftersales_customer_id': cls.customer.id, 'aftersales_site_id': cls.site_a.id})
        cls.team = cls.env['maintenance.team'].create({'name': 'Analysis North Team'})

    @classmethod
    def force(cls, record, **values):
        """Write stored columns of ``record`` directly in SQL."""
        assignments = sql.SQL(', ').join(
            sql.SQL('{} = %s').format(sql.Identifier(column)) for column in values)
        cls.env.cr.execute(sql.SQL('UPDATE {} SET {} WHERE id = %s').format(
            sql.Identifier(record._table), assignments), list(values.values()) + [record.id])
        record.invalidate_cache()

    @classmethod
    def history_ticket(cls, created, type_code='repair', equipment=None, engineer=None, team=None,
                       stage='progress', **columns):
        ticket_type = cls.env['aftersales.ticket.type'].search([('code', '=', type_code)])
        ticket = cls.env['aftersales.ticket'].create({
            'title': 'History %s %s' % (type_code, created), 'partner_id': cls.customer.id,
            'site_id': (equipment.aftersales_site_id if equipment else cls.site_a).id,
            'equipment_id': equipment.id if equipment else False, 'type_id': ticket_type.id, 'channel': 'phone',
            'engineer_id': engineer.id if engineer else False, 'team_id': team.id if team else False})
        stage_record = cls.env['aftersales.ticket']._stage_for(stage, ticket_type)
        values = {'create_date': created, 'stage_id': stage_record.id, 'stage_state': stage,
                  'sla_response_state': 'running', 'sla_resolution_state': 'running',
                  'responded_at': None, 'resolved_at': None, 'response_time_hours': 0.0,
                  'resolution_time_hours': 0.0, 'visit_count': 0, 'first_time_fix': False}
        values.update(columns)
        cls.force(ticket, **values)
        return ticket

    @classmethod
    def done_visit(cls, ticket, start, hours, engineer):
        """A done visit of ``ticket`` whose engineer stayed ``hours`` on site."""
        check_in = '%s 01:00:00' % start
        check_out = '%s %02d:%02d:00' % (start, 1 + int(hours), int(round(hours % 1 * 60)))
        return cls.env['aftersales.visit'].create({
            'ticket_id': ticket.id, 'user_id': engineer.id, 'state': 'done', 'result': 'fixed',
            'planned_start': check_in, 'planned_end': '%s 09:00:00' % start,
            'attendance_ids': [(0, 0, {'user_id': engineer.id, 'check_in': check_in, 'check_out': check_out})]})

    @classmethod
    def build_history(cls):
        """March 2026 (T1-T5), April (T7) and May (T6) of one customer.

        ====  =========  ==========  ========  ==========  ==========  ======  ====  =========================
        id    created    kind        response  resolution  visits (h)  FTF     eng.  callbacks
        ====  =========  ==========  ========  ==========  ==========  ======  ====  =========================
        T1    03-02      repair PA   1.0 met   10 met      1 (2.0)     yes     tech  phone, 5, closed
        T2    03-20      repair PA   3.0 miss  20 miss     2 (4.0)     no      tech  portal rating 2, solved
        T3    03-10      repair DB   2.0 met   running     -           -       tech  -
        T4    03-05      inquiry     0.5 met   1.0 met     -           -       field closed
        T5    03-12      complaint   1.5 miss  running     -           -       field -
        T7    04-09      repair DB   1.0 met   running     -           -       tech  -
        T6    05-01      repair PA   1.0 met   4.0 met     1 (3.0)     yes     tech  phone, 3, closed
        ====  =========  ==========  ========  ==========  ==========  ======  ====  =========================
        PA: projector A (installed 2026-01-01), DB: display B (no installation date).
        """
        met = {'sla_response_state': 'met'}
        missed = {'sla_response_state': 'missed'}
        cls.t1 = cls.history_ticket(
            '2026-03-02 12:00:00', equipment=cls.projector_a, engineer=cls.tech, team=cls.team, stage='closed',
            responded_at='2026-03-02 13:00:00', response_time_hours=1.0, resolved_at='2026-03-03 12:00:00',
            resolution_time_hours=10.0, sla_resolution_state='met', visit_count=1, first_time_fix=True, **met)
        cls.t2 = cls.history_ticket(
            '2026-03-20 12:00:00', equipment=cls.projector_a, engineer=cls.tech, team=cls.team, stage='solved',
            responded_at='2026-03-20 15:00:00', response_time_hours=3.0, resolved_at='2026-03-24 12:00:00',
            resolution_time_hours=20.0, sla_resolution_state='missed', visit_count=2, first_time_fix=False,
            **missed)
        cls.t3 = cls.history_ticket(
            '2026-03-10 00:00:00', equipment=cls.display_b, engineer=cls.tech, team=cls.team,
            responded_at='2026-03-10 02:00:00', response_time_hours=2.0, **met)
        cls.t4 = cls.history_ticket(
            '2026-03-05 12:00:00', type_code='inquiry', engineer=cls.field, stage='closed',
            responded_at='2026-03-05 12:30:00', response_time_hours=0.5, resolved_at='2026-03-05 13:00:00',
            resolution_time_hours=1.0, sla_resolution_state='met', **met)
        cls.t5 = cls.history_ticket(
            '2026-03-12 12:00:00', type_code='complaint', engineer=cls.field,
            responded_at='2026-03-12 13:30:00', response_time_hours=1.5, **missed)
        cls.t7 = cls.history_ticket(
            '2026-04-09 00:00:00', equipment=cls.display_b, engineer=cls.tech,
            responded_at='2026-04-09 01:00:00', response_time_hours=1.0, **met)
        cls.t6 = cls.history_ticket(
            '2026-05-01 00:00:00', equipment=cls.projector_a, engineer=cls.tech, stage='closed',
            responded_at='2026-05-01 01:00:00', response_time_hours=1.0, resolved_at='2026-05-01 04:00:00',
            resolution_time_hours=4.0, sla_resolution_state='met', visit_count=1, first_time_fix=True, **met)
        cls.done_visit(cls.t1, '2026-03-02', 2.0, cls.field)
        cls.done_visit(cls.t2, '2026-03-21', 1.5, cls.field)
        cls.done_visit(cls.t2, '2026-03-23', 2.5, cls.field)
        cls.done_visit(cls.t6, '2026-05-01', 3.0, cls.field)
        Callback = cls.env['aftersales.callback']
        Callback.create({'ticket_id': cls.t1.id, 'resolved': 'yes', 'satisfaction': '5', 'user_id': cls.csr.id})
        Callback.create({'ticket_id': cls.t2.id, 'resolved': 'yes', 'satisfaction': '2', 'source': 'portal',
                         'user_id': cls.csr.id})
        Callback.create({'ticket_id': cls.t6.id, 'resolved': 'yes', 'satisfaction': '3', 'user_id': cls.csr.id})

    @classmethod
    def build_inspections(cls):
        """Validated rounds of 2026-03-05: site A, projector at fault and
        amplifier to replace (2 findings of 2); site B, display OK. A February
        round of site B with a fault; the other rounds are not validated."""
        cls.plan = build_plan(cls.env, cls.customer, [cls.site_a, cls.site_b], cls.cat_projectors)
        cls.plan._generate_rounds(today=date(2026, 3, 5))
        rounds = {(r.site_id, r.date): r for r in cls.plan.inspection_ids}
        statuses = {cls.projector_a: 'fault', cls.amplifier_a: 'replace', cls.display_b: 'ok'}
        for site in (cls.site_a, cls.site_b):
            round_ = rounds[(site, '2026-03-05')]
            for line in round_.line_ids:
                line.status = statuses[line.equipment_id]
            round_.state = 'done'
        february = rounds[(cls.site_b, '2026-02-05')]
        february.line_ids.write({'status': 'fault'})
        february.state = 'done'
