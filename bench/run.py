#!/usr/bin/env python3
"""Run benchmarks 1-7 against a database filled by ``bench/dataset.py``;
print their ``BENCH`` lines, then a Markdown summary with the targets.

    cd /work/main && export ROOT=/work/main && source setup/env.sh
    python bench/run.py -c .odoo/h4c.conf -d as_h4_county [--only stage_change,kpi_dashboard] [--json out.json]

Each benchmark runs as its own process (``bench/bench_*.py``), so that the
peak memory of one does not count in another. The number of samples
follows the data set's scale (fewer at ``small``). Exits non-zero if a
benchmark fails; the targets that do not hold are marked in the summary
(and do not change the exit status).
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.common import machine_description, open_env, parse_bench_lines  # noqa: E402
from bench.dataset import dataset_scale  # noqa: E402

BENCHMARKS = [  # (key, script, arguments at small scale, at county scale)
    ('ticket_create', 'bench_ticket_create.py', ['--samples', '5'], ['--samples', '30']),
    ('stage_change', 'bench_stage_change.py', ['--samples', '5'], ['--samples', '30']),
    ('inspection', 'bench_inspection.py', ['--batch', '4'], ['--batch', '50']),
    ('stock_rules', 'bench_stock_rules.py', ['--batch', '20'], ['--batch', '500']),
    ('portal_tickets', 'bench_portal_tickets.py', ['--requests', '20'], ['--requests', '100']),
    ('kpi_dashboard', 'bench_kpi_dashboard.py', ['--samples', '2'], ['--samples', '3']),
    ('export_xlsx', 'bench_export_xlsx.py', [], []),
]


def target_rows(records):
    """(benchmark, figure, value, target, holds) of the records."""
    by_name = {record['name']: record for record in records}
    rows = []

    def add(name, label, key, target=None, check=None, fmt='%.1f'):
        record = by_name.get(name)
        if not record or key not in record:
            return
        value = record[key]
        text = fmt % value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        holds = '' if check is None else ('yes' if check(value, record) else '**no**')
        rows.append((name, label, text, target or '', holds))

    for name in ('ticket_create_orm', 'ticket_create_mail', 'ticket_create_portal'):
        add(name, 'ms per ticket', 'ms_per_ticket', '<= 1.2x OCA helpdesk_mgmt (benchmark 8)')
        add(name, 'queries per ticket', 'queries_per_ticket')
    for name in ('ticket_ack_job_orm', 'ticket_ack_job_mail'):
        add(name, 'ms per ticket (one batch)', 'ms_per_ticket')
        add(name, 'queries per ticket (one batch)', 'queries_per_ticket')
    for name in ('stage_change_progress', 'stage_change_solved'):
        add(name, 'ms per change', 'ms_per_change')
        add(name, 'queries per change', 'queries_per_change')
    add('inspection_generate', 'rounds / lines', 'rounds', fmt='%d')
    add('inspection_generate', 'total s', 'wall_s', fmt='%.2f')
    add('inspection_generate', 'queries per batch', 'queries_per_batch_distinct', 'constant',
        lambda value, record: record.get('constant'))
    add('inspection_per_record', 'fewer queries than a create() loop', 'ratio', '>= 10x',
        lambda value, record: value >= 10, fmt='%.0fx')
    add('stock_rules_recompute', 'parts', 'parts', fmt='%d')
    add('stock_rules_recompute', 'total s', 'wall_s', fmt='%.2f')
    add('stock_rules_recompute', 'queries per batch', 'queries_per_batch_distinct', 'constant',
        lambda value, record: record.get('constant'))
    add('stock_rules_per_record', 'fewer queries than a per-part loop', 'ratio', '>= 10x',
        lambda value, record: value >= 10, fmt='%.0fx')
    add('portal_my_tickets_queries', 'queries per page (tickets)', 'queries', 'same as at 20 tickets',
        lambda value, record: record.get('equal'), fmt='%d')
    add('portal_my_tickets_queries', 'queries per page at 20 tickets', 'tiny_queries', fmt='%d')
    add('portal_my_tickets_http', 'p50 ms', 'ms_p50')
    add('portal_my_tickets_http', 'p95 ms', 'ms_p95', '< 300 ms', lambda value, record: value < 300)
    add('kpi_dashboard_all', 's (tickets: see BENCH)', 'wall_s', '< 2 s', lambda value, record: value < 2.0,
        fmt='%.2f')
    add('kpi_dashboard_all', 'queries', 'queries', fmt='%d')
    add('kpi_dashboard_month', 's', 'wall_s', fmt='%.2f')
    add('export_xlsx', 'rows', 'rows', fmt='%d')
    add('export_xlsx', 's', 'wall_s', fmt='%.1f')
    add('export_xlsx', 'peak RSS growth MB', 'rss_growth_mb', '< 100 MB', lambda value, record: value < 100.0)
    return rows


def summary(records):
    lines = ['| benchmark | figure | value | target | holds |', '|---|---|---|---|---|']
    lines += ['| %s |' % ' | '.join(row) for row in target_rows(records)]
    return '\n'.join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--only', help='comma-separated keys: %s' % ','.join(key for key, *_rest in BENCHMARKS))
    parser.add_argument('--json', help='also write the records to this file')
    args = parser.parse_args()
    with open_env(args.config, args.database, commit=False) as env:
        scale = dataset_scale(env)
    if not scale:
        sys.exit('%s holds no data set: run bench/dataset.py first' % args.database)
    only = set(args.only.split(',')) if args.only else None
    records, failed = [], []
    started = time.time()
    for key, script, small, county in BENCHMARKS:
        if only and key not in only:
            continue
        command = [sys.executable, os.path.join(ROOT, 'bench', script), '-c', args.config, '-d', args.database]
        command += small if scale == 'small' else county
        print('## %s: %s' % (key, ' '.join(command[1:])), flush=True)
        process = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        sys.stdout.write(process.stdout)
        if process.returncode:
            sys.stdout.write(process.stderr[-3000:])
            failed.append('%s (exit %d): %s' % (key, process.returncode, process.stderr[-1500:]))
        records += parse_bench_lines(process.stdout)
    machine = machine_description()
    print('\n### Summary (%s scale, %s, %.0f s)\n' % (scale, args.database, time.time() - started))
    print('Machine: %s, %s CPUs, %s GB, PostgreSQL %s, Python %s, load average %s\n' % (
        machine['cpu'], machine['nproc'], machine['memory_gb'], machine['postgresql'], machine['python'],
        ' '.join('%.1f' % load for load in machine['load_avg'])))
    print(summary(records))
    if args.json:
        with open(args.json, 'w') as output:
            json.dump({'scale': scale, 'machine': machine, 'records': records}, output, indent=1)
    if failed:
        sys.exit('failed: %s' % '\n'.join(failed))


if __name__ == '__main__':
    main()
