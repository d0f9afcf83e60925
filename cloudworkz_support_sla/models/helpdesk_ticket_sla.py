# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A ticket's service level: a first-response target is met by the first
message to the customer, not by a stage; the clock and its pauses are
helpdesk_mgmt_sla's."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.cloudworkz_support_contract.tools import check_bookkeeping

# the clock of a ticket's level: helpdesk_mgmt_sla's and this addon's own
# methods move it (with the system's rights), nobody by hand
CLOCK_FIELDS = (
    "ticket_id",
    "sla_id",
    "state",
    "deadline",
    "consumed_time",
    "last_state_date",
    "hours",
    "expected_stage_id",
)


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

    def _support_met(self, running_state, deadline, when):
        """Whether a response target running in ``running_state`` was met by
        ``when``: paused, by the working time spent before the pause (the
        deadline shown then moves on with the clock); running, by its
        deadline."""
        self.ensure_one()
        if running_state == "on_hold":
            return self.consumed_time <= self.hours
        return not deadline or when <= deadline

    def _support_response_state(self):
        """Met or breached once answered, else still running."""
        self.ensure_one()
        answered = self.ticket_id.support_first_response_date
        if not answered:
            return self._support_waiting_state()
        met = self._support_met("in_progress", self.deadline, answered)
        return "accomplished" if met else "expired"

    def _compute_sla_data(self):
        res = super()._compute_sla_data()
        # helpdesk_mgmt_sla judges by the stage reached; a response target
        # has no stage to reach and runs until the first answer
        for record in self.filtered(lambda r: r._support_is_response()):
            record.state = record._support_response_state()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, CLOCK_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], CLOCK_FIELDS)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_by_the_addons(self):
        # met or breached targets are history: only the addons' own sync
        # (in sudo) drops a target, while it runs
        if not self.env.su:
            raise AccessError(
                _("A ticket's service levels follow from the ticket itself.")
            )

    def _stage_recompute(self):
        """A stage change adds the working time spent and pauses or resumes
        the clock (helpdesk_mgmt_sla); a response target unanswered keeps
        running whatever stage is reached, until the ticket is closed: then
        it was met if there was time left."""
        # sudo: the clock is the levels' bookkeeping, moved by the stage
        # change the user made
        record = self.sudo()
        if not record._support_is_response():
            return super(HelpdeskTicketSla, record)._stage_recompute()
        previous, deadline = record.state, record.deadline
        res = super(HelpdeskTicketSla, record)._stage_recompute()
        ticket = record.ticket_id
        if ticket.support_first_response_date or previous not in (
            "in_progress",
            "on_hold",
        ):
            return res
        if ticket.stage_id.closed:
            met = record._support_met(previous, deadline, fields.Datetime.now())
            record.state = "accomplished" if met else "expired"
        elif record.state == "accomplished":
            record.state = record._support_waiting_state()
        return res

    def _support_record_response(self, when):
        """The ticket was answered at ``when``: each running response target
        is met, or breached when the answer came too late."""
        for record in self.sudo().filtered(
            lambda r: r._support_is_response() and r.state in ("in_progress", "on_hold")
        ):
            met = record._support_met(record.state, record.deadline, when)
            record.state = "accomplished" if met else "expired"
