#!/usr/bin/env python3
"""Benchmark 3: inspection round generation over every customer site.

One monthly plan per customer over all its sites (one round per site, one
line per installed piece of equipment, the checks of a three-item
checklist), generated in batches of ``--batch`` rounds with the plans' own
``_round_rows`` and ``_insert_batch`` (what ``_generate_rounds`` runs):
``inspection_generate`` gives the total time and the queries of every batch
(they must all be equal). ``inspection_per_record`` is the reference of a
per-record loop: a few rounds created through ``create()`` (round, lines,
checks), the queries per round multiplied by the number of rounds.
Everything is rolled back.

    python bench/bench_inspection.py -c .odoo/h4.conf -d as_h4_small [--batch 50]
"""
import os
import sys
from datetime import date

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_arguments, emit, measure, open_env  # noqa: E402

TODAY = date(2027, 1, 4)


def build_plans(env):
    """A plan per customer with sites; three phases with their checklists."""
    phases = [env.ref('aftersales_service.inspection_phase_%s' % code) for code in ('early', 'middle', 'late')]
    templates = []
    for phase in phases:
        templates.append(env['aftersales.checklist.template'].create({
            'name': 'Bench %s checklist' % phase.name,
            'item_ids': [(0, 0, {'name': 'Powers on', 'kind': 'pass_fail'}),
                         (0, 0, {'name': 'Runs one hour', 'kind': 'pass_fail'}),
                         (0, 0, {'name': 'Remark', 'kind': 'text', 'phase_ids': [(6, 0, [phase.id])]})]}))
    sites = env['res.partner'].search([('aftersales_is_site', '=', True)])
    by_customer = {}
    for site in sites:
        by_customer.setdefault(site.commercial_partner_id, env['res.partner'])
        by_customer[site.commercial_partner_id] |= site
    Plan = env['aftersales.inspection.plan']
    for customer, customer_sites in by_customer.items():
        Plan |= Plan.create({
            'name': 'Bench inspection %s' % customer.name, 'partner_id': customer.id,
            'site_ids': [(6, 0, customer_sites.ids)], 'interval_number': 1, 'interval_type': 'months',
            'date_start': TODAY.strftime('%Y-%m-%d'), 'horizon_days': 1,
            'phase_line_ids': [(0, 0, {'sequence': index, 'phase_id': phase.id, 'template_id': template.id})
                               for index, (phase, template) in enumerate(zip(phases, templates))]})
    return Plan, len(sites)


def per_record_reference(env, plans, sample=3):
    """Queries per round of a create() loop: round, its lines, their checks."""
    columns = plans._round_rows(TODAY)
    Equipment = env['maintenance.equipment']
    counts = []
    for index in range(sample + 1):
        template = env['aftersales.checklist.template'].browse(columns['templates'][index])
        site_id = columns['sites'][index]
        with measure() as sample_measure:
            equipment = Equipment.search([('aftersales_site_id', '=', site_id)])
            round_ = env['aftersales.inspection'].create({
                'name': columns['names'][index] + ' (per record)', 'plan_id': columns['plans'][index],
                'partner_id': columns['partners'][index], 'site_id': site_id,
                'date': '2030-01-%02d' % (index + 1), 'phase_id': columns['phases'][index],
                'template_id': template.id})
            for piece in equipment:
                line = env['aftersales.inspection.line'].create({
                    'inspection_id': round_.id, 'equipment_id': piece.id})
                for item in template.item_ids:
                    if not item.phase_ids or round_.phase_id in item.phase_ids:
                        env['aftersales.inspection.check'].create({'line_id': line.id, 'item_id': item.id,
                                                                   'sequence': item.sequence})
        if index:  # the first one warms the caches
            counts.append((sample_measure.queries, len(equipment)))
    return counts


def main():
    parser = bench_arguments(__doc__)
    parser.add_argument('--batch', type=int, default=50, help='rounds per batch (default %(default)s)')
    args = parser.parse_args()
    with open_env(args.config, args.database, commit=False) as env:
        plans, sites = build_plans(env)
        env.cache.invalidate()
        with measure() as total:
            columns = plans._round_rows(TODAY)
            rows = len(columns['plans'])
            batch_queries, created = [], 0
            for start in range(0, rows, args.batch):
                params = {key: values[start:start + args.batch] for key, values in columns.items()}
                params['uid'] = env.uid
                with measure() as batch:
                    created += plans._insert_batch(params, False)
                batch_queries.append(batch.queries)
        lines = env['aftersales.inspection.line'].search_count([('inspection_id.plan_id', 'in', plans.ids)])
        checks = env['aftersales.inspection.check'].search_count([('line_id.inspection_id.plan_id', 'in', plans.ids)])
        full = [count for count, size in zip(batch_queries, range(0, rows, args.batch))
                if size + args.batch <= rows] or batch_queries
        emit('inspection_generate', **total.figures(
            sites=sites, rounds=created, lines=lines, checks=checks, batch_size=args.batch,
            batches=len(batch_queries), queries_per_batch=batch_queries[0],
            queries_per_batch_distinct=sorted(set(batch_queries)), constant=len(set(full)) == 1,
            lines_per_round=round(lines / max(created, 1), 1)))
        reference = per_record_reference(env, plans)
        per_round = sum(count for count, _size in reference) / len(reference)
        per_line = sum(count for count, _size in reference) / max(sum(size for _count, size in reference), 1)
        loop = per_line * lines
        emit('inspection_per_record', rounds_sampled=len(reference), queries_per_round=per_round,
             queries_per_line=per_line, queries_estimated=int(loop),
             ratio=round(loop / max(total.queries, 1), 1))


if __name__ == '__main__':
    main()
