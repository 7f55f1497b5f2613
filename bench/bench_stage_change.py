#!/usr/bin/env python3
"""Benchmark 2: a stage change with mail tracking, as a service representative.

- ``stage_change_progress``: New -> In Progress (the response SLA is met,
  the stage is tracked in the chatter);
- ``stage_change_solved``: In Progress -> Solved (resolution SLA, the
  callback activity, the "solved" mail to the customer).

Each sample moves another open ticket of the bench customer; everything is
rolled back at the end.

    python bench/bench_stage_change.py -c .odoo/h4.conf -d as_h4_small [--samples 20]
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import bench_arguments, emit, open_env, percentile, timed_samples  # noqa: E402
from bench.dataset import BENCH_CUSTOMER  # noqa: E402

# mails are queued for the mail cron (as in production), not sent to an SMTP server during the measure
QUEUE_MAILS = {'mail_notify_force_send': False}


def figures(walls, queries, tracked):
    return {'samples': len(walls), 'wall_s': sum(walls), 'queries': sum(queries),
            'ms_per_change': 1000.0 * statistics.mean(walls), 'ms_p95': 1000.0 * percentile(walls, 95),
            'queries_per_change': statistics.mean(queries), 'queries_max': max(queries), 'tracked': tracked}


def main():
    args = bench_arguments(__doc__).parse_args()
    with open_env(args.config, args.database, commit=False, context=QUEUE_MAILS) as env:
        csr = env['res.users'].search([('login', '=like', 'bench_csr_%')], limit=1)
        customer = env['res.partner'].search([('name', '=', BENCH_CUSTOMER)], limit=1)
        stage_new = env.ref('aftersales_service.ticket_stage_new')
        stage_progress = env.ref('aftersales_service.ticket_stage_progress')
        stage_solved = env.ref('aftersales_service.ticket_stage_solved')
        count = args.samples + 1
        tickets = env['aftersales.ticket'].search([('commercial_partner_id', '=', customer.id)], limit=count,
                                                  order='id desc')
        if len(tickets) < count:
            raise SystemExit('the bench customer has fewer than %d tickets' % count)
        # the samples start from New, as the representative finds them
        tickets.with_context(tracking_disable=True).write({'stage_id': stage_new.id})
        env.cache.invalidate()
        tickets = tickets.sudo(csr)
        for name, stage in (('stage_change_progress', stage_progress), ('stage_change_solved', stage_solved)):
            tickets[0].write({'stage_id': stage.id})  # warm up
            walls, queries = timed_samples(args.samples,
                                           lambda index: tickets[index + 1].write({'stage_id': stage.id}))
            tracked = env['mail.tracking.value'].sudo().search_count([
                ('mail_message_id.res_id', 'in', tickets.ids), ('mail_message_id.model', '=', 'aftersales.ticket'),
                ('field', '=', 'stage_id'), ('new_value_char', '=', stage.name)])
            if tracked < args.samples:
                raise SystemExit('%s: %d of %d changes tracked' % (name, tracked, args.samples))
            emit(name, **figures(walls, queries, tracked))


if __name__ == '__main__':
    main()
