from .billing import billed_minutes, billed_hours
from .code_count import count_zip_lines
