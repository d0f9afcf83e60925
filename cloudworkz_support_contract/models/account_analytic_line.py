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

    support_invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Invoice line of the support agreement that billed this time.",
    )
    support_invoice_id = fields.Many2one(
        related="support_invoice_line_id.move_id",
        string="Support Invoice",
    )
    support_agreement_id = fields.Many2one(
        related="ticket_id.support_agreement_id",
        string="Support Agreement",
    )

    @api.model
    def _support_chargeable_domain(self):
        """Which ticket time is chargeable on a support agreement's invoice.

        Without the coverage addon all ticket time is chargeable; the coverage
        addon narrows this to the time its rules do not cover.
        """
        return []

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
        return super().write(vals)

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
