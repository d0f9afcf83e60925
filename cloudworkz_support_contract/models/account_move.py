# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    def _support_release_billed_items(self):
        """Free the time and usage billed by these invoices for the next run."""
        lines = self.line_ids
        # The invoice may be cancelled by an accountant who cannot write
        # timesheets of other users: the release is part of the cancellation.
        lines.support_timesheet_ids.sudo().write({"support_invoice_line_id": False})
        lines.support_usage_ids.sudo().write({"invoice_line_id": False})

    def button_cancel(self):
        res = super().button_cancel()
        self.filtered(lambda m: m.state == "cancel")._support_release_billed_items()
        return res

    def button_draft(self):
        released = self.filtered(
            lambda m: m.state == "cancel"
            and self.env["cloudworkz.support.billing.period"].search_count(
                [("invoice_id", "=", m.id)], limit=1
            )
        )
        if released:
            raise UserError(
                _(
                    "%(invoice)s was cancelled and its time and usage went back "
                    "to the agreement for the next invoice: it cannot be reset "
                    "to draft.",
                    invoice=released[0].display_name,
                )
            )
        return super().button_draft()
