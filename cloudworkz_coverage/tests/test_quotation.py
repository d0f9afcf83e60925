# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The quotation of an agreement says what it commits to, includes and
leaves out, from the catalogue."""

from odoo import Command
from odoo.tests.common import tagged

from odoo.addons.cloudworkz_support_contract.tests.common import SupportCommon


@tagged("post_install", "-at_install")
class TestQuotationDocument(SupportCommon):
    def render(self, products):
        salesman = self.salesperson
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id})
                        for product in products
                    ],
                }
            )
        )
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(salesman)
            ._render_qweb_html("sale.action_report_saleorder", order.ids)
        )
        return html.decode()

    def section(self, html, name):
        start = html.index(f'name="{name}"')
        return html[start : html.index("</div>", start)]

    def test_first_line_quotation(self):
        html = self.render([self.user_product])
        self.assertIn("12 months", self.section(html, "support_quote_commitment"))
        included = self.section(html, "support_quote_included")
        self.assertIn("User how-to support", included)
        self.assertIn(
            'Bug support</span> <span class="text-muted">(guidance only)', included
        )
        self.assertNotIn("Monthly patching", included.split("Charged per request")[0])
        excluded = self.section(html, "support_quote_excluded")
        self.assertIn("Restore of backups", excluded)
        self.assertIn("Import of new data", excluded)

    def test_combined_quotation_includes_the_union(self):
        html = self.render([self.user_product, self.block_product])
        included, charged = self.section(html, "support_quote_included").split(
            "Charged per request"
        )
        for service in (
            "User how-to support",
            "Bug support",
            "Monthly patching",
            "System technical advice",
        ):
            self.assertIn(service, included)
            self.assertNotIn(service, charged)
        self.assertNotIn("guidance only", included)

    def test_plain_quotation_has_no_agreement_section(self):
        html = self.render([self.hour_product])
        self.assertNotIn("support_quote", html)
