# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import MAX_DAYS, MAX_MONTHS, MAX_PERCENT, MAX_RULE_MINUTES


class ResCompany(models.Model):
    _inherit = "res.company"

    support_minimum_minutes = fields.Integer(
        string="Minimum per Request (min)",
        default=15,
        help="Chargeable time of a request is billed at least this many minutes.",
    )
    support_increment_minutes = fields.Integer(
        string="Billing Increment (min)",
        default=30,
        help="Above the minimum, chargeable time is billed in started blocks "
        "of this many minutes.",
    )
    support_hour_product_id = fields.Many2one(
        comodel_name="product.product",
        help="Product invoiced for chargeable support time; its price comes "
        "from the customer's pricelist.",
    )
    support_commitment_months = fields.Integer(
        string="Commitment (months)",
        default=12,
        help="Commitment of First Line and Maintenance agreements from their start.",
    )
    support_renewal_months = fields.Integer(
        string="Renewal Period (months)",
        default=12,
        help="An agreement not terminated at the end of its commitment renews "
        "for this many months.",
    )
    support_notice_months = fields.Integer(
        string="Termination Notice (months)",
        default=3,
        help="Notice the customer must give before the end of the commitment "
        "or renewal period.",
    )

    support_renewal_reminder_days = fields.Integer(
        string="Remind of Notice Deadline (days before)",
        default=30,
        help="The account manager gets an activity this many days before an "
        "agreement's notice deadline.",
    )
    support_indexation_percent = fields.Float(
        string="Yearly Price Indexation (%)",
        digits=(16, 2),
        help="Fixed prices of First Line and Maintenance rise by this "
        "percentage when an agreement renews. 0: no indexation.",
    )
    support_invoice_delivery = fields.Selection(
        selection=[
            ("draft", "Leave Drafts"),
            ("post_send", "Post and Send by Email"),
        ],
        string="Monthly Invoices",
        default="draft",
        required=True,
        help="Leave Drafts: the monthly run creates draft invoices that an "
        "accountant checks and sends. Post and Send by Email: the run also "
        "posts each invoice and emails it, with its PDF, to the customer's "
        "invoice contact; an invoice that cannot be sent stays a draft, shows "
        "the error in its chatter and is tried again by the next run.",
    )

    @api.constrains(
        "support_minimum_minutes",
        "support_increment_minutes",
        "support_commitment_months",
        "support_renewal_months",
        "support_notice_months",
        "support_renewal_reminder_days",
        "support_indexation_percent",
    )
    def _check_support_settings(self):
        for company in self:
            if company.support_minimum_minutes <= 0:
                raise ValidationError(_("The minimum per request must be above zero."))
            if company.support_increment_minutes <= 0:
                raise ValidationError(_("The billing increment must be above zero."))
            if (
                company.support_commitment_months < 0
                or company.support_renewal_months < 0
                or company.support_notice_months < 0
                or company.support_renewal_reminder_days < 0
            ):
                raise ValidationError(
                    _("Commitment, renewal and notice cannot be negative.")
                )
            if company.support_indexation_percent < 0:
                raise ValidationError(_("The price indexation cannot be negative."))
            if (
                max(company.support_minimum_minutes, company.support_increment_minutes)
                > MAX_RULE_MINUTES
            ):
                raise ValidationError(
                    _(
                        "The minimum per request and the billing increment are at "
                        "most %(max)s minutes (a day).",
                        max=MAX_RULE_MINUTES,
                    )
                )
            if (
                max(
                    company.support_commitment_months,
                    company.support_renewal_months,
                    company.support_notice_months,
                )
                > MAX_MONTHS
                or company.support_renewal_reminder_days > MAX_DAYS
            ):
                raise ValidationError(
                    _(
                        "Commitment, renewal and notice are at most %(months)s "
                        "months, the reminder at most %(days)s days before.",
                        months=MAX_MONTHS,
                        days=MAX_DAYS,
                    )
                )
            if company.support_indexation_percent > MAX_PERCENT:
                raise ValidationError(
                    _(
                        "The yearly price indexation is at most %(max)s %%.",
                        max="%g" % MAX_PERCENT,
                    )
                )

    def _support_notice_deadline(self, end):
        """Last day a notice may be received for a commitment (or renewal
        period) ending on ``end`` to end it then."""
        self.ensure_one()
        return end - relativedelta(months=self.support_notice_months)
