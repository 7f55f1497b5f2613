#!/usr/bin/env python3
"""Benchmark 6: the KPI dashboard over every ticket.

``kpi_dashboard_all``: the After-Sales Manager opens the dashboard with
the period set to the last three years (all the tickets of the data set)
and reads every figure (ticket, inspection, reliability and parts KPIs, as
the form does); ``kpi_dashboard_month``: the default period (this month).
Each is read once to warm the caches, then ``--samples`` times on a fresh
cache; the figures are those of the slowest read. Rolled back.

    python bench/bench_kpi_dashboard.py -c .odoo/h4.conf -d as_h4_small [--samples 3]
"""
import os
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_arguments, emit, open_env, timed_samples  # noqa: E402
from bench.dataset import MANAGER_LOGIN  # noqa: E402


def main():
    args = bench_arguments(__doc__, samples=3).parse_args()
    with open_env(args.config, args.database, commit=False) as env:
        manager = env['res.users'].search([('login', '=', MANAGER_LOGIN)])
        Dashboard = env['aftersales.kpi.dashboard'].sudo(manager)
        names = [name for name, field in Dashboard._fields.items() if field.compute and not field.store
                 and name not in ('display_name', '__last_update')]
        today = date.today()
        periods = (('kpi_dashboard_all', {'date_from': (today - timedelta(days=365 * 3 + 2)).strftime('%Y-%m-%d'),
                                          'date_to': today.strftime('%Y-%m-%d')}),
                   ('kpi_dashboard_month', {}))
        for name, values in periods:
            dashboard = Dashboard.create(values)
            dashboard.read(names)  # warm up

            def read(_index):
                env.cache.invalidate()
                read.values = dashboard.read(names)[0]

            walls, queries = timed_samples(args.samples, read)
            worst = walls.index(max(walls))
            emit(name, wall_s=walls[worst], queries=queries[worst], samples=len(walls),
                 wall_s_min=min(walls), tickets=read.values['ticket_count'], fields=len(names),
                 date_from=dashboard.date_from, date_to=dashboard.date_to)


if __name__ == '__main__':
    main()
