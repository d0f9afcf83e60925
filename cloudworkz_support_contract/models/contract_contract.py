# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup
from psycopg2 import IntegrityError, errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools import billed_hours

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
LINES_PER_BLOCK = 100
# A run never invoices more periods than this for one agreement: a guard
# against a start date typed decades in the past.
MAX_CATCH_UP_PERIODS = 120
FEE_PRODUCTS = {
    "registered_user": "cloudworkz_support_contract.product_first_line_user",
    "code_block": "cloudworkz_support_contract.product_maintenance_block",
}


class ContractContract(models.Model):
    _name = "contract.contract"
    _inherit = ["contract.contract", "cloudworkz.support.patch.mixin"]

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
    registered_user_count = fields.Integer(
        string="Billed Users",
        compute="_compute_registered_user_count",
        store=True,
        help="Number of registered users: the quantity of the First Line fee.",
    )
    # Custom code inventory
    code_module_ids = fields.One2many(
        comodel_name="cloudworkz.support.code.module",
        inverse_name="agreement_id",
        string="Custom Code Inventory",
    )
    code_line_total = fields.Integer(
        string="Lines of Custom Code", compute="_compute_code_blocks", store=True
    )
    code_block_count = fields.Integer(
        string="Billed 100-line Blocks",
        compute="_compute_code_blocks",
        store=True,
        help="Started blocks of 100 lines of custom code: the quantity of the "
        "Maintenance fee.",
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
    support_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="support_agreement_id",
        string="Tickets",
    )
    support_ticket_count = fields.Integer(
        string="Ticket Count", compute="_compute_support_ticket_count"
    )
    support_period_ids = fields.One2many(
        comodel_name="cloudworkz.support.billing.period",
        inverse_name="agreement_id",
        string="Invoiced Periods",
    )
    support_invoicing_error = fields.Text(
        string="Last Invoicing Error", readonly=True, copy=False
    )
    # Commitment
    support_commitment_end = fields.Date(
        string="Commitment End",
        compute="_compute_support_commitment",
        store=True,
        help="First Line and Maintenance agreements commit the customer for "
        "the company's commitment period from their start.",
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

    @api.depends("support_contact_ids.role")
    def _compute_registered_user_count(self):
        for agreement in self:
            agreement.registered_user_count = len(
                agreement.support_contact_ids.filtered(
                    lambda c: c.role == "registered_user"
                )
            )

    @api.depends("code_module_ids.lines_of_code")
    def _compute_code_blocks(self):
        for agreement in self:
            total = sum(agreement.code_module_ids.mapped("lines_of_code"))
            agreement.code_line_total = total
            agreement.code_block_count = math.ceil(total / LINES_PER_BLOCK)

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
        "support_type",
        "date_start",
        "company_id.support_commitment_months",
        "company_id.support_notice_months",
    )
    def _compute_support_commitment(self):
        for agreement in self:
            if agreement.support_type in COMMITTED_TYPES and agreement.date_start:
                company = agreement.company_id
                end = (
                    agreement.date_start
                    + relativedelta(months=company.support_commitment_months)
                    - relativedelta(days=1)
                )
                agreement.support_commitment_end = end
                agreement.support_renewal_date = end + relativedelta(days=1)
                agreement.support_notice_date = end - relativedelta(
                    months=company.support_notice_months
                )
            else:
                agreement.support_commitment_end = False
                agreement.support_renewal_date = False
                agreement.support_notice_date = False

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

    @api.constrains("support_type", "line_recurrence", "recurring_rule_type")
    def _check_support_recurrence(self):
        for agreement in self.filtered("support_type"):
            if agreement.line_recurrence:
                raise ValidationError(
                    _(
                        "Support agreements are invoiced per agreement period: "
                        "recurrence at line level is not available."
                    )
                )

    # ------------------------------------------------------------------
    # Create / write: fee lines follow the agreement type
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("support_type"):
                # Time and usage are only known once the month is over.
                vals.setdefault("recurring_invoicing_type", "post-paid")
                vals.setdefault("recurring_rule_type", "monthly")
        agreements = super().create(vals_list)
        agreements.filtered("support_type")._support_sync_fee_lines()
        return agreements

    def write(self, vals):
        res = super().write(vals)
        if vals.get("support_type"):
            self._support_sync_fee_lines()
        return res

    def _support_required_bases(self):
        self.ensure_one()
        bases = []
        if self.support_type in FIRST_LINE_TYPES:
            bases.append("registered_user")
        if self.support_type in MAINTENANCE_TYPES:
            bases.append("code_block")
        return bases

    def _support_sync_fee_lines(self):
        """Add the fixed-fee line each agreement type needs, once.

        Existing lines are never removed nor repriced: prices are the sales
        team's, and a changed type may be followed by a manual cleanup.
        """
        line_vals = []
        for agreement in self:
            present = set(
                agreement.contract_line_ids.mapped(
                    "product_id.product_tmpl_id.support_billing_basis"
                )
            )
            for basis in agreement._support_required_bases():
                if basis in present:
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
                        "specific_price": product.with_company(
                            agreement.company_id
                        ).lst_price,
                        # Recurrence follows the agreement: OCA computes it from
                        # the header only in the form, so it is given here.
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
        if replace:
            self.code_module_ids.filtered(lambda m: m.name not in counts).unlink()
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
                self.write(vals)
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
        self.filtered("support_forced_termination").write(
            {"support_forced_termination": False}
        )
        return res

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    @api.model
    def _get_contracts_to_invoice_domain(self, date_ref=None):
        # Support agreements are invoiced by their own cron, period by period.
        domain = super()._get_contracts_to_invoice_domain(date_ref)
        return expression.AND([domain, [("support_type", "=", False)]])

    def _recurring_create_invoice(self, date_ref=False):
        support = self.filtered("support_type")
        moves = super(ContractContract, self - support)._recurring_create_invoice(
            date_ref
        )
        for agreement in support:
            moves |= agreement._support_invoice_next_period()
        return moves

    def _get_related_invoices(self):
        invoices = super()._get_related_invoices()
        return invoices | self.support_period_ids.invoice_id

    def _support_period(self):
        """(first day, last day, invoice date) of the next period to invoice."""
        self.ensure_one()
        if not (
            self.next_period_date_start
            and self.next_period_date_end
            and self.recurring_next_date
        ):
            return False, False, False
        return (
            self.next_period_date_start,
            self.next_period_date_end,
            self.recurring_next_date,
        )

    def _support_rounding(self):
        self.ensure_one()
        return self.support_minimum_minutes, self.support_increment_minutes

    def _support_price(self, product, quantity, date):
        """Unit price of ``product`` for this customer, in the agreement currency."""
        self.ensure_one()
        pricelist = (
            self.pricelist_id
            or self.partner_id.with_company(self.company_id).property_product_pricelist
        )
        if not pricelist:
            return product.with_company(self.company_id).lst_price
        price = pricelist._get_product_price(
            product, quantity or 1.0, uom=product.uom_id, date=date
        )
        if pricelist.currency_id != self.currency_id:
            price = pricelist.currency_id._convert(
                price, self.currency_id, self.company_id, date
            )
        return price

    def _support_timesheet_domain(self, date_end):
        self.ensure_one()
        return expression.AND(
            [
                [
                    ("ticket_id.support_agreement_id", "=", self.id),
                    ("project_id", "!=", False),
                    ("date", "<=", date_end),
                    ("support_invoice_line_id", "=", False),
                ],
                self.env["account.analytic.line"]._support_chargeable_domain(),
            ]
        )

    def _support_billed_hours(self, ticket, timesheets):
        """Hours invoiced for ``ticket`` on this invoice.

        The request's chargeable time, rounded per SPEC (minimum per request,
        then started increments). Override to deduct prepaid hours.
        """
        self.ensure_one()
        minimum, increment = self._support_rounding()
        return billed_hours(sum(timesheets.mapped("unit_amount")), minimum, increment)

    def _support_time_note(self, ticket, timesheets):
        """Text of an invoice note for ticket time that bills nothing, or an
        empty string to leave that time for a later invoice."""
        return ""

    def _support_time_line_name(self, ticket, timesheets, hours):
        logged = sum(timesheets.mapped("unit_amount"))
        logged_minutes = round(logged * 60)
        logged_text = "%d:%02d" % divmod(logged_minutes, 60)
        return _(
            "%(number)s %(title)s: %(logged)s logged, %(billed)s h billed",
            number=ticket.number,
            title=ticket.name,
            logged=logged_text,
            billed="%.2f" % hours,
        )

    def _support_prepare_time_lines(self, date_end, invoice_date):
        """Invoice line values for chargeable ticket time, one per ticket."""
        self.ensure_one()
        timesheets = self.env["account.analytic.line"].search(
            self._support_timesheet_domain(date_end), order="ticket_id, date, id"
        )
        if not timesheets:
            return []
        product = self.support_hour_product_id
        if not product:
            raise UserError(
                _(
                    "%(agreement)s has chargeable time but no support hour product.",
                    agreement=self.display_name,
                )
            )
        by_ticket = defaultdict(lambda: self.env["account.analytic.line"])
        for timesheet in timesheets:
            by_ticket[timesheet.ticket_id] |= timesheet
        lines = []
        for ticket, ticket_timesheets in by_ticket.items():
            hours = self._support_billed_hours(ticket, ticket_timesheets)
            if not hours:
                # Nothing left to bill (e.g. prepaid hours paid for it all): a
                # note, if the extension gives one, still marks the time.
                note = self._support_time_note(ticket, ticket_timesheets)
                if note:
                    lines.append(
                        {
                            "display_type": "line_note",
                            "name": note,
                            "support_timesheet_ids": [
                                Command.set(ticket_timesheets.ids)
                            ],
                        }
                    )
                continue
            lines.append(
                {
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "name": self._support_time_line_name(
                        ticket, ticket_timesheets, hours
                    ),
                    "quantity": hours,
                    "price_unit": self._support_price(product, hours, invoice_date),
                    "support_timesheet_ids": [Command.set(ticket_timesheets.ids)],
                }
            )
        return lines

    def _support_prepare_usage_lines(self, date_end, invoice_date):
        """Invoice line values for pay-per-transaction usage, one per service."""
        self.ensure_one()
        usages = self.env["cloudworkz.support.usage"].search(
            [
                ("agreement_id", "=", self.id),
                ("date", "<=", date_end),
                ("invoice_line_id", "=", False),
            ],
            order="product_id, date, id",
        )
        by_product = defaultdict(lambda: self.env["cloudworkz.support.usage"])
        for usage in usages:
            by_product[usage.product_id] |= usage
        lines = []
        for product, product_usages in by_product.items():
            quantity = sum(product_usages.mapped("quantity"))
            count = "%g" % quantity
            lines.append(
                {
                    "product_id": product.id,
                    "product_uom_id": product.uom_id.id,
                    "name": _(
                        "%(service)s: %(count)s transactions up to %(date)s",
                        service=product.display_name,
                        count=count,
                        date=date_end,
                    ),
                    "quantity": quantity,
                    "price_unit": self._support_price(product, quantity, invoice_date),
                    "support_usage_ids": [Command.set(product_usages.ids)],
                }
            )
        return lines

    def _support_prepare_period_invoice(self, date_start, date_end, invoice_date):
        """Values of the invoice for one period; creates and changes nothing."""
        self.ensure_one()
        invoice_vals = self._prepare_invoice(invoice_date)
        fee_lines = self._get_lines_to_invoice(invoice_date)
        line_vals = []
        for line in fee_lines:
            vals = line._prepare_invoice_line()
            # no zero line for a fee whose users or code are not there yet
            if vals and (vals.get("quantity") or vals.get("display_type") != "product"):
                vals.pop("company_id", None)
                vals.pop("company_currency_id", None)
                line_vals.append(vals)
        line_vals += self._support_prepare_time_lines(date_end, invoice_date)
        line_vals += self._support_prepare_usage_lines(date_end, invoice_date)
        invoice_vals["invoice_line_ids"] = [Command.create(v) for v in line_vals]
        return invoice_vals, fee_lines

    def _support_invoice_next_period(self):
        """Invoice the next period of this agreement: at most one invoice.

        A period with nothing to invoice is still recorded, so that it is
        never looked at again.
        """
        self.ensure_one()
        date_start, date_end, invoice_date = self._support_period()
        if not invoice_date:
            return self.env["account.move"]
        invoice_vals, fee_lines = self._support_prepare_period_invoice(
            date_start, date_end, invoice_date
        )
        # The unique (agreement, period start) key refuses a second invoice for
        # the same period before anything else is written.
        period = self.env["cloudworkz.support.billing.period"].create(
            {"agreement_id": self.id, "date_start": date_start, "date_end": date_end}
        )
        move = self.env["account.move"]
        if any(
            vals.get("display_type", "product") == "product"
            for _command, _id, vals in invoice_vals["invoice_line_ids"]
        ):
            move = self.env["account.move"].create(invoice_vals)
            period.invoice_id = move
            self._add_contract_origin(move)
            self._invoice_followers(move)
        fee_lines._update_recurring_next_date()
        self.last_date_invoiced = date_end
        # As OCA's _recurring_create_invoice does: the header date follows
        # the lines (or, without lines, its own last invoiced date).
        self._compute_recurring_next_date()
        return move

    def _support_invoice_due_periods(self, date_ref):
        """Invoice every period due on ``date_ref``, oldest first, each in a
        savepoint: a failing period stops this agreement only, keeping the
        periods invoiced before it."""
        self.ensure_one()
        moves = self.env["account.move"]
        for _i in range(MAX_CATCH_UP_PERIODS):
            date_start, _date_end, invoice_date = self._support_period()
            if not invoice_date or invoice_date > date_ref:
                break
            if self.date_end and date_start > self.date_end:
                break
            with self.env.cr.savepoint():
                moves |= self._support_invoice_next_period()
        return moves

    @api.model
    def _support_agreements_to_invoice_domain(self, date_ref):
        return [
            ("support_type", "!=", False),
            ("contract_type", "=", "sale"),
            ("recurring_next_date", "<=", date_ref),
        ]

    @api.model
    def cron_support_invoicing(self, date_ref=None):
        """Invoice every support agreement up to ``date_ref`` (today).

        Missed periods are caught up, one invoice each. An agreement that
        fails is reported on itself and does not stop the others.
        """
        date_ref = fields.Date.to_date(date_ref) or fields.Date.context_today(self)
        moves = self.env["account.move"]
        # One run at a time: a second worker (or a click on the cron's "Run
        # manually" while it runs) leaves at once instead of queueing behind
        # the first one's row locks. The unique period key stays the guard.
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext(%s))",
            ("cloudworkz_support_invoicing",),
        )
        if not self.env.cr.fetchone()[0]:
            _logger.info("Support invoicing already running elsewhere: skipped")
            return moves
        agreements = self.search(
            self._support_agreements_to_invoice_domain(date_ref), order="id"
        )
        for agreement in agreements:
            agreement = agreement.with_company(agreement.company_id)
            try:
                moves |= agreement._support_invoice_due_periods(date_ref)
            except (IntegrityError, errors.SerializationFailure):
                # another transaction invoiced this period first
                _logger.info("%s was invoiced elsewhere", agreement.display_name)
            except Exception as error:  # pylint: disable=broad-except
                # Reported on the agreement; the next run tries again.
                _logger.exception("Invoicing of %s failed", agreement.display_name)
                agreement._support_report_invoicing_error(error)
            else:
                if agreement.support_invoicing_error:
                    agreement.support_invoicing_error = False
        return moves

    def _support_report_invoicing_error(self, error):
        self.ensure_one()
        message = getattr(error, "args", None) and str(error.args[0]) or str(error)
        with self.env.cr.savepoint():
            self.support_invoicing_error = message
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
