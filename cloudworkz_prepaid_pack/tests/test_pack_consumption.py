# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import new_test_user, tagged

from .common import PackCommon

FEB_1 = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestPackConsumption(PackCommon):
    def consumed(self, ticket):
        lines = self.env["cloudworkz.prepaid.pack.line"].search(
            [("ticket_id", "=", ticket.id), ("line_type", "=", "consumption")]
        )
        return -sum(lines.mapped("hours"))

    def test_requests_consume_rounded_time(self):
        pack = self.sell(self.large).prepaid_pack_ids
        expected = {10: 0.25, 50: 1.0, 125: 2.5}
        tickets = {}
        for minutes in expected:
            tickets[minutes] = self.od_ticket(f"Request {minutes}")
            self.log_time(tickets[minutes], minutes)
        for minutes, hours in expected.items():
            self.assertEqual(self.consumed(tickets[minutes]), hours)
            self.assertEqual(tickets[minutes].pack_hours_consumed, hours)
        self.assertEqual(pack.balance, 100 - 3.75)
        self.assertEqual(self.od_customer.pack_balance, 96.25)
        self.assertEqual(tickets[10].pack_balance, 96.25)
        self.ledger_is_exact(pack)

    def test_editing_and_deleting_time_corrects_consumption(self):
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket()
        first = self.log_time(ticket, 10)
        self.assertEqual(self.consumed(ticket), 0.25)
        first.unit_amount = 50 / 60
        self.assertEqual(self.consumed(ticket), 1.0)
        second = self.log_time(ticket, 20)
        self.assertEqual(self.consumed(ticket), 1.5)  # 70 min
        second.date = date(2026, 2, 3)  # another month: another request-month
        self.assertEqual(self.consumed(ticket), 1.0 + 0.5)
        second.unlink()
        self.assertEqual(self.consumed(ticket), 1.0)
        first.unlink()
        self.assertEqual(self.consumed(ticket), 0.0)
        self.assertEqual(pack.balance, 25.0)
        self.assertEqual(pack.line_ids.mapped("line_type"), ["purchase"])

    def test_request_spans_two_packs_oldest_expiring_first(self):
        later = self.sell(self.small, day=date(2026, 1, 2)).prepaid_pack_ids
        self.small.pack_validity_months = 6
        sooner = self.sell(self.small, day=date(2026, 1, 5)).prepaid_pack_ids
        self.assertTrue(sooner.date_expiry and not later.date_expiry)
        big = self.od_ticket("Big job")
        self.log_time(big, 24.5 * 60)
        self.assertEqual((sooner.balance, later.balance), (0.5, 25.0))
        spanning = self.od_ticket("Spanning")
        self.log_time(spanning, 125)  # 2.5 h: 0.5 from one pack, 2.0 from the next
        self.assertEqual((sooner.balance, later.balance), (0.0, 23.0))
        lines = self.env["cloudworkz.prepaid.pack.line"].search(
            [("ticket_id", "=", spanning.id)]
        )
        self.assertEqual(
            sorted((line.pack_id.id, line.hours) for line in lines),
            sorted([(sooner.id, -0.5), (later.id, -2.0)]),
        )
        self.assertEqual(sooner.state, "exhausted")
        # less time gives hours back, to the pack used last
        spanning.timesheet_ids.unit_amount = 1.0
        self.assertEqual(self.consumed(spanning), 1.0)
        self.assertEqual((sooner.balance, later.balance), (0.0, 24.5))
        self.ledger_is_exact(sooner | later)

    def test_running_out_sends_the_rest_to_the_invoice(self):
        agreement = self.agreements["on_demand"]
        pack = self.sell(self.small).prepaid_pack_ids
        paid = self.od_ticket("Paid by pack")
        self.log_time(paid, 24 * 60)
        rest = self.od_ticket("Runs out")
        self.log_time(rest, 125)  # 2.5 h: 1.0 from the pack, 1.5 invoiced
        self.assertEqual(pack.balance, 0.0)
        self.assertEqual(self.consumed(rest), 1.0)
        self.run_invoicing(FEB_1)
        invoice = agreement._get_related_invoices()
        lines = self.invoice_lines(invoice)
        self.assertEqual(len(lines), 1)
        self.assertIn(rest.number, lines.name)
        self.assertIn("2:30 billed, 1:00 paid from prepaid hours", lines.name)
        self.assertEqual(lines.quantity, 1.5)
        # 1.5 h x 1,100 SEK, 25 % VAT
        self.assertAlmostEqual(invoice.amount_untaxed, 1650.00, places=2)
        self.assertAlmostEqual(invoice.amount_total, 2062.50, places=2)
        # the time the pack paid for is marked on a note, never billed later
        note = invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "line_note"
        )
        self.assertIn(paid.number, note.name)
        self.assertEqual(note.support_timesheet_ids, paid.timesheet_ids)
        self.assertEqual(rest.timesheet_ids.support_invoice_id, invoice)
        # invoiced months are closed: the ledger does not move any more
        self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(self.consumed(rest), 1.0)
        self.ledger_is_exact(pack)

    def test_services_packs_may_not_pay_are_invoiced(self):
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket("New server", category="infrastructure")
        self.assertFalse(ticket.category_id.pack_allowed)
        self.log_time(ticket, 60)
        self.assertEqual(pack.balance, 25.0)
        self.run_invoicing(FEB_1)
        invoice = self.agreements["on_demand"]._get_related_invoices()
        self.assertAlmostEqual(invoice.amount_untaxed, 1100.00, places=2)

    def test_covered_time_is_not_taken_from_packs(self):
        customer = self.agreements["first_line"].partner_id
        pack = self.sell(self.small, customer=customer).prepaid_pack_ids
        covered = self.ticket("first_line", "user_support")
        self.log_time(covered, 60)
        self.assertEqual(pack.balance, 25.0)
        # made chargeable by a manager: the pack pays
        covered.write(
            {"coverage_override": "chargeable", "coverage_override_reason": "Training"}
        )
        self.assertEqual(pack.balance, 24.0)

    def test_low_balance_alert_once_per_crossing(self):
        self.company.pack_alert_hours = 5.0
        customer = self.od_customer
        customer.email = "kund@example.com"
        account_manager = new_test_user(
            self.env, login="cw_am", groups="sales_team.group_sale_salesman"
        )
        customer.user_id = account_manager
        self.sell(self.small)

        def alerts():
            return customer.message_ids.filtered(
                lambda m: "running low" in (m.subject or "")
            )

        ticket = self.od_ticket()
        self.log_time(ticket, 19 * 60)  # 6 h left
        self.assertFalse(alerts())
        self.log_time(ticket, 90)  # 4.5 h left: crossing
        self.assertEqual(len(alerts()), 1)
        self.assertIn("4:30", alerts().body)
        activity = customer.activity_ids.filtered(
            lambda a: a.summary == "Prepaid hours running low"
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, account_manager)
        self.log_time(ticket, 60)  # still low: no second alert
        self.assertEqual(len(alerts()), 1)
        # with a pack to quote, the next crossing also drafts a quotation
        self.company.pack_alert_quotation_product_id = self.medium
        self.sell(self.small)  # back above: armed again
        self.assertFalse(customer.pack_alert_sent)
        self.log_time(self.od_ticket(), 25 * 60)
        self.assertEqual(len(alerts()), 2)
        quotation = self.env["sale.order"].search(
            [("partner_id", "=", customer.id), ("state", "=", "draft")]
        )
        self.assertEqual(quotation.order_line.product_id, self.medium)

    def test_chargeable_ticket_with_prepaid_hours_tells_nothing(self):
        self.od_customer.email = "kund@example.com"
        self.known["on_demand"].email = "known@example.com"
        self.sell(self.small)
        ticket = self.od_ticket("Import", category="data_import")
        self.assertEqual(ticket.coverage_state, "chargeable")
        self.assertFalse(ticket.coverage_customer_notified)

    def test_chargeable_ticket_told_once_the_pack_runs_out(self):
        self.od_customer.email = "kund@example.com"
        self.known["on_demand"].email = "known@example.com"
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket("Import", category="data_import")
        self.log_time(ticket, 24 * 60)  # 1 h left: the pack pays
        self.assertFalse(ticket.coverage_customer_notified)
        self.log_time(ticket, 90)  # 30 min beyond the pack: invoiced
        self.assertEqual(pack.balance_minutes, 0)
        self.assertEqual(ticket.support_request_month_ids.due_minutes, 30)
        self.assertTrue(ticket.coverage_customer_notified)
        self.log_time(ticket, 30)  # more time: no second mail
        sent = ticket.message_ids.filtered(
            lambda m: "this request is chargeable" in (m.subject or "")
        )
        self.assertEqual(len(sent), 1)

    def test_threshold_change_rearms_the_alert(self):
        self.company.pack_alert_hours = 5.0
        customer = self.od_customer
        customer.email = "kund@example.com"
        self.sell(self.small)

        def alerts():
            return customer.message_ids.filtered(
                lambda m: "running low" in (m.subject or "")
            )

        ticket = self.od_ticket()
        self.log_time(ticket, 21 * 60)  # 4 h left: below 5 h
        self.assertEqual(len(alerts()), 1)
        # a lower threshold leaves the customer above it: armed again, and
        # told once more when the hours cross the new threshold
        self.company.pack_alert_hours = 2.0
        self.assertFalse(customer.pack_alert_sent)
        self.log_time(ticket, 60)  # 3 h left
        self.assertEqual(len(alerts()), 1)
        self.log_time(ticket, 90)  # 1:30 left
        self.assertEqual(len(alerts()), 2)
        self.assertTrue(customer.pack_alert_sent)

    def test_hours_added_from_another_company_rearm_the_alert(self):
        self.company.pack_alert_hours = 5.0
        customer = self.od_customer
        customer.email = "kund@example.com"
        pack = self.sell(self.small).prepaid_pack_ids
        self.log_time(self.od_ticket(), 21 * 60)  # 4 h left: alerted
        self.assertTrue(customer.pack_alert_sent)
        # a manager working in another company adds hours to this one's pack
        other = self.env["res.company"].create({"name": "Cloudworkz Norge"})
        manager = new_test_user(
            self.env,
            login="cw_two_companies",
            groups="account.group_account_manager",
            company_id=other.id,
            company_ids=[(6, 0, [other.id, self.company.id])],
        )
        self.env["cloudworkz.prepaid.pack.adjust"].with_user(manager).with_context(
            allowed_company_ids=[other.id, self.company.id]
        ).create(
            {"pack_id": pack.id, "hours": 10, "reason": "Goodwill"}
        ).action_adjust()
        self.assertEqual(pack.balance, 14.0)
        # above the threshold of the pack's company: armed again
        self.assertFalse(customer.pack_alert_sent)

    def test_time_on_patch_windows_never_touches_packs(self):
        agreement = self.agreements["maintenance"]
        pack = self.sell(self.small, customer=agreement.partner_id).prepaid_pack_ids
        self.env["cloudworkz.support.patch.window"]._cron_plan(date(2026, 1, 1))
        task = self.env["project.task"].search(
            [("support_agreement_id", "=", agreement.id)], limit=1
        )
        line = self.env["account.analytic.line"].create(
            {
                "name": "Patched",
                "task_id": task.id,
                "project_id": task.project_id.id,
                "employee_id": self.employee.id,
                "unit_amount": 2.0,
                "date": date(2026, 1, 13),
            }
        )
        self.assertEqual(line.coverage_state, "included")
        self.assertEqual(pack.balance, 25.0)
