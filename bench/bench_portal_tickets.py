#!/usr/bin/env python3
"""Benchmark 5: ``/my/tickets`` of the customer with the most tickets.

- ``portal_my_tickets_queries``: the queries of one page for the portal
  user ``bench_portal`` (10,000 tickets at county scale) and for
  ``bench_portal_tiny`` (20 tickets), served in this process by Odoo's WSGI
  application after two warm-up requests: they must be equal;
- ``portal_my_tickets_http``: ``--requests`` GETs (default 100) one after
  the other over real HTTP against a server subprocess (one worker thread,
  ``--workers 0``), logged in as ``bench_portal``: p50/p95 latency.

    python bench/bench_portal_tickets.py -c .odoo/h4.conf -d as_h4_small [--requests 100]
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import (WsgiSession, bench_arguments, emit, load_odoo, measure, odoo_server,  # noqa: E402
                          open_env, percentile, portal_session)
from bench.dataset import PORTAL_LOGIN, TINY_LOGIN  # noqa: E402

URL = '/my/tickets'


def ticket_count(args, login):
    with open_env(args.config, args.database, commit=False) as env:
        user = env['res.users'].search([('login', '=', login)])
        return env['aftersales.ticket'].search_count(
            [('commercial_partner_id', '=', user.partner_id.commercial_partner_id.id)])


def page_queries(login):
    client = WsgiSession().login(login, login)
    for _index in range(2):
        client.get(URL)
    with measure() as page:
        answer = client.get(URL)
    text = answer.get_data(as_text=True)
    if answer.status_code != 200:
        raise SystemExit('%s answered %s for %s' % (URL, answer.status_code, login))
    return page.queries, len(re.findall(r'data-ticket-id=', text)), page.wall_s


def main():
    parser = bench_arguments(__doc__)
    parser.add_argument('--requests', type=int, default=100)
    args = parser.parse_args()
    load_odoo(args.config, args.database)
    large_count, tiny_count = ticket_count(args, PORTAL_LOGIN), ticket_count(args, TINY_LOGIN)
    large, rows, _wall = page_queries(PORTAL_LOGIN)
    tiny, tiny_rows, _wall = page_queries(TINY_LOGIN)
    emit('portal_my_tickets_queries', tickets=large_count, queries=large, rows=rows, tiny_tickets=tiny_count,
         tiny_queries=tiny, tiny_rows=tiny_rows, equal=large == tiny)
    with odoo_server(args.config, args.database) as base_url:
        session = portal_session(base_url, PORTAL_LOGIN, PORTAL_LOGIN)
        for _index in range(3):
            session.get(base_url + URL, timeout=60).raise_for_status()
        walls = []
        started = time.perf_counter()
        for _index in range(args.requests):
            begin = time.perf_counter()
            answer = session.get(base_url + URL, timeout=60)
            walls.append(time.perf_counter() - begin)
            answer.raise_for_status()
        total = time.perf_counter() - started
    emit('portal_my_tickets_http', tickets=large_count, requests=len(walls), wall_s=total,
         queries=large, ms_p50=1000.0 * percentile(walls, 50), ms_p95=1000.0 * percentile(walls, 95),
         ms_max=1000.0 * max(walls), transport='http')


if __name__ == '__main__':
    main()
