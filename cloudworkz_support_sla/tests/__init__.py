from . import test_sla_deadlines
from . import test_sla_response
from . import test_sla_performance
from . import test_portal_sla
