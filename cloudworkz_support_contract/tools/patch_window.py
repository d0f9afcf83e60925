# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When a month's patch window falls.

A window is "the <week> <weekday> of the month at <hour>, for <duration>
hours, in the customer's time zone". ``week`` is 1-4 or ``"last"``: the last
such weekday of the month, the fifth one in months that have five.
Results are naive UTC datetimes, as Odoo stores them.
"""

import calendar
from datetime import date, datetime, time, timedelta

import pytz


def window_day(year, month, week, weekday):
    """The date of the ``week``-th ``weekday`` (0 = Monday) of the month."""
    days = [
        day
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if date(year, month, day).weekday() == weekday
    ]
    index = -1 if week == "last" else int(week) - 1
    return date(year, month, days[index])


def window_utc(year, month, week, weekday, hour, duration, tz_name):
    """(start, end) of the month's window, naive UTC."""
    tz = pytz.timezone(tz_name or "UTC")
    day = window_day(year, month, week, weekday)
    minutes = round(hour * 60)
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    # is_dst=None would raise on the hour a clock change skips or repeats;
    # False takes standard time there, which is what a person would mean.
    start = tz.localize(local, is_dst=False).astimezone(pytz.utc).replace(tzinfo=None)
    return start, start + timedelta(hours=duration)
