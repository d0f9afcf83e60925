from . import prepaid_pack_adjust
from . import support_advisor
