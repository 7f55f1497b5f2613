"""Our addons against their OCA peers, by the same harness on the same data
size (issue 10, item 8):

* ``create``: ticket creation per ticket, ours (``aftersales.ticket``:
  ``create()`` as a representative, and the mail gateway on the ``service``
  alias) against OCA ``helpdesk_mgmt`` (``helpdesk.ticket``: ``create()`` as
  a helpdesk user, and the mail gateway on an alias of the model), N tickets
  each after a warm-up, both tables holding the same number of tickets
  first, the paths taking turns ticket by ticket, each ticket on an empty
  record cache (a request of its own in a server); SLA, routing and tracking
  included on our side, and the acknowledgement: the job that queues it
  (``_cron_acknowledge``) runs once over our tickets, and its time per
  ticket is added in the ``*_with_ack_job`` figures;
* ``portal``: the customer's ticket list (``/my/tickets`` on both sides, the
  same number of tickets for the customer) over HTTP against a server
  subprocess, p50/p95 over R requests, and the queries of one page (the same
  request served in this process, whose queries are counted);
* ``generation``: preventive work generation, OCA ``maintenance_plan``'s
  cron loop (a ``maintenance.request`` per plan and date) for E equipment x P
  plans against our inspection round generation for E sites x P equipment
  (a round per site and date, a line per equipment, its checks).

Measured work runs in a transaction that is rolled back, so runs repeat on
the same data; the set-up (customers, tickets, equipment, plans) is
committed once and reused. Every figure is a ``BENCH {json}`` line; a
Markdown summary with the ours/peer ratios ends the output::

    .venv/bin/python bench/bench_peers.py -c .odoo/h5.conf -d as_h5_peer \\
        --our-portal-db as_h5_load --peer-portal-db as_h5_peerportal

The peers come from ``setup/requirements-bench.txt`` (installed with
``pip install --no-deps``); ``helpdesk_mgmt`` and our addons both route
``/my/tickets``, so each portal list is measured in a database that has only
one of them (``--our-portal-db``, ``--peer-portal-db``, created with
``--create-peer-portal-db`` if missing).
"""
import argparse
import os
import re
import subprocess
import sys
import time
import uuid
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.bench_load import portal_login  # noqa: E402  pylint: disable=wrong-import-position
from bench.common import (  # noqa: E402  pylint: disable=wrong-import-position
    csrf_token, emit, load_odoo, machine_description, markdown_table, measure, odoo_server, open_env,
    parse_bench_lines, percentile, query_count, run_ack_job, working_hours_around_the_clock)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = 'h5-bench-pw'
QUIET = {'tracking_disable': True, 'mail_create_nolog': True, 'mail_notrack': True, 'aftersales_no_ack': True,
         'no_reset_password': True}
OURS_ALIAS = 'service'
PEER_ALIAS = 'h5helpdesk'


# --------------------------------------------------------------------------
# set-up (committed once, reused)
# --------------------------------------------------------------------------

def _get_or_create(env, model, domain, vals):
    record = env[model].with_context(active_test=False).search(domain, limit=1)
    return record or env[model].create(vals)


def _user(env, login, groups, partner=None):
    vals = {'name': login, 'login': login, 'password': PASSWORD, 'email': '%s@bench.example.com' % login,
            'groups_id': [(6, 0, [env.ref(group).id for group in groups])]}
    if partner:
        vals['partner_id'] = partner.id
    return _get_or_create(env(context=QUIET), 'res.users', [('login', '=', login)], vals)


def _customer(env, name):
    """A customer company and its contact (with an e-mail)."""
    Partner = env['res.partner'].with_context(QUIET)
    slug = re.sub(r'\W+', '.', name.lower())
    company = _get_or_create(env, 'res.partner', [('name', '=', name), ('is_company', '=', True)], {
        'name': name, 'is_company': True, 'customer': True, 'email': 'office@%s.example.com' % slug})
    contact = Partner.search([('parent_id', '=', company.id), ('type', '=', 'contact')], limit=1) or Partner.create({
        'name': 'Contact of %s' % name, 'parent_id': company.id, 'type': 'contact',
        'email': 'contact@%s.example.com' % slug})
    return company, contact


