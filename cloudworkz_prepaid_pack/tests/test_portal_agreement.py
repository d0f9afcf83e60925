# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's packs on their agreement's page, and the prepaid hint of
the new ticket form."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.cloudworkz_support_contract.tests.portal_common import (
    PortalCommon,
)


@tagged("post_install", "-at_install")
class TestPortalAgreementPacks(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.pack_alert_hours = 0.0
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.env.ref(
                                "cloudworkz_prepaid_pack.product_pack_small"
                            ).id
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        cls.pack = order.prepaid_pack_ids
        # the other customer has a pack of its own
        other_order = order.copy({"partner_id": cls.other_customer.id})
        other_order.action_confirm()
        cls.other_pack = other_order.prepaid_pack_ids

    def category(self, name):
        return self.env.ref(f"cloudworkz_coverage.category_{name}")

    def test_agreement_page_shows_the_packs(self):
        ticket = self.make_ticket(
            self.agreement,
            name="Import meter readings",
            partner=self.key_contact,
            category=self.category("data_import"),
        )
        self.log_time(ticket, 80, day=self.today)
        self.assertEqual(self.pack.balance_text, "23:30")
        tree = self.agreement_page("cw_portal_plain")
        rows = self.texts(tree, "//table[hasclass('o_support_packs')]/tbody/tr")
        self.assertEqual(len(rows), 1)
        self.assertIn(self.pack.name, rows[0])
        self.assertIn("25:00 23:30 Active", rows[0])
        self.assertNotIn(self.other_pack.name, " ".join(rows))
        [balance] = self.texts(tree, "//div[@id='support_packs']//strong")
        self.assertEqual(balance, "23:30")
        # the time the pack paid is not on the next invoice
        preview = self.backend_preview()
        [total] = self.texts(tree, "//th[hasclass('o_support_preview_total')]")
        self.assertEqual(self.amount(total), preview.amount_untaxed)
        self.assertFalse(
            preview.line_ids.filtered(lambda line: line.product_id == self.hour_product)
        )

    def test_ticket_form_hints_included_prepaid_chargeable(self):
        self.authenticate("cw_portal_key", "cw_portal_key")
        tree = self.get_page("/new/ticket", "cw_portal_key")[1]

        def hint(name):
            [node] = tree.xpath(
                "//div[hasclass('o_coverage_hint')]"
                f"[@data-category-id='{self.category(name).id}']"
            )
            return node.get("data-coverage"), " ".join(node.text_content().split())

        self.assertEqual(
            hint("user_support"),
            ("included", "Included: First Line, registered user."),
        )
        self.assertEqual(
            hint("data_import"),
            ("prepaid", "Prepaid: your prepaid hours pay for it (25:00 left)."),
        )
        # prepaid hours never pay for infrastructure
        self.assertEqual(hint("infrastructure")[0], "chargeable")
        self.assertIn(
            "Chargeable: infrastructure provisioning is", hint("infrastructure")[1]
        )
        # each hint is what the ticket says once sent
        for name in ("user_support", "data_import", "infrastructure"):
            ticket = self.make_ticket(
                self.agreement, partner=self.key_contact, category=self.category(name)
            )
            self.assertEqual(
                (ticket.coverage_display_state, ticket.coverage_reason), hint(name)
            )

    def test_tour_agreement_to_ticket(self):
        """In headless Chromium: My Agreements, the agreement's page, a new
        ticket whose category shows its hint, sent."""
        self.start_tour(
            "/my", "cloudworkz_portal_agreement_tour", login="cw_portal_key"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Meter readings of the new plant")]
        )
        self.assertEqual(ticket.partner_id, self.key_contact)
        self.assertEqual(ticket.category_id, self.category("data_import"))
        self.assertEqual(ticket.coverage_display_state, "prepaid")
