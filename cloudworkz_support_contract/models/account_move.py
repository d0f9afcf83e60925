# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    support_agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The support agreement whose monthly run created this invoice.",
    )

    def _support_reopen(self):
        """Give back what these invoices billed: their months are invoiced
        again by the next run (fees, time and usage), once."""
        # sudo: the invoice may be cancelled by an accountant who cannot write
        # other users' timesheets or the billing periods; releasing what it
        # billed is part of the cancellation.
        lines = self.sudo().line_ids
        lines.support_timesheet_ids.write({"support_invoice_line_id": False})
        lines.support_usage_ids.write({"invoice_line_id": False})
        periods = (
            self.env["cloudworkz.support.billing.period"]
            .sudo()
            .search([("invoice_id", "in", self.ids)])
        )
        for period in periods:
            period.agreement_id.message_post(
                body=Markup("<p>%s</p>")
                % _(
                    "%(month)s re-opened: %(invoice)s was cancelled. The next "
                    "run invoices that month again.",
                    month=period._month_label(),
                    invoice=period.invoice_id.display_name,
                )
            )
        periods.unlink()

    def button_cancel(self):
        res = super().button_cancel()
        self.filtered(lambda m: m.state == "cancel")._support_reopen()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_support_reopen(self):
        self._support_reopen()

    def button_draft(self):
        released = self.filtered(
            lambda m: m.state == "cancel" and m.support_agreement_id
        )
        if released:
            raise UserError(
                _(
                    "%(invoice)s was cancelled and what it billed went back to "
                    "the agreement for the next invoice: it cannot be reset to "
                    "draft.",
                    invoice=released[0].display_name,
                )
            )
        return super().button_draft()
