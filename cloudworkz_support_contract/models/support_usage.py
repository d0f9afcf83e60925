# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import MAX_QUANTITY, check_bookkeeping

# Written by the monthly run and its corrections only (see tools/guard.py).
BOOKKEEPING_FIELDS = ("invoice_line_id", "invoice_id", "is_invoiced")


class SupportUsage(models.Model):
    """Pay-per-transaction usage (OCR, InExchange, AI transactions...).

    Billed per transaction on the agreement's invoice of the period that
    holds its date, or of the first period invoiced after it.
    """

    _name = "cloudworkz.support.usage"
    _description = "Pay-per-transaction Usage"
    _order = "date desc, id desc"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("support_type", "!=", False)],
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", string="Customer", store=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Service",
        required=True,
        domain=[("detailed_type", "=", "service")],
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    description = fields.Char()
    invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    invoice_id = fields.Many2one(
        related="invoice_line_id.move_id", string="Invoice", store=True
    )
    is_invoiced = fields.Boolean(compute="_compute_is_invoiced", store=True)

    @api.depends("invoice_line_id")
    def _compute_is_invoiced(self):
        for usage in self:
            usage.is_invoiced = bool(usage.invoice_line_id)

    @api.constrains("quantity")
    def _check_quantity(self):
        for usage in self:
            if usage.quantity <= 0:
                raise ValidationError(
                    _("A usage quantity must be above zero (got %s).", usage.quantity)
                )
            if usage.quantity > MAX_QUANTITY:
                raise ValidationError(
                    _(
                        "A usage quantity is at most %(max)s transactions a line.",
                        max="%d" % MAX_QUANTITY,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, BOOKKEEPING_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], BOOKKEEPING_FIELDS)
        if self.filtered("invoice_line_id") and set(vals) - set(BOOKKEEPING_FIELDS):
            raise UserError(
                _("Usage already invoiced cannot be changed; cancel its invoice first.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        if self.filtered("invoice_line_id"):
            raise UserError(
                _("Usage already invoiced cannot be deleted; cancel its invoice first.")
            )
