#!/usr/bin/env python3
"""Fill a database with a realistic after-sales data set, through the ORM.

    cd /work/main && export ROOT=/work/main && source setup/env.sh
    python bench/dataset.py --scale small -c .odoo/h4.conf -d as_h4_small
    python bench/dataset.py --scale county -c .odoo/h4c.conf -d as_h4_county

The database must have the four aftersales addons installed (demo data or
not) and no data set yet (the generator refuses a second run). Scales:

- ``county``: 300 customer sites of 30 customers, 10,000 installed
  equipment, 100,000 tickets over three years (10,000 of them of the
  customer "Bench County Schools", whose portal user ``bench_portal`` logs
  in with the password ``bench_portal``), 40,000 visits, 2,000 spare parts
  with a year of consumption moves, 30 engineers, 1,000 training
  attendances;
- ``small``: the same shape, a few hundred records (CI).

Every record goes through ``create()`` (and the stock moves through
``_action_confirm/_action_assign/_action_done``), with a seeded
``random.Random(42)``. Tickets and visits are created with mail tracking,
creation logs and acknowledgement mails disabled (``tracking_disable``,
``mail_create_nolog``, ``mail_notrack``, ``aftersales_no_ack``): the data
set is history, not news; the benchmarks measure the real path with
tracking. The ORM stamps records with the current time, so each batch is
then moved into the past by one SQL ``UPDATE`` (creation, response and
resolution times, the SLA deadlines, the dates of the stock moves).
Batches are committed as they are done; the progress and the total time
are printed.

``--bulk-sql`` inserts the tickets and visits with one SQL statement per
batch of 500 instead of ``create()``: the same values drawn from the same
generator, plus what ``create()`` derives from them (reference from the
sequence, area, team and engineer of the site, SLA policy and deadlines,
stored related fields, visit checklists from the repair plans). Every other
record still goes through the ORM. Used for the county scale, where 100,000
``create()`` calls take hours on two shared CPUs.
"""
import argparse
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta

from psycopg2 import sql

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import open_env  # noqa: E402  (the path above)

SCALES = {
    'small': {
        'customers': 4, 'sites': 12, 'bench_sites': 2, 'equipment': 96, 'tickets': 400, 'bench_tickets': 200,
        'visits': 120, 'parts': 60, 'moves': 240, 'engineers': 6, 'sessions': 4, 'attendances': 40,
    },
    'county': {
        'customers': 30, 'sites': 300, 'bench_sites': 10, 'equipment': 10000, 'tickets': 100000,
        'bench_tickets': 10000, 'visits': 40000, 'parts': 2000, 'moves': 12000, 'engineers': 30,
        'sessions': 50, 'attendances': 1000,
    },
}
BENCH_CUSTOMER = 'Bench County Schools'
PORTAL_LOGIN = 'bench_portal'
TINY_CUSTOMER = 'Bench Village School'  # 20 tickets: the /my/tickets query count at a small size
TINY_LOGIN = 'bench_portal_tiny'
TINY_TICKETS = 20
MANAGER_LOGIN = 'bench_manager'
SCALE_PARAM = 'aftersales_bench.dataset_scale'
QUIET = {'tracking_disable': True, 'mail_create_nolog': True, 'mail_notrack': True, 'aftersales_no_ack': True,
         'mail_create_nosubscribe': False, 'no_reset_password': True}
YEARS = 3
BATCH = 500

AREAS = ['North District', 'South District', 'East District', 'West District', 'City Centre', 'Mountain Towns']
FAMILIES = [  # (category, product models, criticality weights critical/important/normal, parts per model)
    ('Projectors', ['EB-X41 Projector', 'EB-W52 Projector', 'PT-LB386 Projector', 'MX560 Projector'], (1, 3, 8)),
    ('Interactive Displays', ['SB-7086 Display', 'IFP-65 Display', 'IFP-75 Display'], (3, 4, 3)),
    ('Audio', ['PA-120 Amplifier', 'WM-2 Wireless Microphone', 'CS-8 Ceiling Speaker'], (1, 2, 7)),
    ('Computers', ['OptiPlex 3080 PC', 'ThinkCentre M70 PC', 'Teacher Laptop 14'], (1, 4, 5)),
    ('Network', ['SG350 Switch', 'AP-305 Access Point', 'Campus Firewall F60'], (5, 3, 2)),
    ('Recording', ['Lecture Capture Box', 'PTZ Camera 20x'], (1, 3, 6)),
]
PART_KINDS = ['Lamp module', 'Power board', 'Main board', 'Fan', 'Filter', 'Remote control', 'Touch frame',
              'Power supply', 'HDMI board', 'Speaker driver', 'Battery pack', 'Antenna', 'Hard disk', 'Memory module',
              'Keyboard', 'Cable kit', 'Lens assembly', 'Colour wheel', 'Backlight strip', 'Controller']
FAULTS = {
    'repair': ['%s shows no image', '%s does not power on', '%s restarts by itself', '%s makes a loud noise',
               '%s has no sound', '%s loses the network', 'Touch does not respond on the %s',
               '%s overheats and shuts down', 'Lines across the picture of the %s', '%s remote control is dead'],
    'inquiry': ['How do I connect a laptop to the %s?', 'Is the %s still under warranty?',
                'Can the %s be moved to another room?', 'Which lamp fits the %s?'],
    'complaint': ['The engineer came late for the %s', 'The %s failed again a week after the repair',
                  'Nobody called back about the %s'],
    'suggestion': ['Please train our teachers on the %s', 'Keep spare lamps for the %s at the school'],
}
REPAIR_PLANS = ['Replace the lamp module\nClean the filter\nReset the lamp timer',
                'Replace the power board\nCheck the mains socket',
                'Update the firmware\nRecalibrate the touch frame',
                'Replace the fan\nClean the vents\nRun a one-hour burn-in test']
TYPE_WEIGHTS = [('repair', 62), ('inquiry', 22), ('complaint', 6), ('suggestion', 4), ('repair', 6)]
CHANNEL_WEIGHTS = [('phone', 45), ('email', 20), ('web', 10), ('portal', 25)]
PRIORITY_WEIGHTS = [('0', 80), ('1', 16), ('2', 4)]
OLD_STATES = [('closed', 92), ('solved', 5), ('progress', 2), ('waiting', 1)]
RECENT_STATES = [('new', 15), ('progress', 35), ('waiting', 10), ('solved', 15), ('closed', 25)]

