# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

COVERAGE_FIELDS = {
    "category_id",
    "coverage_override",
    "partner_id",
    "support_agreement_id",
}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    pack_balance = fields.Float(
        related="commercial_partner_id.pack_balance", string="Prepaid Hours Left"
    )
    pack_hours_consumed = fields.Float(
        string="Hours from Prepaid Packs",
        compute="_compute_pack_hours_consumed",
        digits=(16, 2),
    )

    def _compute_pack_hours_consumed(self):
        Line = self.env["cloudworkz.prepaid.pack.line"].sudo()
        totals = dict(
            Line._read_group(
                [("ticket_id", "in", self.ids), ("line_type", "=", "consumption")],
                ["ticket_id"],
                ["hours:sum"],
            )
        )
        for ticket in self:
            ticket.pack_hours_consumed = -totals.get(ticket, 0.0)

    def write(self, vals):
        res = super().write(vals)
        if COVERAGE_FIELDS & set(vals):
            # the chargeable time of these requests may have changed
            self.timesheet_ids._pack_sync(self.timesheet_ids._pack_keys())
        return res

    def _coverage_customer_has_prepaid_hours(self):
        self.ensure_one()
        return bool(
            self.category_id.pack_allowed
            and self.commercial_partner_id.with_company(self.company_id).pack_balance
            > 0
        )
