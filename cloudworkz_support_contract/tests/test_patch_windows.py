# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import BaseCase, tagged

from ..tools import window_day, window_utc
from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestWindowDates(BaseCase):
    def test_nth_and_last_weekday(self):
        # September 2026 has five Tuesdays: the last one is the fifth
        self.assertEqual(window_day(2026, 9, "4", 1), date(2026, 9, 22))
        self.assertEqual(window_day(2026, 9, "last", 1), date(2026, 9, 29))
        # February 2026 has four: the last one is the fourth
        self.assertEqual(window_day(2026, 2, "last", 1), date(2026, 2, 24))
        self.assertEqual(window_day(2026, 2, "1", 6), date(2026, 2, 1))

    def test_time_zones_and_daylight_saving(self):
        stockholm = "Europe/Stockholm"
        # winter: CET (UTC+1); summer: CEST (UTC+2)
        self.assertEqual(
            window_utc(2026, 1, "2", 1, 22.0, 2.0, stockholm),
            (datetime(2026, 1, 13, 21, 0), datetime(2026, 1, 13, 23, 0)),
        )
        self.assertEqual(
            window_utc(2026, 7, "2", 1, 22.0, 2.0, stockholm)[0],
            datetime(2026, 7, 14, 20, 0),
        )
        # the clocks change on these very Sundays, at night before the window
        self.assertEqual(
            window_utc(2026, 3, "last", 6, 22.0, 2.0, stockholm)[0],
            datetime(2026, 3, 29, 20, 0),
        )
        self.assertEqual(
            window_utc(2026, 10, "last", 6, 22.0, 2.0, stockholm)[0],
            datetime(2026, 10, 25, 21, 0),
        )
        # New York changes on 8 March 2026, Europe three weeks later
        self.assertEqual(
            window_utc(2026, 3, "2", 1, 21.5, 1.5, "America/New_York"),
            (datetime(2026, 3, 11, 1, 30), datetime(2026, 3, 11, 3, 0)),
        )
        # 02:30 on 29 March does not exist in Stockholm: standard time is used
        self.assertEqual(
            window_utc(2026, 3, "last", 6, 2.5, 1.0, stockholm)[0],
            datetime(2026, 3, 29, 1, 30),
        )


