#!/usr/bin/env python3
"""Benchmark 1: the cost of one new ticket, SLA, routing and tracking included.

- ``ticket_create_orm``: ``env['aftersales.ticket'].create()`` with the
  context of a user (tracking on, acknowledgement pending);
- ``ticket_create_mail``: an e-mail to the service alias through
  ``mail.thread.message_process`` (the mail gateway: routing, partner
  lookup, the ticket, its first message, acknowledgement pending);
- ``ticket_ack_job_orm``, ``ticket_ack_job_mail``: the acknowledgement job
  (``_cron_acknowledge``, one batch) over the tickets of each, per ticket;
- ``ticket_create_portal``: the request form ``POST /my/tickets/new`` of the
  portal user ``bench_portal``: the latency over real HTTP against a server
  subprocess, the queries through the same WSGI application in this
  process.

The ORM and mail tickets are received in working hours whatever the time
the benchmark runs at (``working_hours_around_the_clock``); the portal
tickets, committed by a server, follow the data set's calendar.

The ORM and mail samples are rolled back; the portal tickets are committed
(the server commits them) and stay in the database, titled "Bench portal
request".

    python bench/bench_ticket_create.py -c .odoo/h4.conf -d as_h4_small [--samples 20] [--no-http]
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.common import (WsgiSession, bench_arguments, csrf_token, emit, load_odoo, odoo_server,  # noqa: E402
                          open_env, percentile, portal_session, run_ack_job, timed_samples,
                          working_hours_around_the_clock)
from bench.dataset import BENCH_CUSTOMER, PORTAL_LOGIN  # noqa: E402

MAIL = """Return-Path: <li@bench-schools.example.com>
From: Head Teacher Li <li@bench-schools.example.com>
To: service@bench.example.com
Subject: Projector in room %(n)d shows no image
Message-ID: <bench-%(tag)s-%(n)d@bench-schools.example.com>
Date: Mon, 23 Nov 2026 09:12:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

