from .billing import (
    LINES_PER_BLOCK,
    billed_minutes,
    code_blocks,
    day_count,
    days_in_month,
    exact_quantity_price,
    format_minutes,
    logged_minutes,
    month_end,
    month_label,
    month_start,
    next_month,
    overlap,
    prorated,
)
from .batch import BUDGET, CallMemo, may_commit, run_in_batches
from .code_count import count_zip_lines
from .guard import check_bookkeeping
from .limits import (
    MAX_DAYS,
    MAX_LINES_OF_CODE,
    MAX_MONTHS,
    MAX_PACK_HOURS,
    MAX_PERCENT,
    MAX_QUANTITY,
    MAX_RULE_MINUTES,
    MAX_USERS,
    MAX_WINDOW_HOURS,
)
from .patch_window import window_day, window_utc
from .report import pdf_available, print_action
