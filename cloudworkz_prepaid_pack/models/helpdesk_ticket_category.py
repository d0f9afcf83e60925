# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    pack_allowed = fields.Boolean(
        string="Prepaid Hours May Pay",
        default=True,
        help="Chargeable time on this service may be deducted from prepaid "
        "support packs. Otherwise it is always invoiced.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "pack_allowed" in vals:
            # packs pay (or give back) the time of these services not yet
            # invoiced at once; invoiced months keep what they were billed
            # sudo: a catalogue change settles every customer's ledger
            months = (
                self.env["cloudworkz.support.request.month"]
                .sudo()
                .search(
                    [
                        ("ticket_id.category_id", "in", self.ids),
                        ("month_closed", "=", False),
                    ]
                )
            )
            months._mark_changed()
            months._settle_pending()
        return res