_BACKDATE_TICKETS = """
    UPDATE aftersales_ticket t
       SET create_date = d.created, write_date = d.created + interval '1 minute' * d.resolve_min,
           response_deadline = t.response_deadline - (now() at time zone 'UTC' - d.created),
           resolution_deadline = t.resolution_deadline - (now() at time zone 'UTC' - d.created),
           responded_at = CASE WHEN d.state <> 'new' THEN d.created + interval '1 minute' * d.respond_min END,
           resolved_at = CASE WHEN d.state IN ('solved', 'closed')
                              THEN d.created + interval '1 minute' * d.resolve_min END,
           closed_at = CASE WHEN d.state = 'closed'
                            THEN d.created + interval '1 minute' * (d.resolve_min + 2880) END,
           sla_response_state = CASE WHEN t.sla_policy_id IS NULL THEN t.sla_response_state
                                     WHEN d.state = 'new' THEN 'running'
                                     WHEN d.respond_min <= 120 THEN 'met' ELSE 'missed' END,
           sla_resolution_state = CASE WHEN t.sla_policy_id IS NULL THEN t.sla_resolution_state
                                       WHEN d.state NOT IN ('solved', 'closed') THEN 'running'
                                       WHEN d.resolve_min <= 1920 THEN 'met' ELSE 'missed' END,
           after_hours = NOT (extract(isodow FROM d.created + interval '8 hours') < 6
                              AND extract(hour FROM d.created + interval '8 hours') IN (8, 9, 10, 11, 13, 14, 15, 16)),
           response_time_hours = CASE WHEN d.state <> 'new' THEN d.respond_min / 60.0 ELSE 0 END,
           resolution_time_hours = CASE WHEN d.state IN ('solved', 'closed') THEN d.resolve_min / 60.0 / 3 ELSE 0 END
      FROM unnest(%(ids)s::int[], %(created)s::timestamp[], %(states)s::varchar[], %(respond)s::int[],
                  %(resolve)s::int[]) AS d(id, created, state, respond_min, resolve_min)
     WHERE t.id = d.id
"""
_TICKET_COLUMNS = [
    'title', 'description', 'type_id', 'type_code', 'channel', 'partner_id', 'commercial_partner_id',
    'site_id', 'contact_id', 'partner_email', 'equipment_id', 'criticality', 'product_id', 'stage_id',
    'stage_state', 'priority', 'area_id', 'team_id', 'user_id', 'engineer_id', 'company_id', 'sla_policy_id',
    'response_hours', 'resolution_hours', 'fault_category_id', 'repair_plan', 'complaint_verified',
    'complaint_answer', 'complaint_reviewed_by', 'complaint_reviewed_at', 'access_token', 'uid']
# --bulk-sql: the columns create() fills, from the same values; SLA deadlines in wall-clock hours
_INSERT_TICKETS = """
    INSERT INTO aftersales_ticket (
        name, title, description, type_id, type_code, channel, partner_id, commercial_partner_id, site_id,
        contact_id, partner_email, equipment_id, criticality, product_id, stage_id, stage_state, priority,
        area_id, team_id, user_id, engineer_id, company_id, sla_policy_id, response_deadline, resolution_deadline,
        sla_response_state, sla_resolution_state, escalation_level, fault_category_id, repair_plan,
        complaint_verified, complaint_answer, complaint_reviewed_by, complaint_reviewed_at, access_token,
        visit_count, first_time_fix, repeat_fault, sla_paused_hours, create_uid, write_uid, create_date, write_date)
    SELECT %(seq_prefix)s || lpad(nextval(%(seq_name)s)::text, %(seq_padding)s, '0') || %(seq_suffix)s,
           t.title, t.description, t.type_id, t.type_code, t.channel, t.partner_id,
           t.commercial_partner_id, t.site_id, t.contact_id, t.partner_email, t.equipment_id, t.criticality,
           t.product_id, t.stage_id, t.stage_state, t.priority, t.area_id, t.team_id, t.user_id, t.engineer_id,
           t.company_id, t.sla_policy_id,
           CASE WHEN t.sla_policy_id IS NOT NULL
                THEN now() at time zone 'UTC' + interval '1 hour' * t.response_hours END,
           CASE WHEN t.sla_policy_id IS NOT NULL
                THEN now() at time zone 'UTC' + interval '1 hour' * t.resolution_hours END,
           CASE WHEN t.sla_policy_id IS NOT NULL THEN 'running' END,
           CASE WHEN t.sla_policy_id IS NOT NULL THEN 'running' END,
           'csr', t.fault_category_id, t.repair_plan, t.complaint_verified, t.complaint_answer,
           t.complaint_reviewed_by, t.complaint_reviewed_at, t.access_token, 0, FALSE, FALSE, 0, t.uid, t.uid,
           now() at time zone 'UTC', now() at time zone 'UTC'
      FROM unnest(%(title)s::varchar[], %(description)s::text[], %(type_id)s::int[],
                  %(type_code)s::varchar[], %(channel)s::varchar[], %(partner_id)s::int[],
                  %(commercial_partner_id)s::int[], %(site_id)s::int[], %(contact_id)s::int[],
                  %(partner_email)s::varchar[], %(equipment_id)s::int[], %(criticality)s::varchar[],
                  %(product_id)s::int[], %(stage_id)s::int[], %(stage_state)s::varchar[], %(priority)s::varchar[],
                  %(area_id)s::int[], %(team_id)s::int[], %(user_id)s::int[], %(engineer_id)s::int[],
                  %(company_id)s::int[], %(sla_policy_id)s::int[], %(response_hours)s::float8[],
                  %(resolution_hours)s::float8[], %(fault_category_id)s::int[], %(repair_plan)s::text[],
                  %(complaint_verified)s::varchar[], %(complaint_answer)s::text[],
                  %(complaint_reviewed_by)s::int[], %(complaint_reviewed_at)s::timestamp[],
                  %(access_token)s::varchar[], %(uid)s::int[])
           AS t(title, description, type_id, type_code, channel, partner_id, commercial_partner_id, site_id,
                contact_id, partner_email, equipment_id, criticality, product_id, stage_id, stage_state, priority,
                area_id, team_id, user_id, engineer_id, company_id, sla_policy_id, response_hours,
                resolution_hours, fault_category_id, repair_plan, complaint_verified, complaint_answer,
                complaint_reviewed_by, complaint_reviewed_at, access_token, uid)
    RETURNING id
"""
_VISIT_COLUMNS = ['ticket_id', 'user_id', 'planned_start', 'planned_end', 'state', 'result', 'check_in_at',
                  'check_out_at', 'work_done', 'fault_cause', 'company_id', 'access_token', 'uid']
