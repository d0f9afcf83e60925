from . import test_pack_sale
from . import test_pack_consumption
from . import test_pack_concurrency
from . import test_pack_ledger
from . import test_pack_roles
from . import test_tours
from . import test_query_budget
from . import test_portal_agreement
