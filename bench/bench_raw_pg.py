"""The physical reference of ticket creation: raw PostgreSQL inserts of
ticket-shaped rows, so that the ORM's overhead is a known ratio.

On a scratch table (24 columns and 8 indexes, the shape of
``aftersales_ticket``'s hot columns) in a scratch database that is created
and dropped by the script, N rows are inserted

* ``per_row``: one ``INSERT ... RETURNING id`` per row, one transaction
  (what the ORM does for one ``create()``, minus everything else);
* ``per_row_commit``: the same with a commit after every row (a ticket per
  request), on N / 10 rows;
* ``batched``: ``psycopg2.extras.execute_values`` with ``page_size`` 1000,
  ``RETURNING id``, one transaction.

Prints one ``BENCH`` line per variant (µs per row)::

    .venv/bin/python bench/bench_raw_pg.py -c .odoo/h5.conf [--rows 20000] [--orm-ms 25.3] \\
        [--scratch-db as_h5_rawpg]

``--orm-ms`` (an ORM per-ticket cost measured by ``bench_peers.py``) adds
the ORM/raw ratios.
"""
import argparse
import contextlib
import datetime
import os
import sys
import time
import uuid

import psycopg2
import psycopg2.extras

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench.common import config_value, emit, machine_description  # noqa: E402  pylint: disable=wrong-import-position

SCRATCH_DB = 'as_h5_rawpg'
COLUMNS = [
    ('name', 'varchar'), ('title', 'varchar'), ('description', 'text'), ('type_id', 'integer'),
    ('channel', 'varchar'), ('partner_id', 'integer'), ('commercial_partner_id', 'integer'),
    ('site_id', 'integer'), ('contact_id', 'integer'), ('partner_email', 'varchar'),
    ('partner_phone', 'varchar'), ('equipment_id', 'integer'), ('stage_id', 'integer'),
    ('stage_state', 'varchar'), ('priority', 'varchar'), ('user_id', 'integer'), ('company_id', 'integer'),
    ('response_deadline', 'timestamp'), ('resolution_deadline', 'timestamp'),
    ('sla_response_state', 'varchar'), ('access_token', 'varchar'), ('create_uid', 'integer'),
    ('create_date', 'timestamp'), ('write_date', 'timestamp'),
]
INDEXED = ['name', 'partner_id', 'commercial_partner_id', 'site_id', 'equipment_id', 'stage_id', 'user_id',
           'response_deadline']


def connect(conf, dbname):
    return psycopg2.connect(host=config_value(conf, 'db_host') or '127.0.0.1',
                            port=int(config_value(conf, 'db_port') or 5432),
                            user=config_value(conf, 'db_user') or 'odoo',
                            password=config_value(conf, 'db_password') or 'odoo', dbname=dbname)


@contextlib.contextmanager
def scratch_database(conf, name=SCRATCH_DB):
    """A new database ``name`` (dropped first if left over, dropped at the end)."""
    admin = connect(conf, 'postgres')
    admin.autocommit = True
    with admin.cursor() as cr:
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
        cr.execute('CREATE DATABASE "%s"' % name)
    try:
        conn = connect(conf, name)
        try:
            yield conn
        finally:
            conn.close()
    finally:
        with admin.cursor() as cr:
            cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
        admin.close()


def create_table(cr):
    cr.execute('DROP TABLE IF EXISTS bench_ticket')
    cr.execute('CREATE TABLE bench_ticket (id serial PRIMARY KEY, %s)'
               % ', '.join('%s %s' % column for column in COLUMNS))
    for column in INDEXED:
        cr.execute('CREATE INDEX bench_ticket_%s_index ON bench_ticket (%s)' % (column, column))


def ticket_row(index):
    now = datetime.datetime.utcnow()
    return (
        'TCK%07d' % index, 'Projector %d shows no picture' % index,
        '<p>The projector of classroom %d shows no picture since this morning.</p>' % index,
        1, 'email', 1000 + index % 300, 1000 + index % 300, 5000 + index % 3000, 9000 + index % 300,
        'contact%d@example.com' % (index % 300), '+86 21 5555 %04d' % (index % 10000), 20000 + index % 9000,
        1, 'new', '0', 2, 1, now + datetime.timedelta(hours=4), now + datetime.timedelta(days=2),
        'running', str(uuid.uuid4()), 2, now, now,
    )


def insert_per_row(conn, rows, start, commit_each=False):
    sql = 'INSERT INTO bench_ticket (%s) VALUES (%s) RETURNING id' % (
        ', '.join(name for name, _type in COLUMNS), ', '.join(['%s'] * len(COLUMNS)))
    data = [ticket_row(start + i) for i in range(rows)]
    with conn.cursor() as cr:
        began = time.perf_counter()
        for row in data:
            cr.execute(sql, row)
            cr.fetchone()
            if commit_each:
                conn.commit()
        conn.commit()
        return time.perf_counter() - began


def insert_batched(conn, rows, start, page_size=1000):
    sql = 'INSERT INTO bench_ticket (%s) VALUES %%s RETURNING id' % ', '.join(name for name, _type in COLUMNS)
    data = [ticket_row(start + i) for i in range(rows)]
    with conn.cursor() as cr:
        began = time.perf_counter()
        ids = psycopg2.extras.execute_values(cr, sql, data, page_size=page_size, fetch=True)
        conn.commit()
        elapsed = time.perf_counter() - began
    if len(ids) != rows:
        raise RuntimeError('execute_values returned %d ids for %d rows' % (len(ids), rows))
    return elapsed


def run(conf, rows=20000, warmup=500, orm_ms=None, scratch=SCRATCH_DB):
    """Measure the three variants; returns their BENCH records."""
    records = []
    with scratch_database(conf, scratch) as conn:
        with conn.cursor() as cr:
            create_table(cr)
        conn.commit()
        insert_per_row(conn, warmup, 0)
        insert_batched(conn, warmup, warmup)
        variants = (
            ('per_row', rows, lambda start: insert_per_row(conn, rows, start)),
            ('per_row_commit', max(rows // 10, 1),
             lambda start: insert_per_row(conn, max(rows // 10, 1), start, commit_each=True)),
            ('batched', rows, lambda start: insert_batched(conn, rows, start)),
        )
        start = 2 * warmup
        for variant, count, function in variants:
            elapsed = function(start)
            start += count
            figures = {'variant': variant, 'rows': count, 'wall_s': round(elapsed, 4),
                       'us_per_row': round(elapsed / count * 1e6, 2), 'columns': len(COLUMNS),
                       'indexes': len(INDEXED) + 1}
            if orm_ms:
                figures['orm_over_raw'] = round(orm_ms * 1000.0 / figures['us_per_row'], 1)
            records.append(emit('raw_pg_insert', **figures))
        with conn.cursor() as cr:
            cr.execute('SELECT count(*) FROM bench_ticket')
            total = cr.fetchone()[0]
        if total != start:
            raise RuntimeError('the scratch table holds %d rows, %d expected' % (total, start))
    return records


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-c', '--config', required=True, help='Odoo configuration (database connection)')
    parser.add_argument('--rows', type=int, default=20000)
    parser.add_argument('--warmup', type=int, default=500)
    parser.add_argument('--orm-ms', type=float, help='ORM per-ticket creation cost (ms) for the ratio')
    parser.add_argument('--scratch-db', default=SCRATCH_DB, help='created and dropped (default %(default)s)')
    args = parser.parse_args(argv)
    emit('machine', **machine_description())
    run(args.config, rows=args.rows, warmup=args.warmup, orm_ms=args.orm_ms, scratch=args.scratch_db)


if __name__ == '__main__':
    main()
