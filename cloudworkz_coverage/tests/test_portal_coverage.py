# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal tells a customer about coverage: the catalogue on the
agreement's page, and the hint of the new ticket form."""

import re

from odoo.tests import tagged

from odoo.addons.cloudworkz_support_contract.tests.portal_common import (
    PortalCommon,
)


@tagged("post_install", "-at_install")
class TestPortalCoverage(PortalCommon):
    @classmethod
    def category(cls, name):
        return cls.env.ref(f"cloudworkz_coverage.category_{name}")

    def hints(self, login):
        """{category id: (coverage, text)} of the new ticket form."""
        tree = self.get_page("/new/ticket", login)[1]
        return {
            int(node.get("data-category-id")): (
                node.get("data-coverage"),
                " ".join(node.text_content().split()),
            )
            for node in tree.xpath("//div[hasclass('o_coverage_hint')]")
        }

    def test_agreement_page_shows_included_and_charged_services(self):
        tree = self.agreement_page("cw_portal_key")
        included = self.texts(tree, "//ul[hasclass('o_support_included')]/li")
        excluded = self.texts(tree, "//ul[hasclass('o_support_excluded')]/li")
        self.assertIn("Included User how-to support", included)
        self.assertIn("Included Code maintenance", included)
        self.assertIn("Included System technical advice (IT key users)", included)
        self.assertIn("Chargeable Data import", excluded)
        self.assertIn("Chargeable Restore of backups", excluded)
        self.assertFalse(set(included) & set(excluded))
        # First Line alone: bugs get guidance, code maintenance is charged
        tree = self.agreement_page("cw_portal_other", self.other_agreement)
        included = self.texts(tree, "//ul[hasclass('o_support_included')]/li")
        charged = self.texts(tree, "//ul[hasclass('o_support_chargeable')]/li")
        self.assertIn("Guidance only Bug support", included)
        self.assertIn("Chargeable Code maintenance", charged)

    def test_ticket_form_hint_is_the_tickets_coverage(self):
        hints = self.hints("cw_portal_key")
        user_support = self.category("user_support")
        data_import = self.category("data_import")
        tech_advice = self.category("tech_advice")
        self.assertEqual(
            hints[user_support.id],
            ("included", "Included: First Line, registered user."),
        )
        self.assertEqual(
            hints[tech_advice.id], ("included", "Included: Maintenance, IT key user.")
        )
        self.assertEqual(hints[data_import.id][0], "chargeable")
        self.assertIn("Chargeable: data import is", hints[data_import.id][1])
        # who asks matters: the registered user is no IT key user
        hints = self.hints("cw_portal_plain")
        self.assertEqual(
            hints[tech_advice.id],
            (
                "chargeable",
                "Chargeable: this contact is not an IT key user on the "
                "Maintenance agreement.",
            ),
        )
        # the hint is what the ticket says once sent
        token = self.csrf_token()
        response = self.url_open(
            "/submitted/ticket",
            data={
                "category": str(tech_advice.id),
                "subject": "Backups?",
                "description": "When did the last backup run?",
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Backups?")])
        self.assertEqual(ticket.partner_id, self.plain_contact)
        self.assertEqual(ticket.support_agreement_id, self.agreement)
        self.assertEqual(ticket.coverage_display_state, "chargeable")
        self.assertEqual(ticket.coverage_reason, hints[tech_advice.id][1])

    def csrf_token(self):
        response = self.get_page("/new/ticket", "cw_portal_plain")[0]
        return re.search(r'csrf_token: "([^"]+)"', response.text).group(1)
