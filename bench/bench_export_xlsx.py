#!/usr/bin/env python3
"""Benchmark 7: XLSX export of every ticket of the data set.

The list's *Action > Export to XLSX* wizard over all the tickets, as the
After-Sales Manager (record rules apply; the file is stored as the wizard's
attachment), after a warm-up export of 2,000 tickets. ``export_xlsx``
prints the rows, the time, the queries, the file size and the peak RSS
growth (the process' peak RSS during the export minus its RSS before it);
the target is a growth under 100 MB for 100,000 rows (xlsxwriter's
``constant_memory`` mode, tickets read 1,000 at a time, the ORM cache
emptied between chunks). ``--tracemalloc`` adds a second export under
``tracemalloc`` and prints the peak of the Python heap
(``export_xlsx_heap``; slow, measured apart so that it does not inflate the
RSS figure). Rolled back. Exits non-zero if the file does not hold every
ticket.

    python bench/bench_export_xlsx.py -c .odoo/h4.conf -d as_h4_small [--tracemalloc]
"""
import base64
import gc
import io
import os
import sys
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_arguments, emit, measure, open_env  # noqa: E402
from bench.dataset import MANAGER_LOGIN  # noqa: E402

LIMIT_MB = 100.0


def export(env, user, domain):
    """Action > Export to XLSX on the ticket list filtered with ``domain``."""
    wizard = env['aftersales.xlsx.export'].sudo(user).with_context(
        active_model='aftersales.ticket', active_domain=domain, active_ids=[]).create({})
    wizard.action_export()
    return wizard


def count_rows(data):
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return sum(1 for _row in book.active.iter_rows(values_only=True)) - 1


def main():
    parser = bench_arguments(__doc__)
    parser.add_argument('--tracemalloc', action='store_true', help='also measure the Python heap peak')
    args = parser.parse_args()
    with open_env(args.config, args.database, commit=False) as env:
        manager = env['res.users'].search([('login', '=', MANAGER_LOGIN)])
        tickets = env['aftersales.ticket'].search_count([])
        first = env['aftersales.ticket'].search([], order='id', limit=1, offset=min(2000, tickets) - 1).id
        export(env, manager, [['id', '<=', first]])  # warm up: modules, registry caches, xlsxwriter
        env.cr.rollback()
        env.cache.invalidate()
        gc.collect()
        with measure() as run:
            wizard = export(env, manager, [])
        data = base64.b64decode(wizard.data)
        rows = count_rows(data)
        emit('export_xlsx', **run.figures(rows=rows, tickets=tickets, file_mb=round(len(data) / 1048576.0, 2),
                                          rows_per_s=round(rows / run.wall_s), limit_mb=LIMIT_MB))
        env.cr.rollback()
        if args.tracemalloc:
            del data, wizard
            env.cache.invalidate()
            gc.collect()
            tracemalloc.start()
            with measure() as traced:
                export(env, manager, [])
            heap = tracemalloc.get_traced_memory()[1] / 1048576.0
            tracemalloc.stop()
            env.cr.rollback()
            emit('export_xlsx_heap', wall_s=traced.wall_s, queries=traced.queries, heap_peak_mb=heap)
        if rows != tickets:
            raise SystemExit('exported %d rows, expected %d' % (rows, tickets))


if __name__ == '__main__':
    main()
