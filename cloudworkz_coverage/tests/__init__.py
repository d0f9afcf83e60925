from . import test_coverage_rules
from . import test_coverage_billing
