# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoicing support agreements by calendar month: the months due, the
price of the month billed, and the invoice lines of fees, time and usage."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..tools import (
    exact_quantity_price,
    format_minutes,
    month_end,
    month_start,
    next_month,
)
from .contract_contract import (
    MAX_CATCH_UP_PERIODS,
)


class ContractContract(models.Model):
    _inherit = "contract.contract"  # pylint: disable=consider-merging-classes-inherited

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
        created = self.env.context.get("support_created_invoices")
        if created is not None and self.support_type:
            # OCA's steps after creating, on the invoices a support run has
            # just made (``_support_after_create``): they name their agreement
            return (
                self.env["account.move"]
                .browse(created)
                .filtered(lambda move: move.support_agreement_id == self)
            )
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
