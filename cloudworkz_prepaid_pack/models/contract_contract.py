# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, fields, models

from odoo.addons.cloudworkz_support_contract.tools import billed_hours

from .prepaid_pack import month_start


class ContractContract(models.Model):
    _inherit = "contract.contract"

    pack_balance = fields.Float(
        related="commercial_partner_id.pack_balance", string="Prepaid Hours Left"
    )

    def _pack_split(self, ticket, timesheets):
        """(hours rounded per month, hours paid by packs) for this request."""
        minimum, increment = self._support_rounding()
        by_month = defaultdict(float)
        for timesheet in timesheets:
            by_month[month_start(timesheet.date)] += timesheet.unit_amount
        Pack = self.env["cloudworkz.prepaid.pack"]
        rounded = paid = 0.0
        for month, hours in by_month.items():
            month_rounded = billed_hours(hours, minimum, increment)
            rounded += month_rounded
            paid += min(month_rounded, Pack._consumed_hours(ticket, month))
        return rounded, paid

    def _support_billed_hours(self, ticket, timesheets):
        rounded, paid = self._pack_split(ticket, timesheets)
        if not paid:
            return super()._support_billed_hours(ticket, timesheets)
        return rounded - paid

    def _support_time_note(self, ticket, timesheets):
        rounded, paid = self._pack_split(ticket, timesheets)
        if not paid:
            return super()._support_time_note(ticket, timesheets)
        return _(
            "%(number)s %(title)s: %(hours)s h paid from prepaid hours",
            number=ticket.number,
            title=ticket.name,
            hours="%.2f" % paid,
        )

    def _support_time_line_name(self, ticket, timesheets, hours):
        name = super()._support_time_line_name(ticket, timesheets, hours)
        _rounded, paid = self._pack_split(ticket, timesheets)
        if paid:
            name += _(" (%(hours)s h paid from prepaid hours)", hours="%.2f" % paid)
        return name
