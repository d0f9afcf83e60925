# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Packs walked by each role: the agent whose time empties a pack, the
salesperson who sells one, the portal customer who reads its statement."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import PackCommon


@tagged("post_install", "-at_install")
class TestPackRoles(PackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shared role users (SupportCommon)
        cls.agent_employee = cls.agent.employee_ids
        cls.salesman = cls.salesperson
        cls.manager = cls.account_manager
        cls.od_customer.user_id = cls.salesman

    def manager_adjusts(self, pack, hours, reason):
        """Adjust Hours, as the manager fills in the wizard."""
        wizard = Form(
            self.env["cloudworkz.prepaid.pack.adjust"]
            .with_user(self.manager)
            .with_context(default_pack_id=pack.id)
        )
        wizard.hours = hours
        wizard.reason = reason
        wizard.save().action_adjust()

    def portal_for(self, contact):
        return new_test_user(
            self.env,
            login=f"cw_portal_{contact.id}",
            groups="base.group_portal",
            partner_id=contact.id,
        )

    def agent_logs(self, ticket, minutes, day=date(2026, 1, 15)):
        self.env.invalidate_all()  # the agent's own request
        return (
            self.env["account.analytic.line"]
            .with_user(self.agent)
            .create(
                {
                    "name": "work",
                    "ticket_id": ticket.id,
                    "project_id": ticket.project_id.id,
                    "employee_id": self.agent_employee.id,
                    "unit_amount": minutes / 60.0,
                    "date": day,
                }
            )
        )

    def test_agent_crosses_the_threshold_and_a_quotation_is_drafted(self):
        """The agent's time empties the pack below the threshold with the
        top-up quotation setting on: the time is logged, the alert and the
        quotation are made for the account manager, not for the agent."""
        self.company.pack_alert_hours = 5.0
        self.company.pack_alert_quotation_product_id = self.medium
        self.od_customer.email = "kund@example.com"
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket()
        ticket.user_id = self.agent
        line = self.agent_logs(ticket, 21 * 60)  # 4 h left
        self.assertTrue(line.exists())
        self.assertEqual(pack.balance, 4.0)
        quotation = self.env["sale.order"].search(
            [
                ("partner_id", "=", self.od_customer.id),
                ("order_line.product_id", "=", self.medium.id),
            ]
        )
        self.assertEqual(len(quotation), 1)
        self.assertEqual(quotation.user_id, self.salesman)
        activity = self.od_customer.activity_ids.filtered(
            lambda a: a.summary == "Prepaid hours running low"
        )
        self.assertEqual(activity.user_id, self.salesman)
        # the agent reads the balance on the ticket
        self.env.invalidate_all()
        self.assertEqual(ticket.with_user(self.agent).pack_balance, 4.0)

    def test_salesman_sells_a_pack_but_cannot_write_the_ledger(self):
        Order = self.env["sale.order"].with_user(self.salesman)
        order = Order.create(
            {
                "partner_id": self.od_customer.id,
                "order_line": [Command.create({"product_id": self.small.id})],
            }
        )
        order.action_confirm()
        pack = order.prepaid_pack_ids
        self.assertEqual(pack.balance, 25.0)
        self.env.invalidate_all()
        pack_as_salesman = pack.with_user(self.salesman)
        self.assertEqual(pack_as_salesman.line_ids.line_type, "purchase")
        with self.assertRaises(AccessError):
            pack_as_salesman.line_ids.write({"minutes": 6000})
        with self.assertRaises(AccessError):
            self.env["cloudworkz.prepaid.pack.line"].with_user(self.salesman).create(
                {
                    "pack_id": pack.id,
                    "line_type": "adjustment",
                    "minutes": 600,
                    "description": "gift",
                }
            )
        with self.assertRaises(AccessError):
            pack_as_salesman.write({"date_expiry": date(2030, 1, 1)})
        # a manager adjusts, through the wizard, with a reason
        self.manager_adjusts(pack, 2.0, "Goodwill")
        self.assertEqual(pack.balance, 27.0)
        with self.assertRaises(AccessError):
            pack.line_ids.with_user(self.manager).write({"minutes": 1})

    def test_portal_customer_reads_own_statement_only(self):
        pack = self.sell(self.small).prepaid_pack_ids
        self.log_time(self.od_ticket(), 90)
        other = self.sell(
            self.small, customer=self.agreements["first_line"].partner_id
        ).prepaid_pack_ids
        contact = self.make_contacts(1, self.od_customer)
        portal = new_test_user(
            self.env,
            login="cw_pack_portal",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        self.env.invalidate_all()
        Pack = self.env["cloudworkz.prepaid.pack"].with_user(portal)
        self.assertEqual(Pack.search([]), pack)
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["name"])
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(portal)
            ._render_qweb_html(
                "cloudworkz_prepaid_pack.action_report_pack_statement",
                pack.ids,
            )
        )
        html = html.decode()
        self.assertIn(pack.name, html)
        self.assertIn("January 2026", html)
        self.assertIn("23:30", html)  # 25:00 less 1:30

    def test_agent_and_customer_see_prepaid_on_the_ticket(self):
        self.sell(self.small)
        ticket = self.od_ticket()
        self.env.invalidate_all()
        as_customer = ticket.with_user(self.portal_for(ticket.partner_id))
        self.assertEqual(as_customer.coverage_display_state, "prepaid")
        self.log_time(ticket, 80)  # bills 1:30
        self.env.invalidate_all()
        as_agent = ticket.with_user(self.agent)
        self.assertEqual(as_agent.coverage_state, "chargeable")
        self.assertEqual(as_agent.coverage_display_state, "prepaid")
        self.assertEqual(
            as_agent.coverage_reason,
            "Prepaid: paid from your prepaid hours (1:30 taken, 23:30 left).",
        )
        # past what the pack holds, the rest is invoiced and it says so
        self.log_time(ticket, 24 * 60)
        self.env.invalidate_all()
        self.assertEqual(as_agent.coverage_display_state, "chargeable")
        self.assertIn("the rest is invoiced (0:00 left)", as_agent.coverage_reason)

    def test_manager_cancels_and_adjusts_with_time_due(self):
        """A manager's actions write the ledger through the pack, though no
        role writes ledger lines by hand."""
        unused = self.sell(self.small).prepaid_pack_ids
        unused.with_user(self.manager).action_cancel()
        self.assertEqual(unused.state, "cancelled")
        self.assertEqual(unused.line_ids[-1:].line_type, "cancellation")
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket()
        self.log_time(ticket, 26 * 60)  # one hour more than the pack holds
        self.assertEqual(
            sum(ticket.support_request_month_ids.mapped("due_minutes")), 60
        )
        self.manager_adjusts(pack, 2.0, "Goodwill")
        # the two hours given pay the hour due first
        self.assertEqual(sum(ticket.support_request_month_ids.mapped("due_minutes")), 0)
        self.assertEqual(pack.balance, 1.0)
        self.ledger_is_exact(pack)

    def test_invoiced_time_is_not_shown_as_prepaid(self):
        ticket = self.od_ticket()
        self.log_time(ticket, 60)
        self.run_invoicing(date(2026, 2, 1))  # no pack yet: invoiced
        self.sell(self.small, day=date(2026, 2, 5))
        self.assertEqual(ticket.coverage_display_state, "chargeable")
        self.assertNotIn("Prepaid", ticket.coverage_reason)
