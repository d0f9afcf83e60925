# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The support agreement on OCA's contract: its type, users, code,
commitment and time-billing fields, their computes and constraints. The
other concerns live beside it: contract_contract_write (creating and
changing), contract_contract_month (what a month counts),
contract_contract_invoice_lines and contract_contract_invoicing (the
invoices), contract_contract_actions (buttons, statement) and
contract_renewal (notice and renewal)."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import (
    MAX_RULE_MINUTES,
    next_month,
)

SUPPORT_TYPES = [
    ("on_demand", "On Demand"),
    ("first_line", "First Line Support"),
    ("maintenance", "Maintenance"),
    ("first_line_maintenance", "First Line + Maintenance"),
]
FIRST_LINE_TYPES = ("first_line", "first_line_maintenance")
MAINTENANCE_TYPES = ("maintenance", "first_line_maintenance")
TYPE_SERVICES = {
    "on_demand": set(),
    "first_line": {"first_line"},
    "maintenance": {"maintenance"},
    "first_line_maintenance": {"first_line", "maintenance"},
}
# A run never invoices more months than this for one agreement: a guard
# against a start date typed decades in the past.
MAX_CATCH_UP_PERIODS = 120
# advisory lock key of the monthly invoicing run (any fixed bigint)
INVOICING_LOCK = 0x43575F494E56
# the unique key that refuses a second invoice for a month
PERIOD_KEY = "cloudworkz_support_billing_period_agreement_period_uniq"
# An agreement's bookkeeping: written by its own methods only (see
# tools/guard.py).
BOOKKEEPING_FIELDS = (
    "support_has_first_line",
    "support_has_maintenance",
    "support_services_since",
    "support_next_invoice_date",
    "support_invoicing_error",
    "support_invoicing_failed_on",
    "support_commitment_end",
    "support_notice_date",
    "support_renewal_date",
    "support_forced_termination",
    "support_notice_received_on",
    "support_renewal_reminded_for",
)
# What a salesperson (Sales: User) changes on a support agreement by hand:
# who follows it, its users and its code. Type, dates, prices and customer
# go through the quotation, the notice or the account manager.
SALESPERSON_FIELDS = {
    "name",
    "user_id",
    "tag_ids",
    "note",
    "support_contact_ids",
    "registered_user_ids",
    "it_key_user_ids",
    "code_module_ids",
    "patch_window_ids",
}
# Agreements per committed batch of the monthly run (other runs take 50):
# each commit empties the cache, and a batch reads again the products,
# taxes and accounts its invoices share; 100 invoices take a few seconds.
INVOICING_BATCH = 100


def _support_reraise_limits(error):
    """Odoo's worker limits (CPU time) raise a plain Exception: never taken
    for one agreement's failure."""
    if str(error) == "CPU time limit exceeded.":
        raise error


