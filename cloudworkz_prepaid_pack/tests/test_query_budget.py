# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What logging one line of time costs in queries, against a plain
helpdesk timesheet line; and that it does not grow with the history."""

from datetime import date

from odoo.tests import tagged

from .common import PackCommon

# Queries above a plain helpdesk line for a line on a ticket whose time is
# covered by the catalogue, rounded in the ledger and paid by a pack
# (the target of the issue).
EXTRA_BUDGET = 8


@tagged("post_install", "-at_install")
class TestQueryBudget(PackCommon):
    def queries(self, ticket, day=date(2026, 1, 20)):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.log_time(ticket, 25, day)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_logging_a_line_within_budget_and_flat(self):
        self.sell(self.medium)
        ticket = self.od_ticket("Measured")
        plain = self.env["helpdesk.ticket"].create(
            {
                "name": "Plain",
                "description": "<p>p</p>",
                "partner_id": self.env["res.partner"].create({"name": "Plain"}).id,
                "team_id": self.team.id,
                "project_id": self.project.id,
            }
        )
        for record in (ticket, plain):  # first lines create their ledger rows
            self.queries(record)
        extra = self.queries(ticket) - self.queries(plain)
        self.assertLessEqual(extra, EXTRA_BUDGET)
        plain_line = self.queries(plain)
        self.env.invalidate_all()  # as cold as the lines measured above
        with self.assertQueryCount(__system__=plain_line + EXTRA_BUDGET):
            self.log_time(ticket, 25, date(2026, 1, 21))
        # the first line of a month creates the month's ledger and pack lines
        first = date(2026, 2, 2)
        self.assertLessEqual(
            self.queries(ticket, first) - self.queries(plain, first), EXTRA_BUDGET
        )
        # 300 more lines of history on the same customer and pack
        history = self.od_ticket("History")
        self.env["account.analytic.line"].create(
            [
                {
                    "name": "old work",
                    "ticket_id": history.id,
                    "project_id": history.project_id.id,
                    "employee_id": self.employee.id,
                    "unit_amount": 0.1,
                    "date": date(2026, 1, 2 + i % 20),
                }
                for i in range(300)
            ]
        )
        self.assertEqual(self.queries(ticket) - self.queries(plain), extra)
