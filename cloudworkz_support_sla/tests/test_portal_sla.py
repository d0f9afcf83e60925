# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the customer sees of the service levels on the portal: the target of
its ticket and when it was met, the levels of its agreement; nothing of
another customer's."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.cloudworkz_support_contract.tests.portal_common import PortalCommon

from .common import SlaMixin


@tagged("post_install", "-at_install")
class TestPortalSla(SlaMixin, PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sla()
        cls.key_contact.tz = "Europe/Stockholm"
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Order import stopped",
                "description": "<p>Nothing imports</p>",
                "partner_id": cls.key_contact.id,
                "team_id": cls.team.id,
                "priority": "3",
            }
        )

    def ticket_page(self, login):
        return self.get_page(f"/my/ticket/{self.ticket.id}", login)

    def test_ticket_shows_the_target_then_when_it_was_met(self):
        tree = self.ticket_page("cw_portal_key")[1]
        lines = self.texts(tree, "//ul[hasclass('o_support_sla')]/li")
        self.assertEqual(len(lines), 3, lines)
        urgent = next(
            line for line in lines if line.startswith(self.urgent_response.name)
        )
        deadline = self.target(
            self.ticket, self.urgent_response
        ).support_deadline_customer
        self.assertIn("Europe/Stockholm", deadline)
        self.assertIn(f"answer by {deadline}", urgent)
        self.ticket.with_user(self.agent).message_post(
            body="We are looking at it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        tree = self.ticket_page("cw_portal_key")[1]
        lines = self.texts(tree, "//ul[hasclass('o_support_sla')]/li")
        urgent = next(
            line for line in lines if line.startswith(self.urgent_response.name)
        )
        self.assertIn("Met answered", urgent)
        resolution = next(
            line for line in lines if line.startswith(self.urgent_resolution.name)
        )
        self.assertIn("resolved by", resolution)

    def test_agreement_page_lists_its_levels(self):
        tree = self.agreement_page("cw_portal_key")
        rows = self.texts(tree, "//table[hasclass('o_support_sla_levels')]/tbody/tr")
        self.assertEqual(
            sorted(rows),
            sorted(
                [
                    "First Line: first response Any First Response 4 working hours",
                    "Maintenance urgent: first response Very High First Response "
                    "2 working hours",
                    "Maintenance urgent: resolution Very High Resolution "
                    "16 working hours",
                ]
            ),
        )

    def test_another_customer_sees_nothing(self):
        response, tree = self.ticket_page("cw_portal_other")
        self.assertNotIn(f"/my/ticket/{self.ticket.id}", response.url)
        self.assertFalse(tree.xpath("//ul[hasclass('o_support_sla')]"))
        # nor, over RPC, the levels given to this customer's agreement
        own = self.env["helpdesk.sla"].create(
            {
                "name": "Kund AB: answer in 30 minutes... in one hour",
                "support_agreement_id": self.agreement.id,
                "support_target": "response",
                "hours": 1,
            }
        )
        Sla = self.env["helpdesk.sla"]
        self.assertIn(own, Sla.with_user(self.key_user).search([]))
        self.assertNotIn(own, Sla.with_user(self.other_user).search([]))
        with self.assertRaises(AccessError):
            own.with_user(self.other_user).read(["name"])
        with self.assertRaises(AccessError):
            self.target(self.ticket, self.urgent_response).with_user(
                self.other_user
            ).read(["deadline"])
