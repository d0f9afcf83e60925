# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The billing rules that need no database, in one place.

Time is decided in whole minutes: a request (ticket) is billed at least
``minimum`` minutes in a month; above that, in started ``increment`` minute
blocks. With the defaults (15, 30): 10 min -> 15, 20 min -> 30, 50 min -> 60,
125 min -> 150. Hours are only a way of showing minutes.

Fixed fees of a month that is not whole are prorated by days.
"""

import calendar
import math

from dateutil.relativedelta import relativedelta

from odoo.tools import float_compare, float_is_zero, float_round
from odoo.tools.misc import format_date

# Timesheets store hours as floats (10 min = 0.1666...): logged minutes are
# kept to the hundredth, and compared to a millionth of a minute so that
# 30.000000001 does not start a new block.
_TOLERANCE = 1e-6
MINUTE_DIGITS = 2


def logged_minutes(hours):
    """Minutes of ``hours`` of logged time, to the hundredth of a minute."""
    return round(hours * 60.0, MINUTE_DIGITS)


def billed_minutes(minutes, minimum, increment):
    """The whole minutes billed for ``minutes`` of chargeable time."""
    if minimum <= 0 or increment <= 0:
        raise ValueError("minimum and increment must be positive")
    if minutes <= _TOLERANCE:
        return 0
    if minutes <= minimum + _TOLERANCE:
        return int(minimum)
    return int(math.ceil(minutes / increment - _TOLERANCE) * increment)


def format_minutes(minutes):
    """Minutes as the H:MM a person reads: 90 -> '1:30'."""
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(int(round(minutes))), 60)
    return f"{sign}{hours}:{rest:02d}"


def month_label(env, day):
    """The month of ``day`` as its reader says it: 'January 2026', or
    'januari 2026' for a Swedish reader (the language of ``env``)."""
    return format_date(env, day, date_format="MMMM y") if day else ""


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day):
    return month_start(day) + relativedelta(months=1)


def days_in_month(day):
    return calendar.monthrange(day.year, day.month)[1]


def overlap(first, last, start, end):
    """(first day, last day) of [first, last] within [start, end] (either
    end may be None: open), or None when they do not meet."""
    low = max(first, start) if start else first
    high = min(last, end) if end else last
    if low > high:
        return None
    return low, high


def day_count(first, last):
    return (last - first).days + 1


def prorated(amount, days, month_days):
    """``amount`` for ``days`` of a ``month_days`` month (not yet rounded)."""
    return amount * days / month_days


def exact_quantity_price(quantity, price_unit, amount, digits):
    """How to write ``amount`` on an invoice line as quantity x unit price.

    ``digits`` are the decimals of (quantity, unit price, amount) on the
    invoice line. When ``quantity`` and ``price_unit`` survive that rounding
    and their product rounds to ``amount``, they are kept; otherwise the line
    bills one unit at the exact ``amount`` (its description says how it was
    reached). A line is never off by an öre because 20 minutes are 0.33 h.
    Returns (quantity, unit price, whether the given ones were kept).
    """
    qty_digits, price_digits, amount_digits = digits
    quantity_r = float_round(quantity, precision_digits=qty_digits)
    price_r = float_round(price_unit, precision_digits=price_digits)
    if (
        float_is_zero(quantity_r - quantity, precision_digits=9)
        and float_is_zero(price_r - price_unit, precision_digits=9)
        and not float_compare(
            float_round(quantity_r * price_r, precision_digits=amount_digits),
            amount,
            precision_digits=amount_digits,
        )
    ):
        return quantity_r, price_r, True
    return 1.0, amount, False


# Maintenance is billed per started block of this many lines of custom code
LINES_PER_BLOCK = 100


def code_blocks(lines):
    """Started blocks of 100 lines in ``lines`` lines of custom code."""
    return math.ceil(lines / LINES_PER_BLOCK)
