# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .helpdesk_ticket import COVERAGE_STATES


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    coverage_state = fields.Selection(
        selection=COVERAGE_STATES,
        string="Coverage",
        compute="_compute_coverage_state",
        store=True,
        index=True,
        help="Time follows its ticket: covered (included or guidance) or "
        "chargeable. Time already invoiced stays chargeable.",
    )
    ticket_commercial_partner_id = fields.Many2one(
        related="ticket_id.commercial_partner_id",
        string="Customer",
        store=True,
    )

    @api.depends(
        "ticket_id.coverage_state",
        "support_invoice_line_id",
        "task_id.support_task_kind",
        "task_id.support_agreement_id",
        "date",
        "support_request_month_id.agreement_id",
        "support_request_month_id.month_closed",
        "support_request_month_id.services_since",
    )
    def _compute_coverage_state(self):
        for line in self:
            if line.support_invoice_line_id:
                # Invoiced as chargeable: a later change of the ticket's
                # coverage does not rewrite history.
                line.coverage_state = "chargeable"
            elif line._coverage_frozen():
                continue  # covered time of an invoiced month stays covered
            elif line._coverage_by_task():
                line.coverage_state = "included"
            else:
                line.coverage_state = line._coverage_of_month()

    def _coverage_by_task(self):
        """Patch windows and upgrade readiness: Maintenance covers the time
        of its own tasks. A ticket's time put on the task of another
        agreement, or of a day without Maintenance, is not covered by it."""
        self.ensure_one()
        task = self.task_id
        if not task.support_task_kind:
            return False
        if not self.ticket_id:
            return True  # time on the task alone is never billed
        agreement = (
            self.support_request_month_id.agreement_id
            or self.ticket_id.support_agreement_id
        )
        return bool(
            agreement
            and task.support_agreement_id == agreement
            and "maintenance" in agreement._support_services_on(self.date)
        )

    def _coverage_frozen(self):
        """Time already decided in a month its agreement invoiced keeps its
        coverage (the compute then leaves the stored value as it is). Time
        without a category was not decided: it is, once categorised."""
        self.ensure_one()
        return bool(
            self.id
            and self.support_request_month_id.month_closed
            and self.coverage_state not in (False, "undetermined")
        )

    def _coverage_decide_again(self):
        """Decide these lines' coverage again, even in a month already
        invoiced (time invoiced keeps its own)."""
        lines = self.filtered(lambda line: not line.support_invoice_line_id)
        if lines:
            lines.write({"coverage_state": False})
            self.env.add_to_compute(self._fields["coverage_state"], lines)

    def _coverage_of_month(self):
        """The ticket's coverage, under the agreement that bills this time's
        month and the services it ran on the day the time was logged: when
        that is not the ticket's agreement (it ended, or another one runs
        then) or not what it runs now (its type changed), the catalogue is
        read for that agreement and day, or for no agreement (On Demand)."""
        self.ensure_one()
        ticket = self.ticket_id
        rm = self.support_request_month_id
        if not ticket:
            return False
        if not rm or ticket.coverage_override:
            return ticket.coverage_state or False
        agreement = rm.agreement_id
        if agreement == ticket.support_agreement_id and (
            not rm.services_since or (self.date and self.date >= rm.services_since)
        ):
            # the services running now ran on that day: the ticket's own
            return ticket.coverage_state or False
        services = agreement._support_services_on(self.date)
        return ticket._coverage_evaluate(agreement, services).state

    @api.depends("coverage_state", "ticket_id.category_id.time_based")
    def _compute_support_chargeable(self):
        """Chargeable: what the coverage rules do not cover, on services
        billed by the hour (pay-per-transaction services are billed per
        transaction, never by the hour)."""
        for line in self:
            line.support_chargeable = bool(
                line.ticket_id
                and line.coverage_state == "chargeable"
                and (
                    line.support_invoice_line_id
                    or line.ticket_id.category_id.time_based
                )
            )

    def _support_moved(self):
        # Time moved to another ticket or month is decided there, even in a
        # month already invoiced: what was decided where it was is not the
        # decision of where it is now.
        # sudo: the coverage is bookkeeping, kept whoever moves the time
        self.sudo()._coverage_decide_again()
        return super()._support_moved()

    @api.model
    def _support_bookkeeping_fields(self):
        return super()._support_bookkeeping_fields() + (
            "coverage_state",
            "ticket_commercial_partner_id",
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Time logged on a chargeable ticket: the customer is told first.
        lines.ticket_id._coverage_notify_customer()
        return lines
