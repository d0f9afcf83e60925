# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cloudworkz_support_contract.tools import (
    check_bookkeeping,
    format_minutes,
    print_action,
    run_in_batches,
)

# The balance and the pack's life are its ledger's and its actions' (see
# the support contract addon's tools/guard.py): hours change through Adjust
# Hours, with a reason.
BOOKKEEPING_FIELDS = (
    "minutes_bought",
    "minutes_consumed",
    "balance_minutes",
    "hours_bought",
    "hours_consumed",
    "balance",
    "state",
    "is_expired",
    "is_cancelled",
    "sale_line_id",
)


class PrepaidPack(models.Model):
    """Hours a customer paid for in advance. The balance is the sum of the
    ledger lines, kept in whole minutes, and is never negative."""

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
    minutes_bought = fields.Integer(compute="_compute_balance", store=True)
    minutes_consumed = fields.Integer(compute="_compute_balance", store=True)
    balance_minutes = fields.Integer(
        string="Minutes Left", compute="_compute_balance", store=True
    )
    hours_bought = fields.Float(compute="_compute_balance", store=True, digits=(16, 4))
    hours_consumed = fields.Float(
        compute="_compute_balance", store=True, digits=(16, 4), string="Hours Used"
    )
    balance = fields.Float(
        string="Hours Left",
        compute="_compute_balance",
        store=True,
        digits=(16, 4),
        help="Minutes left, in hours.",
    )
    balance_text = fields.Char(string="Left", compute="_compute_balance_text")
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
            "CHECK(balance_minutes >= 0)",
            "A prepaid pack cannot have a negative balance.",
        )
    ]

    @api.depends("line_ids.minutes", "line_ids.line_type")
    def _compute_balance(self):
        # summed by the database: one query, whatever the pack's history
        sums = {}
        packs = self.filtered("id")
        if packs:
            for pack, line_type, minutes in self.env[
                "cloudworkz.prepaid.pack.line"
            ]._read_group(
                [("pack_id", "in", packs.ids)],
                ["pack_id", "line_type"],
                ["minutes:sum"],
            ):
                sums.setdefault(pack.id, {})[line_type] = minutes
        for pack in self:
            if pack.id:
                by_type = sums.get(pack.id, {})
            else:  # a new pack in a form: its lines are in memory
                by_type = {}
                for line in pack.line_ids:
                    by_type[line.line_type] = (
                        by_type.get(line.line_type, 0) + line.minutes
                    )
            total = sum(by_type.values())
            bought = by_type.get("purchase", 0)
            consumed = -by_type.get("consumption", 0)
            pack.minutes_bought = bought
            pack.minutes_consumed = consumed
            pack.balance_minutes = total
            pack.balance = total / 60.0
            pack.hours_bought = bought / 60.0
            pack.hours_consumed = consumed / 60.0

    @api.depends("balance_minutes")
    def _compute_balance_text(self):
        for pack in self:
            pack.balance_text = format_minutes(pack.balance_minutes)

    @api.depends("balance_minutes", "is_expired", "is_cancelled")
    def _compute_state(self):
        for pack in self:
            if pack.is_cancelled:
                pack.state = "cancelled"
            elif pack.is_expired:
                pack.state = "expired"
            elif pack.balance_minutes > 0:
                pack.state = "active"
            else:
                pack.state = "exhausted"

    @api.constrains("balance_minutes")
    def _check_balance(self):
        for pack in self:
            if pack.balance_minutes < 0:
                raise ValidationError(
                    _(
                        "%(pack)s would go below zero hours (%(balance)s).",
                        pack=pack.display_name,
                        balance=format_minutes(pack.balance_minutes),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, BOOKKEEPING_FIELDS)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("cloudworkz.prepaid.pack")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], BOOKKEEPING_FIELDS)
        moved = self.filtered(
            lambda pack: (
                "partner_id" in vals and pack.partner_id.id != vals["partner_id"]
            )
            or ("company_id" in vals and pack.company_id.id != vals["company_id"])
        )
        for pack in moved.filtered(lambda p: p._has_consumption()):
            raise UserError(
                _(
                    "%(pack)s has paid for %(customer)s's time: it stays theirs. "
                    "Adjust its hours with a reason instead.",
                    pack=pack.display_name,
                    customer=pack.partner_id.display_name,
                )
            )
        return super().write(vals)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for pack in self:
            pack.access_url = f"/my/packs/{pack.id}"

    @api.model
    def _minutes_text(self, minutes):
        """Minutes as H:MM, the way hours are shown everywhere."""
        return format_minutes(minutes)

    def _hours_bought_left(self):
        """(hours bought, hours left) in these packs."""
        return (
            sum(self.mapped("minutes_bought")) / 60.0,
            sum(self.mapped("balance_minutes")) / 60.0,
        )

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
        customer = order.partner_id.commercial_partner_id
        vals = {
            "partner_id": customer.id,
            "company_id": order.company_id.id,
            "product_id": product.id,
            "sale_line_id": sale_line.id,
            "date_purchase": day,
            "date_expiry": day + relativedelta(months=months) if months else False,
            "line_ids": [
                fields.Command.create(
                    {
                        "line_type": "purchase",
                        "minutes": round(product.pack_hours * 60),
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
        packs._ensure_agreement()
        packs._pay_what_is_due()
        return packs

    def _ensure_agreement(self):
        """A customer with prepaid hours and no agreement is On Demand: what
        the packs cannot pay is invoiced, never lost."""
        Contract = self.env["contract.contract"]
        for pack in self:
            if not Contract._support_running(
                pack.partner_id, pack.company_id, pack.date_purchase
            ):
                agreement = Contract._support_create_on_demand(
                    pack.partner_id, pack.company_id, pack.date_purchase
                )
                pack.message_post(
                    body=_(
                        "%(customer)s had no support agreement: %(agreement)s "
                        "bills what the pack cannot pay.",
                        customer=pack.partner_id.display_name,
                        agreement=agreement.display_name,
                    )
                )

    def action_cancel(self):
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(_("Only an account manager cancels a prepaid pack."))
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
            # sudo: ledger lines are written by the pack's own actions only
            pack.sudo()._add_closing_line("cancellation", _("Pack cancelled"))
            # sudo: as for its ledger line, the flag is the action's
            pack.sudo().is_cancelled = True
        return True

    def _add_closing_line(self, line_type, description):
        """Take what is left: expiry and cancellation take only the unused
        balance, hours already paid stay paid."""
        self.ensure_one()
        if self.balance_minutes > 0:
            self.env["cloudworkz.prepaid.pack.line"].create(
                {
                    "pack_id": self.id,
                    "line_type": line_type,
                    "minutes": -self.balance_minutes,
                    "date": fields.Date.context_today(self),
                    "description": description,
                }
            )

    @api.model
    def _cron_expire_packs(self, date_ref=None):
        """Scheduled action: expire packs in committed batches. Returns the
        number of packs expired (XML-RPC safe)."""
        return len(self._expire_run(date_ref))

    @api.model
    def _expire_run(self, date_ref=None):
        """Expire what is left of the packs past their validity; returns
        the packs expired."""
        today = fields.Date.to_date(date_ref) or fields.Date.context_today(self)
        packs = self.search(
            [
                ("date_expiry", "!=", False),
                ("date_expiry", "<", today),
                ("is_expired", "=", False),
                ("is_cancelled", "=", False),
            ]
        )
        run_in_batches(
            packs, self._expire, "cloudworkz_prepaid_pack.ir_cron_expire_packs"
        )
        return packs

    @api.model
    def _expire(self, packs):
        for pack in packs:
            pack._lock()
            pack._add_closing_line(
                "expiry", _("Expired on %(date)s", date=pack.date_expiry)
            )
            pack.is_expired = True
        packs._check_low_balance()

    def _check_low_balance(self):
        """The low-balance check of these packs' customers, each in the
        company of its packs."""
        for partner, company in {(pack.partner_id, pack.company_id) for pack in self}:
            partner.with_company(company)._pack_check_low_balance()

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

    def action_view_statement(self):
        return print_action(
            self, "cloudworkz_prepaid_pack.action_report_pack_statement"
        )
