# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A ticket's service level: a first-response target is met by the first
message to the customer, not by a stage; the clock and its pauses are
helpdesk_mgmt_sla's."""

from odoo import fields, models


class HelpdeskTicketSla(models.Model):
    _inherit = "helpdesk.ticket.sla"

    support_target = fields.Selection(related="sla_id.support_target")
    support_deadline_customer = fields.Char(
        string="Deadline (Customer's Time)",
        compute="_compute_support_customer_texts",
    )
    support_answered_customer = fields.Char(
        string="Answered (Customer's Time)",
        compute="_compute_support_customer_texts",
    )

    def _compute_support_customer_texts(self):
        for record in self:
            ticket = record.ticket_id
            tz = ticket._support_customer_tz()
            answered = ticket.support_first_response_date
            record.support_deadline_customer = (
                record.deadline and ticket._support_format(record.deadline, tz)
            )
            record.support_answered_customer = (
                answered
                and record._support_is_response()
                and ticket._support_format(answered, tz)
            )

    def _support_is_response(self):
        return self.sla_id.support_target == "response"

    def _support_waiting_state(self):
        """In progress, or on hold in a stage that pauses the clock."""
        self.ensure_one()
        if self.ticket_id.stage_id in self.sla_id.ignore_stage_ids:
            return "on_hold"
        return "in_progress"

    def _support_response_state(self):
        """Met or breached once answered, else still running."""
        self.ensure_one()
        answered = self.ticket_id.support_first_response_date
        if not answered:
            return self._support_waiting_state()
        if self.deadline and answered > self.deadline:
            return "expired"
        return "accomplished"

    def _compute_sla_data(self):
        res = super()._compute_sla_data()
        # helpdesk_mgmt_sla judges by the stage reached; a response target
        # has no stage to reach and runs until the first answer
        for record in self.filtered(lambda r: r._support_is_response()):
            record.state = record._support_response_state()
        return res

    def _stage_recompute(self):
        """A stage change adds the working time spent and pauses or resumes
        the clock (helpdesk_mgmt_sla); a response target unanswered keeps
        running whatever stage is reached."""
        res = super()._stage_recompute()
        if (
            self._support_is_response()
            and self.state == "accomplished"
            and not self.ticket_id.support_first_response_date
        ):
            self.state = self._support_waiting_state()
        return res

    def _support_record_response(self):
        """The ticket was answered: each running response target is met, or
        breached when the answer came after its deadline."""
        for record in self.filtered(
            lambda r: r._support_is_response() and r.state in ("in_progress", "on_hold")
        ):
            record.state = record._support_response_state()
