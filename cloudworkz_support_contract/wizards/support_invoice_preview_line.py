# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SupportInvoicePreviewLine(models.TransientModel):
    _name = "cloudworkz.support.invoice.preview.line"
    _description = "Support Agreement Next Invoice Preview Line"
    _order = "sequence, id"

    preview_id = fields.Many2one(
        comodel_name="cloudworkz.support.invoice.preview",
        required=True,
        ondelete="cascade",
    )
    currency_id = fields.Many2one(related="preview_id.currency_id")
    sequence = fields.Integer()
    display_type = fields.Selection(
        selection=[("line_note", "Note"), ("line_section", "Section")]
    )
    product_id = fields.Many2one(comodel_name="product.product")
    name = fields.Text(string="Description")
    quantity = fields.Float(digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    discount = fields.Float(string="Discount (%)", digits="Discount")
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_price_subtotal"
    )

    @api.depends("quantity", "price_unit", "discount")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = line.currency_id.round(
                line.quantity * line.price_unit * (1 - line.discount / 100.0)
            )
