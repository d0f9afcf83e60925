# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.cloudworkz_support_contract.tests.common import SupportCommon
from odoo.addons.cloudworkz_support_queue.models import (
    contract_contract as queue_bridge,
)
from odoo.addons.queue_job.tests.common import trap_jobs

FEB_1 = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestSupportQueue(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # other agreements of the database would be queued too
        cls.Contract.search([("support_type", "!=", False)]).active = False
        cls.agreements = cls.Contract
        for i in range(25):
            customer = cls.env["res.partner"].create(
                {"name": f"Kö {i}", "is_company": True}
            )
            agreement = cls.make_agreement("first_line", customer=customer)
            cls.register_users(agreement, cls.make_contacts(1, customer))
            cls.agreements |= agreement

    def test_scheduled_action_queues_batches_that_invoice_each_month_once(self):
        with trap_jobs() as trap, patch.object(queue_bridge, "JOB_SIZE", 20):
            queued = self.Contract._cron_support_invoicing(FEB_1)
            self.assertEqual(queued, 2)  # 25 agreements, 20 per job
            trap.assert_jobs_count(2)
            batches = [job.func.__self__ for job in trap.enqueued_jobs]
            self.assertEqual([len(batch) for batch in batches], [20, 5])
            self.assertEqual(batches[0] | batches[1], self.agreements)
            self.assertFalse(self.agreements.support_period_ids)  # nothing yet
            trap.perform_enqueued_jobs()
        periods = self.agreements.support_period_ids
        self.assertEqual(len(periods), 25)
        self.assertEqual(set(periods.invoice_id.mapped("amount_untaxed")), {200.0})
        # a job run twice (a retry) invoices nothing more
        self.assertEqual(
            self.agreements[:20]._support_invoice_job("2026-02-01"),
            "0 invoices created",
        )
        self.assertEqual(len(self.agreements.support_period_ids), 25)

    def test_invoices_the_jobs_created_are_sent_by_the_next_run(self):
        self.company.support_invoice_delivery = "post_send"
        for customer in self.agreements.partner_id:
            customer.email = f"faktura{customer.id}@example.com"
        with trap_jobs() as trap:
            self.Contract._cron_support_invoicing(FEB_1)
            trap.perform_enqueued_jobs()
        invoices = self.agreements.support_period_ids.invoice_id
        self.assertEqual(len(invoices), 25)
        # the jobs only create them
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertTrue(all(invoices.mapped("support_send_pending")))
        with trap_jobs() as trap:
            # all of them in this run, however long each PDF takes here
            self.Contract.with_context(
                support_batch_budget=3600
            )._cron_support_invoicing(date(2026, 2, 2))
            trap.assert_jobs_count(0)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertTrue(all(invoices.mapped("is_move_sent")))
        for invoice in invoices:
            self.assertEqual(
                invoice.message_ids.filtered(
                    lambda m: m.message_type == "comment"
                ).partner_ids,
                invoice.partner_id,
            )

    def test_agreement_failed_today_waits_for_tomorrow(self):
        """As the plain scheduled action: an agreement whose invoicing failed
        today is not queued again today, and is tomorrow."""
        failed = self.agreements[0]
        failed.support_invoicing_failed_on = FEB_1
        with trap_jobs() as trap:
            self.Contract._cron_support_invoicing(FEB_1)
            queued = self.Contract.browse()
            for job in trap.enqueued_jobs:
                queued |= job.func.__self__
        self.assertEqual(queued, self.agreements - failed)
        with trap_jobs() as trap:
            self.Contract._cron_support_invoicing(date(2026, 2, 2))
            queued = self.Contract.browse()
            for job in trap.enqueued_jobs:
                queued |= job.func.__self__
        self.assertIn(failed, queued)

    def test_a_job_out_of_time_leaves_the_rest_to_a_job_of_its_own(self):
        """Catch-ups are invoiced one by one: a job whose time is spent stops
        after the agreement it is on, and queues those still due, each month
        invoiced once in the end."""
        self.agreements.active = False
        catching_up = self.Contract
        for name in ("Sen AB", "Senare AB", "Senast AB"):
            customer = self.env["res.partner"].create(
                {"name": name, "is_company": True}
            )
            agreement = self.make_agreement(
                "first_line", customer=customer, start=date(2025, 11, 1)
            )
            self.register_users(agreement, self.make_contacts(1, customer))
            catching_up |= agreement
        with trap_jobs() as trap, patch.object(queue_bridge, "JOB_BUDGET", -1.0):
            catching_up._support_invoice_job("2026-02-01")
            # the first agreement's three months, then out of time
            first = catching_up[0]
            self.assertEqual(len(first.support_period_ids), 3)
            self.assertFalse((catching_up - first).support_period_ids)
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].func.__self__, catching_up - first)
        catching_up[1:]._support_invoice_job("2026-02-01")
        for agreement in catching_up:
            self.assertEqual(
                agreement.support_period_ids.sorted("date_start").mapped("date_start"),
                [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1)],
            )
            self.assertEqual(
                set(agreement.support_period_ids.invoice_id.mapped("amount_untaxed")),
                {200.0},
            )
