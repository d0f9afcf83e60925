# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.cloudworkz_coverage.tests.common import CoverageCommon


class SlaMixin:
    """Working hours in Stockholm (Mon-Fri 8-12, 13-17) with Ascension Day
    2026 off, a support team counting in them, and the example levels: First
    Line answers in 4 working hours; urgent Maintenance answers in 2 and is
    resolved in 16; the Awaiting stage pauses the clock; On Demand has none."""

    @classmethod
    def setup_sla(cls):
        env = cls.env
        # levels of the demo data would apply too
        env["helpdesk.sla"].search([]).active = False
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "Stockholm support hours",
                "tz": "Europe/Stockholm",
                "hours_per_day": 8,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"day {day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                            "day_period": "morning" if start == 8 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        # Ascension Day, Thursday 14 May 2026, in Stockholm (UTC+2)
        env["resource.calendar.leaves"].create(
            {
                "name": "Kristi himmelsfärds dag",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 5, 13, 22, 0),
                "date_to": datetime(2026, 5, 14, 21, 59, 59),
            }
        )
        cls.team.write({"use_sla": True, "resource_calendar_id": cls.calendar.id})
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_awaiting = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Sla = env["helpdesk.sla"]
        paused = [Command.set(cls.stage_awaiting.ids)]
        cls.first_line_response = Sla.create(
            {
                "name": "First Line: first response",
                "support_type": "first_line",
                "support_target": "response",
                "hours": 4,
                "ignore_stage_ids": paused,
            }
        )
        cls.urgent_response = Sla.create(
            {
                "name": "Maintenance urgent: first response",
                "support_type": "maintenance",
                "support_priority": "3",
                "support_target": "response",
                "hours": 2,
                "ignore_stage_ids": paused,
            }
        )
        cls.urgent_resolution = Sla.create(
            {
                "name": "Maintenance urgent: resolution",
                "support_type": "maintenance",
                "support_priority": "3",
                "support_target": "resolution",
                "hours": 16,
                "stage_id": cls.stage_done.id,
                "ignore_stage_ids": paused,
            }
        )
        cls.agent = new_test_user(
            env,
            login="cw_sla_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
            tz="Europe/Stockholm",
        )
        cls.team.user_ids = [Command.link(cls.agent.id)]

    @contextmanager
    def at(self, moment):
        """Everything inside happens at ``moment`` (UTC): the clock and the
        transaction's own time, which gives create_date."""
        cr = self.env.cr
        with freeze_time(moment):
            cr._now = moment
            try:
                yield
            finally:
                cr._now = None

    def open_ticket(self, agreement, moment, priority="1", user=None, **vals):
        """A ticket the agent opens for the agreement's customer at ``moment``."""
        with self.at(moment):
            ticket = (
                self.env["helpdesk.ticket"]
                .with_user(user or self.agent)
                .create(
                    dict(
                        {
                            "name": "Production is down",
                            "description": "<p>Nothing works</p>",
                            "partner_id": agreement.partner_id.id,
                            "team_id": self.team.id,
                            "priority": priority,
                            "category_id": self.chargeable_category.id,
                        },
                        **vals,
                    )
                )
            )
            ticket.flush_recordset()
        return ticket

    def answer(self, ticket, moment, user=None):
        """The agent sends a message to the customer at ``moment``."""
        with self.at(moment):
            ticket.with_user(user or self.agent).message_post(
                body="We are on it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.flush_recordset()

    def move(self, ticket, stage, moment, user=None):
        with self.at(moment):
            ticket.with_user(user or self.agent).stage_id = stage
            ticket.flush_recordset()

    def target(self, ticket, sla):
        return ticket.ticket_sla_ids.filtered(lambda r: r.sla_id == sla)


class SlaCommon(SlaMixin, CoverageCommon):
    """One customer per agreement type (cloudworkz_coverage's), with the
    levels above."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_sla()
