"""Date helpers of the service analysis: periods are local days, weeks and
months of the user's time zone, stored datetimes are naive UTC."""
from datetime import date, datetime, time, timedelta

import pytz

from odoo import fields


def user_tz(env):
    return pytz.timezone(env.context.get('tz') or env.user.tz or 'UTC')


def utc_bounds(env, date_from, date_to):
    """The UTC datetime strings [start, end) of the local days ``date_from``
    to ``date_to`` included (dates or date strings; either may be empty)."""
    tz = user_tz(env)

    def to_utc(day):
        local = tz.localize(datetime.combine(day, time.min))
        return fields.Datetime.to_string(local.astimezone(pytz.utc).replace(tzinfo=None))

    start = end = False
    if date_from:
        start = to_utc(_as_date(date_from))
    if date_to:
        end = to_utc(_as_date(date_to) + timedelta(days=1))
    return start, end


def week_monday(day):
    day = _as_date(day)
    return day - timedelta(days=day.weekday())


def month_bounds(year, month):
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return fields.Date.from_string(value)
