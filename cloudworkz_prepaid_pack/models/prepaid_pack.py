# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

from odoo.addons.cloudworkz_support_contract.tools import billed_hours

PRECISION = 2  # hours are kept to the hundredth


def month_start(day):
    return day.replace(day=1)


class PrepaidPack(models.Model):
    """Hours a customer paid for in advance. The balance is the sum of the
    ledger lines and is never negative."""

    _name = "cloudworkz.prepaid.pack"
    _description = "Prepaid Support Pack"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "date_purchase desc, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Pack",
        domain=[("is_support_pack", "=", True)],
        readonly=True,
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line",
        string="Sale Order Line",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id", string="Sale Order", store=True
    )
    date_purchase = fields.Date(
        string="Purchased on", required=True, default=fields.Date.context_today
    )
    date_expiry = fields.Date(string="Expires on", tracking=True)
    hours_bought = fields.Float(
        compute="_compute_balance", store=True, digits=(16, PRECISION)
    )
    hours_consumed = fields.Float(
        compute="_compute_balance", store=True, digits=(16, PRECISION)
    )
    balance = fields.Float(
        string="Hours Left",
        compute="_compute_balance",
        store=True,
        digits=(16, PRECISION),
        tracking=True,
    )
    line_ids = fields.One2many(
        comodel_name="cloudworkz.prepaid.pack.line",
        inverse_name="pack_id",
        string="Ledger",
    )
    state = fields.Selection(
        selection=[
            ("active", "Active"),
            ("exhausted", "Used up"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
    )
    is_expired = fields.Boolean(readonly=True, copy=False)
    is_cancelled = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        (
            "balance_not_negative",
            "CHECK(balance >= 0)",
            "A prepaid pack cannot have a negative balance.",
        )
    ]

    @api.depends("line_ids.hours", "line_ids.line_type")
    def _compute_balance(self):
        for pack in self:
            by_type = defaultdict(float)
            for line in pack.line_ids:
                by_type[line.line_type] += line.hours
            pack.hours_bought = by_type["purchase"]
            pack.hours_consumed = -by_type["consumption"]
            pack.balance = float_round(sum(by_type.values()), PRECISION)

    @api.depends("balance", "is_expired", "is_cancelled")
    def _compute_state(self):
        for pack in self:
            if pack.is_cancelled:
                pack.state = "cancelled"
            elif pack.is_expired:
                pack.state = "expired"
            elif float_compare(pack.balance, 0, PRECISION) > 0:
                pack.state = "active"
            else:
                pack.state = "exhausted"

    @api.constrains("balance")
    def _check_balance(self):
        for pack in self:
            if float_compare(pack.balance, 0, PRECISION) < 0:
                raise ValidationError(
                    _(
                        "%(pack)s would go below zero hours (%(balance)s h).",
                        pack=pack.display_name,
                        balance=pack.balance,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("cloudworkz.prepaid.pack")
                    or "/"
                )
        return super().create(vals_list)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for pack in self:
            pack.access_url = f"/my/packs/{pack.id}"

    def _has_consumption(self):
        return any(line.line_type == "consumption" for line in self.line_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consumed(self):
        for pack in self:
            if pack._has_consumption():
                raise UserError(
                    _(
                        "%(pack)s has been used and cannot be deleted.",
                        pack=pack.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Buying, cancelling, expiring
    # ------------------------------------------------------------------
    @api.model
    def _create_from_sale_line(self, sale_line, count):
        product = sale_line.product_id
        order = sale_line.order_id
        day = fields.Date.to_date(order.date_order) or fields.Date.context_today(self)
        months = product.pack_validity_months
        vals = {
            "partner_id": order.partner_id.commercial_partner_id.id,
            "company_id": order.company_id.id,
            "product_id": product.id,
            "sale_line_id": sale_line.id,
            "date_purchase": day,
            "date_expiry": day + relativedelta(months=months) if months else False,
            "line_ids": [
                fields.Command.create(
                    {
                        "line_type": "purchase",
                        "hours": product.pack_hours,
                        "date": day,
                        "description": _(
                            "%(product)s, %(order)s",
                            product=product.display_name,
                            order=order.name,
                        ),
                    }
                )
            ],
        }
        packs = self.create([dict(vals) for _i in range(count)])
        packs.partner_id._pack_check_low_balance()
        return packs

    def action_cancel(self):
        for pack in self:
            if pack.state == "cancelled":
                continue
            if pack._has_consumption():
                raise UserError(
                    _(
                        "%(pack)s has been used and cannot be cancelled.",
                        pack=pack.display_name,
                    )
                )
            pack._add_closing_line("cancellation", _("Pack cancelled"))
            pack.is_cancelled = True
        return True

    def _add_closing_line(self, line_type, description):
        self.ensure_one()
        if float_compare(self.balance, 0, PRECISION) > 0:
            self.env["cloudworkz.prepaid.pack.line"].create(
                {
                    "pack_id": self.id,
                    "line_type": line_type,
                    "hours": -self.balance,
                    "date": fields.Date.context_today(self),
                    "description": description,
                }
            )

    @api.model
    def cron_expire_packs(self, date_ref=None):
        """Expire what is left of the packs past their validity."""
        today = fields.Date.to_date(date_ref) or fields.Date.context_today(self)
        packs = self.search(
            [
                ("date_expiry", "!=", False),
                ("date_expiry", "<", today),
                ("is_expired", "=", False),
                ("is_cancelled", "=", False),
            ]
        )
        for pack in packs:
            pack._lock()
            pack._add_closing_line(
                "expiry", _("Expired on %(date)s", date=pack.date_expiry)
            )
            pack.is_expired = True
        packs.partner_id._pack_check_low_balance()
        return packs

    def _lock(self):
        """Lock these packs' rows until the transaction ends: two agents
        logging time for the same customer take turns (the second one is
        retried by Odoo on the serialization failure)."""
        if self.ids:
            self.flush_recordset()
            self.env.cr.execute(
                "SELECT id FROM cloudworkz_prepaid_pack WHERE id IN %s FOR UPDATE",
                (tuple(self.ids),),
            )
            self.invalidate_recordset()

    # ------------------------------------------------------------------
    # Consumption
    # ------------------------------------------------------------------
    @api.model
    def _packs_for(self, partner, company):
        """Packs that may pay, in the order they are used: oldest-expiring
        first (packs without expiry last), then oldest purchase."""
        packs = self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("is_expired", "=", False),
                ("is_cancelled", "=", False),
            ]
        )
        return packs.sorted(
            lambda p: (
                not p.date_expiry,
                p.date_expiry or p.date_purchase,
                p.date_purchase,
                p.id,
            )
        )

    @api.model
    def _rounding_for(self, ticket):
        agreement = ticket.support_agreement_id
        if agreement:
            return agreement._support_rounding()
        company = ticket.company_id or self.env.company
        return company.support_minimum_minutes, company.support_increment_minutes

    @api.model
    def _sync_consumption(self, keys):
        """Make the consumption of each (ticket, period start) equal the
        rounded chargeable time of that request in that month, taken from
        the customer's packs in order. What no pack can cover stays for the
        invoice."""
        Line = self.env["cloudworkz.prepaid.pack.line"]
        Timesheet = self.env["account.analytic.line"]
        by_customer = defaultdict(set)
        for ticket, period in keys:
            if ticket.exists() and ticket.commercial_partner_id:
                by_customer[(ticket.commercial_partner_id, ticket.company_id)].add(
                    (ticket, period)
                )
        for (customer, company), customer_keys in by_customer.items():
            packs = self._packs_for(customer, company)
            if not packs:
                continue
            packs._lock()
            for ticket, period in sorted(customer_keys, key=lambda k: (k[1], k[0].id)):
                end = period + relativedelta(months=1, days=-1)
                timesheets = Timesheet.search(
                    [
                        ("ticket_id", "=", ticket.id),
                        ("date", ">=", period),
                        ("date", "<=", end),
                    ]
                )
                if timesheets.filtered("support_invoice_line_id"):
                    continue  # invoiced: that request's month is closed
                current = Line.search(
                    [
                        ("ticket_id", "=", ticket.id),
                        ("period_start", "=", period),
                        ("line_type", "=", "consumption"),
                    ]
                )
                target = 0.0
                if ticket.category_id.pack_allowed:
                    chargeable = timesheets.filtered(
                        lambda t: t.coverage_state == "chargeable"
                    )
                    minimum, increment = self._rounding_for(ticket)
                    target = billed_hours(
                        sum(chargeable.mapped("unit_amount")), minimum, increment
                    )
                packs._allocate(ticket, period, target, current)
            customer._pack_check_low_balance()

    def _allocate(self, ticket, period, target, current):
        """Spread ``target`` hours over the packs in ``self`` (in order),
        reusing the request's current consumption lines."""
        Line = self.env["cloudworkz.prepaid.pack.line"]
        current_by_pack = {line.pack_id: line for line in current}
        remaining = target
        for pack in self:
            line = current_by_pack.pop(pack, Line)
            available = pack.balance - line.hours  # give back what it holds
            take = float_round(min(remaining, max(available, 0.0)), PRECISION)
            remaining = float_round(remaining - take, PRECISION)
            if take and line:
                if float_compare(-line.hours, take, PRECISION):
                    line.hours = -take
            elif take:
                Line.create(
                    {
                        "pack_id": pack.id,
                        "line_type": "consumption",
                        "hours": -take,
                        "date": period,
                        "period_start": period,
                        "ticket_id": ticket.id,
                        "description": ticket.display_name,
                    }
                )
            elif line:
                line.unlink()
            # read the new balance before the next pack is considered
            pack.flush_recordset()
        # lines on packs that can no longer pay (expired, cancelled)
        for line in current_by_pack.values():
            if line.pack_id.is_expired or line.pack_id.is_cancelled:
                continue
            line.unlink()

    @api.model
    def _consumed_hours(self, ticket, period):
        lines = self.env["cloudworkz.prepaid.pack.line"].search(
            [
                ("ticket_id", "=", ticket.id),
                ("period_start", "=", period),
                ("line_type", "=", "consumption"),
            ]
        )
        return -sum(lines.mapped("hours"))

    def action_view_statement(self):
        return self.env.ref(
            "cloudworkz_prepaid_pack.action_report_pack_statement"
        ).report_action(self)