Hello, the projector in classroom %(n)d has shown no image since this morning.
"""

# mails are queued for the mail cron (as in production), not sent to an SMTP server during the measure
QUEUE_MAILS = {'mail_notify_force_send': False}


def figures(walls, queries, **extra):
    values = {'samples': len(walls), 'wall_s': sum(walls), 'queries': sum(queries),
              'ms_per_ticket': 1000.0 * statistics.mean(walls), 'ms_p50': 1000.0 * percentile(walls, 50),
              'ms_p95': 1000.0 * percentile(walls, 95), 'queries_per_ticket': statistics.mean(queries),
              'queries_max': max(queries)}
    values.update(extra)
    return values


def bench_orm(args):
    with open_env(args.config, args.database, commit=False, context=QUEUE_MAILS) as env:
        customer = env['res.partner'].search([('name', '=', BENCH_CUSTOMER)], limit=1)
        site = env['res.partner'].search([('parent_id', '=', customer.id), ('aftersales_is_site', '=', True)],
                                         limit=1)
        equipment = env['maintenance.equipment'].search([('aftersales_site_id', '=', site.id)], limit=1)
        working_hours_around_the_clock(env)
        csr = env['res.users'].search([('login', '=like', 'bench_csr_%')], limit=1)
        Ticket = env['aftersales.ticket'].sudo(csr)
        values = {'title': 'Bench: projector shows no image', 'partner_id': customer.id, 'site_id': site.id,
                  'equipment_id': equipment.id, 'channel': 'phone',
                  'type_id': env.ref('aftersales_service.ticket_type_repair').id,
                  'contact_id': customer.child_ids.filtered(lambda p: p.email)[:1].id}
        Ticket.create(values)  # warm up
        walls, queries = timed_samples(args.samples, lambda index: Ticket.create(values))
        emit('ticket_create_orm', **figures(walls, queries))
        bench_ack_job(env, 'ticket_ack_job_orm')


def bench_mail(args):
    with open_env(args.config, args.database, commit=False, context=QUEUE_MAILS) as env:
        env['ir.config_parameter'].set_param('mail.catchall.domain', 'bench.example.com')
        working_hours_around_the_clock(env)
        Thread = env['mail.thread']
        before = env['aftersales.ticket'].search_count([])
        Thread.message_process(None, MAIL % {'tag': 'warm', 'n': 0})
        walls, queries = timed_samples(
            args.samples, lambda index: Thread.message_process(None, MAIL % {'tag': os.getpid(), 'n': index + 1}))
        created = env['aftersales.ticket'].search_count([]) - before
        if created != args.samples + 1:
            raise SystemExit('the mail gateway made %d tickets out of %d e-mails' % (created, args.samples + 1))
        emit('ticket_create_mail', **figures(walls, queries))
        bench_ack_job(env, 'ticket_ack_job_mail')


def bench_ack_job(env, name):
    """The acknowledgement job over the pending tickets, in one batch."""
    tickets, wall_s, queries = run_ack_job(env)
    emit(name, tickets=tickets, wall_s=wall_s, queries=queries, ms_per_ticket=1000.0 * wall_s / tickets,
         queries_per_ticket=queries / float(tickets))


def _form(session_get, post):
    """The request form's values (with its CSRF token) for one of the user's equipment."""
    page = session_get('/my/tickets/new')
    equipment = re.search(r'<option value="(\d+)"[^>]*data-site-id="(\d+)"', page) or \
        re.search(r'name="equipment_id".*?<option value="(\d+)"', page, re.S)
    values = {'csrf_token': csrf_token(page), 'ticket_type': 'repair', 'title': 'Bench portal request',
              'description': 'The interactive display does not respond to touch.'}
    if equipment:
        values['equipment_id'] = equipment.group(1)
    values.update(post)
    return values


def bench_portal_queries(args):
    """Queries of one portal request, in-process (WSGI)."""
    from bench.common import measure
    load_odoo(args.config, args.database)
    client = WsgiSession().login(PORTAL_LOGIN, PORTAL_LOGIN)

    def get(url):
        return client.get(url).get_data(as_text=True)

    counts = []
    for index in range(3):
        values = _form(get, {'title': 'Bench portal request (wsgi %d)' % index})
        with measure() as sample:
            answer = client.post('/my/tickets/new', values)
        if answer.status_code not in (302, 303) or '/my/tickets/' not in answer.headers.get('Location', ''):
            raise SystemExit('the portal form answered %s' % answer.status_code)
        counts.append(sample.queries)
    return counts[1:]  # the first one warms the caches


def bench_portal_http(args, queries):
    with odoo_server(args.config, args.database) as base_url:
        session = portal_session(base_url, PORTAL_LOGIN, PORTAL_LOGIN)

        def get(url):
            answer = session.get(base_url + url, timeout=60)
            answer.raise_for_status()
            return answer.text

        def post(index):
            answer = session.post(base_url + '/my/tickets/new', data=values[index], timeout=60,
                                  allow_redirects=False)
            if answer.status_code not in (302, 303) or '/my/tickets/' not in answer.headers.get('Location', ''):
                raise SystemExit('the portal form answered %s' % answer.status_code)

        values = [_form(get, {'title': 'Bench portal request %d' % index}) for index in range(args.samples + 1)]
        post(args.samples)  # warm up
        walls, _queries = timed_samples(args.samples, post)
    per_ticket = statistics.mean(queries)
    emit('ticket_create_portal', **figures(walls, [per_ticket] * len(walls), queries_max=max(queries),
                                           transport='http'))


def main():
    parser = bench_arguments(__doc__)
    parser.add_argument('--no-http', action='store_true', help='skip the portal form over HTTP')
    args = parser.parse_args()
    bench_orm(args)
    bench_mail(args)
    if not args.no_http:
        queries = bench_portal_queries(args)
        bench_portal_http(args, queries)


if __name__ == '__main__':
    main()
