# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from .common import CoverageCommon

FEB_1 = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestCoverageBilling(CoverageCommon):
    def test_only_chargeable_time_reaches_the_invoice(self):
        included = self.ticket("first_line", "user_support", name="How to")
        guidance = self.ticket("first_line", "bug_support", name="Bug")
        chargeable = self.ticket("first_line", "data_import", name="Import")
        unknown = self.ticket("first_line", None, name="Unsorted")
        covered_time = self.log_time(included, 60) | self.log_time(guidance, 30)
        charged_time = self.log_time(chargeable, 50)
        unknown_time = self.log_time(unknown, 20)
        self.assertEqual(
            set(covered_time.mapped("coverage_state")), {"included", "guidance"}
        )
        self.assertEqual(charged_time.coverage_state, "chargeable")

        agreement = self.agreements["first_line"]
        self.run_invoicing(FEB_1)
        invoice = agreement._get_related_invoices()
        lines = self.invoice_lines(invoice)
        time_line = lines.filtered(lambda line: line.product_id == self.hour_product)
        self.assertEqual(time_line.support_timesheet_ids, charged_time)
        self.assertIn(chargeable.number, time_line.name)
        self.assertEqual(time_line.quantity, 1.0)
        # 1 registered user x 200 + 1 h x 1,100
        self.assertAlmostEqual(invoice.amount_untaxed, 1300.00, places=2)
        self.assertAlmostEqual(invoice.amount_total, 1625.00, places=2)
        self.assertFalse((covered_time | unknown_time).support_invoice_line_id)

        # once categorised, the unsorted ticket's time goes on the next invoice
        unknown.category_id = self.category("programming")
        self.assertEqual(unknown_time.coverage_state, "chargeable")
        self.run_invoicing(date(2026, 3, 1))
        march = agreement._get_related_invoices() - invoice
        self.assertEqual(unknown_time.support_invoice_id, march)
        self.assertAlmostEqual(march.amount_untaxed, 200.00 + 0.5 * 1100, places=2)

    def test_invoiced_time_keeps_its_outcome(self):
        ticket = self.ticket("maintenance", "data_import")
        invoiced = self.log_time(ticket, 50)
        self.run_invoicing(FEB_1)
        self.assertTrue(invoiced.support_invoice_line_id)
        manager = self.env.user  # the test user (admin) is helpdesk manager
        self.assertTrue(manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        ticket.write(
            {"coverage_override": "included", "coverage_override_reason": "Goodwill"}
        )
        self.assertEqual(ticket.coverage_state, "included")
        self.assertEqual(invoiced.coverage_state, "chargeable")
        later = self.log_time(ticket, 30, date(2026, 2, 10))
        self.assertEqual(later.coverage_state, "included")
        self.run_invoicing(date(2026, 3, 1))
        self.assertFalse(later.support_invoice_line_id)

    def test_customer_told_once_when_chargeable(self):
        ticket = self.ticket("first_line", "data_import", name="Import prices")
        self.assertTrue(ticket.coverage_customer_notified)
        sent = ticket.message_ids.filtered(
            lambda m: "this request is chargeable" in (m.subject or "")
        )
        self.assertEqual(len(sent), 1)
        self.assertIn(ticket.partner_id, sent.partner_ids)
        self.assertIn("data import is always charged separately", sent.body)
        # more time and more edits do not tell again
        self.log_time(ticket, 20)
        ticket.name = "Import prices and customers"
        self.assertEqual(
            len(
                ticket.message_ids.filtered(
                    lambda m: "this request is chargeable" in (m.subject or "")
                )
            ),
            1,
        )
        # a covered ticket tells nothing
        covered = self.ticket("first_line", "user_support")
        self.assertFalse(covered.coverage_customer_notified)

    def test_customer_not_told_when_switched_off(self):
        self.company.coverage_notify_chargeable = False
        ticket = self.ticket("first_line", "data_import")
        self.assertFalse(ticket.coverage_customer_notified)
        self.assertFalse(
            ticket.message_ids.filtered(
                lambda m: "this request is chargeable" in (m.subject or "")
            )
        )

    def test_pay_per_transaction_ticket_never_bills_hours(self):
        agreement = self.agreements["on_demand"]
        ticket = self.ticket("on_demand", "pay_per_transaction", name="OCR fails")
        self.assertEqual(ticket.coverage_state, "chargeable")
        timesheet = self.log_time(ticket, 45)
        self.assertFalse(timesheet.support_chargeable)
        self.env["cloudworkz.support.usage"].create(
            {
                "agreement_id": agreement.id,
                "product_id": self.ocr_product.id,
                "quantity": 40,
                "date": date(2026, 1, 20),
            }
        )
        self.run_invoicing(FEB_1)
        invoice = agreement._get_related_invoices()
        lines = self.invoice_lines(invoice)
        # the transactions are billed, 40 x 2.50; the 45 minutes are not
        self.assertEqual(lines.product_id, self.ocr_product)
        self.assertAlmostEqual(invoice.amount_untaxed, 100.00, places=2)
        self.assertEqual(ticket.support_request_month_ids.billed_minutes, 0)

    def test_time_moved_to_a_chargeable_ticket_is_billed_late(self):
        """Covered time of an invoiced month, moved by the agent to a
        chargeable ticket, is decided again there and billed late once."""
        agent = self.agent
        employee = agent.employee_ids
        how_to = self.ticket("first_line", "user_support", name="How to")
        import_ticket = self.ticket("first_line", "data_import", name="Import")
        line = self.log_time(how_to, 60, date(2026, 1, 20))
        line.employee_id = employee
        self.assertEqual(line.coverage_state, "included")
        agreement = self.agreements["first_line"]
        january = self.run_invoicing(FEB_1).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        self.assertAlmostEqual(january.amount_untaxed, 200.00, places=2)
        line.with_user(agent).ticket_id = import_ticket
        self.assertEqual(line.coverage_state, "chargeable")
        february = self.run_invoicing(date(2026, 3, 1)).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        time_line = self.invoice_lines(february).filtered("support_timesheet_ids")
        self.assertEqual(time_line.support_timesheet_ids, line)
        self.assertAlmostEqual(time_line.price_subtotal, 1100.00, places=2)
        self.assertAlmostEqual(february.amount_untaxed, 1300.00, places=2)
        self.assertEqual(line.support_invoice_id, february)

    def test_patch_task_covers_only_its_own_agreements_time(self):
        maintenance = self.agreements["maintenance"]
        task = self.env["project.task"].create(
            {
                "name": "Patch window",
                "project_id": self.project.id,
                "support_task_kind": "patch",
                "support_agreement_id": maintenance.id,
            }
        )
        own = self.ticket("maintenance", "data_import", name="Own")
        foreign = self.ticket("first_line", "data_import", name="Foreign")
        lines = self.env["account.analytic.line"].create(
            [
                {
                    "name": "patching",
                    "ticket_id": ticket.id,
                    "project_id": self.project.id,
                    "task_id": task.id,
                    "employee_id": self.employee.id,
                    "unit_amount": 2.0,
                    "date": date(2026, 1, 20),
                }
                for ticket in (own, foreign)
            ]
        )
        self.assertEqual(lines.mapped("coverage_state"), ["included", "chargeable"])
        first_line = self.run_invoicing(FEB_1).filtered(
            lambda m: m.support_agreement_id == self.agreements["first_line"]
        )
        # 1 registered user x 200 + 2 h x 1,100
        self.assertAlmostEqual(first_line.amount_untaxed, 2400.00, places=2)
