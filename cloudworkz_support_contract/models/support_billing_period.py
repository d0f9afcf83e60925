# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportBillingPeriod(models.Model):
    """One invoiced period of a support agreement.

    The unique key (agreement, period start) is what guarantees that a period
    is never invoiced twice, even by two workers running at once.
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
    date_start = fields.Date(string="Period Start", required=True, readonly=True)
    date_end = fields.Date(string="Period End", required=True, readonly=True)
    invoice_id = fields.Many2one(comodel_name="account.move", readonly=True, index=True)
    invoice_state = fields.Selection(related="invoice_id.state", string="Status")
    amount_untaxed = fields.Monetary(
        related="invoice_id.amount_untaxed", string="Untaxed Amount"
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")

    _sql_constraints = [
        (
            "agreement_period_uniq",
            "unique(agreement_id, date_start)",
            "This period of the agreement has already been invoiced.",
        )
    ]

    def _compute_display_name(self):
        for period in self:
            period.display_name = (
                f"{period.agreement_id.display_name} "
                f"{period.date_start} – {period.date_end}"
            )
