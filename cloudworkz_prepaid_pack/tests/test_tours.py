# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The agent's and the customer's screens, walked in headless Chromium."""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cloudworkz_support_contract.tools import format_minutes


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.customer = env["res.partner"].create(
            {"name": "Tour Trä AB", "is_company": True}
        )
        cls.contact = env["res.partner"].create(
            {
                "name": "Tove Kund",
                "parent_id": cls.customer.id,
                "email": "tove@tourtra.example.com",
            }
        )
        cls.agent = new_test_user(
            env,
            login="cw_tour_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user,"
            "hr_timesheet.group_hr_timesheet_user",
        )
        env["hr.employee"].create(
            {
                "name": "Tour agent",
                "user_id": cls.agent.id,
                "company_id": cls.company.id,
            }
        )
        cls.portal_user = new_test_user(
            env,
            login="cw_tour_portal",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        order = env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": env.ref(
                                "cloudworkz_prepaid_pack.product_pack_small"
                            ).id
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        cls.pack = order.prepaid_pack_ids
        project = env["project.project"].create(
            {"name": "Tour support", "allow_timesheets": True}
        )
        team = env["helpdesk.ticket.team"].create(
            {
                "name": "Tour team",
                "allow_timesheet": True,
                "default_project_id": project.id,
                "user_ids": [Command.link(cls.agent.id)],
            }
        )
        cls.ticket = env["helpdesk.ticket"].create(
            {
                "name": "Export price list",
                "description": "<p>We start selling to Norway.</p>",
                "partner_id": cls.contact.id,
                "category_id": env.ref("cloudworkz_coverage.category_user_support").id,
                "team_id": team.id,
                "project_id": project.id,
                "user_id": cls.agent.id,
            }
        )

    def test_agent_logs_time_on_a_prepaid_ticket(self):
        self.assertEqual(self.ticket.support_type, "on_demand")
        self.start_tour(
            f"/web#model=helpdesk.ticket&id={self.ticket.id}&view_type=form",
            "cloudworkz_agent_ticket_tour",
            login="cw_tour_agent",
        )
        line = self.ticket.timesheet_ids
        self.assertEqual(line.user_id, self.agent)
        self.assertEqual(line.unit_amount, 1.5)
        self.assertEqual(format_minutes(self.pack.balance_minutes), "23:30")
        self.assertEqual(self.ticket.total_hours, 1.5)

    def test_customer_follows_ticket_and_pack_on_the_portal(self):
        self.env["account.analytic.line"].with_user(self.agent).create(
            {
                "name": "Explained the export price list",
                "ticket_id": self.ticket.id,
                "project_id": self.ticket.project_id.id,
                "unit_amount": 1.5,
                "date": date.today(),
            }
        )
        self.start_tour(
            "/my", "cloudworkz_portal_customer_tour", login="cw_tour_portal"
        )
        # the statement link answers, as a PDF or (without wkhtmltopdf) a page
        self.authenticate("cw_tour_portal", "cw_tour_portal")
        response = self.url_open(self.pack.get_portal_url(report_type="pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            response.headers["Content-Type"].split(";")[0],
            ("application/pdf", "text/html"),
        )