def our_fixture(env, name):
    """Customer, contact, a site in a service area, an equipment there, a representative."""
    company, contact = _customer(env, name)
    area = env['aftersales.service.area'].search([('team_id', '!=', False)], limit=1)
    site = _get_or_create(env, 'res.partner', [('parent_id', '=', company.id), ('aftersales_is_site', '=', True)], {
        'name': 'Site of %s' % name, 'parent_id': company.id, 'type': 'other', 'aftersales_is_site': True,
        'aftersales_area_id': area.id})
    equipment = _get_or_create(env, 'maintenance.equipment', [('aftersales_site_id', '=', site.id)], {
        'name': 'Projector of %s' % name, 'aftersales_customer_id': company.id, 'aftersales_site_id': site.id,
        'aftersales_criticality': 'normal'})
    user = _user(env, 'h5_csr', ['aftersales_service.group_aftersales_csr'])
    return {'company': company, 'contact': contact, 'site': site, 'equipment': equipment, 'user': user}


def peer_fixture(env, name):
    """Customer, contact, a team with a helpdesk user, a category, the e-mail channel, an alias."""
    company, contact = _customer(env, name)
    user = _user(env, 'h5_helpdesk', ['helpdesk_mgmt.group_helpdesk_user'])
    team = _get_or_create(env, 'helpdesk.ticket.team', [('name', '=', 'H5 Bench Team')], {
        'name': 'H5 Bench Team', 'user_ids': [(6, 0, [user.id])]})
    category = _get_or_create(env, 'helpdesk.ticket.category', [('name', '=', 'H5 Bench Category')], {
        'name': 'H5 Bench Category'})
    channel = env.ref('helpdesk_mgmt.helpdesk_ticket_channel_email')
    # helpdesk_mgmt 11.0 has no alias of its own: mail.thread's generic
    # message_new, with the required title as an alias default
    _get_or_create(env, 'mail.alias', [('alias_name', '=', PEER_ALIAS)], {
        'alias_name': PEER_ALIAS, 'alias_model_id': env['ir.model']._get('helpdesk.ticket').id,
        'alias_user_id': env.ref('base.user_root').id, 'alias_contact': 'everyone',
        'alias_defaults': repr({'name': 'E-mail request', 'team_id': team.id, 'channel_id': channel.id})})
    return {'company': company, 'contact': contact, 'team': team, 'category': category, 'channel': channel,
            'user': user}


def our_ticket_vals(fixture, index):
    return {'title': 'Projector %d shows no picture' % index, 'partner_id': fixture['company'].id,
            'contact_id': fixture['contact'].id, 'site_id': fixture['site'].id,
            'equipment_id': fixture['equipment'].id, 'channel': 'phone',
            'description': '<p>The projector of classroom %d shows no picture since this morning.</p>' % index}


def peer_subscribe(fixture):
    """helpdesk_mgmt shows a portal user the tickets its commercial entity
    follows (its record rule): subscribe the customer's contact, as its web
    form does for its author."""
    return lambda ticket: ticket.message_subscribe([fixture['contact'].id])


def peer_ticket_vals(fixture, index):
    contact = fixture['contact']
    return {'name': 'Projector %d shows no picture' % index, 'partner_id': contact.id,
            'partner_name': contact.name, 'partner_email': contact.email, 'team_id': fixture['team'].id,
            'category_id': fixture['category'].id, 'channel_id': fixture['channel'].id, 'priority': '1',
            'description': '<p>The projector of classroom %d shows no picture since this morning.</p>' % index}


def seed(env, model, domain, target, make_vals, after_create=None, batch=200):
    """Create tickets (quietly, committed per batch) until ``domain`` counts ``target``."""
    Model = env[model].with_context(QUIET)
    count = Model.search_count(domain)
    for index in range(count, target):
        record = Model.create(make_vals(index))
        if after_create:
            after_create(record)
        if (index + 1) % batch == 0:
            env.cr.commit()  # pylint: disable=invalid-commit  (benchmark set-up)
    env.cr.commit()  # pylint: disable=invalid-commit  (benchmark set-up)
    return Model.search_count(domain)


# --------------------------------------------------------------------------
# (a) ticket creation
# --------------------------------------------------------------------------

def raw_mail(to, sender, subject, body):
    return ('Return-Path: <%(sender)s>\r\nFrom: %(sender)s\r\nTo: %(to)s\r\nSubject: %(subject)s\r\n'
            'Message-Id: <%(id)s@h5.bench.example.com>\r\nDate: %(date)s\r\nMIME-Version: 1.0\r\n'
            'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%(body)s\r\n'
            ) % {'sender': sender, 'to': to, 'subject': subject, 'id': uuid.uuid4().hex,
                 'date': time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime()), 'body': body}


