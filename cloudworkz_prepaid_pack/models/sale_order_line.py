# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    prepaid_pack_ids = fields.One2many(
        comodel_name="cloudworkz.prepaid.pack",
        inverse_name="sale_line_id",
        string="Prepaid Packs",
    )

    def _pack_create_missing(self):
        """One pack per unit sold, once."""
        # sudo: packs and their ledger are written by these actions only; the
        # salesperson confirming the order (or the accountant whose payment
        # completes it) reads packs but may not write ledgers or agreements
        Pack = self.env["cloudworkz.prepaid.pack"].sudo()
        for line in self.filtered("product_id.is_support_pack"):
            missing = int(line.product_uom_qty) - len(
                line.prepaid_pack_ids.filtered(lambda p: not p.is_cancelled)
            )
            if missing > 0:
                Pack._create_from_sale_line(line, missing)
