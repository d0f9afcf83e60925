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

    def count(self, model, field):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            groups = env[model]._read_group(
                [(field, "in", self.agreement_ids)], [field], ["__count"]
            )
            return {record.id: count for record, count in groups}


class TestKilledInvoicingRun(FaultCase):
    AGREEMENTS = 120

    def test_killed_run_then_restarted_invoices_each_agreement_once(self):
        script = textwrap.dedent(
            f"""
            import sys, odoo
            odoo.tools.config.parse_config(
                ["-c", {odoo.tools.config.rcfile!r}, "-d", {get_db_name()!r},
                 "--log-level", "critical"]
            )
            registry = odoo.registry({get_db_name()!r})
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {{}})
                print("START", flush=True)
                env["contract.contract"].cron_support_invoicing("2026-03-01")
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
        # let it invoice part of the agreements, then kill the process
        deadline = time.time() + 60
        while time.time() < deadline and not self._half_done():
            time.sleep(0.05)
        self.assertIsNone(worker.poll(), "the run ended before it could be killed")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
        periods = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertEqual(periods, {}, "the killed run left nothing behind")

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["contract.contract"].cron_support_invoicing(date(2026, 3, 1))
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

    def _half_done(self):
        """Whether the worker's transaction has written periods (not yet
        visible to others: it holds locks on the rows it wrote)."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'cloudworkz_support_billing_period' "
                "AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
            )
            return cr.fetchone()[0] > 0


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
        self._in_threads(("contract.contract", "cron_support_invoicing"), FEB_1)
        periods = self.count("cloudworkz.support.billing.period", "agreement_id")
        self.assertEqual(periods, {agreement: 1 for agreement in self.agreement_ids})

    def test_two_patch_workers_plan_once(self):
        self._in_threads(
            ("contract.contract", "cron_patch_windows"), datetime(2026, 1, 1, 6)
        )
        tasks = self.count("project.task", "support_agreement_id")
        # January's and February's windows, one task each
        self.assertEqual(tasks, {agreement: 2 for agreement in self.agreement_ids})