def creation_figures(side, path, samples, queries, existing, peak_rss_mb):
    count = len(samples)
    wall_s = sum(samples) / 1000.0
    return emit('ticket_create', side=side, path=path, tickets=count, existing=existing,
                ms_per_ticket=round(wall_s * 1000.0 / count, 2), ms_p50=round(percentile(samples, 50), 2),
                ms_p95=round(percentile(samples, 95), 2), queries_per_ticket=round(sum(queries) / float(count), 1),
                queries_max=max(queries), wall_s=round(wall_s, 3), peak_rss_mb=round(peak_rss_mb, 1))


CREATION_PATHS = (('ours', 'create'), ('peer', 'create'), ('peer', 'create_subscribe'),
                  ('ours', 'mail_gateway'), ('peer', 'mail_gateway'))


def bench_create(conf, db, count, warmup, existing):
    """``count`` tickets per path, the paths taking turns ticket by ticket in
    one transaction (rolled back): a machine slowing down for a minute, or
    tables growing, weigh on every path alike. Each ticket starts on an
    empty record cache, as each request of a server does (the registry's
    caches stay warm, as in a server)."""
    with open_env(conf, db) as env:
        ours, peer = our_fixture(env, 'H5 Bench Ours'), peer_fixture(env, 'H5 Bench Peer')
        env.cr.commit()  # pylint: disable=invalid-commit  (benchmark set-up)
        our_count = seed(env, 'aftersales.ticket', [], existing, lambda i: our_ticket_vals(ours, i))
        peer_count = seed(env, 'helpdesk.ticket', [], existing, lambda i: peer_ticket_vals(peer, i),
                          after_create=peer_subscribe(peer))
    samples = {key: ([], []) for key in CREATION_PATHS}   # ms, queries
    with open_env(conf, db, commit=False) as env:
        ours, peer = our_fixture(env, 'H5 Bench Ours'), peer_fixture(env, 'H5 Bench Peer')
        working_hours_around_the_clock(env)
        functions = {key: creation_function(env, ours, peer, *key) for key in CREATION_PATHS}
        for index in range(warmup):
            for key in CREATION_PATHS:
                functions[key](-1 - index)
        with measure() as block:
            for index in range(count):
                for key in CREATION_PATHS:
                    env.cache.invalidate()
                    began, queries_before = time.perf_counter(), query_count()
                    functions[key](index)
                    samples[key][0].append((time.perf_counter() - began) * 1000.0)
                    samples[key][1].append(query_count() - queries_before)
        job = ack_job(env)
    records = []
    for side, path in CREATION_PATHS:
        walls, queries = samples[(side, path)]
        created = creation_figures(side, path, walls, queries, our_count if side == 'ours' else peer_count,
                                   block.peak_rss_mb)
        records.append(created)
        if side == 'ours':
            records.append(with_ack_job_figures(created, job))
    return records


def creation_function(env, ours, peer, side, path):
    """``function(i)`` making ticket i by ``path`` on ``side``."""
    fixture, alias = (ours, OURS_ALIAS) if side == 'ours' else (peer, PEER_ALIAS)
    if path == 'mail_gateway':
        return lambda i: env['mail.thread'].message_process(None, raw_mail(
            '%s@bench.example.com' % alias, fixture['contact'].email, 'Projector %d shows no picture' % i,
            'The projector of classroom %d shows no picture.' % i))
    if side == 'ours':
        Ticket = env['aftersales.ticket'].sudo(ours['user'])
        return lambda i: Ticket.create(our_ticket_vals(ours, i))
    Helpdesk = env['helpdesk.ticket'].sudo(peer['user'])
    if path == 'create_subscribe':
        return lambda i: peer_subscribe(peer)(Helpdesk.create(peer_ticket_vals(peer, i)))
    return lambda i: Helpdesk.create(peer_ticket_vals(peer, i))


def ack_job(env):
    """The acknowledgement job over the pending tickets (all those our paths
    made, warm-up ones included), in one batch, on an empty record cache:
    its figures per ticket."""
    env.cache.invalidate()
    tickets, wall_s, queries = run_ack_job(env)
    return emit('ack_job', side='ours', tickets=tickets, wall_s=round(wall_s, 3),
                ms_per_ticket=round(wall_s * 1000.0 / tickets, 2),
                queries_per_ticket=round(queries / float(tickets), 1))


