# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The agent's ticket list, with its service levels, reads in the same
number of queries for 10 tickets as for 80."""

from datetime import datetime

from odoo.tests import tagged

from .common import SlaCommon

# the columns the agent's list shows by default
LIST_SPEC = {
    "priority": {},
    "number": {},
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "coverage_display_state": {},
    "support_sla_deadline": {},
    "support_sla_status": {},
    "total_hours": {},
    "stage_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestSlaPerformance(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agreements = [
            cls.agreements["maintenance"],
            cls.agreements["first_line_maintenance"],
            cls.agreements["first_line"],
            cls.agreements["on_demand"],
        ]
        cls.tickets = cls.env["helpdesk.ticket"]
        for i in range(80):
            agreement = agreements[i % 4]
            cls.tickets |= cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Request {i}",
                    "description": "<p>Help</p>",
                    "partner_id": agreement.partner_id.id,
                    "team_id": cls.team.id,
                    "priority": "3",
                    "category_id": cls.chargeable_category.id,
                }
            )
        cls.tickets[:20]._support_record_response(datetime(2026, 12, 1, 9, 0))
        cls.env.flush_all()

    def list_tickets(self, limit):
        self.env.invalidate_all()
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .web_search_read(
                [("id", "in", self.tickets.ids)],
                LIST_SPEC,
                limit=limit,
                order="support_sla_deadline, priority desc, number desc",
            )
        )

    def test_list_flat_in_queries(self):
        self.list_tickets(10)  # warm the caches of the registry
        with self.assertQueryCount(__system__=12):
            result = self.list_tickets(10)
        self.assertEqual(len(result["records"]), 10)
        with self.assertQueryCount(__system__=12):  # not one more for 80
            result = self.list_tickets(80)
        records = result["records"]
        self.assertEqual(len(records), 80)
        statuses = {record["support_sla_status"] for record in records}
        # On Demand tickets have no level; the others run
        self.assertIn(False, statuses)
        self.assertIn("on_track", statuses)
