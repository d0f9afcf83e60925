# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Upper bounds of the numbers people type that feed a date, a loop or an
integer column: beyond them a run would overflow (a patch window of 1e9
hours), loop for ages (a notice of 2e9 days) or write a number PostgreSQL's
integers cannot hold. Each is far above any real agreement."""

MAX_RULE_MINUTES = 24 * 60  # minimum per request, billing increment
MAX_MONTHS = 120  # commitment, renewal, notice, pack validity
MAX_DAYS = 366  # reminders, patch notices
MAX_WINDOW_HOURS = 24.0  # a patch window
MAX_PERCENT = 100.0  # yearly indexation
MAX_USERS = 100_000  # users sold, registered
MAX_LINES_OF_CODE = 10_000_000  # one module, one quotation
MAX_PACK_HOURS = 10_000.0  # one pack
MAX_QUANTITY = 1_000_000_000.0  # pay-per-transaction usage