def with_ack_job_figures(created, job):
    """The creation plus its share of the acknowledgement job."""
    return emit('ticket_create', side='ours', path=created['path'] + '_with_ack_job', tickets=created['tickets'],
                existing=created['existing'], ms_per_ticket=round(created['ms_per_ticket'] + job['ms_per_ticket'], 2),
                ms_p50=round(created['ms_p50'] + job['ms_per_ticket'], 2),
                queries_per_ticket=round(created['queries_per_ticket'] + job['queries_per_ticket'], 1))


# --------------------------------------------------------------------------
# (b) portal list
# --------------------------------------------------------------------------

def portal_fixture(conf, db, side, tickets):
    """A portal user of a customer with exactly ``tickets`` tickets; returns its login."""
    login = 'h5_portal_%s' % side
    with open_env(conf, db) as env:
        if side == 'ours':
            fixture = our_fixture(env, 'H5 Portal Ours')
            model, domain = 'aftersales.ticket', [('commercial_partner_id', '=', fixture['company'].id)]
            make_vals = lambda i: our_ticket_vals(fixture, i)  # noqa: E731
            after_create = None
        else:
            fixture = peer_fixture(env, 'H5 Portal Peer')
            model, domain = 'helpdesk.ticket', [('partner_id', 'child_of', fixture['contact'].id)]
            make_vals = lambda i: peer_ticket_vals(fixture, i)  # noqa: E731
            after_create = peer_subscribe(fixture)
        _user(env, login, ['base.group_portal'], partner=fixture['contact'])
        env.cr.commit()  # pylint: disable=invalid-commit  (benchmark set-up)
        found = seed(env, model, domain, tickets, make_vals, after_create=after_create)
        if found != tickets:
            raise RuntimeError('the %s portal customer has %d tickets, %d wanted' % (side, found, tickets))
    return login


def page_queries(conf, db, login, path, marker, repeat=3):
    """Queries of one request of ``path`` as ``login``, served by Odoo's WSGI application in this process."""
    from werkzeug.test import Client
    from werkzeug.wrappers import BaseResponse
    odoo = load_odoo(conf, db)
    odoo.tools.config['dbfilter'] = '^%s$' % re.escape(db)
    odoo.service.server.load_server_wide_modules()
    client = Client(odoo.service.wsgi_server.application, BaseResponse, use_cookies=True)
    environ = {'REMOTE_ADDR': '127.0.0.1'}
    page = client.get('/web/login?db=%s' % db, environ_base=environ)
    client.post('/web/login', environ_base=environ, data={
        'login': login, 'password': PASSWORD, 'redirect': '/my', 'csrf_token': csrf_token(page.get_data(as_text=True))})
    counts = []
    for _attempt in range(repeat):
        before = query_count()
        response = client.get(path, environ_base=environ)
        if response.status_code != 200 or not marker.search(response.get_data(as_text=True)):
            raise RuntimeError('%s answered %s in process, not the list' % (path, response.status_code))
        counts.append(query_count() - before)
    return min(counts)


def bench_portal(conf, side, db, port, tickets, requests_count):
    login = portal_fixture(conf, db, side, tickets)
    marker = re.compile(r'href="/my/tickets/\d+' if side == 'ours' else r'href="/my/ticket/\d+')
    samples = []
    with odoo_server(conf, db, port=port, extra_args=['--db-filter=^%s$' % re.escape(db)]) as url:
        session = portal_login(url, login, PASSWORD, db=db)
        for index in range(5 + requests_count):
            began = time.perf_counter()
            response = session.get(url + '/my/tickets', timeout=60)
            elapsed = (time.perf_counter() - began) * 1000.0
            if response.status_code != 200 or not marker.search(response.text):
                raise RuntimeError('%s /my/tickets: %s, not the %s list' % (db, response.status_code, side))
            if index >= 5:
                samples.append(elapsed)
        rows = len(set(marker.findall(response.text)))
    queries = page_queries(conf, db, login, '/my/tickets', marker)
    return emit('portal_list', side=side, db=db, customer_tickets=tickets, rows_on_page=rows,
                requests=len(samples), ms_p50=round(percentile(samples, 50), 2),
                ms_p95=round(percentile(samples, 95), 2), queries_per_page=queries)


