# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.cloudworkz_support_contract.tools import (
    check_bookkeeping,
    format_minutes,
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


class _ForUpdate:
    """A search query whose rows are locked as they are read (SELECT ...
    FOR UPDATE), for the ORM's ``_fetch_query``."""

    def __init__(self, query):
        self.query = query

    def select(self, *args):
        return SQL("%s FOR UPDATE", self.query.select(*args))

    def __getattr__(self, name):
        return getattr(self.query, name)


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

    # ------------------------------------------------------------------
    # Consumption: packs pay the request ledger first
    # ------------------------------------------------------------------
    @api.model
    def _in_use_domain(self, partner, company):
        """The customer's packs that may pay: not expired, not cancelled."""
        return [
            ("partner_id", "=", partner.id),
            ("company_id", "=", company.id),
            ("is_expired", "=", False),
            ("is_cancelled", "=", False),
        ]

    @api.model
    def _has_hours_left(self, partner, company):
        """Whether the customer has prepaid hours left (one query)."""
        return bool(
            self.search_count(
                self._in_use_domain(partner, company) + [("balance_minutes", ">", 0)],
                limit=1,
            )
        )

    @api.model
    def _packs_for(self, partner, company, lock=False):
        """Packs that may pay, in the order they are used: oldest-expiring
        first (packs without expiry last), then oldest purchase. With
        ``lock``, found and locked in one query (see ``_lock``)."""
        domain = self._in_use_domain(partner, company)
        order = "date_expiry asc nulls last, date_purchase asc, id asc"
        if not lock:
            return self.search(domain, order=order)
        # the columns a read would fetch, read after the lock: what another
        # agent's transaction wrote
        columns = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and field.prefetch is True
        ]
        self.invalidate_model(columns)
        # the ORM's own query of search_fetch(), with the row lock added
        query = self._search(domain, order=order)
        return self._fetch_query(
            _ForUpdate(query), self._determine_fields_to_fetch(columns)
        )

    def _pay_what_is_due(self):
        """New hours pay the customers' chargeable time not yet invoiced."""
        RequestMonth = self.env["cloudworkz.support.request.month"]
        for pack in self:
            due = RequestMonth.search(
                [
                    ("partner_id", "=", pack.partner_id.id),
                    ("company_id", "=", pack.company_id.id),
                    ("due_minutes", ">", 0),
                ]
            )
            self._sync_request_months(due)
        self._check_low_balance()

    @api.model
    def _sync_request_months(self, rms):
        """Make the packs' consumption of each request-month what it should
        be: its billed minutes, less what invoices billed and what packs no
        longer active paid; taken from the customer's packs in order, and
        given back to the pack used last. What no pack can pay stays due on
        the next invoice. Hours given back pay other requests still due."""
        RequestMonth = self.env["cloudworkz.support.request.month"]
        by_customer = {}
        for rm in rms:
            # a request without customer (its ticket's was cleared) gives
            # back what packs paid for it
            if rm.partner_id or rm.pack_line_ids:
                by_customer.setdefault((rm.partner_id, rm.company_id), RequestMonth)
                by_customer[(rm.partner_id, rm.company_id)] |= rm
        given_back = {}
        for (customer, company), customer_rms in by_customer.items():
            packs = self._packs_for(customer, company, lock=True)
            held = customer_rms.pack_line_ids.pack_id
            if not packs and not held:
                continue
            # packs no longer in use (or another customer's) that hold some
            # of this time
            (held - packs)._lock()
            returned = False
            for rm in customer_rms.sorted(lambda r: (r.month, r.ticket_id.id)):
                returned |= packs._allocate(rm)
                # what a former customer's packs paid goes back to them
                foreign = rm.pack_line_ids.filtered(
                    lambda line, rm=rm: not rm._pack_is_own(line)
                )
                for pack in foreign.pack_id:
                    given_back.setdefault((pack.partner_id, pack.company_id), rm)
                    given_back[(pack.partner_id, pack.company_id)] |= rm
                foreign.unlink()
            if not customer:
                continue
            if returned:
                self._pay_others_due(customer, company, packs, customer_rms)
            customer = customer.with_company(company)
            # Only used hours: a customer above the threshold was above it
            # before too (its alert flag was cleared when it rose above).
            if returned or customer._pack_is_low(*packs._hours_bought_left()):
                customer._pack_check_low_balance(packs)
        for (customer, company), rms_left in given_back.items():
            packs = self._packs_for(customer, company, lock=True)
            self._pay_others_due(customer, company, packs, rms_left)
            customer.with_company(company)._pack_check_low_balance(packs)

    @api.model
    def _pay_others_due(self, customer, company, packs, done):
        """Hours given back to ``packs`` pay the customer's other requests
        still due (not ``done``), oldest first."""
        if not packs.filtered(lambda p: p.balance_minutes > 0):
            return
        others = self.env["cloudworkz.support.request.month"].search(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("due_minutes", ">", 0),
                ("id", "not in", done.ids),
            ],
            order="month, ticket_id",
        )
        for rm in others:
            packs._allocate(rm)

    def _allocate(self, rm):
        """Bring the consumption of ``rm`` on the packs in ``self`` (active,
        in order) to its target. Returns whether minutes went back."""
        Line = self.env["cloudworkz.prepaid.pack.line"]
        lines = rm.pack_line_ids.filtered(
            lambda line: line.line_type == "consumption" and rm._pack_is_own(line)
        )
        # what the customer's packs no longer in use paid stays paid
        kept = -sum(
            lines.filtered(lambda line: line.pack_id not in self).mapped("minutes")
        )
        current = lines.filtered(lambda line: line.pack_id in self)
        target = 0
        if rm._pack_may_pay():
            target = max(0, rm.billed_minutes - rm.invoiced_minutes - kept)
        delta = target + sum(current.mapped("minutes"))
        if delta > 0:
            day = rm._pack_consumption_date()
            by_pack = {line.pack_id: line for line in current}
            for pack in self:
                if delta <= 0:
                    break
                take = min(delta, pack.balance_minutes)
                if take <= 0:
                    continue
                line = by_pack.get(pack)
                if line:
                    line.minutes -= take
                    # minutes and hours in one UPDATE, before the balance
                    line.flush_recordset()
                else:
                    Line.create(
                        {
                            "pack_id": pack.id,
                            "line_type": "consumption",
                            "minutes": -take,
                            "date": max(day, pack.date_purchase),
                            "request_month_id": rm.id,
                            # the month is a column of its own, in the
                            # reader's language
                            "description": rm.ticket_id.name,
                        }
                    )
                pack.flush_recordset(["balance_minutes"])
                delta -= take
            return False
        if delta < 0:
            # less to pay: give back to the pack used last
            order = {pack: index for index, pack in enumerate(self)}
            for line in current.sorted(lambda line: order[line.pack_id], reverse=True):
                if delta >= 0:
                    break
                give = min(-delta, -line.minutes)
                if give == -line.minutes:
                    line.unlink()
                else:
                    line.minutes += give
                delta += give
            self.flush_recordset(["balance_minutes"])
            return True
        return False

    @api.model
    def _statement_pdf_available(self):
        """Whether this server can print PDFs (wkhtmltopdf installed)."""
        return self.env["ir.actions.report"].get_wkhtmltopdf_state() in (
            "ok",
            "upgrade",
        )

    def action_view_statement(self):
        action = self.env.ref(
            "cloudworkz_prepaid_pack.action_report_pack_statement"
        ).report_action(self)
        if not self._statement_pdf_available():
            # without wkhtmltopdf the statement opens as a web page
            action["report_type"] = "qweb-html"
        return action
