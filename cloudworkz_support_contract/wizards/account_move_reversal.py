# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMoveReversal(models.TransientModel):
    """*Reverse and Create Invoice* on a support invoice: the credit note
    reverses it in full, and the new draft bills the same month in its
    place, so the month stays invoiced once (by the new invoice), with its
    time, usage and request ledger linked to the new lines."""

    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        support = self.move_ids.filtered("support_agreement_id")
        if not (is_modify and support):
            return super().reverse_moves(is_modify=is_modify)
        # what each support invoice billed, before the credit note releases it
        # sudo: the links are the agreement's bookkeeping, which the
        # accountant correcting the invoice reads but does not write
        billed = {move: move.sudo()._support_billing_links() for move in support}
        res = super().reverse_moves(is_modify=is_modify)
        # the wizard's batches, in its own order: its new drafts follow them
        auto_posted = [
            self._prepare_default_reversal(move).get("auto_post", "no") != "no"
            for move in self.move_ids
        ]
        ordered = [
            m for m, auto in zip(self.move_ids, auto_posted, strict=True) if not auto
        ] + [m for m, auto in zip(self.move_ids, auto_posted, strict=True) if auto]
        for move, new_move in zip(ordered, self.new_move_ids, strict=True):
            if move in billed:
                new_move.sudo()._support_take_over(move, billed[move])
        return res