def peer_portal_subprocess(args):
    """The peer's portal list in a process of its own (Odoo's configuration is
    parsed once per process: one database served in-process per process)."""
    command = [sys.executable, os.path.abspath(__file__), '-c', args.config, '-d', args.database,
               '--parts', 'portal_peer', '--peer-portal-db', args.peer_portal_db, '--port', str(args.port),
               '--portal-tickets', str(args.portal_tickets), '--requests', str(args.requests)]
    if args.create_peer_portal_db:
        command.append('--create-peer-portal-db')
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    sys.stderr.write(result.stderr)
    if result.returncode:
        raise RuntimeError('the peer portal benchmark failed:\n%s' % result.stderr[-3000:])
    return [emit(**record) for record in parse_bench_lines(result.stdout) if record['name'] == 'portal_list']


def create_peer_portal_db(conf, db):
    """A database with helpdesk_mgmt and no addon of ours (same base modules otherwise)."""
    exists = subprocess.run(['psql', '-h', '127.0.0.1', '-U', 'odoo', '-Atc',
                             "SELECT 1 FROM pg_database WHERE datname = '%s'" % db, 'postgres'],
                            capture_output=True, text=True, check=True).stdout.strip()
    if exists != '1':
        subprocess.run([sys.executable, os.path.join(ROOT, 'setup', 'odoo-bin'), '-c', conf, '-d', db,
                        '--db-filter=^%s$' % re.escape(db), '-i', 'helpdesk_mgmt,web_editor,maintenance',
                        '--stop-after-init', '--log-level=warn'], cwd=ROOT, check=True)


# --------------------------------------------------------------------------
# (c) preventive generation
# --------------------------------------------------------------------------

def generation_fixture(env, sites, per_site, peer_equipment):
    """Ours: one plan over ``sites`` sites x ``per_site`` equipment; the peer:
    ``peer_equipment`` equipment x ``per_site`` maintenance plans (one kind each)."""
    company, _contact = _customer(env, 'H5 Generation County')
    Partner = env['res.partner'].with_context(QUIET)
    existing = Partner.search([('parent_id', '=', company.id), ('aftersales_is_site', '=', True)])
    for index in range(len(existing), sites):
        Partner.create({'name': 'H5 School %03d' % index, 'parent_id': company.id, 'type': 'other',
                        'aftersales_is_site': True})
    site_ids = Partner.search([('parent_id', '=', company.id), ('aftersales_is_site', '=', True)], order='id').ids
    category = _get_or_create(env, 'maintenance.equipment.category', [('name', '=', 'H5 Classroom')],
                              {'name': 'H5 Classroom'})
    _insert_equipment(env, company, site_ids, per_site, category)
    template = _get_or_create(env, 'aftersales.checklist.template', [('name', '=', 'H5 Bench Checklist')], {
        'name': 'H5 Bench Checklist',
        'item_ids': [(0, 0, {'name': 'Check %d' % item, 'sequence': item}) for item in range(5)]})
    plan = _get_or_create(env, 'aftersales.inspection.plan', [('name', '=', 'H5 Bench Plan')], {
        'name': 'H5 Bench Plan', 'partner_id': company.id, 'interval_number': 1, 'interval_type': 'months',
        'horizon_days': 14, 'phase_line_ids': [(0, 0, {
            'phase_id': env.ref('aftersales_service.inspection_phase_early').id, 'template_id': template.id})]})
    peer_plans = _peer_plans(env, peer_equipment, per_site)
    env.cr.commit()  # pylint: disable=invalid-commit  (benchmark set-up)
    return plan, peer_plans


def _insert_equipment(env, company, site_ids, per_site, category):
    """Equipment rows of the bench sites, inserted in one statement (set-up only)."""
    env.cr.execute("""
        INSERT INTO maintenance_equipment (name, active, category_id, aftersales_customer_id,
               aftersales_commercial_partner_id, aftersales_site_id, aftersales_criticality,
               create_uid, write_uid, create_date, write_date)
        SELECT 'H5 Projector ' || s.id || '-' || n, true, %(category)s, %(company)s, %(company)s, s.id, 'normal',
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%(sites)s::int[]) AS s(id), generate_series(1, %(per_site)s) AS n
         WHERE NOT EXISTS (SELECT 1 FROM maintenance_equipment e WHERE e.aftersales_site_id = s.id)
    """, {'category': category.id, 'company': company.id, 'sites': site_ids, 'per_site': per_site})


