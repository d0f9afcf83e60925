# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Deadlines in working hours: weekends and public holidays skipped, the
clock paused while waiting for the customer, levels by type and priority."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SlaCommon


@tagged("post_install", "-at_install")
class TestSlaDeadlines(SlaCommon):
    def test_friday_afternoon_answer_due_monday(self):
        """Urgent Maintenance ticket on Friday 6 Feb 2026, 16:00 in
        Stockholm: one working hour on Friday, the second on Monday, so the
        answer is due Monday 09:00 (08:00 UTC) and the resolution (16 h)
        Tuesday 16:00."""
        ticket = self.open_ticket(
            self.agreements["maintenance"], datetime(2026, 2, 6, 15, 0), priority="3"
        )
        self.assertEqual(
            ticket.ticket_sla_ids.sla_id, self.urgent_response | self.urgent_resolution
        )
        self.assertEqual(
            self.target(ticket, self.urgent_response).deadline,
            datetime(2026, 2, 9, 8, 0),
        )
        self.assertEqual(
            self.target(ticket, self.urgent_resolution).deadline,
            datetime(2026, 2, 10, 15, 0),
        )
        self.assertEqual(ticket.support_sla_deadline, datetime(2026, 2, 9, 8, 0))
        # the customer (Stockholm) and an agent in another zone read it in theirs
        self.known["maintenance"].tz = "Europe/Stockholm"
        self.agent.tz = "Europe/London"
        ticket.user_id = self.agent
        self.assertIn("09:00", ticket.support_sla_deadline_customer)
        self.assertIn("Europe/Stockholm", ticket.support_sla_deadline_customer)
        self.assertIn("08:00", ticket.support_sla_deadline_agent)
        self.assertIn("Europe/London", ticket.support_sla_deadline_agent)

    def test_public_holiday_skipped(self):
        """Opened Wednesday 13 May 2026, 16:00 (14:00 UTC), the day before
        Ascension Day: the second hour falls on Friday 15 May, 08-09."""
        ticket = self.open_ticket(
            self.agreements["maintenance"], datetime(2026, 5, 13, 14, 0), priority="3"
        )
        self.assertEqual(
            self.target(ticket, self.urgent_response).deadline,
            datetime(2026, 5, 15, 7, 0),
        )

    def test_waiting_for_the_customer_pauses_the_clock(self):
        """Opened Monday 9 Feb 09:00; waiting for the customer from 11:00 to
        Tuesday 10:00: 2 of the 16 hours were spent, the 14 left run from
        Tuesday 10:00 to Wednesday 17:00 (16:00 UTC) instead of Wednesday
        09:00."""
        ticket = self.open_ticket(
            self.agreements["maintenance"], datetime(2026, 2, 9, 8, 0), priority="3"
        )
        resolution = self.target(ticket, self.urgent_resolution)
        self.assertEqual(resolution.deadline, datetime(2026, 2, 11, 8, 0))
        self.answer(ticket, datetime(2026, 2, 9, 8, 30))
        self.move(ticket, self.stage_awaiting, datetime(2026, 2, 9, 10, 0))
        self.assertEqual(resolution.state, "on_hold")
        self.assertEqual(ticket.support_sla_status, "on_track")
        self.move(ticket, self.stage_progress, datetime(2026, 2, 10, 9, 0))
        self.assertEqual(resolution.state, "in_progress")
        self.assertAlmostEqual(resolution.consumed_time, 2.0)
        self.assertEqual(resolution.deadline, datetime(2026, 2, 11, 16, 0))
        # resolved Wednesday at noon: in time
        self.move(ticket, self.stage_done, datetime(2026, 2, 11, 11, 0))
        self.assertEqual(resolution.state, "accomplished")
        self.assertEqual(ticket.support_sla_status, "met")

    def test_levels_by_type_and_priority(self):
        monday = datetime(2026, 2, 9, 8, 0)
        on_demand = self.open_ticket(self.agreements["on_demand"], monday, priority="3")
        self.assertFalse(on_demand.ticket_sla_ids)
        self.assertFalse(on_demand.support_sla_status)
        self.assertFalse(on_demand.support_sla_deadline)
        # Maintenance, not urgent: no level of its priority
        normal = self.open_ticket(self.agreements["maintenance"], monday)
        self.assertFalse(normal.ticket_sla_ids)
        # raised to urgent: its levels now apply, counted from its creation
        normal.with_user(self.agent).priority = "3"
        self.assertEqual(
            normal.ticket_sla_ids.sla_id, self.urgent_response | self.urgent_resolution
        )
        self.assertEqual(
            self.target(normal, self.urgent_response).deadline,
            datetime(2026, 2, 9, 10, 0),
        )
        # First Line + Maintenance has the levels of both services
        both = self.open_ticket(
            self.agreements["first_line_maintenance"], monday, priority="3"
        )
        self.assertEqual(
            both.ticket_sla_ids.sla_id,
            self.first_line_response | self.urgent_response | self.urgent_resolution,
        )
        self.assertEqual(both.support_sla_deadline, datetime(2026, 2, 9, 10, 0))
        # the customer changes to the On Demand one: no level any more
        both.with_user(self.agent).partner_id = self.known["on_demand"]
        self.assertFalse(both.ticket_sla_ids)

    def test_agreement_levels_replace_the_types(self):
        agreement = self.agreements["first_line"]
        own = self.env["helpdesk.sla"].create(
            {
                "name": "Kund first_line: answer in one hour",
                "support_agreement_id": agreement.id,
                "support_target": "response",
                "hours": 1,
            }
        )
        self.assertEqual(agreement.support_sla_ids, own)
        ticket = self.open_ticket(agreement, datetime(2026, 2, 9, 8, 0))
        self.assertEqual(ticket.ticket_sla_ids.sla_id, own)
        self.assertEqual(ticket.support_sla_deadline, datetime(2026, 2, 9, 9, 0))
        self.assertEqual(
            self.agreements["maintenance"].support_sla_ids,
            self.urgent_response | self.urgent_resolution,
        )

    def test_levels_are_kept_by_helpdesk_managers(self):
        with self.assertRaises(AccessError):
            self.env["helpdesk.sla"].with_user(self.agent).create(
                {"name": "Mine", "support_type": "first_line", "hours": 1}
            )
        with self.assertRaises(AccessError):
            self.urgent_response.with_user(self.agent).hours = 200
        with self.assertRaisesText(ValidationError, "type or for one agreement"):
            self.urgent_response.support_agreement_id = self.agreements["maintenance"]
        with self.assertRaisesText(ValidationError, "stage that resolves"):
            self.urgent_resolution.stage_id = False
        with self.assertRaisesText(ValidationError, "a time in working hours"):
            self.first_line_response.hours = 0

    def test_ticket_without_team_goes_to_the_support_team(self):
        self.company.support_sla_team_id = self.team
        with self.at(datetime(2026, 2, 9, 8, 0)):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "From the portal",
                    "description": "<p>Help</p>",
                    "partner_id": self.known["first_line"].id,
                    "team_id": False,
                }
            )
            ticket.flush_recordset()
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.ticket_sla_ids.sla_id, self.first_line_response)
        self.assertEqual(ticket.support_sla_deadline, datetime(2026, 2, 9, 13, 0))
        # a change that keeps the level keeps its clock
        target = ticket.ticket_sla_ids
        ticket.write({"priority": "2", "tag_ids": [Command.clear()]})
        self.assertEqual(ticket.ticket_sla_ids, target)

    def test_helpdesk_manager_told_before_the_deadline(self):
        manager = new_test_user(
            self.env,
            login="cw_sla_manager",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
        )
        self.team.user_id = manager
        ticket = self.open_ticket(
            self.agreements["maintenance"], datetime(2026, 2, 9, 8, 0), priority="3"
        )
        calm = self.open_ticket(
            self.agreements["first_line"], datetime(2026, 2, 9, 8, 0)
        )
        Ticket = self.env["helpdesk.ticket"]
        activity = self.env.ref("cloudworkz_support_sla.mail_activity_sla_at_risk")
        with self.at(datetime(2026, 2, 9, 9, 15)):
            # 45 minutes to the answer deadline, inside the hour at risk
            self.assertEqual(ticket.support_sla_status, "at_risk")
            self.assertEqual(calm.support_sla_status, "on_track")
            at_risk = Ticket.search([("support_sla_status", "=", "at_risk")])
            self.assertIn(ticket, at_risk)
            self.assertNotIn(calm, at_risk)
            self.assertIn(
                calm, Ticket.search([("support_sla_status", "=", "on_track")])
            )
            Ticket._cron_support_sla_at_risk()
            Ticket._cron_support_sla_at_risk()  # once only
        todo = ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity)
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, manager)
        self.assertIn("11:00 (Europe/Stockholm)", todo.summary)
        self.assertFalse(calm.activity_ids)
        # marked done while still at risk: not flagged again
        todo.action_done()
        with self.at(datetime(2026, 2, 9, 9, 30)):
            Ticket._cron_support_sla_at_risk()
        self.assertFalse(
            ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity)
        )
        # flagged again, then answered: the activity goes with the risk
        ticket.sudo().support_sla_flagged_deadline = False
        with self.at(datetime(2026, 2, 9, 9, 35)):
            Ticket._cron_support_sla_at_risk()
        self.assertTrue(ticket.activity_ids)
        self.answer(ticket, datetime(2026, 2, 9, 9, 40))
        with self.at(datetime(2026, 2, 9, 9, 45)):
            Ticket._cron_support_sla_at_risk()
        self.assertFalse(
            ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity)
        )

    def test_roles_walk_it_and_nobody_sets_the_clock(self):
        """An agent with only their own tickets opens, re-prioritises,
        pauses and answers a ticket; a helpdesk manager gives an agreement a
        level; nobody writes the first response or a target's clock by hand
        (over XML-RPC every writable field is reachable)."""
        own = new_test_user(
            self.env,
            login="cw_sla_own_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_own",
        )
        self.team.user_ids = [Command.link(own.id)]
        ticket = self.open_ticket(
            self.agreements["maintenance"],
            datetime(2026, 2, 9, 8, 0),
            user=own,
            user_id=own.id,
        )
        self.assertFalse(ticket.ticket_sla_ids)
        ticket.with_user(own).priority = "3"
        self.assertEqual(
            ticket.ticket_sla_ids.sla_id, self.urgent_response | self.urgent_resolution
        )
        self.move(ticket, self.stage_awaiting, datetime(2026, 2, 9, 8, 30), user=own)
        self.answer(ticket, datetime(2026, 2, 9, 9, 0), user=own)
        self.assertEqual(
            self.target(ticket, self.urgent_response).state, "accomplished"
        )
        for user in (own, self.agent):
            with self.assertRaises(AccessError):
                ticket.with_user(user).write(
                    {"support_first_response_date": datetime(2026, 2, 9, 8, 1)}
                )
            with self.assertRaises(AccessError):
                self.target(ticket, self.urgent_resolution).with_user(user).write(
                    {"state": "accomplished"}
                )
            with self.assertRaises(AccessError):
                self.env["helpdesk.ticket.sla"].with_user(user).create(
                    {"ticket_id": ticket.id, "sla_id": self.first_line_response.id}
                )
        manager = new_test_user(
            self.env,
            login="cw_sla_hd_manager",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
        )
        agreement = self.agreements["first_line"]
        action = agreement.with_user(manager).action_support_sla_levels()
        level = (
            self.env["helpdesk.sla"]
            .with_user(manager)
            .with_context(**action["context"])
            .create({"name": "Kund: answer in 2 hours", "hours": 2})
        )
        self.assertEqual(level.support_agreement_id, agreement)
        self.assertEqual(agreement.support_sla_ids, level)

    def test_general_levels_only_without_agreement(self):
        """helpdesk_mgmt_sla's general levels apply to tickets of no
        agreement, never to an agreement's (On Demand has none)."""
        general = self.env["helpdesk.sla"].create(
            {
                "name": "Everyone: done in a day",
                "hours": 8,
                "stage_id": self.stage_done.id,
            }
        )
        monday = datetime(2026, 2, 9, 8, 0)
        on_demand = self.open_ticket(self.agreements["on_demand"], monday, priority="3")
        self.assertFalse(on_demand.ticket_sla_ids)
        stranger = self.env["res.partner"].create({"name": "Ingen Avtal AB"})
        with self.at(monday):
            loose = self.env["helpdesk.ticket"].create(
                {
                    "name": "No agreement",
                    "description": "<p>?</p>",
                    "partner_id": stranger.id,
                    "team_id": self.team.id,
                }
            )
        self.assertFalse(loose.support_agreement_id)
        self.assertEqual(loose.ticket_sla_ids.sla_id, general)
        # another company's level never applies
        other = self.env["res.company"].create({"name": "Annat Bolag AB"})
        general.company_id = other
        loose.write({"priority": "2"})
        self.assertFalse(
            loose.ticket_sla_ids.filtered(lambda t: t.state == "in_progress")
        )
