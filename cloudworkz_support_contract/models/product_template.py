# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    support_billing_basis = fields.Selection(
        selection=[
            ("fixed", "Quantity on the agreement line"),
            ("registered_user", "Registered users (First Line)"),
            ("code_block", "Blocks of 100 lines of custom code (Maintenance)"),
        ],
        string="Agreement Quantity",
        default="fixed",
        required=True,
        help="On a support agreement, the quantity invoiced for this product: "
        "as typed on the line, the number of registered users, or the number of "
        "started blocks of 100 lines of custom code.",
    )
