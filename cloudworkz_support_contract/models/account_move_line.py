# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools import check_bookkeeping, format_minutes

# Written by the monthly run only (see tools/guard.py).
BOOKKEEPING_FIELDS = (
    "support_request_month_id",
    "support_billed_minutes",
    "support_hour_price",
    "support_timesheet_ids",
    "support_usage_ids",
)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    support_request_month_id = fields.Many2one(
        comodel_name="cloudworkz.support.request.month",
        string="Request Month",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    support_billed_minutes = fields.Integer(
        string="Billed Minutes",
        readonly=True,
        copy=False,
        help="Minutes of the request-month this line bills (0 on a note).",
    )
    support_hour_price = fields.Float(
        string="Price per Hour",
        digits="Product Price",
        readonly=True,
        copy=False,
        help="The month's hour price a line of ticket time bills at.",
    )
    support_time_text = fields.Char(
        string="Time Billed",
        compute="_compute_support_time_text",
        help="The ticket time this line bills, as H:MM.",
    )
    support_timesheet_ids = fields.One2many(
        comodel_name="account.analytic.line",
        inverse_name="support_invoice_line_id",
        string="Invoiced Ticket Time",
    )
    support_usage_ids = fields.One2many(
        comodel_name="cloudworkz.support.usage",
        inverse_name="invoice_line_id",
        string="Invoiced Usage",
    )

    @api.depends("support_billed_minutes")
    def _compute_support_time_text(self):
        for line in self:
            line.support_time_text = (
                f"{format_minutes(line.support_billed_minutes)} h"
                if line.support_billed_minutes
                else False
            )

    def _support_counts(self):
        """Whether what this line bills counts as invoiced: its invoice is
        neither cancelled nor credited in full."""
        self.ensure_one()
        return self.parent_state != "cancel" and not self.move_id.support_credited

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, BOOKKEEPING_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        check_bookkeeping(self, [vals], BOOKKEEPING_FIELDS)
        return super().write(vals)
