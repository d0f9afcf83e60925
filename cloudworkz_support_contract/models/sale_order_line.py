# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .support_code_measurement import LINES_PER_BLOCK
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
            lambda l: l.support_billing_basis == "code_block" and l.support_code_lines
        ):
            line.product_uom_qty = line._support_code_blocks()

    def _support_code_blocks(self):
        self.ensure_one()
        return math.ceil(self.support_code_lines / LINES_PER_BLOCK)

    def _support_is_fee(self):
        self.ensure_one()
        return self.support_billing_basis in BASIS_SERVICE and not self.display_type

    @api.constrains("support_code_lines", "product_uom_qty", "product_id")
    def _check_support_code_lines(self):
        for line in self:
            if line.support_code_lines < 0:
                raise ValidationError(_("Lines of custom code cannot be negative."))
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
            agreement.support_user_slots += int(self.product_uom_qty)
        else:
            agreement._support_add_code_estimate(
                self.order_id.name,
                self.support_code_lines
                or int(self.product_uom_qty) * LINES_PER_BLOCK,
                start,
            )
