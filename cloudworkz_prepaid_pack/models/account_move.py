# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        sale_lines = self.filtered(
            lambda move: move.company_id.pack_creation == "paid"
        ).invoice_line_ids.sale_line_ids
        sale_lines._pack_create_missing()
        return res
