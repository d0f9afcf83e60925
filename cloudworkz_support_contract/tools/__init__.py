from .billing import billed_minutes, billed_hours
from .code_count import count_zip_lines
from .patch_window import window_day, window_utc