def _peer_plans(env, equipment_count, per_equipment):
    """``equipment_count`` equipment x ``per_equipment`` maintenance kinds -> plans (monthly, 2-week horizon)."""
    Equipment = env['maintenance.equipment'].with_context(QUIET)
    equipment = Equipment.search([('name', '=like', 'H5 Peer Equipment %')], order='id')
    for index in range(len(equipment), equipment_count):
        equipment |= Equipment.create({'name': 'H5 Peer Equipment %03d' % index})
    kinds = env['maintenance.kind']
    for index in range(per_equipment):
        kinds |= _get_or_create(env, 'maintenance.kind', [('name', '=', 'H5 Kind %02d' % index)],
                                {'name': 'H5 Kind %02d' % index})
    env.cr.execute("""
        INSERT INTO maintenance_plan (name, active, equipment_id, maintenance_kind_id, interval, interval_step,
               duration, start_maintenance_date, next_maintenance_date, maintenance_plan_horizon, planning_step,
               create_uid, write_uid, create_date, write_date)
        SELECT NULL, true, e.id, k.id, 1, 'month', 1.0, current_date, current_date, 2, 'week',
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM unnest(%s::int[]) AS e(id), unnest(%s::int[]) AS k(id)
        ON CONFLICT DO NOTHING
    """, (equipment.ids, kinds.ids))
    return env['maintenance.plan'].search([('equipment_id', 'in', equipment.ids),
                                           ('maintenance_kind_id', 'in', kinds.ids)])


def bench_generation(conf, db, sites, per_site, peer_equipment):
    with open_env(conf, db) as env:
        generation_fixture(env, sites, per_site, peer_equipment)
    records = []
    with open_env(conf, db, commit=False) as env:
        plan, peer_plans = generation_fixture(env, sites, per_site, peer_equipment)
        today = date.today()
        plan.write({'date_start': today.isoformat(), 'date_end': False})
        env.cr.execute('UPDATE maintenance_plan SET start_maintenance_date = current_date, '
                       'next_maintenance_date = current_date WHERE id IN %s', (tuple(peer_plans.ids),))
        env.cr.execute('DELETE FROM maintenance_request WHERE maintenance_plan_id IN %s', (tuple(peer_plans.ids),))
        env.cr.execute('DELETE FROM aftersales_inspection WHERE plan_id = %s', (plan.id,))
        env.cache.invalidate()
        with measure() as block:
            rounds = plan._generate_rounds(today=today)
        lines = env['aftersales.inspection.line'].search_count([('inspection_id.plan_id', '=', plan.id)])
        checks = env['aftersales.inspection.check'].search_count([('line_id.inspection_id.plan_id', '=', plan.id)])
        records.append(emit('preventive_generation', side='ours', method='aftersales.inspection.plan._generate_rounds',
                            sites=sites, equipment_per_site=per_site, rounds=rounds, lines=lines, checks=checks,
                            work_items=lines, queries_per_work_item=round(block.queries / float(max(lines, 1)), 4),
                            ms_per_work_item=round(block.wall_s * 1000.0 / max(lines, 1), 4),
                            **block.figures()))
        env.cache.invalidate()
        with measure() as block:
            for peer_plan in peer_plans:  # maintenance_plan's _cron_generate_requests, on the bench plans
                peer_plan.equipment_id._create_new_request(peer_plan)
        created = env['maintenance.request'].search_count([('maintenance_plan_id', 'in', peer_plans.ids)])
        records.append(emit('preventive_generation', side='peer',
                            method='maintenance.equipment._create_new_request per plan (the cron loop)',
                            equipment=peer_equipment, plans_per_equipment=per_site, plans=len(peer_plans),
                            requests=created,
                            work_items=created, queries_per_work_item=round(block.queries / float(max(created, 1)), 4),
                            ms_per_work_item=round(block.wall_s * 1000.0 / max(created, 1), 4),
                            **block.figures()))
    return records


# --------------------------------------------------------------------------
# summary
# --------------------------------------------------------------------------

def _ratio(ours, peer):
    return round(ours / float(peer), 4) if peer else None


