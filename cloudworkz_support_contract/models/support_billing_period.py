# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..tools import month_label


class SupportBillingPeriod(models.Model):
    """One invoiced calendar month of a support agreement.

    The unique key (agreement, first day of the month) is what guarantees
    that a month is never invoiced twice, even by two workers running at
    once. Cancelling or deleting its invoice deletes it: the month is open
    again.
    """

    _name = "cloudworkz.support.billing.period"
    _description = "Support Agreement Billing Period"
    _order = "date_start desc, id desc"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", string="Customer", store=True
    )
    date_start = fields.Date(string="Month", required=True, readonly=True)
    date_end = fields.Date(string="Month End", required=True, readonly=True)
    invoice_id = fields.Many2one(
        comodel_name="account.move", readonly=True, index=True, ondelete="set null"
    )
    invoice_state = fields.Selection(related="invoice_id.state", string="Status")
    amount_untaxed = fields.Monetary(
        related="invoice_id.amount_untaxed", string="Untaxed Amount"
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")

    _sql_constraints = [
        (
            "agreement_period_uniq",
            "unique(agreement_id, date_start)",
            "This month of the agreement has already been invoiced.",
        )
    ]

    def _month_label(self):
        self.ensure_one()
        return month_label(self.env, self.date_start)

    def _compute_display_name(self):
        for period in self:
            period.display_name = (
                f"{period.agreement_id.display_name}, {period._month_label()}"
            )
