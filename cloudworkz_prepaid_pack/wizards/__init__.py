from . import prepaid_pack_adjust
