# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SupportRequestMonth(models.Model):
    _inherit = "cloudworkz.support.request.month"

    pack_line_ids = fields.One2many(
        comodel_name="cloudworkz.prepaid.pack.line",
        inverse_name="request_month_id",
        string="Prepaid Pack Lines",
    )

    @api.depends("pack_line_ids.minutes", "pack_line_ids.line_type")
    def _compute_prepaid_minutes(self):
        for rm in self:
            rm.prepaid_minutes = -sum(
                line.minutes
                for line in rm.pack_line_ids
                if line.line_type == "consumption"
            )

    def _pack_may_pay(self):
        """Whether prepaid hours may pay this request's time."""
        self.ensure_one()
        return bool(self.ticket_id.category_id.pack_allowed)

    def _pack_consumption_date(self):
        """The day of the latest chargeable time of this request-month."""
        self.ensure_one()
        days = self.timesheet_ids.filtered("support_chargeable").mapped("date")
        return max(days) if days else self.month

    def _settle(self):
        res = super()._settle()
        # sudo: packs follow the time whoever logged it; agents read packs
        self.env["cloudworkz.prepaid.pack"].sudo()._sync_request_months(self.sudo())
        return res
