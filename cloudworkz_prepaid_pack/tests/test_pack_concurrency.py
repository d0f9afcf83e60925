# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two agents log time for the same customer at the same moment, from two
database transactions: the ledger stays exact. This needs real commits, so
it builds and removes its own data outside the test transaction."""

import threading
import time
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name


@tagged("post_install", "-at_install")
class TestPackConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            customer = env["res.partner"].create(
                {"name": "Samtidig AB", "is_company": True}
            )
            category = env.ref("cloudworkz_coverage.category_data_import")
            project = env["project.project"].create(
                {"name": "Concurrency", "allow_timesheets": True}
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Agent {i}",
                        "description": "<p>x</p>",
                        "partner_id": customer.id,
                        "category_id": category.id,
                        "project_id": project.id,
                    }
                    for i in (1, 2)
                ]
            )
            order = env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": env.ref(
                                    "cloudworkz_prepaid_pack.product_pack_small"
                                ).id
                            },
                        )
                    ],
                }
            )
            order.action_confirm()
            employee = env["hr.employee"].create({"name": "Concurrent agent"})
            self.ids = {
                "customer": customer.id,
                "tickets": tickets.ids,
                "project": project.id,
                "order": order.id,
                "employee": employee.id,
                "pack": order.prepaid_pack_ids.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tickets = env["helpdesk.ticket"].browse(self.ids["tickets"])
            tickets.timesheet_ids.unlink()  # gives the hours back to the pack
            env["cloudworkz.prepaid.pack"].browse(self.ids["pack"]).unlink()
            env["sale.order"].browse(self.ids["order"])._action_cancel()
            tickets.unlink()
            env["hr.employee"].browse(self.ids["employee"]).unlink()

    def _log(self, cr, ticket_id, minutes):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

        def log():
            env["account.analytic.line"].create(
                {
                    "name": "work",
                    "ticket_id": ticket_id,
                    "project_id": self.ids["project"],
                    "employee_id": self.ids["employee"],
                    "unit_amount": minutes / 60.0,
                    "date": date(2026, 1, 15),
                }
            )

        return env, log

    def test_two_transactions_leave_an_exact_ledger(self):
        first_locked = threading.Event()
        release_first = threading.Event()
        errors = []
        attempts = []

        def agent_one():
            try:
                with self.registry.cursor() as cr:
                    _env, log = self._log(cr, self.ids["tickets"][0], 20)
                    log()  # holds the pack's row lock until commit
                    first_locked.set()
                    release_first.wait(30)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
                first_locked.set()

        def agent_two():
            try:
                first_locked.wait(30)
                with self.registry.cursor() as cr:
                    env, log = self._log(cr, self.ids["tickets"][1], 50)

                    def counted():
                        attempts.append(1)
                        log()

                    # what Odoo does for every RPC and HTTP request
                    retrying(counted, env)
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)

        one = threading.Thread(target=agent_one)
        two = threading.Thread(target=agent_two)
        one.start()
        two.start()
        self._wait_for_lock_wait()
        release_first.set()
        one.join(60)
        two.join(60)
        self.assertFalse(errors)
        self.assertGreaterEqual(len(attempts), 2, "the second agent waited and retried")

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            pack = env["cloudworkz.prepaid.pack"].browse(self.ids["pack"])
            consumption = pack.line_ids.filtered(
                lambda line: line.line_type == "consumption"
            )
            self.assertEqual(
                sorted(consumption.mapped("hours")), [-1.0, -0.5]
            )  # 50 min -> 1.0 h, 20 min -> 0.5 h
            self.assertEqual(pack.balance, 25.0 - 1.5)
            self.assertEqual(pack.balance, sum(pack.line_ids.mapped("hours")))

    def _wait_for_lock_wait(self):
        """Until the second transaction is blocked on the first one's lock."""
        deadline = time.time() + 20
        while time.time() < deadline:
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cr.fetchone()[0]:
                    return
            time.sleep(0.1)
