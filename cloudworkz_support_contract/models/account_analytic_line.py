# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import check_bookkeeping, month_start

# Fields that decide what a line of time bills: an invoiced line keeps them.
# (The start time, ``date_time``, moves ``date``: project_timesheet_time_control
# writes both, and Odoo's ``_check_can_write`` sees the two.)
LOCKED_FIELDS = (
    "unit_amount",
    "product_uom_id",
    "date",
    "ticket_id",
    "project_id",
    "task_id",
    "employee_id",
    "amount",
    "company_id",
)
# Written by the ledger and the invoicing only (see tools/guard.py).
BOOKKEEPING_FIELDS = (
    "support_request_month_id",
    "support_invoice_line_id",
    "support_chargeable",
)
# Longest line of time (hours): its minutes are summed into integers, and
# its end time (start + hours) must stay a date.
MAX_LINE_HOURS = 1000.0


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
    # Invoiced time is locked, the way Odoo locks invoiced timesheets
    # ------------------------------------------------------------------
    def _check_can_write(self, values):
        # hr_timesheet's hook, called with the values as written (the start
        # time already turned into ``date``), as sale_timesheet does
        self._support_check_invoiced(values)
        return super()._check_can_write(values)

    def _support_check_invoiced(self, values):
        """Refuse a change of what invoiced time bills, whatever field it
        goes through: the values written are compared with the stored ones."""
        invoiced = self.filtered("support_invoice_line_id")
        for line in invoiced:
            for fname in LOCKED_FIELDS:
                if fname not in values:
                    continue
                field = self._fields[fname]
                new = field.convert_to_record(
                    field.convert_to_cache(values[fname], line), line
                )
                if new != line[fname]:
                    raise UserError(
                        _(
                            "This time is already invoiced on %(invoice)s and "
                            "cannot be changed; cancel or credit that invoice "
                            "first.",
                            invoice=line.sudo().support_invoice_id.display_name,
                        )
                    )

    # ------------------------------------------------------------------
    # The ledger follows the time, as it is stored
    # ------------------------------------------------------------------
    @api.model
    def _support_bookkeeping_fields(self):
        """Fields of a line of time that only the product writes."""
        return BOOKKEEPING_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, self._support_bookkeeping_fields())
        lines = super().create(vals_list)
        # accounting's own analytic lines (no ticket) leave the ledger alone
        lines.filtered("ticket_id")._support_assign_request_month()
        return lines

    def write(self, vals):
        bookkeeping = self._support_bookkeeping_fields()
        check_bookkeeping(self, [vals], bookkeeping)
        res = super().write(vals)
        if not set(vals) <= set(bookkeeping):
            # whichever field moved it (date, start time, ticket, project,
            # ...): the line goes where it now belongs, and what it bills
            # follows at once (linking time to its invoice line only moves
            # bookkeeping; that settles before the commit)
            self._support_follow()
        return res

    def unlink(self):
        on_tickets = any(self.mapped("ticket_id"))
        res = super().unlink()
        if on_tickets:
            self._support_settle()
        return res

    def _support_month_key(self):
        """(ticket, month) this line belongs to as stored, or None."""
        self.ensure_one()
        if not (self.ticket_id and self.date):
            return None
        return self.ticket_id, month_start(self.date)

    def _support_follow(self):
        """Lines whose ticket or month is no longer their request-month's
        move to their own; then what changed is settled."""
        moved = self.filtered(
            lambda line: line._support_month_key()
            != (
                line.support_request_month_id
                and (
                    line.support_request_month_id.ticket_id,
                    line.support_request_month_id.month,
                )
                or None
            )
        )
        if moved:
            moved._support_moved()
        else:
            self._support_settle()

    def _support_moved(self):
        """These lines moved to another ticket or month: they go to the
        request-month where they now belong."""
        self._support_assign_request_month()

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
                    "deleted; cancel or credit that invoice first.",
                    invoice=invoiced[0].sudo().support_invoice_id.display_name,
                )
            )

    @api.constrains("unit_amount", "ticket_id")
    def _check_support_unit_amount(self):
        for line in self.filtered("ticket_id"):
            if line.unit_amount < 0:
                raise ValidationError(
                    _(
                        "Time logged on a ticket cannot be negative (%(hours)s h).",
                        hours=line.unit_amount,
                    )
                )
            if line.unit_amount > MAX_LINE_HOURS:
                raise ValidationError(
                    _(
                        "A line of time on a ticket is at most %(max)s hours "
                        "(got %(hours)s h).",
                        max="%g" % MAX_LINE_HOURS,
                        hours="%g" % line.unit_amount,
                    )
                )