# --bulk-sql: the visits with what create() derives from the ticket, and their checklists
_INSERT_VISITS = """
    WITH visit AS (
        INSERT INTO aftersales_visit (
            name, ticket_id, partner_id, commercial_partner_id, site_id, equipment_id, user_id, planned_start,
            planned_end, state, result, check_in_at, check_out_at, hours_on_site, work_done, fault_cause,
            company_id, access_token, is_signed, create_uid, write_uid, create_date, write_date)
        SELECT %(seq_prefix)s || lpad(nextval(%(seq_name)s)::text, %(seq_padding)s, '0') || %(seq_suffix)s,
               v.ticket_id, t.partner_id, t.commercial_partner_id, t.site_id, t.equipment_id, v.user_id,
               v.planned_start, v.planned_end, v.state, v.result, v.check_in_at, v.check_out_at,
               coalesce(extract(epoch FROM v.check_out_at - v.check_in_at) / 3600.0, 0), v.work_done,
               v.fault_cause, v.company_id, v.access_token, FALSE, v.uid, v.uid, v.planned_start, v.planned_start
          FROM unnest(%(ticket_id)s::int[], %(user_id)s::int[], %(planned_start)s::timestamp[],
                      %(planned_end)s::timestamp[], %(state)s::varchar[], %(result)s::varchar[],
                      %(check_in_at)s::timestamp[], %(check_out_at)s::timestamp[], %(work_done)s::text[],
                      %(fault_cause)s::text[], %(company_id)s::int[], %(access_token)s::varchar[], %(uid)s::int[])
               AS v(ticket_id, user_id, planned_start, planned_end, state, result, check_in_at,
                    check_out_at, work_done, fault_cause, company_id, access_token, uid)
          JOIN aftersales_ticket t ON t.id = v.ticket_id
        RETURNING id, ticket_id, state, create_uid, create_date
    )
    INSERT INTO aftersales_visit_checklist_line (visit_id, sequence, name, kind, quantity, checked,
                                                 create_uid, write_uid, create_date, write_date)
    SELECT visit.id, step.n, step.line, 'task', 1, visit.state IN ('done', 'followup'),
           visit.create_uid, visit.create_uid, visit.create_date, visit.create_date
      FROM visit JOIN aftersales_ticket t ON t.id = visit.ticket_id,
           unnest(string_to_array(t.repair_plan, E'\\n')) WITH ORDINALITY AS step(line, n)
"""
_EQUIPMENT_COLUMNS = ['name', 'serial_no', 'category_id', 'aftersales_customer_id', 'aftersales_site_id',
                      'aftersales_product_id', 'aftersales_criticality', 'aftersales_install_date',
                      'aftersales_warranty_end']
_INSERT_EQUIPMENT = """
    INSERT INTO maintenance_equipment (
        name, serial_no, category_id, aftersales_customer_id, aftersales_commercial_partner_id, aftersales_site_id,
        aftersales_product_id, aftersales_criticality, aftersales_install_date, aftersales_warranty_end, active,
        owner_user_id, aftersales_frequent_fault, maintenance_count, maintenance_open_count, period,
        maintenance_duration, color, create_uid, write_uid, create_date, write_date)
    SELECT e.name, e.serial_no, e.category_id, e.customer, e.commercial, e.site, e.product, e.criticality,
           e.install_date, e.warranty_end, TRUE, %(uid)s, FALSE, 0, 0, 0, 0, 0, %(uid)s, %(uid)s,
           now() at time zone 'UTC', now() at time zone 'UTC'
      FROM unnest(%(name)s::varchar[], %(serial_no)s::varchar[], %(category_id)s::int[],
                  %(aftersales_customer_id)s::int[], %(commercial)s::int[], %(aftersales_site_id)s::int[],
                  %(aftersales_product_id)s::int[], %(aftersales_criticality)s::varchar[],
                  %(aftersales_install_date)s::date[], %(aftersales_warranty_end)s::date[])
           AS e(name, serial_no, category_id, customer, commercial, site, product, criticality, install_date,
                warranty_end)
    RETURNING id
"""
# a repair ticket on equipment that had another repair ticket in the 30 days before
_REPEAT_FAULTS = """
    UPDATE aftersales_ticket t SET repeat_fault = r.repeat
      FROM (SELECT id, coalesce(create_date - lag(create_date) OVER (PARTITION BY equipment_id ORDER BY create_date, id)
                                <= interval '30 days', FALSE) AS repeat
              FROM aftersales_ticket WHERE type_code = 'repair' AND equipment_id IS NOT NULL) r
     WHERE t.id = r.id AND t.repeat_fault IS DISTINCT FROM r.repeat
"""
_INSERT_QUANTS = """
    INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity, in_date,
                             create_uid, write_uid, create_date, write_date)
    SELECT p, %(location)s, %(company)s, 1000, 0, now() at time zone 'UTC', %(uid)s, %(uid)s,
           now() at time zone 'UTC', now() at time zone 'UTC'
      FROM unnest(%(products)s::int[]) AS p
"""
# --bulk-sql: done consumption moves (unit of measure: the product's), their lines, the quants
_INSERT_DONE_MOVES = """
    WITH move AS (
        INSERT INTO stock_move (name, reference, date, date_expected, company_id, product_id, product_uom_qty,
                                product_qty, ordered_qty, product_uom, location_id, location_dest_id,
                                procure_method, state, priority, sequence, scrapped, propagate, additional,
                                to_refund, create_uid, write_uid, create_date, write_date)
        SELECT m.name, m.name, m.date, m.date, m.company_id, m.product_id, m.qty, m.qty, m.qty, m.uom,
               m.location_id, m.location_dest_id, 'make_to_stock', 'done', '1', 10, FALSE, TRUE, FALSE, FALSE,
               %(uid)s, %(uid)s, m.date, m.date
          FROM unnest(%(name)s::varchar[], %(dates)s::timestamp[], %(company_id)s::int[], %(product_id)s::int[],
                      %(product_uom_qty)s::float8[], %(product_uom)s::int[], %(location_id)s::int[],
                      %(location_dest_id)s::int[])
               AS m(name, date, company_id, product_id, qty, uom, location_id, location_dest_id)
        RETURNING id, name, date, product_id, product_uom_qty, product_uom, location_id, location_dest_id
    ), line AS (
        INSERT INTO stock_move_line (move_id, reference, product_id, product_uom_id, product_qty, product_uom_qty,
                                     ordered_qty, qty_done, date, location_id, location_dest_id, state,
                                     create_uid, write_uid, create_date, write_date)
        SELECT id, name, product_id, product_uom, product_uom_qty, 0, product_uom_qty, product_uom_qty, date,
               location_id, location_dest_id, 'done', %(uid)s, %(uid)s, date, date
          FROM move
        RETURNING product_id, location_id, qty_done
    )
    UPDATE stock_quant q SET quantity = q.quantity - used.qty
      FROM (SELECT product_id, location_id, sum(qty_done) AS qty FROM line GROUP BY product_id, location_id) used
     WHERE q.product_id = used.product_id AND q.location_id = used.location_id
"""
_BACKDATE_MOVES = """
    WITH d AS (SELECT * FROM unnest(%(ids)s::int[], %(dates)s::timestamp[]) AS d(id, date))
    UPDATE stock_move m SET date = d.date, date_expected = d.date, create_date = d.date, write_date = d.date
      FROM d WHERE m.id = d.id;
    WITH d AS (SELECT * FROM unnest(%(ids)s::int[], %(dates)s::timestamp[]) AS d(id, date))
    UPDATE stock_move_line l SET date = d.date FROM d WHERE l.move_id = d.id
"""
_VISIT_KPIS = """
    UPDATE aftersales_ticket t
       SET visit_count = v.done, first_time_fix = v.first_fixed AND v.done = 1
      FROM (SELECT ticket_id, count(*) AS done,
                   bool_and(result = 'fixed') AS first_fixed
              FROM aftersales_visit WHERE state IN ('done', 'followup') AND ticket_id IS NOT NULL
          GROUP BY ticket_id) v
     WHERE t.id = v.ticket_id
"""


