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

    @api.depends(
        "pack_line_ids.minutes",
        "pack_line_ids.line_type",
        "pack_line_ids.partner_id",
        "pack_line_ids.company_id",
        "partner_id",
        "company_id",
    )
    def _compute_prepaid_minutes(self):
        """Minutes the customer's own packs paid. Packs of another customer
        (the ticket moved) pay nothing: their hours go back to them."""
        foreign = self.browse()
        for rm in self:
            prepaid = 0
            for line in rm.pack_line_ids:
                if line.line_type != "consumption":
                    continue
                if rm._pack_is_own(line):
                    prepaid -= line.minutes
                else:
                    foreign |= rm
            rm.prepaid_minutes = prepaid
        foreign._mark_changed()

    def _pack_is_own(self, pack_line):
        """Whether ``pack_line`` is on a pack of this request's customer, in
        its company."""
        self.ensure_one()
        return (
            pack_line.partner_id == self.partner_id
            and pack_line.company_id == self.company_id
        )

    def _pack_may_pay(self):
        """Whether prepaid hours may pay this request's time."""
        self.ensure_one()
        return bool(self.ticket_id) and self.ticket_id._pack_may_pay()

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
