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
        "support_request_month_id.agreement_id",
        "support_request_month_id.month_closed",
    )
    def _compute_coverage_state(self):
        for line in self:
            if line.support_invoice_line_id:
                # Invoiced as chargeable: a later change of the ticket's
                # coverage does not rewrite history.
                line.coverage_state = "chargeable"
            elif line._coverage_frozen():
                continue  # covered time of an invoiced month stays covered
            elif line.task_id.support_task_kind:
                # patch windows and upgrade readiness: Maintenance covers them
                line.coverage_state = "included"
            else:
                line.coverage_state = line._coverage_of_month()

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

    def _coverage_of_month(self):
        """The ticket's coverage, under the agreement that bills this time's
        month: when that is not the ticket's agreement (it ended, or another
        one runs then), the catalogue is read for that agreement, or for no
        agreement at all (On Demand)."""
        self.ensure_one()
        ticket = self.ticket_id
        rm = self.support_request_month_id
        if not ticket:
            return False
        if (
            not rm
            or ticket.coverage_override
            or (rm.agreement_id == ticket.support_agreement_id)
        ):
            return ticket.coverage_state or False
        return ticket._coverage_evaluate(rm.agreement_id).state

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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Time logged on a chargeable ticket: the customer is told first.
        lines.ticket_id._coverage_notify_customer()
        return lines
