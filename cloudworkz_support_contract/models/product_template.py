# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

FEE_PRODUCTS = {
    "registered_user": "cloudworkz_support_contract.product_first_line_user",
    "code_block": "cloudworkz_support_contract.product_maintenance_block",
}


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

    @api.model
    def _support_set_contract_flags(self):
        """The First Line and Maintenance fees are sold as contract products
        (OCA product_contract): never invoiced by their sale order, they
        give the customer a support agreement. Run on every install and
        update; the product data itself is not updated (noupdate)."""
        for xmlid in FEE_PRODUCTS.values():
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if product and not product.is_contract:
                product.product_tmpl_id.write(
                    {
                        "is_contract": True,
                        "recurring_rule_type": "monthlylastday",
                        "recurring_invoicing_type": "post-paid",
                        "contract_start_date_method": "start_next",
                    }
                )
