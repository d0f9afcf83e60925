from . import test_billing_rounding
from . import test_billing_months
from . import test_invoicing
from . import test_input_validation
from . import test_access
from . import test_code_count
from . import test_commitment
from . import test_patch_windows
