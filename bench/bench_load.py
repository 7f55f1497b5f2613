"""Load test of the customer portal (issue 10, item 8): U concurrent portal
users for S seconds against a prefork server (``--workers 2
--max-cron-threads 1``) on the loopback, with a plain thread-per-user
generator (``requests``), bounded in time.

Each user logs in as its own portal user (created first: one per customer
that has tickets, round robin when there are fewer customers than users)
and loops over ``/my``, ``/my/tickets``, one of its tickets and
``/my/equipment``, waiting ``--think`` seconds (uniformly 0.5x-1.5x)
between two pages as a person does. Every answer but a 200 carrying the
page's marker, and every exception, is an error.

First a single user runs the same mix for ``--single-seconds`` (the
baseline p50), then the U users run for S seconds. Prints ``BENCH`` lines:
requests/s, p50/p95 (overall and per page), errors, and the p50 ratio to
the single user (target: zero errors and a ratio under 2)::

    .venv/bin/python bench/bench_load.py -c .odoo/h5.conf -d as_h5_load [--users 20] [--seconds 60] \\
        [--think 1.0] [--port 8242]

The server runs on the database's own data (the script creates the portal
users and commits them); a server already answering on the port stops it.
"""
import argparse
import os
import random
import re
import sys
import threading
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.common import (  # noqa: E402  pylint: disable=wrong-import-position
    csrf_token, emit, machine_description, odoo_server, open_env, percentile)

PASSWORD = 'h5-load-pw'
LOGIN = 'h5_load_%02d'
# (name, path, markers: one of them must be in the page)
PAGES = [
    ('my', '/my', ('href="/my/tickets"',)),
    ('tickets', '/my/tickets', ('o_aftersales_tickets',)),
    ('ticket', None, ('o_aftersales_composer',)),
    ('equipment', '/my/equipment', ('o_aftersales_equipment', 'There is no installed equipment')),
]
TICKET_LINK = re.compile(r'href="(/my/tickets/\d+)[?"]')


def create_users(conf, db, count):
    """``count`` portal users of the customers that have tickets (committed); returns their logins."""
    with open_env(conf, db, context={'no_reset_password': True, 'tracking_disable': True}) as env:
        groups = env['aftersales.ticket'].read_group([], ['commercial_partner_id'], ['commercial_partner_id'])
        groups = sorted((group for group in groups if group['commercial_partner_id']),
                        key=lambda group: -group['commercial_partner_id_count'])
        customers = env['res.partner'].browse([group['commercial_partner_id'][0] for group in groups][:count])
        if not customers:
            raise RuntimeError('%s has no customer with tickets: load demo data or bench/dataset.py' % db)
        portal = env.ref('base.group_portal')
        logins = []
        for index in range(count):
            login = LOGIN % index
            user = env['res.users'].with_context(active_test=False).search([('login', '=', login)])
            if not user:
                customer = customers[index % len(customers)]
                contact = env['res.partner'].create({
                    'name': 'Load User %02d' % index, 'parent_id': customer.id, 'type': 'contact',
                    'email': '%s@load.example.com' % login})
                user = env['res.users'].create({'name': contact.name, 'login': login, 'password': PASSWORD,
                                                'partner_id': contact.id, 'groups_id': [(6, 0, [portal.id])]})
            logins.append(login)
        return logins


def portal_login(base_url, login, password, db=None):
    """A ``requests.Session`` logged in through ``/web/login`` (raises if refused).

    Odoo 11 answers a successful login with a JavaScript redirect
    (``redirect_with_hash``) on the login URL itself, a refused one with the
    form again: the session is checked on ``/my``."""
    session = requests.Session()
    page = session.get(base_url + '/web/login' + ('?db=%s' % db if db else ''), timeout=60)
    page.raise_for_status()
    answer = session.post(base_url + '/web/login', timeout=60, data={
        'login': login, 'password': password, 'csrf_token': csrf_token(page.text), 'redirect': '/my'})
    answer.raise_for_status()
    home = session.get(base_url + '/my', timeout=60, allow_redirects=False)
    if 'oe_login_form' in answer.text or home.status_code != 200:
        raise RuntimeError('login refused for %s' % login)
    return session


