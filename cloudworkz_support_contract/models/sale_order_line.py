# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import LINES_PER_BLOCK, MAX_LINES_OF_CODE, MAX_USERS, code_blocks
from .support_service import BASIS_SERVICE


class SaleOrderLine(models.Model):
    """A First Line or Maintenance fee quoted on a sale order.

    OCA ``product_contract`` keeps these lines off the order's own invoices
    (they are contract products); confirming the order gives their customer
    a typed support agreement instead of a plain contract (see
    ``sale.order._support_create_agreements``).
    """

    _inherit = "sale.order.line"

    support_billing_basis = fields.Selection(
        related="product_id.product_tmpl_id.support_billing_basis",
        string="Agreement Quantity",
    )
    support_code_lines = fields.Integer(
        string="Lines of Custom Code",
        help="Estimate of the customer's custom code, quoted in started "
        "blocks of 100 lines. It becomes the agreement's first code "
        "measurement, until the account manager measures the code.",
    )

    @api.onchange("support_code_lines")
    def _onchange_support_code_lines(self):
        for line in self.filtered(
            lambda line: line.support_billing_basis == "code_block"
            and line.support_code_lines
        ):
            line.product_uom_qty = line._support_code_blocks()

    def _support_code_blocks(self):
        self.ensure_one()
        return code_blocks(self.support_code_lines)

    def _support_is_fee(self):
        self.ensure_one()
        return self.support_billing_basis in BASIS_SERVICE and not self.display_type

    @api.constrains("support_code_lines", "product_uom_qty", "product_id")
    def _check_support_code_lines(self):
        for line in self:
            if not 0 <= line.support_code_lines <= MAX_LINES_OF_CODE:
                raise ValidationError(
                    _(
                        "Lines of custom code are 0 to %(max)s.",
                        max=MAX_LINES_OF_CODE,
                    )
                )
            if line._support_is_fee() and line.product_uom_qty > MAX_USERS:
                raise ValidationError(
                    _(
                        "A support fee is quoted for at most %(max)s users or "
                        "blocks.",
                        max=MAX_USERS,
                    )
                )
            if (
                line.support_code_lines
                and line.support_billing_basis == "code_block"
                and line.product_uom_qty != line._support_code_blocks()
            ):
                raise ValidationError(
                    _(
                        "%(lines)s lines of custom code are %(blocks)s started "
                        "blocks of 100 lines, not %(quantity)s.",
                        lines=line.support_code_lines,
                        blocks=line._support_code_blocks(),
                        quantity="%g" % line.product_uom_qty,
                    )
                )

    def _support_apply_to(self, agreement, new_fees, start):
        """What this quoted fee gives ``agreement``: its price on the fee
        line the agreement just got, and the quoted users or code."""
        self.ensure_one()
        basis = self.support_billing_basis
        fee = new_fees.filtered(lambda f: f.support_billing_basis == basis)[:1]
        running = agreement.contract_line_ids.filtered(
            lambda f: f.support_billing_basis == basis
            and not f.is_canceled
            and not f.support_new_price_ids
        )
        current = running[:1]
        price = current and (
            agreement._support_price(self.product_id, 1.0, start)
            if current.automatic_price
            else current.price_unit
        )
        if (
            not fee
            and current
            and (price != self.price_unit or current.discount != self.discount)
        ):
            # one price per fee: more users (or code) at the agreement's price
            raise UserError(
                _(
                    "%(agreement)s already bills %(product)s at its own price: "
                    "quote it at %(price)s (discount %(discount)s %%), or change "
                    "the agreement's price first.",
                    agreement=agreement.display_name,
                    product=self.product_id.display_name,
                    price=agreement._support_format_amount(price),
                    discount="%g" % current.discount,
                )
            )
        if fee:
            fee.write(
                {
                    "automatic_price": False,
                    "price_unit": self.price_unit,
                    "discount": self.discount,
                    "sale_order_line_id": self.id,
                }
            )
        if basis == "registered_user":
            # users named beyond those sold before are billed already: the
            # users of this order come on top of them
            named = agreement._support_user_count(start, start)
            extra = max(0, named - agreement._support_users_sold(start))
            self.env["cloudworkz.support.seat"].create(
                {
                    "agreement_id": agreement.id,
                    "date_start": start,
                    "quantity": extra + int(self.product_uom_qty),
                    "sale_line_id": self.id,
                }
            )
        else:
            agreement._support_add_code_estimate(
                self.order_id.name,
                self.support_code_lines or int(self.product_uom_qty) * LINES_PER_BLOCK,
                start,
            )
