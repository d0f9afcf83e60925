# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from odoo.addons.cloudworkz_support_contract.tools import format_minutes


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    coverage_display_state = fields.Selection(
        # chargeable time that prepaid hours pay shows as Prepaid
        selection_add=[("prepaid", "Prepaid")],
    )
    pack_count = fields.Integer(related="commercial_partner_id.pack_count")
    pack_balance = fields.Float(
        related="commercial_partner_id.pack_balance", string="Prepaid Hours Left"
    )
    pack_hours_consumed = fields.Float(
        string="Hours from Prepaid Packs",
        compute="_compute_pack_hours_consumed",
    )

    @api.depends("support_request_month_ids.prepaid_minutes")
    def _compute_pack_hours_consumed(self):
        for ticket in self:
            ticket.pack_hours_consumed = (
                sum(ticket.support_request_month_ids.mapped("prepaid_minutes")) / 60.0
            )

    def write(self, vals):
        if "category_id" in vals:
            # whether packs may pay follows the service, even when the time
            # billed stays the same
            # sudo: agents recategorise tickets; the ledger follows
            self.sudo().support_request_month_ids.filtered(
                lambda rm: not rm.month_closed or rm.due_minutes
            )._mark_changed()
        return super().write(vals)

    def _pack_may_pay(self):
        """Whether prepaid hours may pay this ticket's time: its service
        allows it."""
        self.ensure_one()
        return bool(self.category_id.pack_allowed)

    def _coverage_paid_otherwise(self):
        self.ensure_one()
        if not self._pack_may_pay():
            return False
        # sudo: agents log time for customers whose packs they may not read
        # (every line of time on a chargeable ticket asks)
        return (
            self.env["cloudworkz.prepaid.pack"]
            .sudo()
            ._has_hours_left(self.commercial_partner_id, self.company_id)
        )

    @api.depends(
        "support_request_month_ids.prepaid_minutes",
        "support_request_month_ids.due_minutes",
        "commercial_partner_id.pack_balance",
        "category_id.pack_allowed",
    )
    def _compute_coverage_texts(self):
        """Chargeable time that prepaid hours pay shows as Prepaid, with the
        hours taken and left, so nobody expects an invoice for it."""
        res = super()._compute_coverage_texts()
        for ticket in self:
            if (
                ticket.coverage_state != "chargeable"
                or not ticket._pack_may_pay()
                or not ticket.commercial_partner_id
            ):
                continue
            # sudo: the ledger and packs are read for the customer reading
            # the ticket (portal), who may not read them directly
            months = ticket.sudo().support_request_month_ids
            taken = sum(months.mapped("prepaid_minutes"))
            # what was or will be invoiced: due now, or already on invoices
            due = sum(months.mapped("due_minutes")) + sum(
                months.mapped("invoiced_minutes")
            )
            left = (
                ticket.sudo()
                .commercial_partner_id.with_company(ticket.company_id)
                ._pack_totals()[1]
            )
            if not taken and not left:
                continue
            values = {
                "taken": format_minutes(taken),
                "left": format_minutes(left * 60),
            }
            if due and not taken:
                continue  # invoiced like any chargeable time
            if due:
                ticket.coverage_reason = _(
                    "Partly prepaid: %(taken)s paid from prepaid hours, the "
                    "rest is invoiced (%(left)s left).",
                    **values,
                )
                continue
            ticket.coverage_display_state = "prepaid"
            if not taken:
                # nothing logged yet (or a ticket not sent yet)
                ticket.coverage_reason = _(
                    "Prepaid: your prepaid hours pay for it (%(left)s left).",
                    left=values["left"],
                )
                continue
            ticket.coverage_reason = _(
                "Prepaid: paid from your prepaid hours (%(taken)s taken, "
                "%(left)s left).",
                **values,
            )
        return res