class ContractContract(models.Model):
    _inherit = "contract.contract"

    support_type = fields.Selection(
        selection=SUPPORT_TYPES,
        string="Agreement Type",
        tracking=True,
        index=True,
        help="Cloudworkz support model of this agreement. Leave empty for a "
        "plain recurring contract.",
    )
    support_has_first_line = fields.Boolean(
        string="Has First Line", compute="_compute_support_flags", store=True
    )
    support_has_maintenance = fields.Boolean(
        string="Has Maintenance", compute="_compute_support_flags", store=True
    )
    support_service_ids = fields.One2many(
        comodel_name="cloudworkz.support.service",
        inverse_name="agreement_id",
        string="Services",
    )
    # Contacts
    support_contact_ids = fields.One2many(
        comodel_name="cloudworkz.support.contact",
        inverse_name="agreement_id",
        string="Agreement Contacts",
    )
    registered_user_ids = fields.One2many(
        comodel_name="cloudworkz.support.contact",
        inverse_name="agreement_id",
        string="Registered Users",
        domain=[("role", "=", "registered_user")],
        context={"default_role": "registered_user"},
    )
    it_key_user_ids = fields.One2many(
        comodel_name="cloudworkz.support.contact",
        inverse_name="agreement_id",
        string="IT Key Users",
        domain=[("role", "=", "it_key_user")],
        context={"default_role": "it_key_user"},
    )
    support_users_sold_ids = fields.One2many(
        comodel_name="cloudworkz.support.seat",
        inverse_name="agreement_id",
        string="Users Sold",
    )
    support_users_sold = fields.Integer(
        string="Users Sold Today",
        compute="_compute_support_users_sold",
        help="Registered users sold on quotations up to today: First Line "
        "bills at least this many users a month, named or not yet.",
    )
    registered_user_count = fields.Integer(
        string="Registered Users Today",
        compute="_compute_registered_user_count",
        help="Registered users today. A month bills the users registered on "
        "any day of it, at least one.",
    )
    # Custom code
    code_module_ids = fields.One2many(
        comodel_name="cloudworkz.support.code.module",
        inverse_name="agreement_id",
        string="Custom Code Inventory",
    )
    code_measurement_ids = fields.One2many(
        comodel_name="cloudworkz.support.code.measurement",
        inverse_name="agreement_id",
        string="Code Measurements",
    )
    code_line_total = fields.Integer(
        string="Lines of Custom Code", compute="_compute_code_blocks"
    )
    code_block_count = fields.Integer(
        string="Blocks of 100 Lines",
        compute="_compute_code_blocks",
        help="Started blocks of 100 lines in the latest measurement. A month "
        "bills the latest measurement on or before its last day, at least "
        "one block.",
    )
    code_measured_on = fields.Date(
        string="Code Measured on", compute="_compute_code_blocks"
    )
    support_warning = fields.Text(
        compute="_compute_support_warning",
        help="What the fixed fees bill at least, when there is nothing to count.",
    )
    # Time billing
    support_minimum_minutes = fields.Integer(
        string="Minimum per Request (min)",
        default=lambda self: self.env.company.support_minimum_minutes,
        tracking=True,
    )
    support_increment_minutes = fields.Integer(
        string="Billing Increment (min)",
        default=lambda self: self.env.company.support_increment_minutes,
        tracking=True,
    )
    support_hour_product_id = fields.Many2one(
        comodel_name="product.product",
        default=lambda self: self.env.company.support_hour_product_id
        or self.env.ref(
            "cloudworkz_support_contract.product_support_hour",
            raise_if_not_found=False,
        ),
        check_company=True,
        help="Product invoiced for chargeable ticket time, priced by the "
        "customer's pricelist.",
    )
    support_usage_ids = fields.One2many(
        comodel_name="cloudworkz.support.usage",
        inverse_name="agreement_id",
        string="Pay-per-transaction Usage",
    )
    support_services_since = fields.Date(
        string="Services Unchanged since",
        compute="_compute_support_services_since",
        store=True,
        help="The last day a service started or ended after the agreement "
        "started (a type change): time logged before it is covered by the "
        "services that ran that day.",
    )
    support_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="support_agreement_id",
        string="Tickets",
    )
    support_ticket_count = fields.Integer(
        string="Ticket Count", compute="_compute_support_ticket_count"
    )
    support_request_month_ids = fields.One2many(
        comodel_name="cloudworkz.support.request.month",
        inverse_name="agreement_id",
        string="Request Ledger",
    )
    support_period_ids = fields.One2many(
        comodel_name="cloudworkz.support.billing.period",
        inverse_name="agreement_id",
        string="Invoiced Months",
    )
    support_next_invoice_date = fields.Date(
        string="Next Support Invoice",
        compute="_compute_support_next_invoice_date",
        store=True,
        index=True,
        help="Day the next month not yet invoiced is due: the first day of "
        "the month after it.",
    )
    support_invoicing_error = fields.Text(
        string="Last Invoicing Error", readonly=True, copy=False
    )
    support_invoicing_failed_on = fields.Date(
        readonly=True,
        copy=False,
        help="The run of this day failed for this agreement: the scheduled "
        "action leaves it until the next day, so that it never holds up the "
        "others (Invoice Due Months tries again at once).",
    )
    # Commitment
    support_commitment_end = fields.Date(
        string="Commitment End",
        compute="_compute_support_commitment",
        store=True,
        help="The latest end of the commitments of its First Line and "
        "Maintenance services, each fixed when the service started.",
    )
    support_notice_date = fields.Date(
        string="Notice Deadline",
        compute="_compute_support_commitment",
        store=True,
        help="Last day the customer can give notice so that the agreement "
        "ends at the end of its commitment.",
    )
    support_renewal_date = fields.Date(
        string="Renews on",
        compute="_compute_support_commitment",
        store=True,
        help="First day of the renewal period that follows the commitment.",
    )
    support_forced_termination = fields.Boolean(
        string="Terminated before Commitment End",
        readonly=True,
        copy=False,
        tracking=True,
    )
    # Maintenance operations
    patch_window_ids = fields.One2many(
        comodel_name="cloudworkz.support.patch.window",
        inverse_name="agreement_id",
    )
    patch_task_ids = fields.One2many(
        comodel_name="project.task",
        inverse_name="support_agreement_id",
        string="Maintenance Tasks",
    )
    # Requests of the customer's IT key users (portal)
    support_user_request_ids = fields.One2many(
        comodel_name="cloudworkz.support.user.request",
        inverse_name="agreement_id",
        string="Registered User Requests",
    )
    support_user_request_count = fields.Integer(
        string="User Requests to Decide",
        compute="_compute_support_user_request_count",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("support_type")
    def _compute_support_flags(self):
        for agreement in self:
            agreement.support_has_first_line = (
                agreement.support_type in FIRST_LINE_TYPES
            )
            agreement.support_has_maintenance = (
                agreement.support_type in MAINTENANCE_TYPES
            )

    @api.depends(
        "support_contact_ids.date_registered", "support_contact_ids.date_removed"
    )
    def _compute_registered_user_count(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.registered_user_count = agreement._support_user_count(
                today, today
            )

    @api.depends("support_users_sold_ids.quantity", "support_users_sold_ids.date_start")
    def _compute_support_users_sold(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.support_users_sold = agreement._support_users_sold(today)

    def _support_users_sold(self, day):
        """Users sold on quotations that start on or before ``day``."""
        self.ensure_one()
        return sum(
            self.support_users_sold_ids.filtered(lambda s: s.date_start <= day).mapped(
                "quantity"
            )
        )

    @api.depends("code_measurement_ids.lines_of_code", "code_measurement_ids.date")
    def _compute_code_blocks(self):
        for agreement in self:
            latest = agreement._support_measurement_on(None)
            agreement.code_line_total = latest.lines_of_code
            agreement.code_block_count = latest.block_count
            agreement.code_measured_on = latest.date

    @api.depends(
        "support_type",
        "support_contact_ids.date_removed",
        "code_measurement_ids.lines_of_code",
        "support_users_sold_ids.quantity",
    )
    def _compute_support_warning(self):
        for agreement in self:
            warnings = []
            sold = agreement.support_users_sold
            named = agreement.registered_user_count
            if agreement.support_has_first_line and named < sold:
                warnings.append(
                    _(
                        "%(named)s of the %(sold)s users sold are registered by "
                        "name: First Line is billed for the %(sold)s users sold.",
                        named=named,
                        sold=sold,
                    )
                )
            elif agreement.support_has_first_line and not named:
                warnings.append(
                    _(
                        "No registered users: First Line is billed for at least "
                        "one user."
                    )
                )
            if agreement.support_has_maintenance and not agreement.code_line_total:
                warnings.append(
                    _(
                        "No custom code measured: Maintenance is billed for at "
                        "least one block of 100 lines."
                    )
                )
            agreement.support_warning = "\n".join(warnings) or False

    @api.depends(
        "date_start", "support_service_ids.date_start", "support_service_ids.date_end"
    )
    def _compute_support_services_since(self):
        for agreement in self:
            days = [
                day
                for row in agreement.support_service_ids
                for day in (
                    row.date_start,
                    row.date_end and row.date_end + relativedelta(days=1),
                )
                if day and (not agreement.date_start or day > agreement.date_start)
            ]
            agreement.support_services_since = max(days, default=False)

    @api.depends("support_user_request_ids.state")
    def _compute_support_user_request_count(self):
        for agreement in self:
            agreement.support_user_request_count = len(
                agreement.support_user_request_ids.filtered(
                    lambda r: r.state == "requested"
                )
            )

    def _compute_support_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("support_agreement_id", "in", self.ids)],
                ["support_agreement_id"],
                ["__count"],
            )
        )
        for agreement in self:
            agreement.support_ticket_count = counts.get(agreement, 0)

    @api.depends(
        "support_service_ids.commitment_end",
        "support_service_ids.notice_date",
        "support_service_ids.date_end",
    )
    def _compute_support_commitment(self):
        for agreement in self:
            committed = agreement.support_service_ids.filtered(
                lambda s: s.commitment_end
                and (not s.date_end or s.date_end >= s.commitment_end)
            ).sorted("commitment_end")
            latest = committed[-1:]
            agreement.support_commitment_end = latest.commitment_end
            agreement.support_notice_date = latest.notice_date
            agreement.support_renewal_date = (
                latest.commitment_end + relativedelta(days=1)
                if latest.commitment_end
                else False
            )

    @api.depends(
        "support_type",
        "date_start",
        "date_end",
        "support_period_ids.date_start",
    )
    def _compute_support_next_invoice_date(self):
        for agreement in self:
            month = agreement._support_next_month()
            agreement.support_next_invoice_date = month and next_month(month)

    @api.depends(
        "contract_line_ids.recurring_next_date",
        "contract_line_ids.is_canceled",
        "support_next_invoice_date",
    )
    def _compute_recurring_next_date(self):
        # The next invoice of an agreement is the day after its next month.
        support = self.filtered("support_type")
        for agreement in support:
            agreement.recurring_next_date = agreement.support_next_invoice_date
        return super(ContractContract, self - support)._compute_recurring_next_date()

    def _get_computed_currency(self):
        # Fees and hours are priced by the customer's pricelist: an agreement
        # invoices in its currency, also without lines of its own.
        if self.support_type:
            currency = self._support_pricelist().currency_id
            if currency:
                return currency
        return super()._get_computed_currency()

    @api.constrains("support_minimum_minutes", "support_increment_minutes")
    def _check_support_rounding(self):
        for agreement in self.filtered("support_type"):
            if agreement.support_minimum_minutes <= 0:
                raise ValidationError(
                    _(
                        "%(agreement)s: the minimum per request must be above "
                        "zero minutes.",
                        agreement=agreement.display_name,
                    )
                )
            if agreement.support_increment_minutes <= 0:
                raise ValidationError(
                    _(
                        "%(agreement)s: the billing increment must be above "
                        "zero minutes.",
                        agreement=agreement.display_name,
                    )
                )
            if (
                max(
                    agreement.support_minimum_minutes,
                    agreement.support_increment_minutes,
                )
                > MAX_RULE_MINUTES
            ):
                raise ValidationError(
                    _(
                        "%(agreement)s: the minimum per request and the billing "
                        "increment are at most %(max)s minutes (a day).",
                        agreement=agreement.display_name,
                        max=MAX_RULE_MINUTES,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_support_dates(self):
        for agreement in self:
            if (
                agreement.date_start
                and agreement.date_end
                and agreement.date_end < agreement.date_start
            ):
                raise ValidationError(
                    _(
                        "%(agreement)s ends (%(end)s) before it starts (%(start)s).",
                        agreement=agreement.display_name,
                        end=agreement.date_end,
                        start=agreement.date_start,
                    )
                )

    @api.constrains("support_type", "line_recurrence")
    def _check_support_recurrence(self):
        for agreement in self.filtered("support_type"):
            if agreement.line_recurrence:
                raise ValidationError(
                    _(
                        "Support agreements are invoiced per calendar month: "
                        "recurrence at line level is not available."
                    )
                )
