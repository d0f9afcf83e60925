# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Faults a partner meets in production: the invoicing process killed half
way, two workers running the monthly actions at once. These need real
commits and processes, so they build their own data in a company of their
own, commit it, and archive it at the end."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date, datetime

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tests import BaseCase
from odoo.tests.common import get_db_name

FEB_1 = date(2026, 2, 1)


class FaultCase(BaseCase):
    test_tags = {"standard", "post_install"}
    test_module = "cloudworkz_scenarios"
    test_class = "FaultCase"
    AGREEMENTS = 6

    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env.company
            # drafts: the runs measured here create invoices (the demo
            # company posts and sends them)
            self.delivery = company.support_invoice_delivery
            company.support_invoice_delivery = "draft"
            customers = env["res.partner"].create(
                [
                    {"name": f"Fel {self.id()[-20:]} {i}", "is_company": True}
                    for i in range(self.AGREEMENTS)
                ]
            )
            contacts = env["res.partner"].create(
                [{"name": f"User {c.id}", "parent_id": c.id} for c in customers]
            )
            agreements = env["contract.contract"].create(
                [
                    {
                        "name": f"Fault test {customer.name}",
                        "partner_id": customer.id,
                        "company_id": company.id,
                        "support_type": "first_line_maintenance",
                        "date_start": date(2026, 1, 1),
                        "support_contact_ids": [
                            Command.create(
                                {
                                    "partner_id": contact.id,
                                    "date_registered": date(2026, 1, 1),
                                }
                            )
                        ],
                        "code_module_ids": [
                            Command.create(
                                {
                                    "name": "cw_x",
                                    "lines_of_code": 150,
                                    "date_measured": date(2026, 1, 1),
                                }
                            )
                        ],
                    }
                    for customer, contact in zip(customers, contacts, strict=True)
                ]
            )
            self.agreement_ids = agreements.ids
        self.addCleanup(self._archive)

    def _archive(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["contract.contract"].browse(self.agreement_ids).active = False
            env.company.support_invoice_delivery = self.delivery

    def count(self, model, field):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            groups = env[model]._read_group(
                [(field, "in", self.agreement_ids)], [field], ["__count"]
            )
            return {record.id: count for record, count in groups}


class TestKilledInvoicingRun(FaultCase):
    AGREEMENTS = 120

    def test_killed_run_keeps_its_batches_and_the_restart_finishes(self):
        """A worker is killed half way (as Odoo kills a cron worker past its
        time limit): the batches it committed stay, the batch in flight is
        lost, and the next run invoices the rest, each month exactly once."""
        script = textwrap.dedent(
            f"""
            import sys, odoo
            odoo.tools.config.parse_config(
                ["-c", {odoo.tools.config.rcfile!r}, "-d", {get_db_name()!r},
                 "--log-level", "critical"]
            )
            registry = odoo.registry({get_db_name()!r})
            with registry.cursor() as cr:
                env = odoo.api.Environment(
                    cr, odoo.SUPERUSER_ID, {{"support_batch_size": 10}}
                )
                print("START", flush=True)
                env["contract.contract"]._support_run_invoicing("2026-03-01")
                print("DONE", flush=True)
            """
        )
        worker = subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.assertEqual(worker.stdout.readline().strip(), "START")
        # let it commit some batches, then kill the process
        deadline = time.time() + 90
        committed = {}
        while time.time() < deadline and not committed:
            time.sleep(0.05)
            committed = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertIsNone(worker.poll(), "the run ended before it could be killed")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
        kept = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertTrue(kept, "the batches committed before the kill stay")
        self.assertLess(len(kept), self.AGREEMENTS)
        self.assertEqual(set(kept.values()), {2})  # whole agreements only

        with self.registry.cursor() as cr:
            # the restart's own time budget is another test's subject
            env = api.Environment(cr, SUPERUSER_ID, {"support_batch_budget": 600})
            env["contract.contract"]._support_run_invoicing(date(2026, 3, 1))
        periods = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertEqual(periods, {agreement: 2 for agreement in self.agreement_ids})
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            invoices = (
                env["cloudworkz.support.billing.period"]
                .search([("agreement_id", "in", self.agreement_ids)])
                .invoice_id
            )
            self.assertEqual(len(invoices), 2 * self.AGREEMENTS)
            # 1 user x 200 + 2 blocks x 180, each month
            self.assertEqual(set(invoices.mapped("amount_untaxed")), {560.0})


class TestRunOutOfTime(FaultCase):
    AGREEMENTS = 30

    def test_spent_budget_triggers_the_next_run(self):
        """With its time budget spent, a run stops after the batch it is
        in, commits, and asks the scheduler to run it again: over the runs
        every agreement is invoiced once."""
        runs = 0
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron = env.ref("cloudworkz_support_contract.ir_cron_support_invoicing")
            env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]).unlink()
        while True:
            with self.registry.cursor() as cr:
                env = api.Environment(
                    cr,
                    SUPERUSER_ID,
                    {"support_batch_size": 10, "support_batch_budget": 0.0},
                )
                env["contract.contract"]._support_run_invoicing(FEB_1)
                runs += 1
                cron = env.ref("cloudworkz_support_contract.ir_cron_support_invoicing")
                triggers = env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
                if not triggers:
                    break
                triggers.unlink()
            self.assertLess(runs, 50)
        periods = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertEqual(periods, {agreement: 1 for agreement in self.agreement_ids})
        self.assertGreaterEqual(runs, 3)  # at least 30 / 10 runs


class TestTwoWorkers(FaultCase):
    def _in_threads(self, method, argument):
        barrier = threading.Barrier(2)
        errors = []

        def worker():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    barrier.wait(30)
                    getattr(env[method[0]], method[1])(argument)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertFalse(errors)

    def test_two_invoicing_workers_bill_once(self):
        self._in_threads(("contract.contract", "_support_run_invoicing"), FEB_1)
        periods = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertEqual(periods, {agreement: 1 for agreement in self.agreement_ids})

    def test_two_patch_workers_plan_once(self):
        self._in_threads(
            ("cloudworkz.support.patch.window", "_cron_plan"), datetime(2026, 1, 1, 6)
        )
        tasks = self.count("project.task", "support_agreement_id")
        # January's and February's windows, one task each
        self.assertEqual(tasks, {agreement: 2 for agreement in self.agreement_ids})


class TestSlowBatch(FaultCase):
    AGREEMENTS = 6

    def test_catch_ups_stop_at_the_deadline_and_go_on(self):
        """Agreements with months to catch up are invoiced one by one: past
        the run's deadline the batch stops after the agreement in hand (at
        least one each run), and the next runs go on, each month once."""
        runs = 0
        while runs < 20:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"support_batch_budget": 0.0})
                moves = env["contract.contract"]._support_run_invoicing(
                    date(2026, 4, 1)
                )
                runs += 1
                if not moves:
                    break
        periods = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertEqual(periods, {agreement: 3 for agreement in self.agreement_ids})
        self.assertGreaterEqual(runs, self.AGREEMENTS)
