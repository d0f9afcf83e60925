# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time

from dateutil.relativedelta import relativedelta
from markupsafe import Markup
from psycopg2 import IntegrityError, errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..tools import (
    BUDGET,
    MAX_RULE_MINUTES,
    check_bookkeeping,
    code_blocks,
    exact_quantity_price,
    format_minutes,
    month_end,
    month_start,
    next_month,
    run_in_batches,
)
from .product_template import FEE_PRODUCTS
from .support_service import BASIS_SERVICE

_logger = logging.getLogger(__name__)

SUPPORT_TYPES = [
    ("on_demand", "On Demand"),
    ("first_line", "First Line Support"),
    ("maintenance", "Maintenance"),
    ("first_line_maintenance", "First Line + Maintenance"),
]
FIRST_LINE_TYPES = ("first_line", "first_line_maintenance")
MAINTENANCE_TYPES = ("maintenance", "first_line_maintenance")
COMMITTED_TYPES = FIRST_LINE_TYPES + MAINTENANCE_TYPES
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
    support_seat_ids = fields.One2many(
        comodel_name="cloudworkz.support.seat",
        inverse_name="agreement_id",
        string="Users Sold",
    )
    support_user_slots = fields.Integer(
        string="Users Sold Today",
        compute="_compute_support_user_slots",
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

    @api.depends("support_seat_ids.quantity", "support_seat_ids.date_start")
    def _compute_support_user_slots(self):
        today = fields.Date.context_today(self)
        for agreement in self:
            agreement.support_user_slots = agreement._support_users_sold(today)

    def _support_users_sold(self, day):
        """Users sold on quotations that start on or before ``day``."""
        self.ensure_one()
        return sum(
            self.support_seat_ids.filtered(lambda s: s.date_start <= day).mapped(
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
        "support_seat_ids.quantity",
    )
    def _compute_support_warning(self):
        for agreement in self:
            warnings = []
            sold = agreement.support_user_slots
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

    # ------------------------------------------------------------------
    # Create / write: services, fee lines and patch window follow the type
    # ------------------------------------------------------------------
    def _support_check_salesperson(self, vals_list):
        """A salesperson without accounting-manager rights changes a support
        agreement only where SALESPERSON_FIELDS say (their quotation, the
        notice and the user requests go through their own actions)."""
        if self.env.su or self.env.user.has_group("account.group_account_manager"):
            return
        for vals in vals_list:
            fields_written = {
                fname
                for fname in vals
                if not fname.startswith(("message_", "activity_", "website_message"))
            }
            refused = sorted(fields_written - SALESPERSON_FIELDS)
            if refused:
                raise AccessError(
                    _(
                        "Only an account manager changes %(fields)s of a support "
                        "agreement.",
                        fields=", ".join(self._fields[f].string for f in refused),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, BOOKKEEPING_FIELDS)
        if any(vals.get("support_type") for vals in vals_list):
            self._support_check_salesperson(
                [vals for vals in vals_list if vals.get("support_type")]
            )
        for vals in vals_list:
            if vals.get("support_type"):
                # Calendar months, invoiced once each month is over.
                vals.setdefault("recurring_invoicing_type", "post-paid")
                vals.setdefault("recurring_rule_type", "monthlylastday")
        agreements = super().create(vals_list)
        support = agreements.filtered("support_type")
        for agreement in support:
            agreement._support_sync_services(agreement.date_start)
        support._support_refresh_ledger()
        return agreements

    def copy(self, default=None):
        agreement = super().copy(default)
        if self.support_type:
            agreement.contract_line_ids._support_copy_prices_of(self.contract_line_ids)
        return agreement

    def _support_state(self):
        """What decides an agreement's months, as stored: (type, start, end,
        active, customer, company)."""
        self.ensure_one()
        return (
            self.support_type,
            self.date_start,
            self.date_end,
            self.active,
            self.commercial_partner_id,
            self.company_id,
        )

    def write(self, vals):
        check_bookkeeping(self, [vals], BOOKKEEPING_FIELDS)
        if self.filtered("support_type"):
            self._support_check_salesperson([vals])
        before = {agreement: agreement._support_state() for agreement in self}
        res = super().write(vals)
        changed = self.filtered(
            lambda a: a.support_type and before[a] != a._support_state()
        )
        for agreement in changed:
            old_type, old_start, _end, _active, old_customer, _company = before[
                agreement
            ]
            agreement._support_check_invoiced_months(before[agreement])
            change_day = agreement._support_change_date()
            # Not started and never invoiced (or its start moved before
            # anything was invoiced): still being set up, its services
            # start with it. Otherwise a type change takes effect on the
            # day of the change, whether or not a month was invoiced.
            setting_up = not agreement._support_is_invoiced() and (
                old_start != agreement.date_start or agreement.date_start >= change_day
            )
            if setting_up and (
                old_type != agreement.support_type or old_start != agreement.date_start
            ):
                agreement.support_service_ids.unlink()
                if old_start != agreement.date_start:
                    agreement._support_move_start(old_start)
                agreement._support_sync_services(agreement.date_start)
            elif old_type != agreement.support_type:
                agreement._support_sync_services(change_day)
            if old_customer != agreement.commercial_partner_id:
                # its tickets look for their own customer's agreement again
                tickets = agreement.sudo().support_ticket_ids
                self.env.add_to_compute(
                    tickets._fields["support_agreement_id"], tickets
                )
        if changed:
            customers = changed.commercial_partner_id
            for agreement in changed:
                customers |= before[agreement][4]
            changed._support_refresh_ledger(customers)
        return res

    def _support_check_invoiced_months(self, before):
        """An invoiced month stays the agreement's: its customer, company,
        start, and the days before its end do not change, and a type change
        takes effect after it."""
        self.ensure_one()
        periods = self.support_period_ids
        if not periods:
            return
        _type, start, _end, _active, customer, company = before
        first = min(periods.mapped("date_start"))
        last = max(periods.mapped("date_end"))
        if customer != self.commercial_partner_id or company != self.company_id:
            raise UserError(
                _(
                    "%(agreement)s has invoiced months: it stays %(customer)s's "
                    "agreement in %(company)s. Give the other customer an "
                    "agreement of its own.",
                    agreement=self.display_name,
                    customer=customer.display_name,
                    company=company.display_name,
                )
            )
        if start != self.date_start:
            raise UserError(
                _(
                    "%(agreement)s is invoiced from %(first)s: its start can no "
                    "longer move. Credit or cancel its invoices first.",
                    agreement=self.display_name,
                    first=first,
                )
            )
        if self.date_end and self.date_end < last:
            raise UserError(
                _(
                    "%(agreement)s is invoiced up to %(last)s: it can end on that "
                    "day at the earliest. Credit or cancel the invoices of the "
                    "later months first.",
                    agreement=self.display_name,
                    last=last,
                )
            )
        if before[0] != self.support_type and self._support_change_date() <= last:
            raise UserError(
                _(
                    "%(agreement)s is invoiced up to %(last)s: a type change "
                    "takes effect on %(next)s at the earliest.",
                    agreement=self.display_name,
                    last=last,
                    next=last + relativedelta(days=1),
                )
            )

    def _support_move_start(self, old_start):
        """The agreement now starts on another day, before anything was
        invoiced: what was sold with its start (users sold, the quoted code,
        its fee lines) starts with it."""
        self.ensure_one()
        new_start = self.date_start
        if not (old_start and new_start):
            return
        # sudo: the sale's bookkeeping follows the start whoever moves it
        agreement = self.sudo()
        agreement.support_seat_ids.filtered(lambda s: s.date_start == old_start).write(
            {"date_start": new_start}
        )
        # the modules known at the start move their code with them (see
        # their write)
        agreement.code_module_ids.filtered(
            lambda m: m.date_measured == old_start
        ).write({"date_measured": new_start})
        agreement.contract_line_ids.filtered(
            lambda line: line.date_start == old_start
        ).write({"date_start": new_start})

    def _support_change_date(self):
        """Day a type change takes effect: today, or the day given in the
        context (``support_change_date``)."""
        day = self.env.context.get("support_change_date")
        return fields.Date.to_date(day) if day else fields.Date.context_today(self)

    def _support_is_invoiced(self):
        self.ensure_one()
        return bool(self.support_period_ids)

    def _support_sync_services(self, day):
        """Services of the agreement's type run from ``day``; the others end
        the day before. Each added service starts its own commitment."""
        self.ensure_one()
        Service = self.env["cloudworkz.support.service"]
        wanted = TYPE_SERVICES.get(self.support_type, set())
        running = self.support_service_ids.filtered(
            lambda s: not s.date_end or s.date_end >= day
        )
        for service in running.filtered(lambda s: s.service not in wanted):
            service._end_before(day)
        present = set(running.filtered(lambda s: s.service in wanted).mapped("service"))
        Service.create(
            [
                dict(
                    {"agreement_id": self.id, "service": service, "date_start": day},
                    **Service._commitment_vals(self.company_id, day),
                )
                for service in sorted(wanted - present)
            ]
        )
        self._support_sync_fee_lines()
        if "maintenance" in wanted and not self.patch_window_ids:
            self.env["cloudworkz.support.patch.window"].create(
                {"agreement_id": self.id}
            )

    def _support_sync_fee_lines(self):
        """Add the fee line each service needs, once. Existing lines are
        never removed nor repriced: a line bills only the days its service
        runs."""
        line_vals = []
        for agreement in self:
            present = set(
                agreement.contract_line_ids.mapped(
                    "product_id.product_tmpl_id.support_billing_basis"
                )
            )
            services = set(agreement.support_service_ids.mapped("service"))
            for basis, service in BASIS_SERVICE.items():
                if service not in services or basis in present:
                    continue
                product = self.env.ref(FEE_PRODUCTS[basis], raise_if_not_found=False)
                if not product:
                    continue
                line_vals.append(
                    {
                        "contract_id": agreement.id,
                        "product_id": product.id,
                        "name": f"{product.display_name}: #START# - #END#",
                        "uom_id": product.uom_id.id,
                        "quantity": 1.0,
                        # the price is the customer's pricelist's (list price
                        # without one) on the month invoiced
                        "automatic_price": True,
                        "date_start": agreement.date_start,
                        "date_end": agreement.date_end,
                        "recurring_rule_type": agreement.recurring_rule_type,
                        "recurring_interval": agreement.recurring_interval,
                        "recurring_invoicing_type": agreement.recurring_invoicing_type,
                        "recurring_next_date": agreement.recurring_next_date,
                    }
                )
        if line_vals:
            self.env["contract.line"].create(line_vals)

    @api.model
    def _support_create_on_demand(self, customer, company, day):
        """An On Demand agreement for ``customer`` from the month of ``day``
        (or the day after an agreement of theirs ends in it)."""
        start = month_start(day)
        earlier = self.search(
            [
                ("support_type", "!=", False),
                ("commercial_partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("date_end", ">=", start),
                ("date_end", "<=", month_end(day)),
            ]
        )
        for agreement in earlier:
            start = max(start, agreement.date_end + relativedelta(days=1))
        # sudo: the On Demand agreement comes with a sale or the account
        # manager's Bill On Demand, whoever made them
        return (
            self.with_company(company)
            .sudo()
            .create(
                {
                    "name": _(
                        "On Demand support: %(customer)s", customer=customer.name
                    ),
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "contract_type": "sale",
                    "support_type": "on_demand",
                    "date_start": start,
                    # the customer's salesperson follows it, not whoever (or
                    # whatever job) happened to create it
                    "user_id": customer.user_id.id,
                }
            )
        )

    def _support_refresh_ledger(self, partners=None):
        """The customer's agreements changed: its request-months look again
        for the agreement that bills them (``partners``: these customers'
        too, e.g. the one an agreement no longer belongs to)."""
        partners = (partners or self.env["res.partner"]) | self.commercial_partner_id
        if not partners:
            return
        RequestMonth = self.env["cloudworkz.support.request.month"].sudo()
        rms = RequestMonth.search([("partner_id", "in", partners.ids)])
        if rms:
            rms._refresh_agreement()
            RequestMonth._settle_pending()

    # ------------------------------------------------------------------
    # Which agreement runs for a customer: one rule for every caller
    # ------------------------------------------------------------------
    @api.model
    def _support_agreements_of(self, customers):
        """The support agreements (sale) of these customer companies, the
        latest started first: the candidates of ``_support_running_in``."""
        if not customers:
            return self.browse()
        return self.search(
            [
                ("support_type", "!=", False),
                ("contract_type", "=", "sale"),
                ("commercial_partner_id", "in", customers.commercial_partner_id.ids),
            ],
            order="date_start desc, id desc",
        )

    def _support_running_in(self, customer, company, first, last=None):
        """Of these agreements (``_support_agreements_of``), the one of
        ``customer`` in ``company`` that runs on some day of [first, last]
        (one day without ``last``): the latest started. Empty: none runs,
        the time is flagged."""
        last = last or first
        for agreement in self:
            if (
                agreement.commercial_partner_id == customer.commercial_partner_id
                and agreement.company_id == company
                and agreement.active
                and agreement._support_runs_between(first, last)
            ):
                return agreement
        return self.browse()

    @api.model
    def _support_running(self, customer, company, first, last=None):
        """The agreement of ``customer`` in ``company`` that runs on some
        day of [first, last] (one day without ``last``)."""
        return self._support_agreements_of(customer)._support_running_in(
            customer, company, first, last
        )

    def _support_runs_between(self, first, last):
        """Whether the agreement runs on some day of [first, last]."""
        self.ensure_one()
        return bool(
            self.date_start
            and self.date_start <= last
            and (not self.date_end or self.date_end >= first)
        )

    # ------------------------------------------------------------------
    # What a month counts
    # ------------------------------------------------------------------
    def _support_runs_in(self, month):
        """Whether the agreement runs on some day of ``month``."""
        self.ensure_one()
        return self._support_runs_between(month_start(month), month_end(month))

    def _support_service_days(self, service, month, first=None, last=None):
        """(first, last, days) of ``month`` that ``service`` runs on this
        agreement (several runs in one month add up), or None; only the
        days from ``first`` to ``last`` when given (a fee whose price
        changed within the month)."""
        self.ensure_one()
        first = max(month_start(month), first or month_start(month))
        last = min(month_end(month), last or month_end(month))
        if first > last:
            return None
        spans = [
            span
            for row in self.support_service_ids
            if row.service == service
            for span in [row._days_in(first, last)]
            if span
        ]
        if not spans:
            return None
        return (
            min(span[0] for span in spans),
            max(span[1] for span in spans),
            sum(span[2] for span in spans),
        )

    def _support_services_now(self):
        """The services the agreement's type runs (a set; none for On Demand
        or no agreement)."""
        if len(self) != 1:
            return frozenset()
        return frozenset(TYPE_SERVICES.get(self.support_type, ()))

    def _support_services_on(self, day):
        """The services that ran on ``day`` (a set): a type change in a
        month splits it by day."""
        if len(self) != 1 or not day:
            return frozenset()
        return frozenset(
            row.service for row in self.support_service_ids if row._days_in(day, day)
        )

    def _support_user_count(self, first, last, role="registered_user"):
        """Contacts of ``role`` registered on some day of [first, last]."""
        self.ensure_one()
        return len(
            self.support_contact_ids.filtered(
                lambda c: c.role == role and c._overlaps(first, last)
            ).partner_id
        )

    def _support_measurement_on(self, day):
        """The latest code measurement on or before ``day`` (None: the
        latest of all)."""
        self.ensure_one()
        measurements = self.code_measurement_ids.filtered(
            lambda m: day is None or m.date <= day
        ).sorted(lambda m: (m.date, m.id))
        return measurements[-1:]

    def _support_code_blocks(self, day):
        self.ensure_one()
        lines = self._support_measurement_on(day).lines_of_code
        return code_blocks(lines)

    def _support_month_invoiced(self, day):
        self.ensure_one()
        return month_start(day) in set(self.support_period_ids.mapped("date_start"))

    def _support_code_day(self, day):
        """The day a change of the code inventory counts from: ``day``, or
        the first day of the first month after it not yet invoiced (a month
        invoiced keeps the figure it was billed with)."""
        self.ensure_one()
        while self._support_month_invoiced(day):
            day = month_start(day) + relativedelta(months=1)
        return day

    def _support_code_changed(self, day, delta, method="manual"):
        """The inventory gained ``delta`` lines of code (lost, when
        negative) from ``day`` on: the measurement of that day says so, and
        so do the later ones not yet invoiced, as if the change had been
        entered before them."""
        self.ensure_one()
        if not delta:
            return
        day = self._support_code_day(day)
        # sudo: measurements are the agreement's bookkeeping; whoever may
        # change the inventory moves them
        measurements = self.sudo().code_measurement_ids
        at_day = measurements.filtered(lambda m: m.date == day)
        if at_day:
            at_day.write(
                {
                    "lines_of_code": max(0, at_day.lines_of_code + delta),
                    "measure_method": method,
                    "module_count": len(self.code_module_ids),
                }
            )
        else:
            measurements.create(
                {
                    "agreement_id": self.id,
                    "date": day,
                    "lines_of_code": max(
                        0, self._support_measurement_on(day).lines_of_code + delta
                    ),
                    "measure_method": method,
                    "module_count": len(self.code_module_ids),
                }
            )
        for later in measurements.filtered(
            lambda m: m.date > day and not self._support_month_invoiced(m.date)
        ):
            later.lines_of_code = max(0, later.lines_of_code + delta)

    def _support_code_measured(self, method):
        """The inventory as it is now was measured today: it is the code
        from today on, in place of what was known before (estimates, and
        later measurements not yet invoiced)."""
        self.ensure_one()
        day = self._support_code_day(fields.Date.context_today(self))
        vals = {
            "lines_of_code": sum(self.code_module_ids.mapped("lines_of_code")),
            "module_count": len(self.code_module_ids),
            "measure_method": method,
        }
        # sudo: as in _support_code_changed
        measurements = self.sudo().code_measurement_ids
        at_day = measurements.filtered(lambda m: m.date == day)
        if at_day:
            at_day.write(vals)
        else:
            measurements.create(dict(vals, agreement_id=self.id, date=day))
        measurements.filtered(
            lambda m: m.date > day and not self._support_month_invoiced(m.date)
        ).unlink()

    def _support_add_code_estimate(self, order_name, lines, day):
        """The custom code quoted on ``order_name``, from ``day``: on top of
        the code measured or estimated before, until the code is measured."""
        self.ensure_one()
        # sudo: the quoted code comes with the confirmed order, whose
        # salesperson may not edit the inventory by hand
        self.env["cloudworkz.support.code.module"].sudo().create(
            {
                "agreement_id": self.id,
                "name": _("Estimate on %(order)s", order=order_name),
                "lines_of_code": lines,
                "date_measured": day,
                "measure_method": "quote",
            }
        )

    def _support_ask_completion(self, order):
        """The account manager completes what the quotation only counted."""
        self.ensure_one()
        self.message_post(
            body=Markup(
                _("Sold on %(order)s: %(users)s users, %(lines)s lines of custom code.")
            )
            % {
                "order": order._get_html_link(),
                "users": self.support_user_slots,
                "lines": self.code_line_total,
            }
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=_("Complete the agreement sold on %(order)s", order=order.name),
            note=_(
                "Register the users by name (%(users)s sold) and measure the "
                "custom code (%(lines)s lines estimated on the quotation).",
                users=self.support_user_slots,
                lines=self.code_line_total,
            ),
            user_id=(self.user_id or order.user_id or self.env.user).id,
        )

    def _support_set_code_inventory(self, counts, method="manual", replace=False):
        """Write measured lines of code per module into the inventory.

        ``counts`` maps module names to lines of code. Modules not in
        ``counts`` are removed when ``replace`` is set, kept otherwise.
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        existing = {module.name: module for module in self.code_module_ids}
        to_create = []
        for name, lines in sorted(counts.items()):
            vals = {
                "lines_of_code": lines,
                "date_measured": today,
                "measure_method": method,
            }
            if name in existing:
                existing[name].write(vals)
            else:
                to_create.append(dict(vals, name=name, agreement_id=self.id))
        self.env["cloudworkz.support.code.module"].create(to_create)
        # measured code replaces the quotations' estimates
        self.code_module_ids.filtered(lambda m: m.measure_method == "quote").unlink()
        if replace:
            self.code_module_ids.filtered(lambda m: m.name not in counts).unlink()
        self._support_code_measured(method)
        self.message_post(
            body=_(
                "Custom code measured (%(method)s): %(modules)s modules, "
                "%(lines)s lines, %(blocks)s blocks of 100 lines.",
                method=method,
                modules=len(counts),
                lines=self.code_line_total,
                blocks=self.code_block_count,
            )
        )

    # ------------------------------------------------------------------
    # Termination and commitment
    # ------------------------------------------------------------------
    def _terminate_contract(
        self,
        terminate_reason_id,
        terminate_comment,
        terminate_date,
        terminate_lines_with_last_date_invoiced=False,
    ):
        self.ensure_one()
        early = (
            self.support_commitment_end and terminate_date < self.support_commitment_end
        )
        forced = early and self.env.context.get("support_force_termination")
        if early and not forced:
            raise UserError(
                _(
                    "%(agreement)s is committed until %(end)s: it cannot be "
                    "terminated on %(date)s. A manager may force the termination "
                    "with a reason.",
                    agreement=self.display_name,
                    end=self.support_commitment_end,
                    date=terminate_date,
                )
            )
        if forced:
            if not self.env.user.has_group("account.group_account_manager"):
                raise UserError(
                    _(
                        "Only a manager can terminate an agreement before its "
                        "commitment end."
                    )
                )
            if not (terminate_comment or "").strip():
                raise UserError(
                    _("Say why the agreement ends before its commitment end.")
                )
        res = super()._terminate_contract(
            terminate_reason_id,
            terminate_comment,
            terminate_date,
            terminate_lines_with_last_date_invoiced=terminate_lines_with_last_date_invoiced,
        )
        if self.support_type:
            vals = {}
            if not self.date_end or self.date_end > terminate_date:
                vals["date_end"] = terminate_date
            if forced:
                vals["support_forced_termination"] = True
            if vals:
                # sudo: the end and the forced flag follow the termination,
                # whose rights were checked above and by OCA's wizard
                self.sudo().write(vals)
            if forced:
                self.message_post(
                    body=Markup("<p>%s</p><p>%s</p>")
                    % (
                        _(
                            "Terminated on %(date)s, before the commitment end "
                            "%(end)s, by %(user)s.",
                            date=terminate_date,
                            end=self.support_commitment_end,
                            user=self.env.user.name,
                        ),
                        terminate_comment,
                    )
                )
        return res

    def action_cancel_contract_termination(self):
        res = super().action_cancel_contract_termination()
        # sudo: the flag is the termination's bookkeeping, undone with it
        self.filtered("support_forced_termination").sudo().write(
            {"support_forced_termination": False}
        )
        return res

    # ------------------------------------------------------------------
    # Invoicing: calendar months
    # ------------------------------------------------------------------
    @api.model
    def _get_contracts_to_invoice_domain(self, date_ref=None):
        # Support agreements are invoiced by their own cron, month by month.
        domain = super()._get_contracts_to_invoice_domain(date_ref)
        return expression.AND([domain, [("support_type", "=", False)]])

    def _recurring_create_invoice(self, date_ref=False):
        support = self.filtered("support_type")
        moves = super(ContractContract, self - support)._recurring_create_invoice(
            date_ref
        )
        if support and not (
            self.env.su or self.env.user.has_group("account.group_account_invoice")
        ):
            raise AccessError(_("Only accountants can invoice agreements."))
        # Only months that are over: a month invoiced early would miss the
        # users registered and the code measured later in it. (OCA's manual
        # invoicing wizard takes a date from the user: never a later one.)
        today = fields.Date.context_today(self)
        date_ref = min(fields.Date.to_date(date_ref) or today, today)
        for agreement in support:
            moves |= agreement._support_invoice_due(date_ref)
        return moves

    def _compute_invoice_count(self):
        if self.env["account.move.line"].check_access_rights(
            "read", raise_exception=False
        ):
            return super()._compute_invoice_count()
        # sudo: agents read agreements without accounting rights; they see
        # how many invoices there are, the invoices stay closed to them.
        for agreement in self:
            agreement.invoice_count = len(agreement.sudo()._get_related_invoices())

    def action_show_invoices(self):
        if not self.env["account.move"].check_access_rights(
            "read", raise_exception=False
        ):
            # agents see how many invoices there are, not the invoices
            raise UserError(_("The invoices of an agreement are for accountants."))
        return super().action_show_invoices()

    def _get_related_invoices(self):
        invoices = super()._get_related_invoices()
        return invoices | self.env["account.move"].search(
            [("support_agreement_id", "in", self.ids)]
        )

    def _support_months(self):
        """First and last month of the agreement (last None: open)."""
        self.ensure_one()
        if not self.date_start:
            return None, None
        last = month_start(self.date_end) if self.date_end else None
        return month_start(self.date_start), last

    def _support_next_month(self):
        """First day of the earliest month not invoiced yet, or False."""
        self.ensure_one()
        if not self.support_type:
            return False
        first, last = self._support_months()
        if not first:
            return False
        invoiced = set(self.support_period_ids.mapped("date_start"))
        month = first
        while month in invoiced:
            month = next_month(month)
        if last and month > last:
            return False
        return month

    def _support_due_months(self, date_ref):
        """Months to invoice on ``date_ref``: those over and not invoiced,
        oldest first."""
        self.ensure_one()
        first, last = self._support_months()
        if not first:
            return []
        invoiced = set(self.support_period_ids.mapped("date_start"))
        months = []
        month = first
        while next_month(month) <= date_ref and (not last or month <= last):
            if month not in invoiced:
                months.append(month)
                if len(months) >= MAX_CATCH_UP_PERIODS:
                    break
            month = next_month(month)
        return months

    def _support_pricelist(self):
        self.ensure_one()
        return (
            self.pricelist_id
            or self.partner_id.with_company(self.company_id).property_product_pricelist
        )

    def _support_price(self, product, quantity, day):
        """Unit price of ``product`` for this customer in the month billed,
        in the agreement's currency, rounded as an invoice line's unit price:
        the customer's pricelist and its rules valid on ``day``, the first
        day the month bills (list price without a pricelist). Never the day
        the invoice is made: January's users, code and hours are priced at
        January's prices whenever they are invoiced. A month is priced on
        its first day billed: the agreement's start in its first month, for
        its fees as for its hours and usage."""
        self.ensure_one()
        if self.date_start and day and day < self.date_start:
            day = self.date_start
        pricelist = self._support_pricelist()
        # a run over many agreements asks the same prices again and again
        memo = self.env.context.get("support_price_memo")
        key = (pricelist.id, product.id, quantity, day, self.currency_id.id)
        if memo is not None and key in memo:
            return memo[key]
        price = self._support_price_uncached(pricelist, product, quantity, day)
        if memo is not None:
            memo[key] = price
        return price

    def _support_price_uncached(self, pricelist, product, quantity, date):
        if pricelist:
            price = pricelist._get_product_price(
                product, quantity or 1.0, uom=product.uom_id, date=date
            )
            currency = pricelist.currency_id
        else:
            price = product.with_company(self.company_id).lst_price
            currency = self.company_id.currency_id
        if currency != self.currency_id:
            price = currency._convert(price, self.currency_id, self.company_id, date)
        return (
            self.env["account.move.line"]
            ._fields["price_unit"]
            .convert_to_cache(price, self.env["account.move.line"])
        )

    def _support_line_digits(self):
        """Decimals of (quantity, unit price, amount) on an invoice line."""
        AccountMoveLine = self.env["account.move.line"]
        return (
            AccountMoveLine._fields["quantity"].get_digits(self.env)[1],
            AccountMoveLine._fields["price_unit"].get_digits(self.env)[1],
            self.currency_id.decimal_places,
        )

    def _support_exact_line(self, quantity, price_unit, amount):
        """(quantity, unit price, kept) writing exactly ``amount``."""
        return exact_quantity_price(
            quantity, price_unit, amount, self._support_line_digits()
        )

    def _support_prepare_fee_lines(self, month, invoice_date):
        """Invoice line values of the fixed fees of ``month``, priced on the
        first day each bills in it."""
        self.ensure_one()
        line_vals = []
        for line in self.contract_line_ids:
            if line.display_type or line.is_canceled:
                continue
            span = line._support_days_in(month)
            if not span:
                continue
            vals = line.with_context(
                support_period=(span[0], span[1], invoice_date)
            )._prepare_invoice_line()
            if vals:
                vals.pop("company_id", None)
                vals.pop("company_currency_id", None)
                line_vals.append(vals)
        return line_vals

    def _support_request_months_to_invoice(self, last_day):
        """Request-months billed under these agreements up to ``last_day``
        that an invoice must account for: minutes due, or prepaid time no
        invoice has noted yet."""
        return self.env["cloudworkz.support.request.month"].search(
            [
                ("agreement_id", "in", self.ids),
                ("month", "<=", last_day),
                "|",
                ("due_minutes", ">", 0),
                "&",
                ("prepaid_minutes", ">", 0),
                (
                    "timesheet_ids",
                    "any",
                    [
                        ("support_chargeable", "=", True),
                        ("support_invoice_line_id", "=", False),
                    ],
                ),
            ],
            order="month, ticket_id",
        )

    def _support_prepare_time_lines(self, last_day, invoice_date, rms=None):
        """Invoice line values of the request-months up to ``last_day`` (or
        ``rms``, when read already): one line per request and month with its
        minutes due, a note for time prepaid hours paid in full. Each month
        is priced at its own hour price, and billed so that all its invoices
        together cost what billing it at once would have (late minutes bill
        the rest of the amount, not an amount rounded on its own)."""
        self.ensure_one()
        if rms is None:
            rms = self._support_request_months_to_invoice(last_day)
        if not rms:
            return []
        product = self.support_hour_product_id
        if not product and any(rms.mapped("due_minutes")):
            raise UserError(
                _(
                    "%(agreement)s has chargeable time but no support hour product.",
                    agreement=self.display_name,
                )
            )
        currency = self.currency_id
        lines = []
        for rm in rms:
            timesheets = rm._unsettled_timesheets()
            vals = {
                "name": rm._invoice_text(),
                "support_request_month_id": rm.id,
                "support_timesheet_ids": [Command.set(timesheets.ids)],
            }
            if not rm.due_minutes:
                vals["display_type"] = "line_note"
                lines.append(vals)
                continue
            price = self._support_price(product, 1.0, rm.month)
            # the month's minutes at once, less the minutes billed before,
            # both at the month's price: the late minutes are priced, never
            # what an accountant changed on the invoice before
            amount = currency.round(
                currency.round(price * (rm.invoiced_minutes + rm.due_minutes) / 60.0)
                - currency.round(price * rm.invoiced_minutes / 60.0)
            )
            hours = rm.due_minutes / 60.0
            quantity, price_unit, kept = self._support_exact_line(hours, price, amount)
            vals.update(
                {
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id if kept else False,
                    "quantity": quantity,
                    "price_unit": price_unit,
                    "support_billed_minutes": rm.due_minutes,
                    "support_hour_price": price,
                }
            )
            if rm.invoiced_minutes:
                before = rm._invoiced_amount()
                vals["name"] += _(
                    "; %(total)s for %(billed)s, %(before)s invoiced before",
                    total=self._support_format_amount(amount + before),
                    billed=format_minutes(rm.invoiced_minutes + rm.due_minutes),
                    before=self._support_format_amount(before),
                )
            if not kept:
                vals["name"] += _(
                    " (%(price)s per hour)",
                    price=self._support_format_amount(price),
                )
            lines.append(vals)
        return lines

    def _support_format_amount(self, amount):
        return f"{amount:,.{self.currency_id.decimal_places}f}"

    def _support_usages_to_invoice(self, last_day):
        """Pay-per-transaction usage of these agreements up to ``last_day``
        that no invoice billed yet."""
        return self.env["cloudworkz.support.usage"].search(
            [
                ("agreement_id", "in", self.ids),
                ("date", "<=", last_day),
                ("invoice_line_id", "=", False),
            ],
            order="product_id, date, id",
        )

    def _support_items_to_invoice(self, last_days):
        """The request-months and usage of these agreements, each up to its
        last day ({agreement: last day}), read for all of them at once:
        {agreement: (request-months, usages)}."""
        last = max(last_days.values())
        rms = self._support_request_months_to_invoice(last)
        usages = self._support_usages_to_invoice(last)
        ids = {agreement: ([], []) for agreement in last_days}
        # one pass each, in the searches' order
        for rm in rms:
            if rm.month <= last_days[rm.agreement_id]:
                ids[rm.agreement_id][0].append(rm.id)
        for usage in usages:
            if usage.date <= last_days[usage.agreement_id]:
                ids[usage.agreement_id][1].append(usage.id)
        # each agreement's share still reads its fields for the whole batch
        return {
            agreement: (
                rms.browse(rm_ids).with_prefetch(rms._prefetch_ids),
                usages.browse(usage_ids).with_prefetch(usages._prefetch_ids),
            )
            for agreement, (rm_ids, usage_ids) in ids.items()
        }

    def _support_prepare_usage_lines(self, last_day, invoice_date, usages=None):
        """Invoice line values for pay-per-transaction usage up to
        ``last_day`` (or ``usages``, when read already), one per service and
        month of use, at that month's price."""
        self.ensure_one()
        if usages is None:
            usages = self._support_usages_to_invoice(last_day)
        groups = {}
        for usage in usages:
            key = (usage.product_id, month_start(usage.date))
            groups.setdefault(key, usage.browse())
            groups[key] |= usage
        lines = []
        for (product, month), month_usages in groups.items():
            quantity = sum(month_usages.mapped("quantity"))
            lines.append(
                {
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "name": _(
                        "%(service)s: %(count)s transactions up to %(date)s",
                        service=product.display_name,
                        count="%g" % quantity,
                        date=min(last_day, month_end(month)),
                    ),
                    "quantity": quantity,
                    "price_unit": self._support_price(product, quantity, month),
                    "support_usage_ids": [Command.set(month_usages.ids)],
                }
            )
        return lines

    def _support_invoice_lang(self):
        self.ensure_one()
        return self.invoice_partner_id.lang or self.partner_id.lang or "en_US"

    def _support_prepare_month_invoice(self, month, invoice_date, items=None):
        """Values of the invoice of ``month``; creates and changes nothing.
        The preview shows exactly this. ``items``: its request-months and
        usage, when read already (``_support_items_to_invoice``)."""
        self.ensure_one()
        agreement = self.with_context(lang=self._support_invoice_lang())
        rms, usages = items or (None, None)
        if items:
            # read for the whole batch: in the customer's language here
            rms, usages = rms.with_env(agreement.env), usages.with_env(agreement.env)
        last_day = month_end(month)
        invoice_vals = agreement._prepare_invoice(invoice_date)
        line_vals = agreement._support_prepare_fee_lines(month, invoice_date)
        line_vals += agreement._support_prepare_time_lines(last_day, invoice_date, rms)
        line_vals += agreement._support_prepare_usage_lines(
            last_day, invoice_date, usages
        )
        invoice_vals["support_agreement_id"] = self.id
        invoice_vals["invoice_line_ids"] = [Command.create(v) for v in line_vals]
        invoice_vals["support_period_start"] = max(month, self.date_start)
        invoice_vals["support_period_end"] = min(last_day, self.date_end or last_day)
        self._support_delivery_vals(invoice_vals)
        return invoice_vals

    def _support_delivery_vals(self, invoice_vals):
        """Mark the invoice for posting and sending when the company wants
        it so (Monthly Invoices: Post and Send): the run does it after the
        invoices are created, each in a transaction of its own."""
        if self.company_id.support_invoice_delivery == "post_send":
            invoice_vals["support_send_pending"] = True

    def _support_invoice_month(self, month, invoice_date=None):
        """Invoice ``month`` of this agreement: at most one invoice.

        A month with nothing to invoice is still recorded, so that it is
        never looked at again.
        """
        self.ensure_one()
        invoice_date = invoice_date or next_month(month)
        invoice_vals = self._support_prepare_month_invoice(month, invoice_date)
        # OCA's dates first: the month's period ends the agreement's next
        # invoice date, which OCA's line constraints check against them.
        self._support_advance_fee_lines(month)
        # The unique (agreement, month) key refuses a second invoice for the
        # same month.
        period = self.env["cloudworkz.support.billing.period"].create(
            {"agreement_id": self.id, "date_start": month, "date_end": month_end(month)}
        )
        move = self.env["account.move"]
        if any(
            vals.get("display_type", "product") == "product"
            for _command, _id, vals in invoice_vals["invoice_line_ids"]
        ):
            move = move.create(invoice_vals)
            period.invoice_id = move
            self._add_contract_origin(move)
            self._invoice_followers(move)
        return move

    def _support_single_month(self, date_ref):
        """Those of these agreements with exactly one month due on
        ``date_ref`` and months left after it: the monthly run's usual case."""
        single = self.browse()
        for agreement in self:
            months = agreement._support_due_months(date_ref)
            if len(months) == 1 and not (
                agreement.date_end and agreement.date_end <= month_end(months[0])
            ):
                single |= agreement
        return single

    def _support_invoice_months(self, date_ref):
        """Invoice the one month due of each of these agreements (same
        company) with one ``create`` for all their invoices, as OCA's own
        cron does. The same steps as ``_support_invoice_month``."""
        self = self.with_context(support_price_memo={})
        Period = self.env["cloudworkz.support.billing.period"]
        months = {
            agreement: agreement._support_due_months(date_ref)[0] for agreement in self
        }
        items = self._support_items_to_invoice(
            {agreement: month_end(month) for agreement, month in months.items()}
        )
        prepared = [
            (
                agreement,
                month,
                agreement._support_prepare_month_invoice(
                    month, next_month(month), items[agreement]
                ),
            )
            for agreement, month in months.items()
        ]
        self._support_advance_fee_lines_of(months)
        billed = [
            (agreement, month, vals)
            for agreement, month, vals in prepared
            if any(
                line.get("display_type", "product") == "product"
                for _command, _id, line in vals["invoice_line_ids"]
            )
        ]
        moves = self.env["account.move"].create([vals for _a, _m, vals in billed])
        invoice_of = {
            (agreement, month): move
            for (agreement, month, _vals), move in zip(billed, moves, strict=True)
        }
        # The unique (agreement, month) key refuses a second invoice for the
        # same month: the whole batch then goes one by one.
        Period.create(
            [
                {
                    "agreement_id": agreement.id,
                    "date_start": month,
                    "date_end": month_end(month),
                    "invoice_id": invoice_of.get((agreement, month), moves.browse()).id,
                }
                for agreement, month in months.items()
            ]
        )
        # OCA's "created by contract" note (``_add_contract_origin``), logged
        # for all invoices at once instead of searching and posting each
        moves._message_log_batch(
            bodies={
                move.id: agreement._support_origin_note(move)
                for (agreement, _month), move in invoice_of.items()
            }
        )
        self._invoice_followers(moves)
        return moves

    def _support_origin_note(self, move):
        self.ensure_one()
        return Markup(
            f"{move._creation_message()} {_('by contract')} "
            f"{self._get_html_link(title=self.display_name)}."
        )

    def _support_advance_fee_lines_of(self, months):
        """``_support_advance_fee_lines`` for many agreements at once
        ({agreement: month}): one write per date."""
        agreements_by_day, lines_by_day = {}, {}
        for agreement, month in months.items():
            last_day = month_end(month)
            if (
                not agreement.last_date_invoiced
                or agreement.last_date_invoiced < last_day
            ):
                day = min(last_day, agreement.date_end or last_day)
                agreements_by_day.setdefault(day, self.browse())
                agreements_by_day[day] |= agreement
            for line in agreement.contract_line_ids:
                # a line that starts later (a price indexed at renewal) has
                # nothing invoiced yet
                if line.display_type or (
                    line.date_start and line.date_start > last_day
                ):
                    continue
                day = min(last_day, line.date_end or last_day)
                if not line.last_date_invoiced or line.last_date_invoiced < day:
                    lines_by_day.setdefault(day, line.browse())
                    lines_by_day[day] |= line
        for day, agreements in agreements_by_day.items():
            agreements.last_date_invoiced = day
        for day, lines in lines_by_day.items():
            lines.write({"last_date_invoiced": day})

    def _support_advance_fee_lines(self, month):
        """OCA's last invoiced date, written on all fee lines together (one
        at a time, OCA would move the next line's period on)."""
        self.ensure_one()
        self._support_advance_fee_lines_of({self: month})

    def _support_invoice_late_items(self, date_ref):
        """An agreement whose months are all invoiced still bills time logged
        late for them, and usage: on an invoice of its own."""
        self.ensure_one()
        invoice_vals = self._support_prepare_late_invoice(date_ref)
        if not invoice_vals:
            return self.env["account.move"]
        move = self.env["account.move"].create(invoice_vals)
        self._add_contract_origin(move)
        return move

    def _support_prepare_late_invoice(self, date_ref):
        """Values of the late-items invoice of ``date_ref`` (None when there
        is nothing to bill). The preview shows exactly this."""
        self.ensure_one()
        agreement = self.with_context(lang=self._support_invoice_lang())
        last_day = month_end(self.date_end or date_ref)
        line_vals = agreement._support_prepare_time_lines(last_day, date_ref)
        line_vals += agreement._support_prepare_usage_lines(last_day, date_ref)
        if not any(v.get("display_type", "product") == "product" for v in line_vals):
            return None
        invoice_vals = agreement._prepare_invoice(date_ref)
        invoice_vals["support_agreement_id"] = self.id
        invoice_vals["invoice_line_ids"] = [Command.create(v) for v in line_vals]
        self._support_delivery_vals(invoice_vals)
        return invoice_vals

    def _support_invoice_due(self, date_ref):
        """Invoice every month due on ``date_ref``, oldest first, each in a
        savepoint: a failing month stops this agreement only, keeping the
        months invoiced before it. Then what was logged late for an agreement
        with no month left."""
        self.ensure_one()
        moves = self.env["account.move"]
        for month in self._support_due_months(date_ref):
            with self.env.cr.savepoint():
                moves |= self._support_invoice_month(month)
        if not self._support_next_month():
            with self.env.cr.savepoint():
                moves |= self._support_invoice_late_items(date_ref)
        return moves

    @api.model
    def _support_agreements_to_invoice(self, date_ref):
        due = self.search(
            [
                ("support_type", "!=", False),
                ("contract_type", "=", "sale"),
                ("support_next_invoice_date", "<=", date_ref),
            ],
            order="id",
        )
        # agreements with no month left, and something logged late
        late = (
            self.env["cloudworkz.support.request.month"]
            .search(
                [
                    ("due_minutes", ">", 0),
                    ("agreement_id.support_type", "!=", False),
                    ("agreement_id.support_next_invoice_date", "=", False),
                ]
            )
            .agreement_id
        )
        late |= (
            self.env["cloudworkz.support.usage"]
            .search(
                [
                    ("invoice_line_id", "=", False),
                    ("agreement_id.support_next_invoice_date", "=", False),
                    ("date", "<", date_ref),
                ]
            )
            .agreement_id
        )
        return (due | late.filtered(lambda a: a.contract_type == "sale")).sorted("id")

    @api.model
    def _cron_support_invoicing(self, date_ref=None):
        """Scheduled action: invoice every support agreement up to
        ``date_ref`` (today), in batches that commit on their own, and go on
        in the next run when the time budget is spent. Returns the number
        of invoices created (an XML-RPC client gets a plain number)."""
        return len(self._support_run_invoicing(date_ref))

    @api.model
    def _support_run_invoicing(self, date_ref=None):
        """Invoice every support agreement up to ``date_ref``; returns the
        invoices created.

        Missed months are caught up, one invoice each. An agreement that
        fails is reported on itself and does not stop the others.
        """
        date_ref = fields.Date.to_date(date_ref) or fields.Date.context_today(self)
        # One run at a time: a second worker (or a click on the cron's "Run
        # manually" while it runs) leaves at once instead of queueing behind
        # the first one's row locks. A session lock, since the run commits;
        # it goes with the connection of a killed worker. The unique month
        # key stays the guard.
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s)", (INVOICING_LOCK,))
        if not self.env.cr.fetchone()[0]:
            _logger.info("Support invoicing already running elsewhere: skipped")
            return self.env["account.move"]
        move_ids = []
        started = time.monotonic()
        try:
            _done, finished = run_in_batches(
                self._support_agreements_to_invoice(date_ref).filtered(
                    lambda a: a.support_invoicing_failed_on != date_ref
                ),
                lambda batch: move_ids.extend(
                    batch._support_invoice_batch(date_ref).ids
                ),
                "cloudworkz_support_contract.ir_cron_support_invoicing",
                batch_size=INVOICING_BATCH,
            )
            if finished:
                # Post and send (where a company wants it), in what is left
                # of the time budget; a run that stopped early has triggered
                # the next one, which sends.
                self.env["account.move"]._support_send_pending(
                    date_ref, budget=max(1.0, BUDGET - (time.monotonic() - started))
                )
        except BaseException:
            # the unlock below must run in a live transaction
            self.env.cr.rollback()
            raise
        finally:
            self.env.cr.execute("SELECT pg_advisory_unlock(%s)", (INVOICING_LOCK,))
        return self.env["account.move"].browse(move_ids)

    def _support_invoice_batch(self, date_ref):
        """Invoice these agreements. The usual case (one month due) is done
        for the whole batch at once, in one savepoint; should that fail,
        or for catch-ups and ended agreements, each agreement on its own:
        one that fails is reported on itself and the others go on."""
        moves = self.env["account.move"]
        single = self._support_single_month(date_ref)
        one_by_one = self - single
        for company in single.company_id:
            mine = single.filtered(lambda a, c=company: a.company_id == c)
            try:
                with self.env.cr.savepoint():
                    moves |= mine.with_company(company)._support_invoice_months(
                        date_ref
                    )
            except Exception as error:  # pylint: disable=broad-except
                _support_reraise_limits(error)
                # one of them fails: the others must not wait for it
                _logger.info("Batch invoicing failed, invoicing one by one")
                one_by_one |= mine
            else:
                mine.filtered(
                    lambda a: a.support_invoicing_error or a.support_invoicing_failed_on
                ).write(
                    {
                        "support_invoicing_error": False,
                        "support_invoicing_failed_on": False,
                    }
                )
        deadline = self.env.context.get("support_deadline")
        for done, agreement in enumerate(one_by_one):
            if done and deadline and time.monotonic() > deadline:
                break  # still due: the next run goes on with it
            agreement = agreement.with_company(agreement.company_id)
            try:
                moves |= agreement._support_invoice_due(date_ref)
            except errors.SerializationFailure:
                # another transaction invoiced this month first
                _logger.info("%s was invoiced elsewhere", agreement.display_name)
            except errors.DeadlockDetected:
                # time logged for the same customer at this very moment (it
                # locks packs before ledger rows): still due, the next run
                _logger.info("%s left for the next run", agreement.display_name)
            except IntegrityError as error:
                if error.diag.constraint_name == PERIOD_KEY:
                    _logger.info("%s was invoiced elsewhere", agreement.display_name)
                else:
                    agreement._support_report_invoicing_error(error, date_ref)
            except Exception as error:  # pylint: disable=broad-except
                _support_reraise_limits(error)
                # Reported on the agreement; tomorrow's run tries again.
                _logger.exception("Invoicing of %s failed", agreement.display_name)
                agreement._support_report_invoicing_error(error, date_ref)
            else:
                if agreement.support_invoicing_error:
                    agreement.write(
                        {
                            "support_invoicing_error": False,
                            "support_invoicing_failed_on": False,
                        }
                    )
        return moves

    def _support_report_invoicing_error(self, error, date_ref=None):
        self.ensure_one()
        message = getattr(error, "args", None) and str(error.args[0]) or str(error)
        with self.env.cr.savepoint():
            self.support_invoicing_error = message
            self.support_invoicing_failed_on = date_ref
            self.message_post(
                body=Markup("<p>%s</p><pre>%s</pre>")
                % (_("Monthly invoicing failed for this agreement:"), message)
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_support_preview_invoice(self):
        self.ensure_one()
        preview = self.env["cloudworkz.support.invoice.preview"].create(
            {"agreement_id": self.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Next Invoice Preview"),
            "res_model": preview._name,
            "res_id": preview.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_support_invoice_due(self):
        """Invoice the months of these agreements that are due today, as the
        monthly run would: for an accountant who does not want to wait."""
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only accountants can invoice agreements."))
        today = fields.Date.context_today(self)
        moves = self.env["account.move"]
        for agreement in self:
            # sudo: invoicing also moves the agreement's own bookkeeping
            # (next invoice date, invoiced periods), which accountants read
            # but may not edit by hand; the invoices stay theirs.
            moves |= (
                agreement.sudo()
                .with_company(agreement.company_id)
                ._support_invoice_due(today)
            )
        if not moves:
            raise UserError(_("Nothing is due on these agreements yet."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", moves.ids)]
        return action

    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        # Accountants and salespeople read agreements without editing them;
        # they send the customer's statement, and write in the chatter.
        access = super()._get_mail_message_access(res_ids, operation, model_name)
        if (
            operation == "create"
            and access == "write"
            and (model_name or self._name) == self._name
            # support agreements only, not the company's other contracts
            and all(
                agreement.support_type and agreement.contract_type == "sale"
                for agreement in self.browse(res_ids)
            )
            and (
                self.env.user.has_group("account.group_account_invoice")
                or self.env.user.has_group("sales_team.group_sale_salesman")
            )
        ):
            return "read"
        return access

    # ------------------------------------------------------------------
    # Customer statement of support hours
    # ------------------------------------------------------------------
    def _support_statement_months(self):
        """Support time of this agreement per month, as the customer
        statement shows it, read from the request ledger (nothing recounted
        or rounded again): per ticket and month the time logged, the part
        the agreement covers (not chargeable), and what the chargeable time
        bills (rounded once) split into paid from prepaid hours, invoiced
        and still to invoice, and what credit notes took back of what was
        invoiced before. Minutes; oldest month first:
        ``[{"month", "label", "lines": [{"ticket", ...figures}], "total"}]``.
        """
        self.ensure_one()
        # whoever may read the agreement may read its statement
        self.check_access_rights("read")
        self.check_access_rule("read")
        # sudo: the statement names the agreement's tickets and their time
        # for the customer; salespeople and accountants print it without
        # helpdesk rights.
        rms = (
            self.env["cloudworkz.support.request.month"]
            .sudo()
            .search([("agreement_id", "=", self.id), ("logged_minutes", ">", 0)])
            .sorted(lambda rm: (rm.month, rm.ticket_id.id))
        )
        keys = ("logged", "covered", "billed", "prepaid", "invoiced", "credited", "due")
        months = []
        for rm in rms:
            if not months or months[-1]["month"] != rm.month:
                months.append(
                    {
                        "month": rm.month,
                        "label": rm._month_label(),
                        "lines": [],
                        "total": dict.fromkeys(keys, 0.0),
                    }
                )
            line = {
                "ticket": rm.ticket_id,
                "logged": rm.logged_minutes,
                "covered": rm.logged_minutes - rm.chargeable_minutes,
                "billed": rm.billed_minutes,
                "prepaid": rm.prepaid_minutes,
                "invoiced": rm.invoiced_minutes,
                "credited": rm.credited_minutes,
                "due": rm.due_minutes,
            }
            months[-1]["lines"].append(line)
            for key in keys:
                months[-1]["total"][key] += line[key]
        return months

    def _support_statement_hours(self, minutes):
        """Minutes as the statement prints them (H:MM), nothing as a dash."""
        return format_minutes(minutes) if round(minutes) else "–"

    def action_support_print_statement(self):
        self.ensure_one()
        action = self.env.ref(
            "cloudworkz_support_contract.action_report_support_statement"
        ).report_action(self)
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() not in (
            "ok",
            "upgrade",
        ):
            # without wkhtmltopdf the statement opens as a web page
            action["report_type"] = "qweb-html"
        return action

    def action_support_send_statement(self):
        """The mail composer with the statement template: the customer's
        statement attached, the invoice contact as recipient."""
        self.ensure_one()
        self.check_access_rule("read")
        template = self.env.ref(
            "cloudworkz_support_contract.mail_template_support_statement"
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Statement"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_support_count_code(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Count Custom Code"),
            "res_model": "cloudworkz.support.code.count.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    def action_support_view_user_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cloudworkz_support_contract.action_support_user_request"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["context"] = {"search_default_to_decide": 1}
        return action

    def _support_is_it_key_user(self, partner, day=None):
        """Whether ``partner`` is an IT key user of this agreement on
        ``day`` (today)."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return partner in self.it_key_user_ids._active_on(day).partner_id

    def action_support_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("support_agreement_id", "=", self.id)]
        action["context"] = {
            "default_support_agreement_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