@tagged("post_install", "-at_install")
class TestPatchWindows(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Task = cls.env["project.task"]
        cls.engineer = cls.env["res.users"].create(
            {"name": "Patch Engineer", "login": "cw_patch_engineer"}
        )
        cls.agreement = cls.make_agreement(
            "maintenance",
            patch_window_ids=[
                Command.create(
                    {
                        "week": "2",
                        "weekday": "1",  # second Tuesday
                        "hour": 22.0,
                        "duration": 2.0,
                        "tz": "Europe/Stockholm",
                        "notice_days": 5,
                        "user_id": cls.engineer.id,
                    }
                )
            ],
        )
        cls.window = cls.agreement.patch_window_ids
        cls.agreement.partner_id.email = "it@kund.example.com"
        cls.add_code(cls.agreement, {"cw_sale": 420})

    def patch_tasks(self, agreement=None):
        return self.Task.search(
            [
                ("support_agreement_id", "=", (agreement or self.agreement).id),
                ("support_task_kind", "=", "patch"),
            ],
            order="support_patch_month",
        )

    def run_patch(self, now):
        return self.env["cloudworkz.support.patch.window"]._plan_run(now)

    def test_one_task_per_month_even_when_run_twice(self):
        self.run_patch(datetime(2026, 1, 1, 6, 0))
        self.run_patch(datetime(2026, 1, 1, 6, 0))
        self.run_patch(datetime(2026, 1, 20, 6, 0))
        tasks = self.patch_tasks()
        self.assertEqual(
            tasks.mapped("support_patch_month"), [date(2026, 1, 1), date(2026, 2, 1)]
        )
        january = tasks[0]
        self.assertEqual(january.patch_window_start, datetime(2026, 1, 13, 21, 0))
        self.assertEqual(january.patch_window_end, datetime(2026, 1, 13, 23, 0))
        self.assertEqual(january.user_ids, self.engineer)
        self.assertEqual(january.tag_ids.name, "2026-01")
        self.assertEqual(
            january.project_id,
            self.env.ref("cloudworkz_support_contract.project_patch_windows"),
        )
        for item in ("Backup taken", "tested on staging", "Deployed to production"):
            self.assertIn(item, january.description)
        self.assertIn("o_checklist", january.description)
        self.assertEqual(len(self.window), 1)
        with freeze_time("2026-01-02"):
            self.window.invalidate_recordset(["next_window"])
            self.assertEqual(self.window.next_window, datetime(2026, 1, 13, 21))

    def test_missed_months_caught_up_unless_past(self):
        # no run in January and February: on 10 March, January's and
        # February's windows are over, March's (10 March 21:00) is not
        self.run_patch(datetime(2026, 3, 10, 12, 0))
        self.assertEqual(
            self.patch_tasks().mapped("support_patch_month"),
            [date(2026, 3, 1), date(2026, 4, 1)],
        )
        logged = self.agreement.message_ids.filtered(
            lambda m: "was over before it could be planned" in (m.body or "")
        )
        self.assertEqual(len(logged), 2)
        # the next run, months later, logs the missed ones once
        self.run_patch(datetime(2026, 6, 1, 6, 0))
        self.assertEqual(
            self.patch_tasks().mapped("support_patch_month")[-2:],
            [date(2026, 6, 1), date(2026, 7, 1)],
        )
        # May's window (12 May) was over on 1 June: logged, not planned
        self.assertNotIn(
            date(2026, 5, 1), self.patch_tasks().mapped("support_patch_month")
        )
        self.run_patch(datetime(2026, 6, 1, 6, 0))
        self.assertEqual(len(self.patch_tasks()), 4)
        logged = self.agreement.message_ids.filtered(
            lambda m: "was over before it could be planned" in (m.body or "")
        )
        self.assertEqual(len(logged), 3)

    def test_no_task_for_ended_terminated_or_future_agreements(self):
        ended = self.make_agreement("maintenance", date_end=date(2026, 1, 31))
        later = self.make_agreement("maintenance", start=date(2026, 5, 1))
        first_line = self.make_agreement("first_line")
        combined = self.make_agreement("first_line_maintenance")
        self.run_patch(datetime(2026, 2, 1, 6, 0))
        self.assertEqual(len(self.patch_tasks(ended)), 0)  # January's was over
        self.assertFalse(self.patch_tasks(later))
        self.assertFalse(self.patch_tasks(first_line))
        self.assertEqual(len(self.patch_tasks(combined)), 2)
        self.run_patch(datetime(2026, 5, 1, 6, 0))
        self.assertEqual(
            self.patch_tasks(later).mapped("support_patch_month"),
            [date(2026, 5, 1), date(2026, 6, 1)],
        )
        self.assertFalse(self.patch_tasks(ended))

    def test_terminated_with_notice_keeps_windows_until_its_end(self):
        self.run_patch(datetime(2026, 1, 1, 6, 0))
        # notice given: the agreement ends on 31 March, paid until then
        self.agreement.write({"is_terminated": True, "date_end": date(2026, 3, 31)})
        self.run_patch(datetime(2026, 2, 1, 6, 0))
        self.run_patch(datetime(2026, 3, 1, 6, 0))
        self.run_patch(datetime(2026, 6, 1, 6, 0))
        self.assertEqual(
            self.patch_tasks().mapped("support_patch_month"),
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        )
        # and upgrade readiness is planned while it runs
        with freeze_time("2026-03-15"):
            self.env["cloudworkz.support.upgrade.wizard"].create(
                {"target_version": "18.0"}
            ).action_plan()
        self.assertTrue(
            self.Task.search(
                [
                    ("support_agreement_id", "=", self.agreement.id),
                    ("support_upgrade_version", "=", "18.0"),
                ]
            )
        )

    def test_notice_sent_once_at_the_lead_time(self):
        self.run_patch(datetime(2026, 1, 1, 6, 0))
        january = self.patch_tasks()[0]  # window 13 Jan 21:00 UTC, notice 5 days
        notify = self.Task._patch_notices_run
        self.assertFalse(notify(datetime(2026, 1, 8, 20, 59)))
        self.assertEqual(notify(datetime(2026, 1, 8, 21, 0)), january)
        self.assertFalse(notify(datetime(2026, 1, 9, 9, 0)))
        mails = january.message_ids.filtered(
            lambda m: (m.subject or "").startswith("Patch window 2026-01")
        )
        self.assertEqual(len(mails), 1)
        self.assertIn("2026-01-13 22:00", mails.subject)  # Stockholm time
        self.assertIn(self.agreement.partner_id, mails.partner_ids)
        # done: a short summary, once
        january.state = "1_done"
        january.state = "1_done"
        done = january.message_ids.filtered(
            lambda m: (m.subject or "").startswith("Patch window done")
        )
        self.assertEqual(len(done), 1)
        self.window.invalidate_recordset(["last_patched"])
        self.assertEqual(self.window.last_patched, datetime(2026, 1, 13, 21, 0))

    def test_time_on_patch_tasks_is_covered(self):
        self.run_patch(datetime(2026, 1, 1, 6, 0))
        task = self.patch_tasks()[0]
        timesheet = self.env["account.analytic.line"].create(
            {
                "name": "Patched",
                "task_id": task.id,
                "project_id": task.project_id.id,
                "employee_id": self.employee.id,
                "unit_amount": 1.5,
                "date": date(2026, 1, 13),
            }
        )
        charged = self.make_ticket(self.agreement, name="Data import")
        self.log_time(charged, 30)
        self.run_invoicing(date(2026, 2, 1))
        invoice = self.agreement._get_related_invoices()
        self.assertFalse(timesheet.support_invoice_line_id)
        # 5 blocks x 180 + 0.5 h x 1,100: the patch window's 1.5 h are not there
        self.assertAlmostEqual(invoice.amount_untaxed, 900.00 + 550.00, places=2)

    def test_upgrade_action_creates_one_task_per_maintenance_agreement(self):
        combined = self.make_agreement("first_line_maintenance")
        first_line = self.make_agreement("first_line")
        self.window.odoo_version = "17.0"
        wizard = self.env["cloudworkz.support.upgrade.wizard"].create(
            {"target_version": "18.0"}
        )
        wizard.action_plan()
        wizard.action_plan()  # twice: still one each
        tasks = self.Task.search([("support_upgrade_version", "=", "18.0")])
        self.assertEqual(
            tasks.support_agreement_id & (self.agreement | combined | first_line),
            self.agreement | combined,
        )
        self.assertEqual(
            len(tasks.filtered(lambda t: t.support_agreement_id == combined)), 1
        )
        mine = tasks.filtered(lambda t: t.support_agreement_id == self.agreement)
        self.assertIn("17.0 → 18.0", mine.name)
        self.assertIn("cw_sale", mine.description)
        self.assertEqual(mine.support_task_kind, "upgrade")
