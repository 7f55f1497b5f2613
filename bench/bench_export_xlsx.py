#!/usr/bin/env python3
"""Memory benchmark of the XLSX export: 100,000 service tickets exported
through the list's Export to XLSX wizard must not grow the process by more
than 100 MB.

Creates (or reuses) a throwaway database, inserts the tickets in SQL, warms
the export up on a small slice, then exports every ticket as an After-Sales
Manager (record rules apply) and reports the peak RSS growth
(``resource.getrusage``) over the RSS before the export; ``--tracemalloc``
also reports the Python heap peak of a second run (traced allocations make
it slower and inflate the RSS, so it is measured separately).

    ROOT=/work/main; source setup/env.sh
    .venv/bin/python bench/bench_export_xlsx.py -c .odoo/ana_t.conf -d ana_bench

See bench/README.md.
"""
import argparse
import base64
import gc
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT_MB = 100.0
MARK = 'BENCH-'

INSERT_TICKETS = """
INSERT INTO aftersales_ticket (
    name, title, type_id, type_code, channel, partner_id, commercial_partner_id, site_id, equipment_id,
    product_id, stage_id, stage_state, priority, company_id, escalation_level, user_id, engineer_id,
    create_uid, write_uid, create_date, write_date, response_deadline, resolution_deadline, responded_at,
    resolved_at, sla_response_state, sla_resolution_state, response_time_hours, resolution_time_hours,
    visit_count, first_time_fix, repeat_fault, access_token, partner_email)
SELECT %(mark)s || lpad(n::text, 7, '0'),
       'Bench ticket ' || n || ': the projector of classroom ' || (n %% 40) || ' shows no image',
       %(type_id)s, 'repair', (ARRAY['phone', 'email', 'web', 'portal'])[1 + n %% 4],
       %(partner_id)s, %(partner_id)s, %(site_id)s, %(equipment_id)s, %(product_id)s,
       CASE WHEN n %% 3 = 0 THEN %(closed_id)s ELSE %(progress_id)s END,
       CASE WHEN n %% 3 = 0 THEN 'closed' ELSE 'progress' END,
       (n %% 3)::text, %(company_id)s, 'csr', %(uid)s, %(uid)s, %(uid)s, %(uid)s, ts, ts,
       ts + interval '2 hours', ts + interval '16 hours', ts + interval '1 hour',
       CASE WHEN n %% 3 = 0 THEN ts + interval '10 hours' END,
       CASE WHEN n %% 7 = 0 THEN 'missed' ELSE 'met' END,
       CASE WHEN n %% 3 = 0 THEN 'met' ELSE 'running' END,
       1.0 + (n %% 5) / 2.0, CASE WHEN n %% 3 = 0 THEN 8.0 + (n %% 9) ELSE 0.0 END,
       n %% 2, n %% 4 <> 0, n %% 11 = 0, md5(n::text), 'bench@example.com'
  FROM generate_series(%(first)s, %(last)s) AS n,
       LATERAL (SELECT timestamp '2025-01-01' + n * interval '5 minutes' AS ts) AS clock
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('-c', '--config', default=os.path.join(ROOT, '.odoo', 'ana_t.conf'),
                        help='an Odoo configuration to copy (database settings)')
    parser.add_argument('-d', '--database', default='ana_bench', help='throwaway database (name ends in _bench)')
    parser.add_argument('--tickets', type=int, default=100000)
    parser.add_argument('--tracemalloc', action='store_true', help='also measure the Python heap peak')
    parser.add_argument('--drop', action='store_true', help='drop the database at the end')
    return parser.parse_args()


def bench_config(args):
    """A copy of the configuration pointing to the bench database."""
    lines = []
    with open(args.config) as config:
        for line in config:
            key = line.split('=')[0].strip()
            if key == 'db_name':
                line = 'db_name = %s\n' % args.database
            elif key == 'dbfilter':
                line = 'dbfilter = ^%s$\n' % args.database
            lines.append(line)
    handle, path = tempfile.mkstemp(prefix='bench-', suffix='.conf')
    with os.fdopen(handle, 'w') as config:
        config.writelines(lines)
    return path


def install(config, database):
    """Create the database with aftersales_service, without demo data, if needed."""
    check = subprocess.run(['psql', '-h', os.environ.get('PGHOST', '127.0.0.1'), '-U', 'odoo', '-At', '-c',
                            "SELECT 1 FROM pg_database WHERE datname = '%s'" % database, 'postgres'],
                           capture_output=True, text=True, check=True)
    if check.stdout.strip():
        return
    print('installing aftersales_service in %s ...' % database, flush=True)
    subprocess.run([sys.executable, os.path.join(ROOT, 'setup', 'odoo-bin'), '-c', config, '-d', database,
                    '-i', 'aftersales_service', '--without-demo=all', '--stop-after-init', '--log-level=warn'],
                   check=True)


def rss_mb():
    with open('/proc/self/status') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    return 0.0


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def prepare(env, count):
    """The bench customer, its site and projector, a manager; the missing tickets."""
    Partner = env['res.partner']
    customer = Partner.search([('name', '=', 'Bench County Bureau')], limit=1) or Partner.create(
        {'name': 'Bench County Bureau', 'is_company': True, 'customer': True})
    site = Partner.search([('parent_id', '=', customer.id)], limit=1) or Partner.create(
        {'name': 'Bench School', 'parent_id': customer.id, 'type': 'other', 'aftersales_is_site': True})
    product = env['product.product'].search([('name', '=', 'Bench Projector')], limit=1) or \
        env['product.product'].create({'name': 'Bench Projector', 'type': 'consu'})
    equipment = env['maintenance.equipment'].search([('name', '=', 'Bench Projector 1')], limit=1) or \
        env['maintenance.equipment'].create({'name': 'Bench Projector 1', 'aftersales_customer_id': customer.id,
                                             'aftersales_site_id': site.id, 'aftersales_product_id': product.id})
    manager = env['res.users'].search([('login', '=', 'bench_manager')], limit=1) or \
        env['res.users'].with_context(no_reset_password=True).create({
            'name': 'Bench Manager', 'login': 'bench_manager',
            'groups_id': [(6, 0, [env.ref('aftersales_service.group_aftersales_manager').id])]})
    env.cr.execute("SELECT count(*) FROM aftersales_ticket WHERE name LIKE %s", (MARK + '%',))
    existing = env.cr.fetchone()[0]
    if existing < count:
        started = time.time()
        env.cr.execute(INSERT_TICKETS, {
            'mark': MARK, 'first': existing + 1, 'last': count, 'uid': env.uid,
            'type_id': env.ref('aftersales_service.ticket_type_repair').id, 'partner_id': customer.id,
            'site_id': site.id, 'equipment_id': equipment.id, 'product_id': product.id,
            'closed_id': env.ref('aftersales_service.ticket_stage_closed').id,
            'progress_id': env.ref('aftersales_service.ticket_stage_progress').id,
            'company_id': env.ref('base.main_company').id})
        env.cr.execute('ANALYZE aftersales_ticket')
        print('inserted %d tickets in %.1f s' % (count - existing, time.time() - started), flush=True)
    env.cr.commit()  # pylint: disable=invalid-commit  (benchmark set-up)
    return manager


def export(env, user, domain):
    """Action > Export to XLSX on the ticket list filtered with ``domain``."""
    wizard = env['aftersales.xlsx.export'].sudo(user).with_context(
        active_model='aftersales.ticket', active_domain=domain, active_ids=[]).create({})
    wizard.action_export()
    return wizard


def count_rows(wizard):
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.data)), read_only=True)
    return sum(1 for _row in book.active.iter_rows(values_only=True)) - 1


def main():
    args = parse_args()
    if not args.database.endswith('_bench'):
        sys.exit('refusing to fill %s: the bench database name ends in _bench' % args.database)
    config = bench_config(args)
    try:
        install(config, args.database)
        import odoo
        from odoo import SUPERUSER_ID, api
        odoo.tools.config.parse_config(['-c', config, '-d', args.database, '--log-level=warn'])
        registry = odoo.registry(args.database)
        with api.Environment.manage(), registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {'tz': 'UTC'})
            manager = prepare(env, args.tickets)
            all_tickets = [['name', '=like', MARK + '%']]
            # warm up: modules, registry caches, xlsxwriter
            export(env, manager, all_tickets + [['name', '<=', '%s%07d' % (MARK, 2000)]])
            cr.rollback()
            gc.collect()
            rss_before, peak_before = rss_mb(), peak_mb()
            started = time.time()
            wizard = export(env, manager, all_tickets)
            elapsed = time.time() - started
            peak_after = peak_mb()
            growth = peak_after - rss_before
            size = len(base64.b64decode(wizard.data))
            rows = count_rows(wizard)
            cr.rollback()
            print('tickets exported: %d in %.1f s (%.0f rows/s), file %.1f MB' % (
                rows, elapsed, rows / elapsed, size / 1048576.0))
            print('RSS before: %.1f MB, peak before: %.1f MB, peak after: %.1f MB' % (
                rss_before, peak_before, peak_after))
            print('peak RSS growth: %.1f MB (limit %.0f MB)' % (growth, LIMIT_MB))
            if args.tracemalloc:
                gc.collect()
                tracemalloc.start()
                export(env, manager, all_tickets)
                heap = tracemalloc.get_traced_memory()[1] / 1048576.0
                tracemalloc.stop()
                cr.rollback()
                print('Python heap peak (tracemalloc): %.1f MB' % heap)
            assert rows == args.tickets, 'exported %d rows, expected %d' % (rows, args.tickets)
            assert growth < LIMIT_MB, 'the export grew the process by %.1f MB' % growth
        if args.drop:
            odoo.sql_db.close_db(args.database)
            subprocess.run(['dropdb', '-h', os.environ.get('PGHOST', '127.0.0.1'), '-U', 'odoo', args.database],
                           check=True)
    finally:
        os.unlink(config)


if __name__ == '__main__':
    main()
