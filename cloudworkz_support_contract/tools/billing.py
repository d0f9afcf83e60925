# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Per-request rounding of chargeable time.

A request (ticket) is billed at least ``minimum`` minutes; above that, in
started ``increment`` minute blocks. With the defaults (15, 30):
10 min -> 15, 20 min -> 30, 50 min -> 60, 125 min -> 150.
"""

import math

# Timesheets store hours as floats (10 min = 0.1666...): compare minutes to
# a millionth of a minute so that 30.000000001 does not start a new block.
_TOLERANCE = 1e-6


def billed_minutes(minutes, minimum, increment):
    """Return the minutes billed for ``minutes`` of chargeable time."""
    if minimum <= 0 or increment <= 0:
        raise ValueError("minimum and increment must be positive")
    if minutes <= _TOLERANCE:
        return 0
    if minutes <= minimum + _TOLERANCE:
        return minimum
    return math.ceil(minutes / increment - _TOLERANCE) * increment


def billed_hours(hours, minimum, increment):
    """Same as :func:`billed_minutes`, from and to hours."""
    return billed_minutes(hours * 60.0, minimum, increment) / 60.0
