from . import test_coverage_rules
from . import test_coverage_billing
from . import test_coverage_history
from . import test_quotation
from . import test_portal_coverage
from . import test_type_change_by_day
