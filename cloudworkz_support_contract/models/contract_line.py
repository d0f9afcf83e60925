# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from ..tools import (
    check_bookkeeping,
    day_count,
    days_in_month,
    month_end,
    month_start,
    overlap,
    prorated,
)
from .support_service import BASIS_SERVICE


class ContractLine(models.Model):
    """A fixed fee of a support agreement, billed per calendar month through
    OCA contract's own hooks: the period (``_get_period_to_invoice``), the
    quantity of that period (``_get_quantity_to_invoice``) and the invoice
    line (``_prepare_invoice_line``)."""

    _inherit = "contract.line"

    support_billing_basis = fields.Selection(
        related="product_id.product_tmpl_id.support_billing_basis",
        string="Agreement Quantity",
    )
    support_price_of_id = fields.Many2one(
        comodel_name="contract.line",
        string="New Price of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="cascade",
        help="This fee continues that line at a new price (yearly "
        "indexation) from its start.",
    )
    support_new_price_ids = fields.One2many(
        comodel_name="contract.line",
        inverse_name="support_price_of_id",
        string="Later Prices",
    )
    support_quantity_now = fields.Float(
        string="Quantity this Month",
        compute="_compute_support_quantity_now",
        digits="Product Unit of Measure",
        help="What this month bills so far: registered users, or blocks of "
        "100 lines of custom code (at least one), or the line's quantity.",
    )

    @api.depends(
        "quantity",
        "product_id",
        "contract_id.support_contact_ids.date_removed",
        "contract_id.code_measurement_ids.lines_of_code",
        "contract_id.support_users_sold_ids.quantity",
    )
    def _compute_support_quantity_now(self):
        today = fields.Date.context_today(self)
        first = month_start(today)
        for line in self:
            line.support_quantity_now = line._get_quantity_to_invoice(
                first, month_end(today), today
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, ("support_price_of_id",))
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], ("support_price_of_id",))
        return super().write(vals)

    def _compute_recurring_next_date(self):
        res = super()._compute_recurring_next_date()
        # OCA gives every line its contract's next invoice date; a support
        # fee that starts later (a price indexed at renewal) is first
        # invoiced at the end of its own first month, even when a month
        # before it is invoiced (again) first
        for line in self:
            if (
                line.contract_id.support_type
                and line.date_start
                and line.recurring_next_date
                and line.recurring_next_date < line.date_start
            ):
                line.recurring_next_date = month_end(line.date_start)
        return res

    def _update_recurring_next_date(self):
        """OCA's step after a line's period is invoiced: the period's end
        becomes its last invoiced date. A support fee line's period is its
        agreement's month (whose end the agreement got first, see
        ``_support_advance_fee_lines``), the lines of a whole batch written
        together, one write per date."""
        support = self.filtered("contract_id.support_type")
        res = super(ContractLine, self - support)._update_recurring_next_date()
        by_day = {}
        for line in support:
            # the agreement's month, else (never invoiced by the support run)
            # OCA's own period end
            day = line.contract_id.last_date_invoiced or line.next_period_date_end
            if not day:
                continue  # nothing left to invoice on this line
            if line.date_end and line.date_end < day:
                day = line.date_end
            by_day.setdefault(day, self.browse())
            by_day[day] |= line
        for day, lines in by_day.items():
            lines.write({"last_date_invoiced": day})
        return res

    def _support_copy_prices_of(self, originals):
        """These lines are copies of ``originals`` (in the same order): a
        copy of a later price continues the copy of its line."""
        copy_of = dict(zip(originals, self, strict=True))
        for original, copy in copy_of.items():
            if original.support_price_of_id in copy_of:
                # sudo: the price history is the agreement's bookkeeping,
                # copied with it
                copy.sudo().support_price_of_id = copy_of[original.support_price_of_id]

    def _support_days_in(self, month):
        """(first, last, days) of ``month`` this fee bills: the days its
        service runs, or the agreement's days for other fees; None when it
        bills nothing that month."""
        self.ensure_one()
        agreement = self.contract_id
        service = BASIS_SERVICE.get(self.support_billing_basis)
        if service:
            # a fee whose price changed (indexation) bills only the days
            # of its price
            later = self.support_new_price_ids
            return agreement._support_service_days(
                service,
                month,
                first=self.support_price_of_id and self.date_start,
                last=later and min(later.mapped("date_start")) - relativedelta(days=1),
            )
        span = overlap(
            month_start(month),
            month_end(month),
            agreement.date_start,
            agreement.date_end,
        )
        return span and (span[0], span[1], day_count(*span))

    def _get_period_to_invoice(
        self, last_date_invoiced, recurring_next_date, stop_at_date_end=True
    ):
        # The monthly run of a support agreement gives the days of the month
        # this fee covers.
        period = self.env.context.get("support_period")
        if period and self.contract_id.support_type:
            return period
        return super()._get_period_to_invoice(
            last_date_invoiced, recurring_next_date, stop_at_date_end=stop_at_date_end
        )

    def _get_quantity_to_invoice(
        self, period_first_date, period_last_date, invoice_date
    ):
        basis = self.support_billing_basis
        if (
            self.display_type
            or not self.contract_id.support_type
            or basis not in BASIS_SERVICE
            or not period_first_date
        ):
            return super()._get_quantity_to_invoice(
                period_first_date, period_last_date, invoice_date
            )
        agreement = self.contract_id
        if basis == "registered_user":
            count = max(
                agreement._support_user_count(period_first_date, period_last_date),
                # the users sold on quotations by then, named or not yet
                agreement._support_users_sold(period_last_date),
            )
        else:
            count = agreement._support_code_blocks(month_end(period_first_date))
        # "starting at": one user, one block of 100 lines
        return max(1, count)

    def _prepare_invoice_line(self):
        vals = super()._prepare_invoice_line()
        period = self.env.context.get("support_period")
        if not (vals and period and self.contract_id.support_type):
            return vals
        first, _last, _invoice_date = period
        agreement = self.contract_id
        quantity = vals["quantity"]
        if self.automatic_price:
            # the price of the month billed, on the first day this fee bills
            vals["price_unit"] = agreement._support_price(
                self.product_id, quantity, first
            )
        days = self._support_days_in(first)[2]
        month_days = days_in_month(first)
        if days < month_days:
            # a month that is not whole: fee x days covered / days in the
            # month, rounded to the öre, on one line
            price = vals["price_unit"]
            discount = vals.get("discount") or 0.0
            amount = agreement.currency_id.round(
                prorated(quantity * price * (1 - discount / 100.0), days, month_days)
            )
            vals.update(
                quantity=1.0,
                price_unit=amount,
                discount=0.0,
                name=vals["name"]
                + _(
                    " (%(quantity)s x %(price)s for %(days)s of %(month_days)s days)",
                    quantity="%g" % quantity,
                    price=agreement._support_format_amount(price),
                    days=days,
                    month_days=month_days,
                ),
            )
        return vals
