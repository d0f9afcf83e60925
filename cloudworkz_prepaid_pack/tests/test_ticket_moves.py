# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A ticket opened for the wrong customer, moved by the agent to the right
one: the first customer's prepaid hours come back at once, the new customer
pays (its packs, else its next invoice); time already invoiced stays."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import PackCommon

AGENT_GROUPS = "helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user"


@tagged("post_install", "-at_install")
class TestTicketMoves(PackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(cls.env, login="cw_agent_mover", groups=AGENT_GROUPS)
        cls.pack_x = cls.sell(cls.small).prepaid_pack_ids
        cls.customer_y = cls.env["res.partner"].create(
            {
                "name": "Rätt Kund AB",
                "is_company": True,
                "property_product_pricelist": cls.pricelist.id,
            }
        )
        cls.contact_y = cls.make_contacts(1, cls.customer_y)
        cls.agreement_y = cls.make_agreement("on_demand", customer=cls.customer_y)
        cls.wrong = cls.od_ticket("Wrong customer")
        cls.log_time(cls.wrong, 50)  # 1:00 billed, paid by X's pack

    def move_to_y(self, ticket):
        """The agent picks the right customer's contact on the ticket."""
        self.env.invalidate_all()
        form = Form(ticket.with_user(self.agent))
        form.partner_id = self.contact_y
        form.save()

    def test_moved_ticket_gives_the_hours_back_and_bills_the_new_customer(self):
        self.assertEqual(self.pack_x.balance_minutes, 24 * 60)
        self.move_to_y(self.wrong)
        self.assertEqual(self.wrong.support_agreement_id, self.agreement_y)
        rm = self.wrong.support_request_month_ids
        self.assertEqual(rm.partner_id, self.customer_y)
        self.assertEqual(self.pack_x.balance_minutes, 25 * 60)
        self.assertFalse(self.pack_x.line_ids.filtered("request_month_id"))
        self.assertEqual((rm.prepaid_minutes, rm.due_minutes), (0, 60))
        self.assertEqual(rm.agreement_id, self.agreement_y)
        invoices = self.run_invoicing(date(2026, 2, 1))
        of_y = invoices.filtered(lambda i: i.support_agreement_id == self.agreement_y)
        self.assertEqual(self.invoice_lines(of_y).mapped("price_subtotal"), [1100.0])
        self.assertFalse(
            invoices.filtered(
                lambda i: i.support_agreement_id == self.agreements["on_demand"]
            )
        )
        self.ledger_is_exact(self.pack_x)

    def test_cleared_customer_gives_the_hours_back(self):
        """The agent clears the customer: the first customer's pack pays
        nothing for a ticket that is no longer theirs."""
        self.assertEqual(self.pack_x.balance_minutes, 24 * 60)
        self.env.invalidate_all()
        form = Form(self.wrong.with_user(self.agent))
        form.partner_id = self.env["res.partner"]
        form.save()
        self.assertEqual(self.pack_x.balance_minutes, 25 * 60)
        self.assertFalse(self.pack_x.line_ids.filtered("request_month_id"))
        self.ledger_is_exact(self.pack_x)

    def test_moved_ticket_is_paid_by_the_new_customers_pack(self):
        pack_y = self.sell(self.small, customer=self.customer_y).prepaid_pack_ids
        self.move_to_y(self.wrong)
        self.assertEqual(self.pack_x.balance_minutes, 25 * 60)
        self.assertEqual(pack_y.balance_minutes, 24 * 60)
        rm = self.wrong.support_request_month_ids
        self.assertEqual((rm.prepaid_minutes, rm.due_minutes), (60, 0))
        self.ledger_is_exact(self.pack_x | pack_y)
        # and back: the hours follow the ticket again
        form = Form(self.wrong.with_user(self.agent))
        form.partner_id = self.known["on_demand"]
        form.save()
        self.assertEqual(
            (self.pack_x.balance_minutes, pack_y.balance_minutes), (24 * 60, 25 * 60)
        )
        self.ledger_is_exact(self.pack_x | pack_y)

    def test_invoiced_time_keeps_its_ticket_with_its_customer(self):
        ticket = self.make_ticket(
            self.agreement_y, name="Import", category=self.category("user_support")
        )
        self.log_time(ticket, 40)  # Y has no pack: invoiced
        self.run_invoicing(date(2026, 2, 1))
        self.assertTrue(ticket.timesheet_ids.support_invoice_line_id)
        self.env.invalidate_all()
        form = Form(ticket.with_user(self.agent))
        form.partner_id = self.known["on_demand"]
        with self.assertRaisesText(UserError, "credit"):
            form.save()
        self.env.invalidate_all()
        self.assertEqual(ticket.partner_id, self.customer_y)
        self.assertEqual(self.pack_x.balance_minutes, 24 * 60)

    def test_covered_time_of_an_invoiced_month_is_billed_to_the_new_customer(self):
        """Included under the first customer's First Line, in a month it
        was invoiced: moved to an On Demand customer, the time is that
        customer's chargeable time, billed late on its next invoice."""
        ticket = self.ticket("first_line", "user_support", name="How do I")
        self.log_time(ticket, 50)
        self.assertEqual(ticket.timesheet_ids.coverage_state, "included")
        self.run_invoicing(date(2026, 2, 1))  # January closed for both
        self.move_to_y(ticket)
        self.assertEqual(ticket.timesheet_ids.coverage_state, "chargeable")
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.agreement_id, rm.due_minutes), (self.agreement_y, 60))
        invoices = self.run_invoicing(date(2026, 3, 1))
        of_y = invoices.filtered(lambda i: i.support_agreement_id == self.agreement_y)
        late = self.invoice_lines(of_y).filtered("support_request_month_id")
        self.assertEqual(late.support_request_month_id.month, date(2026, 1, 1))
        self.assertAlmostEqual(late.price_subtotal, 1100.0, places=2)

    def test_a_used_pack_stays_its_customers(self):
        manager = new_test_user(
            self.env, login="cw_pack_mover", groups="account.group_account_manager"
        )
        with self.assertRaisesText(UserError, "stays theirs"):
            self.pack_x.with_user(manager).partner_id = self.customer_y
        self.assertEqual(self.pack_x.partner_id, self.od_customer)
