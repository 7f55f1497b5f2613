#!/usr/bin/env python3
"""Benchmark 4: the stock rules of every spare part recomputed from a year
of consumption moves.

``stock_rules_recompute``: ``_aftersales_recompute_batch`` over all the
spare parts of the parts warehouse, ``--batch`` parts at a time (what the
monthly cron runs), with a 365-day window: total time and the queries of
every batch (they must all be equal). ``stock_rules_per_record`` is the
reference of a per-record loop: the same recomputation one part at a time
over a sample, multiplied by the number of parts. Rolled back.

    python bench/bench_stock_rules.py -c .odoo/h4.conf -d as_h4_small [--batch 500]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_arguments, emit, measure, open_env  # noqa: E402


def main():
    parser = bench_arguments(__doc__)
    parser.add_argument('--batch', type=int, default=500, help='parts per batch (default %(default)s)')
    args = parser.parse_args()
    with open_env(args.config, args.database, commit=False) as env:
        company = env.ref('base.main_company')
        company.aftersales_window_days = 365
        warehouse = company._aftersales_parts_warehouse()
        Orderpoint = env['stock.warehouse.orderpoint']
        Product = env['product.product']
        parts = Orderpoint._aftersales_spare_parts(company)
        moves = env['stock.move'].search_count([('product_id', 'in', parts.ids), ('state', '=', 'done')])
        Orderpoint._aftersales_recompute_batch(parts[:1], warehouse)  # warm up
        env.cache.invalidate()
        batch_queries, done = [], 0
        with measure() as total:
            for start in range(0, len(parts), args.batch):
                with measure() as batch:
                    done += Orderpoint._aftersales_recompute_batch(
                        Product.browse(parts.ids[start:start + args.batch]), warehouse)
                batch_queries.append(batch.queries)
        full = batch_queries[:-1] if len(parts) % args.batch else batch_queries
        rules = Orderpoint.search_count([('product_id', 'in', parts.ids), ('aftersales_computed_at', '!=', False)])
        emit('stock_rules_recompute', **total.figures(
            parts=len(parts), done_moves=moves, rules=rules, batch_size=args.batch, batches=len(batch_queries),
            queries_per_batch=batch_queries[0], queries_per_batch_distinct=sorted(set(batch_queries)),
            constant=len(set(full or batch_queries)) == 1))
        sample = parts[len(parts) // 2:len(parts) // 2 + 20]
        env.cache.invalidate()
        with measure() as loop:
            for part in sample:
                Orderpoint._aftersales_recompute_batch(part, warehouse)
        per_part = loop.queries / float(len(sample))
        emit('stock_rules_per_record', parts_sampled=len(sample), queries_per_part=per_part,
             ms_per_part=1000.0 * loop.wall_s / len(sample), queries_estimated=int(per_part * len(parts)),
             ratio=round(per_part * len(parts) / max(total.queries, 1), 1))


if __name__ == '__main__':
    main()
