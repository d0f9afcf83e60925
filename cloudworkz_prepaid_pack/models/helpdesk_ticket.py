# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    pack_balance = fields.Float(
        related="commercial_partner_id.pack_balance", string="Prepaid Hours Left"
    )
    pack_hours_consumed = fields.Float(
        string="Hours from Prepaid Packs",
        compute="_compute_pack_hours_consumed",
    )

    @api.depends("support_request_month_ids.prepaid_minutes")
    def _compute_pack_hours_consumed(self):
        for ticket in self:
            ticket.pack_hours_consumed = (
                sum(ticket.support_request_month_ids.mapped("prepaid_minutes")) / 60.0
            )

    def _coverage_customer_has_prepaid_hours(self):
        self.ensure_one()
        return bool(
            self.category_id.pack_allowed
            and self.commercial_partner_id.with_company(self.company_id).pack_balance
            > 0
        )
