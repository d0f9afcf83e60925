# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from ..tools import month_end, next_month


class SupportInvoicePreview(models.TransientModel):
    """What the next invoice of an agreement will hold, computed on the fly:
    nothing is created, marked or moved."""

    _name = "cloudworkz.support.invoice.preview"
    _description = "Support Agreement Next Invoice Preview"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract", required=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(related="agreement_id.currency_id")
    date_start = fields.Date(string="Period Start", readonly=True)
    date_end = fields.Date(string="Period End", readonly=True)
    invoice_date = fields.Date(readonly=True)
    line_ids = fields.One2many(
        comodel_name="cloudworkz.support.invoice.preview.line",
        inverse_name="preview_id",
        readonly=True,
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amount_untaxed"
    )
    note = fields.Char(readonly=True)

    @api.depends("line_ids.price_subtotal")
    def _compute_amount_untaxed(self):
        for preview in self:
            preview.amount_untaxed = preview.currency_id.round(
                sum(preview.line_ids.mapped("price_subtotal"))
            )

    @api.model_create_multi
    def create(self, vals_list):
        previews = super().create(vals_list)
        for preview in previews:
            preview._fill()
        return previews

    def _fill(self):
        self.ensure_one()
        agreement = self.agreement_id
        month = agreement._support_next_month()
        if month:
            invoice_date = next_month(month)
            invoice_vals = agreement._support_prepare_month_invoice(month, invoice_date)
        else:
            # every month invoiced: what was logged late still is, the way
            # the monthly run does it
            invoice_date = fields.Date.context_today(self)
            invoice_vals = agreement._support_prepare_late_invoice(invoice_date)
            if not invoice_vals:
                self.note = _("This agreement has no month left to invoice.")
                return
            month = agreement.date_end or invoice_date
        lines = []
        for sequence, (_cmd, _id, vals) in enumerate(invoice_vals["invoice_line_ids"]):
            lines.append(
                {
                    "sequence": sequence,
                    "display_type": vals.get("display_type")
                    if vals.get("display_type") in ("line_note", "line_section")
                    else False,
                    "product_id": vals.get("product_id"),
                    "name": vals.get("name"),
                    "quantity": vals.get("quantity", 0.0),
                    "price_unit": vals.get("price_unit", 0.0),
                    "discount": vals.get("discount", 0.0),
                }
            )
        self.write(
            {
                # the period the invoice says: a first or last month that
                # is not whole shows its own days
                "date_start": invoice_vals.get("support_period_start", month),
                "date_end": invoice_vals.get("support_period_end", month_end(month)),
                "invoice_date": invoice_date,
                "line_ids": [fields.Command.create(v) for v in lines],
                "note": False if lines else _("Nothing to invoice for this month."),
            }
        )
