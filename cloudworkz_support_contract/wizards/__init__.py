from . import support_code_count_wizard
from . import support_invoice_preview
from . import contract_contract_terminate
from . import support_invoice_preview_line
from . import support_upgrade_wizard
from . import support_notice
from . import account_move_reversal
