from .billing import billed_minutes, billed_hours  # noqa: F401
from .code_count import count_zip_lines  # noqa: F401