class PortalUser(threading.Thread):
    """One person: logs in, waits for the start, then loops over the pages
    until the deadline."""

    def __init__(self, base_url, db, login, clock, think, results, seed):
        super(PortalUser, self).__init__(daemon=True)
        self.base_url, self.db, self.login = base_url, db, login
        self.clock, self.think = clock, think
        self.results = results
        self.random = random.Random(seed)
        self.ticket_url = None
        self.logged_in = threading.Event()

    @property
    def deadline(self):
        return self.clock['deadline']

    def run(self):
        try:
            session = portal_login(self.base_url, self.login, PASSWORD, db=self.db)
        except Exception as error:  # pylint: disable=broad-except
            self.results.append(('login', None, 0.0, repr(error)))
            return
        finally:
            self.logged_in.set()
        self.clock['start'].wait()
        step = 0
        while time.time() < self.deadline:
            name, path, markers = PAGES[step % len(PAGES)]
            step += 1
            if name == 'ticket':
                if not self.ticket_url:
                    continue
                path = self.ticket_url
            self._get(session, name, path, markers)
            if self.think:
                time.sleep(min(self.think * self.random.uniform(0.5, 1.5), max(self.deadline - time.time(), 0)))
        session.close()

    def _get(self, session, name, path, markers):
        began = time.perf_counter()
        try:
            response = session.get(self.base_url + path, timeout=60, allow_redirects=False)
        except requests.RequestException as error:
            self.results.append((name, None, (time.perf_counter() - began) * 1000.0, repr(error)))
            return
        elapsed = (time.perf_counter() - began) * 1000.0
        error = None
        if response.status_code != 200:
            error = 'HTTP %s' % response.status_code
        elif not any(marker in response.text for marker in markers):
            error = 'marker %r missing' % (markers,)
        self.results.append((name, response.status_code, elapsed, error))
        if name == 'tickets' and not error:
            links = TICKET_LINK.findall(response.text)
            self.ticket_url = self.random.choice(links) if links else None


def run_phase(base_url, db, logins, seconds, think):
    """Log one user per login in, then run them all for ``seconds`` (the
    logins are not timed); returns (results, elapsed s)."""
    results = []
    clock = {'start': threading.Event(), 'deadline': None}
    users = [PortalUser(base_url, db, login, clock, think, results, seed=index)
             for index, login in enumerate(logins)]
    for user in users:
        user.start()
    for user in users:
        user.logged_in.wait(180)
    started = time.time()
    clock['deadline'] = started + seconds
    clock['start'].set()
    for user in users:
        user.join(seconds + 120)
    return results, time.time() - started


def phase_figures(name, results, elapsed, users, seconds, think):
    timings = [ms for page, _status, ms, error in results if page != 'login' and not error]
    errors = [(page, error) for page, _status, _ms, error in results if error]
    figures = {'users': users, 'seconds': seconds, 'think_s': think, 'requests': len(results),
               'requests_per_s': round(len(results) / elapsed, 2), 'ms_p50': percentile(timings, 50),
               'ms_p95': percentile(timings, 95), 'errors': len(errors),
               'first_errors': sorted(set('%s: %s' % error for error in errors))[:5]}
    for page, _path, _markers in PAGES:
        page_timings = [ms for name_, _status, ms, error in results if name_ == page and not error]
        figures['%s_p50' % page] = percentile(page_timings, 50)
        figures['%s_p95' % page] = percentile(page_timings, 95)
    for key, value in list(figures.items()):
        if isinstance(value, float):
            figures[key] = round(value, 2)
    return emit(name, **figures)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--users', type=int, default=20)
    parser.add_argument('--seconds', type=float, default=60)
    parser.add_argument('--single-seconds', type=float, default=30)
    parser.add_argument('--think', type=float, default=1.0, help='mean pause between two pages (s); 0: none')
    parser.add_argument('--warmup-seconds', type=float, default=10)
    parser.add_argument('--port', type=int, help='HTTP port (default: the configuration\'s)')
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args(argv)
    emit('machine', **machine_description())
    logins = create_users(args.config, args.database, args.users)
    extra = ['--max-cron-threads=1', '--db-filter=^%s$' % re.escape(args.database)]
    with odoo_server(args.config, args.database, port=args.port, workers=args.workers, extra_args=extra) as url:
        run_phase(url, args.database, logins[:2], args.warmup_seconds, 0)  # compile assets, warm the workers
        single, elapsed = run_phase(url, args.database, logins[:1], args.single_seconds, args.think)
        base = phase_figures('load_single_user', single, elapsed, 1, args.single_seconds, args.think)
        loaded, elapsed = run_phase(url, args.database, logins, args.seconds, args.think)
        load = phase_figures('load_concurrent', loaded, elapsed, len(logins), args.seconds, args.think)
    ratio = round(load['ms_p50'] / base['ms_p50'], 2) if load['ms_p50'] and base['ms_p50'] else None
    emit('load_targets', users=len(logins), workers=args.workers, think_s=args.think, errors=load['errors'],
         single_errors=base['errors'], p50_ratio=ratio, zero_errors=load['errors'] == 0 and base['errors'] == 0,
         p50_under_2x=ratio is not None and ratio < 2)
    return 0 if load['errors'] == 0 and base['errors'] == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