def weighted(rng, pairs):
    return rng.choices([value for value, _weight in pairs], [weight for _value, weight in pairs])[0]


class Generator(object):
    """Builds the data set in ``env`` (superuser) at ``scale``."""

    def __init__(self, env, scale, now=None, bulk_sql=False):
        self.env = env(context=dict(env.context, **QUIET))
        self.bulk_sql = bulk_sql
        self.size = SCALES[scale]
        self.scale = scale
        self.rng = random.Random(42)
        self.now = now or datetime.utcnow().replace(microsecond=0)
        self.started = time.time()
        self.company = self.env.ref('base.main_company')

    # ------------------------------------------------------------------
    # driver
    # ------------------------------------------------------------------

    def log(self, message):
        print('[%7.1f s] %s' % (time.time() - self.started, message), flush=True)

    def commit(self):
        self.env.cr.commit()  # pylint: disable=invalid-commit  (the generator commits each batch)
        self.env.cache.invalidate()

    def run(self):
        self.log('scale %s: %s' % (self.scale, ', '.join('%s=%s' % item for item in sorted(self.size.items()))))
        self.users()
        self.areas()
        self.customers()
        self.products()
        self.equipment()
        self.commit()
        self.tickets()
        self.visits()
        self.parts()
        self.consumption()
        self.training()
        self.env['ir.config_parameter'].set_param(SCALE_PARAM, self.scale)
        self.env.cr.execute('ANALYZE')
        self.commit()
        self.log('done')

    # ------------------------------------------------------------------
    # people and places
    # ------------------------------------------------------------------

    def _user(self, login, name, groups, password=None):
        return self.env['res.users'].create({
            'name': name, 'login': login, 'email': '%s@bench.example.com' % login, 'password': password or login,
            'tz': 'Asia/Shanghai',
            'groups_id': [(6, 0, [self.env.ref(group).id for group in groups])]})

    def users(self):
        group = 'aftersales_service.group_aftersales_%s'
        self.manager = self._user(MANAGER_LOGIN, 'Bench Manager', [group % 'manager', 'stock.group_stock_manager'])
        engineers = self.size['engineers']
        techs = max(1, engineers // 4)
        self.techs = self.env['res.users']
        self.field = self.env['res.users']
        for index in range(engineers):
            if index < techs:
                self.techs |= self._user('bench_tech_%02d' % index, 'Technical Engineer %02d' % index,
                                         [group % 'tech'])
            else:
                self.field |= self._user('bench_field_%02d' % index, 'Field Engineer %02d' % index,
                                         [group % 'field'])
        self.csrs = self.env['res.users']
        for index in range(max(2, engineers // 5)):
            self.csrs |= self._user('bench_csr_%02d' % index, 'Service Representative %02d' % index, [group % 'csr'])
        self.parts_user = self._user('bench_parts', 'Parts Keeper', [group % 'parts'])
        self.log('users: %d engineers, %d representatives' % (engineers, len(self.csrs)))

    def areas(self):
        self.area_records = self.env['aftersales.service.area']
        for index, name in enumerate(AREAS):
            team = self.env['maintenance.team'].create({'name': '%s Team' % name})
            self.area_records |= self.area_records.create({
                'name': name, 'team_id': team.id, 'user_id': self.csrs[index % len(self.csrs)].id,
                'engineer_id': self.techs[index % len(self.techs)].id, 'company_id': self.company.id})

    def customers(self):
        Partner = self.env['res.partner']
        size = self.size
        self.bench_customer = Partner.create({
            'name': BENCH_CUSTOMER, 'is_company': True, 'customer': True, 'email': 'office@bench-schools.example.com',
            'phone': '+86 21 5555 0000', 'aftersales_area_id': self.area_records[0].id, 'lang': 'en_US'})
        portal_contact = Partner.create({
            'name': 'Head Teacher Li', 'parent_id': self.bench_customer.id, 'email': 'li@bench-schools.example.com',
            'phone': '+86 21 5555 0001'})
        self.portal_user = self.env['res.users'].create({
            'login': PORTAL_LOGIN, 'password': PORTAL_LOGIN, 'partner_id': portal_contact.id,
            'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])]})
        self.tiny_customer = Partner.create({'name': TINY_CUSTOMER, 'is_company': True, 'customer': True,
                                             'email': 'office@village-school.example.com'})
        self.env['res.users'].create({
            'login': TINY_LOGIN, 'password': TINY_LOGIN, 'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])],
            'partner_id': Partner.create({'name': 'Teacher Zhao', 'parent_id': self.tiny_customer.id,
                                          'email': 'zhao@village-school.example.com'}).id})
        self.customer_records = [self.bench_customer]
        for index in range(size['customers'] - 1):
            self.customer_records.append(Partner.create({
                'name': '%s County Education Bureau' % ('Bench %03d' % index), 'is_company': True, 'customer': True,
                'email': 'bureau%03d@bench.example.com' % index,
                'aftersales_area_id': self.area_records[index % len(self.area_records)].id}))
        self.contacts = {}
        for customer in self.customer_records:
            self.contacts[customer.id] = Partner.browse([portal_contact.id]) if customer == self.bench_customer \
                else Partner
            for number in range(2):
                self.contacts[customer.id] |= Partner.create({
                    'name': 'Contact %d of %s' % (number + 1, customer.name), 'parent_id': customer.id,
                    'email': 'c%d.%d@bench.example.com' % (customer.id, number)})
        self.sites = {customer.id: Partner for customer in self.customer_records}
        others = self.customer_records[1:]
        self.contacts[self.tiny_customer.id] = self.tiny_customer.child_ids
        self.sites[self.tiny_customer.id] = Partner.create({
            'name': 'Village School', 'parent_id': self.tiny_customer.id, 'type': 'other',
            'aftersales_is_site': True, 'aftersales_area_id': self.area_records[-1].id})
        for index in range(size['sites']):
            customer = self.bench_customer if index < size['bench_sites'] else others[index % len(others)]
            area = self.area_records[self.rng.randrange(len(self.area_records))]
            self.sites[customer.id] |= Partner.create({
                'name': '%s School %03d' % ('Bench County' if customer == self.bench_customer else 'District',
                                            index),
                'parent_id': customer.id, 'type': 'other', 'aftersales_is_site': True,
                'aftersales_area_id': area.id, 'street': '%d School Road' % (index + 1)})
        self.log('customers: %d, sites: %d' % (len(self.customer_records), size['sites']))

    def products(self):
        self.categories = {}
        self.models = []
        for category_name, names, weights in FAMILIES:
            category = self.env['maintenance.equipment.category'].create({'name': category_name})
            for name in names:
                product = self.env['product.product'].create({'name': name, 'type': 'consu', 'default_code': name[:8]})
                self.models.append((product, category, weights))

    def equipment(self):
        Equipment = self.env['maintenance.equipment']
        site_pairs = [(customer, site) for customer in self.customer_records for site in self.sites[customer.id]]
        self.equipment_by_site = {}
        self.equipment_info = {}
        pending, ids = [], []
        for index in range(self.size['equipment']):
            customer, site = site_pairs[index % len(site_pairs)]
            product, category, weights = self.models[self.rng.randrange(len(self.models))]
            installed = self.now - timedelta(days=self.rng.randint(30, 365 * 6))
            values = {
                'name': '%s #%05d' % (product.name, index), 'serial_no': 'SN%07d' % index,
                'category_id': category.id, 'aftersales_customer_id': customer.id, 'aftersales_site_id': site.id,
                'aftersales_product_id': product.id,
                'aftersales_criticality': self.rng.choices(['critical', 'important', 'normal'], weights)[0],
                'aftersales_install_date': installed.strftime('%Y-%m-%d'),
                'aftersales_warranty_end': (installed + timedelta(days=365 * 3)).strftime('%Y-%m-%d')}
            pending.append(values)
            if not self.bulk_sql:
                ids.append(Equipment.create(values).id)
            if index % 1000 == 999 or index == self.size['equipment'] - 1:
                if self.bulk_sql:
                    ids += self._insert_equipment(pending)
                for record_id, values in zip(ids, pending):
                    self.equipment_by_site.setdefault(values['aftersales_site_id'], []).append(record_id)
                    self.equipment_info[record_id] = (values['aftersales_criticality'],
                                                      values['aftersales_product_id'], values['name'])
                pending, ids = [], []
                self.commit()
                self.log('equipment: %d' % (index + 1))

    def _insert_equipment(self, pending):
        """Insert the equipment of ``pending`` (create() values) in one statement (``--bulk-sql``)."""
        columns = {key: [values[key] for values in pending] for key in _EQUIPMENT_COLUMNS}
        columns.update(uid=self.env.uid, commercial=[values['aftersales_customer_id'] for values in pending])
        self.env.cr.execute(_INSERT_EQUIPMENT, columns)
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------
    # tickets and visits
    # ------------------------------------------------------------------

    def _stage(self, state, ticket_type):
        key = (state, ticket_type.id)
        if key not in self._stages:
            self._stages[key] = self.env['aftersales.ticket']._stage_for(state, ticket_type).id
        return self._stages[key]

    def _ticket_values(self, customer, created, fast_index):
        rng = self.rng
        code = weighted(rng, TYPE_WEIGHTS)
        ticket_type = self.types[code]
        site = self.sites[customer.id][rng.randrange(len(self.sites[customer.id]))]
        equipment_ids = self.equipment_by_site.get(site.id) or []
        equipment = equipment_ids[rng.randrange(len(equipment_ids))] if equipment_ids and code != 'suggestion' \
            else None
        age = (self.now - created).days
        state = weighted(rng, OLD_STATES if age > 60 else RECENT_STATES)
        noun = self.equipment_info[equipment][2].split(' #')[0] if equipment else 'equipment'
        contacts = self.contacts[customer.id]
        contact = contacts[rng.randrange(len(contacts))]
        values = {
            'title': rng.choice(FAULTS[code]) % noun, 'type_id': ticket_type.id,
            'channel': weighted(rng, CHANNEL_WEIGHTS), 'partner_id': customer.id, 'contact_id': contact.id,
            'site_id': site.id, 'equipment_id': equipment or False,
            'priority': weighted(rng, PRIORITY_WEIGHTS), 'stage_id': self._stage(state, ticket_type),
            'user_id': self.csrs[fast_index % len(self.csrs)].id,
            'description': '<p>Reported by %s for %s.</p>' % (contact.name, site.name),
        }
        if code == 'repair':
            values.update({'fault_category_id': rng.choice(self.fault_categories).id,
                           'repair_plan': rng.choice(REPAIR_PLANS),
                           'engineer_id': self.techs[rng.randrange(len(self.techs))].id})
        if code == 'complaint' and state in ('solved', 'closed'):
            values.update({'complaint_verified': rng.choice(['true', 'false']),
                           'complaint_answer': 'We called the school and agreed a new visit.',
                           'complaint_reviewed_by': self.manager.id,
                           'complaint_reviewed_at': (created + timedelta(days=2)).strftime('%Y-%m-%d %H:%M:%S')})
        respond = int(rng.expovariate(1 / 60.0)) + 5
        resolve = respond + int(rng.expovariate(1 / 1500.0)) + 30
        return values, state, respond, resolve

    def tickets(self):
        Ticket = self.env['aftersales.ticket']
        size = self.size
        self._stages = {}
        self._policies = {}
        self.types = {code: self.env.ref('aftersales_service.ticket_type_%s' % code)
                      for code in ('repair', 'inquiry', 'complaint', 'suggestion')}
        self.fault_categories = self.env['aftersales.fault.category'].search([])
        span = timedelta(days=365 * YEARS)
        total = size['tickets']
        # ticket creation times in order (three years up to now), the bench customer's spread among them
        times = sorted(self.now - timedelta(seconds=self.rng.randrange(int(span.total_seconds())))
                       for _index in range(total))
        owners = [self.bench_customer] * size['bench_tickets'] + [self.tiny_customer] * TINY_TICKETS
        owners += [None] * (total - len(owners))
        self.rng.shuffle(owners)
        others = self.customer_records[1:]
        self.ticket_ids = {'repair': []}
        pending, batch = [], {key: [] for key in ('ids', 'created', 'states', 'respond', 'resolve')}
        started = time.time()
        for index, created in enumerate(times):
            customer = owners[index] or others[self.rng.randrange(len(others))]
            values, state, respond, resolve = self._ticket_values(customer, created, index)
            pending.append(values)
            if not self.bulk_sql:
                batch['ids'].append(Ticket.create(values).id)
            for key, value in (('created', created), ('states', state), ('respond', respond), ('resolve', resolve)):
                batch[key].append(value)
            if len(pending) >= BATCH or index == total - 1:
                if self.bulk_sql:
                    batch['ids'] = self._insert_tickets(pending)
                self.env.cr.execute(_BACKDATE_TICKETS, batch)
                self.commit()
                self.ticket_ids['repair'] += [
                    (ticket_id, created, state) for ticket_id, values, created, state
                    in zip(batch['ids'], pending, batch['created'], batch['states'])
                    if values['type_id'] == self.types['repair'].id]
                pending, batch = [], {key: [] for key in batch}
                rate = (index + 1) / (time.time() - started)
                self.log('tickets: %d/%d (%.1f/s, %.0f s to go)' % (index + 1, total, rate, (total - index - 1) / rate))
        self.env.cr.execute(_REPEAT_FAULTS)
        self.commit()

    def _insert_tickets(self, pending):
        """Insert the tickets of ``pending`` (create() values) in one
        statement, with what create() derives (``--bulk-sql``); their ids."""
        env = self.env
        partners = env['res.partner']
        columns = {key: [] for key in _TICKET_COLUMNS}
        for values in pending:
            site = partners.browse(values['site_id'])
            area = site.aftersales_area_id or partners.browse(values['partner_id']).aftersales_area_id
            criticality, product_id, _name = self.equipment_info.get(values['equipment_id'], (None, None, None))
            ticket_type = env['aftersales.ticket.type'].browse(values['type_id'])
            key = (ticket_type.id, values['priority'], criticality)
            if key not in self._policies:
                self._policies[key] = env['aftersales.sla.policy']._find_for(
                    ticket_type, values['priority'], criticality, self.company)
            policy = self._policies[key]
            stage = env['aftersales.ticket.stage'].browse(values['stage_id'])
            row = dict(values, type_code=ticket_type.code,
                       commercial_partner_id=values['partner_id'], criticality=criticality, product_id=product_id,
                       stage_state=stage.state, area_id=area.id, team_id=area.team_id.id,
                       engineer_id=values.get('engineer_id') or area.engineer_id.id, company_id=self.company.id,
                       sla_policy_id=policy.id or None, response_hours=policy.response_hours or 0,
                       resolution_hours=policy.resolution_hours or 0,
                       partner_email=partners.browse(values['contact_id']).email, uid=env.uid,
                       access_token=str(uuid.UUID(int=self.rng.getrandbits(128))))
            for key in _TICKET_COLUMNS:
                columns[key].append(row.get(key) or None)
        columns.update(self._sequence_params('aftersales.ticket'))
        env.cr.execute(_INSERT_TICKETS, columns)
        return [row[0] for row in env.cr.fetchall()]

    def _sequence_params(self, code):
        """The prefix, PostgreSQL sequence, padding and suffix of the
        (standard) ``ir.sequence`` of ``code``: references numbered in SQL."""
        sequence = self.env['ir.sequence'].search([('code', '=', code)], limit=1)
        assert sequence.implementation == 'standard' and sequence.number_increment == 1, code
        prefix, suffix = sequence._get_prefix_suffix()
        return {'seq_prefix': prefix or '', 'seq_name': 'ir_sequence_%03d' % sequence.id,
                'seq_padding': sequence.padding, 'seq_suffix': suffix or ''}

    def visits(self):
        Visit = self.env['aftersales.visit']
        repairs = self.ticket_ids['repair']
        total = min(self.size['visits'], len(repairs) * 2)
        if not repairs:
            return
        # the visited tickets, in time order; about one in six needs a second visit
        chosen = sorted(self.rng.sample(range(len(repairs)), min(len(repairs), int(total / 1.15))))
        plan = []
        for position in chosen:
            plan.append((repairs[position], 0))
            if len(plan) < total and self.rng.random() < 0.15:
                plan.append((repairs[position], 1))
        plan = plan[:total]
        pending, self._busy = [], set()
        for index, ((ticket_id, created, state), number) in enumerate(plan):
            start = created + timedelta(days=1 + number * 3, hours=self.rng.randint(0, 6))
            start = start.replace(minute=0, second=0)
            hours = self.rng.choice([1, 1.5, 2, 2.5, 3])
            engineer, start = self._book(start, hours)
            done = state in ('solved', 'closed') or (start < self.now - timedelta(days=2) and number == 0)
            values = {
                'ticket_id': ticket_id, 'user_id': engineer.id,
                'planned_start': start.strftime('%Y-%m-%d %H:%M:%S'),
                'planned_end': (start + timedelta(hours=hours)).strftime('%Y-%m-%d %H:%M:%S'),
                'state': 'scheduled',
            }
            if done:
                last = number == 1 or state not in ('solved', 'closed') or self.rng.random() > 0.1
                result = 'fixed' if state in ('solved', 'closed') and last else 'partly'
                values.update({
                    'state': 'done' if result == 'fixed' else 'followup', 'result': result,
                    'check_in_at': values['planned_start'],
                    'check_out_at': (start + timedelta(hours=hours, minutes=self.rng.randint(-20, 40))).strftime(
                        '%Y-%m-%d %H:%M:%S'),
                    'work_done': '<p>%s</p>' % self.rng.choice(REPAIR_PLANS).split('\n')[0],
                    'fault_cause': self.rng.choice(['Lamp end of life', 'Dust', 'Power surge', 'Loose cable',
                                                    'Firmware fault', 'Worn fan bearing'])})
            if self.bulk_sql:
                pending.append(values)
            else:
                Visit.create(values)
            if index % BATCH == BATCH - 1 or index == len(plan) - 1:
                if pending:
                    self._insert_visits(pending)
                    pending = []
                self.commit()
                self.log('visits: %d/%d' % (index + 1, len(plan)))
        self.env.cr.execute(_VISIT_KPIS)
        self.commit()

    def _book(self, start, hours):
        """A field engineer free from ``start`` (on the hour) for ``hours``,
        the first hour from ``start`` on where one is: (engineer, start)."""
        engineers = list(self.field)
        while True:
            slots = [start + timedelta(hours=offset) for offset in range(int(-(-hours // 1)))]
            self.rng.shuffle(engineers)
            for engineer in engineers:
                if not any((engineer.id, slot) in self._busy for slot in slots):
                    self._busy.update((engineer.id, slot) for slot in slots)
                    return engineer, start
            start += timedelta(hours=1)

    def _insert_visits(self, pending):
        """Insert the visits of ``pending`` (create() values) and their
        checklists from the tickets' repair plans (``--bulk-sql``)."""
        columns = {key: [] for key in _VISIT_COLUMNS}
        for values in pending:
            row = dict(values, uid=self.env.uid,
                       company_id=self.company.id, access_token=str(uuid.UUID(int=self.rng.getrandbits(128))))
            for key in _VISIT_COLUMNS:
                columns[key].append(row.get(key) or None)
        columns.update(self._sequence_params('aftersales.visit'))
        self.env.cr.execute(_INSERT_VISITS, columns)

    # ------------------------------------------------------------------
    # spare parts and a year of consumption
    # ------------------------------------------------------------------

    def parts(self):
        setup = self.env['aftersales.inventory.setup'].create({
            'warehouse_id': False, 'warehouse_name': 'Bench Spare Parts', 'warehouse_code': 'BSP',
            'engineer_ids': [(6, 0, self.field.ids)]})
        setup.action_apply()
        self.warehouse = self.company.aftersales_parts_warehouse_id
        vendors = [self.env['res.partner'].create({'name': 'Bench Parts Vendor %02d' % index, 'supplier': True,
                                                   'customer': False, 'is_company': True})
                   for index in range(10)]
        buy = self.env.ref('purchase.route_warehouse0_buy')
        self.part_records = []
        clones = []
        for index in range(self.size['parts']):
            model, _category, _weights = self.models[index % len(self.models)]
            kind = PART_KINDS[(index // len(self.models)) % len(PART_KINDS)]
            cost = round(self.rng.uniform(5, 1500), 2)
            values = {
                'name': '%s for %s (%04d)' % (kind, model.name, index), 'default_code': 'SP%05d' % index,
                'type': 'product', 'standard_price': cost, 'aftersales_is_spare_part': True,
                'aftersales_purchase_multiple': self.rng.choice([1, 1, 1, 2, 5, 10]),
                'aftersales_equipment_product_ids': [(6, 0, [model.id])], 'route_ids': [(6, 0, [buy.id])]}
            if self.rng.random() < 0.8 or index < len(self.models):
                values['seller_ids'] = [(0, 0, {'name': self.rng.choice(vendors).id, 'price': cost,
                                                'delay': self.rng.choice([2, 4, 7, 14, 30])})]
            if self.bulk_sql and index >= len(self.models):
                clones.append((self.part_records[index % len(self.models)], values))
                continue
            self.part_records.append(self.env['product.product'].create(values))
            if index % BATCH == BATCH - 1:
                self.commit()
                self.log('parts: %d' % (index + 1))
        if clones:
            self.part_records += self._clone_parts(clones)
        self.commit()
        self.log('parts: %d' % self.size['parts'])

    def _clone_rows(self, table, replaced, new_from, params):
        """Copy rows of ``table``: one per row of ``new_from`` (``AS new(source, ..., n)``),
        from the row ``new.source``, with the ``replaced`` column expressions; the new ids in order."""
        cr = self.env.cr
        cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                   "AND column_name != 'id' ORDER BY ordinal_position", (table,))
        names = [row[0] for row in cr.fetchall()]
        query = sql.SQL('INSERT INTO {table} ({columns}) SELECT {values} FROM {new} JOIN {table} source '
                        'ON source.id = new.source ORDER BY new.n RETURNING id').format(
            table=sql.Identifier(table), columns=sql.SQL(', ').join(map(sql.Identifier, names)),
            values=sql.SQL(', ').join(sql.SQL(replaced[name]) if name in replaced
                                      else sql.SQL('source.') + sql.Identifier(name) for name in names),
            new=sql.SQL(new_from))
        cr.execute(query, params)
        return [row[0] for row in cr.fetchall()]

    def _clone_parts(self, clones):
        """The parts of ``clones`` ((prototype part, create() values)) as
        copies of their prototype (``--bulk-sql``): template, variant, vendor,
        route, fitted equipment model and cost, one statement per table."""
        cr = self.env.cr
        templates = self._clone_rows(
            'product_template', {'name': 'new.name', 'aftersales_purchase_multiple': 'new.multiple'},
            'unnest(%s::int[], %s::varchar[], %s::float8[]) WITH ORDINALITY AS new(source, name, multiple, n)',
            [[proto.product_tmpl_id.id for proto, _values in clones], [values['name'] for _proto, values in clones],
             [values['aftersales_purchase_multiple'] for _proto, values in clones]])
        products = self._clone_rows(
            'product_product', {'product_tmpl_id': 'new.template', 'default_code': 'new.code'},
            'unnest(%s::int[], %s::int[], %s::varchar[]) WITH ORDINALITY AS new(source, template, code, n)',
            [[proto.id for proto, _values in clones], templates, [values['default_code'] for _proto, values in clones]])
        sellers = [(proto.seller_ids[:1].id, template, values['seller_ids'][0][2])
                   for (proto, values), template in zip(clones, templates) if values.get('seller_ids')]
        self._clone_rows(
            'product_supplierinfo', {'product_tmpl_id': 'new.template', 'name': 'new.vendor', 'price': 'new.price',
                                     'delay': 'new.delay'},
            'unnest(%s::int[], %s::int[], %s::int[], %s::float8[], %s::int[]) WITH ORDINALITY '
            'AS new(source, template, vendor, price, delay, n)',
            [[seller[0] for seller in sellers], [seller[1] for seller in sellers],
             [seller[2]['name'] for seller in sellers], [seller[2]['price'] for seller in sellers],
             [seller[2]['delay'] for seller in sellers]])
        cr.execute('INSERT INTO aftersales_spare_part_equipment_product_rel (template_id, product_id) '
                   'SELECT unnest(%s::int[]), unnest(%s::int[])',
                   (templates, [values['aftersales_equipment_product_ids'][0][2][0] for _proto, values in clones]))
        cr.execute('INSERT INTO stock_route_product (product_id, route_id) SELECT unnest(%s::int[]), %s',
                   (templates, clones[0][1]['route_ids'][0][2][0]))
        field = self.env['ir.model.fields']._get('product.product', 'standard_price')
        cr.execute("""INSERT INTO ir_property (name, res_id, company_id, fields_id, value_float, type,
                                              create_uid, write_uid, create_date, write_date)
                      SELECT 'standard_price', 'product.product,' || p, %s, %s, cost, 'float', %s, %s,
                             now() at time zone 'UTC', now() at time zone 'UTC'
                        FROM unnest(%s::int[], %s::float8[]) AS new(p, cost)""",
                   (self.company.id, field.id, self.env.uid, self.env.uid, products,
                    [values['standard_price'] for _proto, values in clones]))
        self.env.cache.invalidate()
        return list(self.env['product.product'].browse(products))

    def consumption(self):
        """A year of done moves from the parts warehouse to customers: a
        fifth of the parts make most of the moves."""
        Move = self.env['stock.move']
        stock = self.warehouse.lot_stock_id
        customers = self.env.ref('stock.stock_location_customers')
        parts = self.part_records
        fast = parts[:max(1, len(parts) // 5)]
        total = self.size['moves']
        if self.bulk_sql:
            self.env.cr.execute(_INSERT_QUANTS, {'products': [part.id for part in parts], 'location': stock.id,
                                                 'company': self.company.id, 'uid': self.env.uid})
        else:
            for part in parts:
                self.env['stock.quant']._update_available_quantity(part, stock, 1000.0)
        self.commit()
        uoms = {part.id: part.uom_id.id for part in parts}
        done = 0
        while done < total:
            count = min(1000 if self.bulk_sql else 200, total - done)
            moves = Move
            dates, pending = [], []
            for _index in range(count):
                part = self.rng.choice(fast) if self.rng.random() < 0.8 else self.rng.choice(parts)
                values = {
                    'name': 'Consumption %s' % part.default_code, 'product_id': part.id,
                    'product_uom': uoms[part.id], 'product_uom_qty': self.rng.choice([1, 1, 1, 2, 2, 3, 4]),
                    'location_id': stock.id, 'location_dest_id': customers.id, 'company_id': self.company.id}
                dates.append(self.now - timedelta(days=self.rng.uniform(0.5, 364)))
                if self.bulk_sql:
                    pending.append(values)
                else:
                    moves |= Move.create(values)
            done += count
            if self.bulk_sql:
                self._insert_done_moves(pending, dates)
                self.commit()
                self.log('consumption moves: %d/%d' % (done, total))
                continue
            moves._action_confirm()
            moves._action_assign()
            for move in moves:
                for line in move.move_line_ids:
                    line.qty_done = line.product_uom_qty
            moves._action_done()
            self.env.cr.execute(_BACKDATE_MOVES, {'ids': moves.ids, 'dates': dates})
            self.commit()
            self.log('consumption moves: %d/%d' % (done, total))

    def _insert_done_moves(self, pending, dates):
        """Insert done moves (create() values) with their done move lines,
        and take their quantities out of the quants (``--bulk-sql``)."""
        columns = {key: [values[key] for values in pending] for key in
                   ('name', 'product_id', 'product_uom', 'product_uom_qty', 'location_id', 'location_dest_id',
                    'company_id')}
        columns.update(dates=dates, uid=self.env.uid)
        self.env.cr.execute(_INSERT_DONE_MOVES, columns)

    # ------------------------------------------------------------------
    # training
    # ------------------------------------------------------------------

    def training(self):
        Session = self.env['aftersales.training.session']
        Attendance = self.env['aftersales.training.attendance']
        sessions = self.size['sessions']
        per_session = max(1, self.size['attendances'] // sessions)
        staff = self.field | self.techs
        created = 0
        for index in range(sessions):
            kind = ['customer', 'internal', 'vendor'][index % 3]
            start = self.now - timedelta(days=self.rng.randint(1, 700))
            values = {'title': '%s training %02d' % (kind.title(), index), 'kind': kind,
                      'user_id': self.manager.id, 'date_start': start.strftime('%Y-%m-%d 02:00:00'),
                      'duration': self.rng.choice([2, 3, 4]), 'evaluation': 'score',
                      'product_ids': [(6, 0, [self.rng.choice(self.models)[0].id])]}
            if kind == 'customer':
                customer = self.customer_records[index % len(self.customer_records)]
                values['partner_id'] = customer.id
            else:
                values['trainer_user_id'] = self.techs[index % len(self.techs)].id
            session = Session.create(values)
            count = min(per_session, self.size['attendances'] - created)
            if kind == 'customer':
                people = [('partner_id', self.env['res.partner'].create({
                    'name': 'Teacher %d-%d' % (index, number), 'parent_id': values['partner_id'],
                    'email': 't%d.%d@bench.example.com' % (index, number)}).id) for number in range(count)]
            else:
                people = [('user_id', user_id) for user_id in self.rng.sample(staff.ids, min(count, len(staff)))]
            for key, value in people:
                attended = self.rng.random() < 0.9
                Attendance.create({'session_id': session.id, key: value,
                                   'state': 'attended' if attended else 'absent',
                                   'score': round(self.rng.uniform(40, 100), 1) if attended else 0.0})
                created += 1
        self.commit()
        self.log('training: %d sessions, %d attendances' % (sessions, created))


def dataset_scale(env):
    """The scale of the data set in ``env``'s database, or None."""
    return env['ir.config_parameter'].sudo().get_param(SCALE_PARAM)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--scale', choices=sorted(SCALES), required=True)
    parser.add_argument('-c', '--config', required=True, help='Odoo configuration file')
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--bulk-sql', action='store_true',
                        help='insert tickets and visits with one SQL statement per batch (values drawn and derived '
                             'as create() does) instead of create(): minutes instead of hours at county scale')
    args = parser.parse_args()
    with open_env(args.config, args.database) as env:
        existing = dataset_scale(env)
        if existing or env['res.partner'].search_count([('name', '=', BENCH_CUSTOMER)]):
            sys.exit('%s already holds a data set (%s): use a fresh database.' % (
                args.database, existing or 'incomplete'))
        generator = Generator(env, args.scale, bulk_sql=args.bulk_sql)
        generator.run()
    print('dataset %s: generated in %.1f s' % (args.scale, time.time() - generator.started), flush=True)


if __name__ == '__main__':
    main()
