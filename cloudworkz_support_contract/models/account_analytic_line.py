# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# Fields that decide what a timesheet line bills: frozen once invoiced.
LOCKED_FIELDS = {
    "unit_amount",
    "date",
    "ticket_id",
    "project_id",
    "task_id",
    "employee_id",
    "amount",
}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    support_request_month_id = fields.Many2one(
        comodel_name="cloudworkz.support.request.month",
        string="Request Month",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The ticket and month this time is billed with.",
    )
    support_chargeable = fields.Boolean(
        string="Chargeable",
        compute="_compute_support_chargeable",
        store=True,
        help="Whether this time counts towards what its request bills.",
    )
    support_invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Invoice line of the support agreement that accounted for this "
        "time (billed, or noted as paid from prepaid hours).",
    )
    support_invoice_id = fields.Many2one(
        related="support_invoice_line_id.move_id",
        string="Support Invoice",
    )
    support_agreement_id = fields.Many2one(
        related="support_request_month_id.agreement_id",
        string="Support Agreement",
    )

    @api.depends("ticket_id")
    def _compute_support_chargeable(self):
        """Which ticket time is chargeable. Without the coverage addon, all
        of it; the coverage addon narrows this to the time its rules do not
        cover. This is the one place that decides it."""
        for line in self:
            line.support_chargeable = bool(line.ticket_id)

    # ------------------------------------------------------------------
    # The ledger follows the time
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # accounting's own analytic lines (no ticket) leave the ledger alone
        lines.filtered("ticket_id")._support_assign_request_month()
        return lines

    def write(self, vals):
        if LOCKED_FIELDS & set(vals):
            invoiced = self.filtered("support_invoice_line_id")
            if invoiced:
                raise UserError(
                    _(
                        "This time is already invoiced on %(invoice)s and cannot "
                        "be changed; cancel that invoice first.",
                        invoice=invoiced[0].support_invoice_id.display_name,
                    )
                )
        res = super().write(vals)
        if {"ticket_id", "date"} & set(vals):
            self._support_assign_request_month()
        elif LOCKED_FIELDS & set(vals):
            # what the time bills may have changed: prepaid hours follow now
            # (other writes, e.g. the link to its invoice line, settle at
            # the latest before the commit)
            self._support_settle()
        return res

    def unlink(self):
        on_tickets = any(self.mapped("ticket_id"))
        res = super().unlink()
        if on_tickets:
            self._support_settle()
        return res

    def _support_assign_request_month(self):
        """Put each line in the request-month of its ticket and date, then
        settle what changed."""
        if not self:
            return
        # sudo: the ledger is written on behalf of whoever logs the time;
        # agents may read it, not write it.
        RequestMonth = self.env["cloudworkz.support.request.month"].sudo()
        targets = RequestMonth._for_timesheets(self)
        by_target = {}
        for line in self:
            target = targets.get(line, RequestMonth)
            if line.support_request_month_id != target:
                by_target.setdefault(target, []).append(line.id)
        for target, ids in by_target.items():
            self.sudo().browse(ids).write({"support_request_month_id": target.id})
        self._support_settle()

    def _support_settle(self):
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_support_invoiced(self):
        invoiced = self.filtered("support_invoice_line_id")
        if invoiced:
            raise UserError(
                _(
                    "This time is already invoiced on %(invoice)s and cannot be "
                    "deleted; cancel that invoice first.",
                    invoice=invoiced[0].support_invoice_id.display_name,
                )
            )

    @api.constrains("unit_amount", "ticket_id")
    def _check_support_unit_amount(self):
        for line in self:
            if line.ticket_id and line.unit_amount < 0:
                raise ValidationError(
                    _(
                        "Time logged on a ticket cannot be negative (%(hours)s h).",
                        hours=line.unit_amount,
                    )
                )