def summary(records):
    rows = []
    by_key = {}
    for record in records:
        by_key[(record['name'], record.get('path') or record.get('side'), record['side'])] = record
    for our_path, peer_path in (('create_with_ack_job', 'create'), ('create_with_ack_job', 'create_subscribe'),
                                ('mail_gateway_with_ack_job', 'mail_gateway'),
                                ('create', 'create'), ('create', 'create_subscribe'),
                                ('mail_gateway', 'mail_gateway')):
        ours = by_key.get(('ticket_create', our_path, 'ours'))
        peer = by_key.get(('ticket_create', peer_path, 'peer'))
        if ours and peer:
            for key, label in (('ms_per_ticket', 'ms/ticket'), ('ms_p50', 'ms p50'),
                               ('queries_per_ticket', 'queries/ticket')):
                rows.append({'measure': 'ticket %s vs %s: %s' % (our_path, peer_path, label), 'ours': ours[key],
                             'peer': peer[key], 'ours/peer': _ratio(ours[key], peer[key])})
    ours, peer = by_key.get(('portal_list', 'ours', 'ours')), by_key.get(('portal_list', 'peer', 'peer'))
    if ours and peer:
        for key in ('ms_p50', 'ms_p95', 'queries_per_page'):
            rows.append({'measure': 'portal /my/tickets: %s' % key, 'ours': ours[key], 'peer': peer[key],
                         'ours/peer': _ratio(ours[key], peer[key])})
    ours = by_key.get(('preventive_generation', 'ours', 'ours'))
    peer = by_key.get(('preventive_generation', 'peer', 'peer'))
    if ours and peer:
        for key in ('wall_s', 'queries', 'work_items', 'queries_per_work_item', 'ms_per_work_item'):
            rows.append({'measure': 'preventive generation: %s' % key, 'ours': ours[key], 'peer': peer[key],
                         'ours/peer': _ratio(ours[key], peer[key])})
    for row in rows:
        row['peer/ours'] = round(row['peer'] / float(row['ours']), 1) if row['ours'] else None
        emit('peer_ratio', **row)
    print(markdown_table(rows, ['measure', 'ours', 'peer', 'ours/peer', 'peer/ours']))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True, help='our addons and both peers installed')
    parser.add_argument('--parts', default='create,portal,generation',
                        help='create, portal (ours, then the peer in a subprocess), portal_peer, generation')
    parser.add_argument('--tickets', type=int, default=200, help='tickets created per side and path')
    parser.add_argument('--warmup', type=int, default=20, help='per path')
    parser.add_argument('--existing', type=int, default=1000, help='tickets in each table before')
    parser.add_argument('--our-portal-db', help='our addons, no helpdesk_mgmt (default: --database)')
    parser.add_argument('--peer-portal-db', help='helpdesk_mgmt, none of our addons')
    parser.add_argument('--create-peer-portal-db', action='store_true')
    parser.add_argument('--portal-tickets', type=int, default=100)
    parser.add_argument('--requests', type=int, default=100)
    parser.add_argument('--port', type=int, default=8243)
    parser.add_argument('--sites', type=int, default=300)
    parser.add_argument('--equipment-per-site', type=int, default=30)
    parser.add_argument('--peer-equipment', type=int, help='equipment of the peer\'s plans (default: --sites); '
                        'its loop costs the same per request at any size')
    parser.add_argument('--raw-rows', type=int, default=0, help='also run bench_raw_pg with this many rows')
    args = parser.parse_args(argv)
    parts = set(args.parts.split(','))
    emit('machine', **machine_description())
    records = []
    if 'create' in parts:
        records += bench_create(args.config, args.database, args.tickets, args.warmup, args.existing)
    if 'portal' in parts:
        records.append(bench_portal(args.config, 'ours', args.our_portal_db or args.database, args.port,
                                    args.portal_tickets, args.requests))
        if args.peer_portal_db:
            records += peer_portal_subprocess(args)
    if 'portal_peer' in parts:
        if args.create_peer_portal_db:
            create_peer_portal_db(args.config, args.peer_portal_db)
        records.append(bench_portal(args.config, 'peer', args.peer_portal_db, args.port + 1,
                                    args.portal_tickets, args.requests))
    if 'generation' in parts:
        records += bench_generation(args.config, args.database, args.sites, args.equipment_per_site,
                                    args.peer_equipment or args.sites)
    summary(records)
    if args.raw_rows:
        from bench.bench_raw_pg import run as run_raw
        ours = [r for r in records if r['name'] == 'ticket_create' and r['side'] == 'ours' and r['path'] == 'create']
        run_raw(args.config, rows=args.raw_rows, orm_ms=ours[0]['ms_per_ticket'] if ours else None)


if __name__ == '__main__':
    main()
